"""The ``jsonld`` spider's throughput beside ``scrapy bench``, on this machine, in one session.

``python -m bench.bench_jsonld [--pages N] [--quick]``

eolist's real crawl path (``python -m spiders.run``: robots.txt, AutoThrottle, the net guard,
retries, JSON-LD extraction and ``build_posting`` normalization, the landing writer) crawls the
sample web's JSON-LD job site: ``N`` listing pages of 20 postings, each posting on its own
detail page (default N = 250: 5,000 posting pages plus the listings). ``scrapy bench`` (Scrapy's
own link-following spider on its own local server, no parsing, no items) runs in the same
session before and after it; its mean pages/s is the peer. Target: at least 80% of its pages/s
while extracting and normalizing.

Figures: pages/s over the crawl (the spider's own start to close, from the landing file's
outcome) and over the whole subprocess (imports and reactor start included), postings/s, and
the ratio to ``scrapy bench``. This machine is shared; both are measured back to back. The
per-source page budget (``EOLIST_PAGE_BUDGET``, 5,000 requests) is lifted for the run.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench.common import emit
from sampleweb import SampleWeb

ROOT = Path(__file__).resolve().parents[1]
SCRAPY = Path(sys.executable).with_name("scrapy")


def scrapy_bench(seconds: int) -> float:
    """pages/s of ``scrapy bench`` (responses received / elapsed), run in an empty folder."""
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run(
            [str(SCRAPY), "bench", "-s", "LOG_LEVEL=INFO", "-s", f"CLOSESPIDER_TIMEOUT={seconds}"],
            cwd=tmp, capture_output=True, text=True, timeout=seconds + 120,
        )  # fmt: skip
    log = proc.stderr + proc.stdout
    pages = re.search(r"'response_received_count': (\d+)", log)
    elapsed = re.search(r"'elapsed_time_seconds': ([\d.]+)", log)
    if not pages or not elapsed:
        raise SystemExit(f"scrapy bench gave no stats: {log[-500:]}")
    return int(pages[1]) / float(elapsed[1])


def jsonld_crawl(web: SampleWeb, tmp: Path) -> dict[str, float]:
    source = next(s for s in web.sources() if s["kind"] == "jsonld")
    config = tmp / "sources.toml"
    config.write_text(
        f'[[source]]\nname = "jobsite"\nkind = "jsonld"\nurl = "{source["url"]}"\n'
        f"max_pages = {source['max_pages']}\n"
    )
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "spiders.run", "--config", str(config), "--landing", str(tmp),
         "--batch-id", "bench", "--setting", "EOLIST_PAGE_BUDGET=1000000"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    wall = time.perf_counter() - t0
    outcome: dict = {}
    for line in (tmp / "bench.jsonl").read_text().splitlines():
        row = json.loads(line)
        if row["record"] == "SourceOutcome":
            outcome = row
    if outcome.get("status") != "ok" or not outcome.get("complete"):
        raise SystemExit(f"the crawl did not finish cleanly: {outcome}")
    crawl = (
        datetime.fromisoformat(outcome["finished_at"])
        - datetime.fromisoformat(outcome["started_at"])
    ).total_seconds()
    postings = outcome["fetched"] + outcome["dropped_non_hr"]
    return {"pages": outcome["pages"], "postings": postings, "crawl_s": crawl, "wall_s": wall}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=250, help="listing pages of 20 postings")
    parser.add_argument("--quick", action="store_true", help="50 listing pages, short peer runs")
    args = parser.parse_args()
    pages = 50 if args.quick else args.pages
    seconds = 10 if args.quick else 20
    before = scrapy_bench(seconds)
    with SampleWeb(seed=7, scale=1, jobsite_pages=pages) as web, tempfile.TemporaryDirectory() as t:
        got = jsonld_crawl(web, Path(t))
    after = scrapy_bench(seconds)
    peer = (before + after) / 2
    size = f"{pages} listing + {got['postings']:.0f} posting pages"
    crawl_rate = got["pages"] / got["crawl_s"]
    emit("jsonld crawl pages/s", crawl_rate, "pages/s", size=size, peer="scrapy bench",
         peer_value=peer, target=">= 80% of scrapy bench", scrapy_bench_before=round(before, 1),
         scrapy_bench_after=round(after, 1))  # fmt: skip
    emit("jsonld crawl pages/s incl. process start", got["pages"] / got["wall_s"], "pages/s",
         size=size, peer="scrapy bench", peer_value=peer)  # fmt: skip
    emit("jsonld postings/s (extract + normalize)", got["postings"] / got["crawl_s"],
         "postings/s", size=size)  # fmt: skip


if __name__ == "__main__":
    main()
