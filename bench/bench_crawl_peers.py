"""Crawling the sample job site: eolist's Scrapy path beside httpx + selectolax with asyncio.

``python -m bench.bench_crawl_peers [--pages N] [--quick]``

Both crawl the same generated JSON-LD job site (listing pages of 20 links, one detail page per
posting) on 127.0.0.1 at the same per-host concurrency (Scrapy's
``CONCURRENT_REQUESTS_PER_DOMAIN``), and both extract and normalize every posting
(``spiders.jsonld.extract`` + ``pipeline.build.build_posting``), so the ratio compares the
crawling machinery, not the parsing. Each runs in a process of its own, timed from that
process's start (interpreter, imports, the place gazetteer) to its answer, beside the sample
web's server in this process (``bench.crawl_peer`` is the peer). Until 2026-12-07 the peer ran
inside this process, its imports done before its clock started and its requests sharing one
interpreter with the server's threads; that figure is still printed and kept in the row
(``peer_in_bench_process``). eolist's per-source page budget
(``EOLIST_PAGE_BUDGET``, 5,000 requests) is lifted to the site's size, as ``bench_jsonld``
does: until 2026-12-07 a 5,000-page run stopped eolist at 5,000 of the site's 5,250 pages
while the peer fetched them all. Also measured: the recrawl of the unchanged site as a
share of the first crawl's time (target <= 10%) and the crawl process's peak memory (its
posting build helper's, ``spiders.buildhelper``, in the row's ``helper_peak_rss_mb``).

eolist crawls as a crawl run does: in a warm crawl process (``ops.crawlpool``), started by
the first crawl and timed with it (start-up included, as the peer's figure is). Since
2026-12-08 that process builds its postings in a helper process beside it
(``spiders.buildhelper``), so eolist uses the machine's second core where the peer, one
asyncio process, does not (``EOLIST_BUILD_HELPER=0`` times it without). The recrawl
runs in that same process, as the next batch of a run or a Prefect worker's next batch run
does (``ops.crawlhost``). Its peer is the same recrawl in a fresh ``python -m spiders.run``
process (what every recrawl cost before warm processes, and still costs a crawl run whose
warm processes idled out).

A single pair of crawls on this shared 2-core machine varies by +-15% from one run to the
next, on both sides. So the first crawl and the peer are timed ``--rounds`` times (3 with
``--quick``; a 5,000-page crawl is long enough to average itself), alternating, each eolist round in a new crawl process (its start-up counted again)
and each peer in a new process, and the row reports the median of each side; every round's
seconds stay in the row (``rounds_seconds``, ``rounds_peer_seconds``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import emit
from ops.crawlpool import WorkerPool
from sampleweb import SampleWeb
from spiders import buildhelper

ROOT = Path(__file__).resolve().parents[1]


def eolist_crawl(
    pool: WorkerPool, config: Path, landing: Path, batch_id: str, state: dict | None,
    budget: int,
) -> tuple[float, int, int, int]:  # fmt: skip
    """One batch in ``pool``'s warm crawl process: (seconds, postings landed, pages fetched,
    the process's pid).
    ``budget``: the source's page budget (``EOLIST_PAGE_BUDGET``, 5,000 requests by default),
    lifted to the site's size so that eolist fetches every page the peer fetches."""
    request = {"config": str(config), "landing": str(landing), "batch_id": batch_id,
               "run_id": "bench", "state": state or {},
               "overrides": {"EOLIST_PAGE_BUDGET": budget}}  # fmt: skip
    t0 = time.perf_counter()
    pid = pool.run(request, timeout=3600, max_batches=50)
    return (time.perf_counter() - t0, *_landed(landing, batch_id), pid)


def helper_peak_mb(worker: int) -> float | None:
    """Peak RSS of the crawl process's posting build helper (``spiders.buildhelper``), read
    while it runs: the helper ends with its crawl process, unwaited, so the RSS the bench
    process can see of its children never counts it. ``None`` when it has none."""
    for helper in buildhelper.helpers_of(worker):
        try:
            status = Path(f"/proc/{helper}/status").read_text()
        except OSError:  # ended while we looked
            continue
        peak = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
        return int(peak.split()[1]) / 1024
    return None


def cold_crawl(config: Path, landing: Path, batch_id: str, state: Path) -> float:
    """The same batch in a fresh ``python -m spiders.run`` process: its seconds."""
    cmd = [sys.executable, "-m", "spiders.run", "--config", str(config), "--landing", str(landing),
           "--batch-id", batch_id, "--state", str(state)]  # fmt: skip
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - t0


def _landed(landing: Path, batch_id: str) -> tuple[int, int]:
    postings, pages = 0, 0
    for line in (landing / f"{batch_id}.jsonl").read_text().splitlines():
        rec = json.loads(line)
        if rec["record"] == "Posting":
            postings += 1
        elif rec["record"] == "SourceOutcome":
            pages = rec["pages"]
    return postings, pages


def peer_process(start: str) -> tuple[float, int, int, float]:
    """The peer in a fresh process (``bench.crawl_peer``), timed as eolist's crawl process is:
    from its start (interpreter, imports, gazetteer) to its answer. (seconds, postings,
    pages, seconds of the crawl alone inside it)."""
    cmd = [sys.executable, "-m", "bench.crawl_peer", start]
    t0 = time.perf_counter()
    with subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        seconds = time.perf_counter() - t0
    if proc.returncode or not line:
        raise SystemExit(f"the peer crawl failed (exit {proc.returncode})")
    answer = json.loads(line)
    return seconds, answer["postings"], answer["pages"], answer["seconds"]


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.bench_crawl_peers")
    ap.add_argument("--pages", type=int, default=5000, help="detail pages on the job site")
    ap.add_argument("--quick", action="store_true", help="500 pages")
    ap.add_argument(
        "--rounds", type=int, help="alternating timed pairs, median reported (quick: 3, else 1)"
    )
    args = ap.parse_args()
    n = 500 if args.quick else args.pages
    args.rounds = args.rounds or (3 if args.quick else 1)
    with (
        SampleWeb(seed=7, jobsite_pages=max(1, n // 20)) as web,
        tempfile.TemporaryDirectory() as tmp,
    ):
        folder = Path(tmp)
        site = next(s for s in web.sources() if s["kind"] == "jsonld")
        config = folder / "sources.toml"
        budget = n + n // 20 + 10  # details and listings
        config.write_text(
            f'[[source]]\nname = "jobsite"\nkind = "jsonld"\nurl = "{site["url"]}"\n'
            f"hr_only = false\nmax_pages = {budget}\n"
        )
        # The server renders a page once and then serves it from its cache: whoever crawled
        # first paid the rendering (in this process, beside the crawl) and the other did not.
        # One untimed pass renders every page, so both timed crawls meet a warm server.
        from bench.crawl_peer import httpx_crawl

        asyncio.run(httpx_crawl(site["url"]))
        pool = WorkerPool()
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        first, postings, pages, worker = eolist_crawl(
            pool, config, folder / "landing", "b1", None, budget
        )
        outcome = next(
            json.loads(x) for x in (folder / "landing" / "b1.jsonl").read_text().splitlines()
            if '"SourceOutcome"' in x
        )  # fmt: skip
        state = {"jobsite": {k: outcome[k] for k in ("etag", "last_modified", "content_hash")}}
        second, _, _, _ = eolist_crawl(pool, config, folder / "landing", "b2", state, budget)
        helper_peak = helper_peak_mb(worker)
        pool.close()  # the crawl process's peak is known once it has ended
        peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        (folder / "state.json").write_text(json.dumps(state))
        cold = cold_crawl(config, folder / "landing", "b3", folder / "state.json")
        peer_t, peer_postings, peer_pages, peer_inside = peer_process(site["url"])
        rounds, peer_rounds, inside_rounds = [first], [peer_t], [peer_inside]
        for r in range(2, args.rounds + 1):  # a new crawl process each round, as the first
            again = WorkerPool()
            took, *_ = eolist_crawl(again, config, folder / "landing", f"r{r}", None, budget)
            again.close()
            rounds.append(took)
            seconds, _, _, inside = peer_process(site["url"])
            peer_rounds.append(seconds)
            inside_rounds.append(inside)
        first_alone = first  # the recrawl's share is of this crawl, in the recrawl's process
        first, peer_t = statistics.median(rounds), statistics.median(peer_rounds)
        peer_inside = statistics.median(inside_rounds)
        # as measured before 2026-12-07: in this process, beside the server's threads, its
        # imports done before the clock starts (kept for comparison)
        shared_t, _, shared_pages = asyncio.run(httpx_crawl(site["url"]))
    print(f"eolist: {pages} pages, {postings} postings in {first:.2f} s (median of "
          f"{', '.join(f'{x:.2f}' for x in rounds)}); recrawl {second:.2f} s (in a fresh "
          f"process {cold:.2f} s)")  # fmt: skip
    print(f"httpx+selectolax: {peer_pages} pages, {peer_postings} postings in {peer_t:.2f} s "
          f"(median of {', '.join(f'{x:.2f}' for x in peer_rounds)}) "
          f"incl. process start ({peer_inside:.1f} s crawling; in the bench process, imports "
          f"not timed: {shared_t:.1f} s)")  # fmt: skip
    emit("crawl jsonld pages/s (incl. process start)", pages / first, "pages/s", n,
         peer="httpx+selectolax (own process, incl. start)", peer_value=peer_pages / peer_t,
         target=">= 1.0x the peer", seconds=round(first, 2), peer_seconds=round(peer_t, 2),
         peer_crawl_seconds=round(peer_inside, 2),
         rounds_seconds=[round(x, 2) for x in rounds],
         rounds_peer_seconds=[round(x, 2) for x in peer_rounds],
         peer_in_bench_process=round(shared_pages / shared_t, 1))  # fmt: skip
    emit("crawl jsonld postings/s", postings / first, "postings/s", n,
         peer="httpx+selectolax (own process, incl. start)",
         peer_value=peer_postings / peer_t)  # fmt: skip
    emit("recrawl unchanged site / first crawl", 100 * second / first_alone, "% of time", n,
         peer="the same recrawl in a fresh crawl process", peer_value=100 * cold / first_alone,
         target="<= 10%", higher_is_better=False, seconds=round(second, 2),
         peer_seconds=round(cold, 2), first_seconds=round(first_alone, 2))  # fmt: skip
    emit("crawl process peak RSS", peak, "MB", n, target="100k pages < 1 GB",
         higher_is_better=False,
         helper_peak_rss_mb=None if helper_peak is None else round(helper_peak, 1))  # fmt: skip


if __name__ == "__main__":
    main()
