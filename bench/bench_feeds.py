"""Updating 1,000 blog feeds from the sample web: eolist beside the ``reader`` library.

``python -m bench.bench_feeds [--feeds N] [--quick]``

Both update the same generated blogs (Blogger Atom and WordPress RSS, alternating) served on
127.0.0.1, first pass and then a second pass of the unchanged feeds, in the same session:

* **eolist**: one batch per pass (Scrapy: robots.txt, politeness, retries, conditional GET
  with the validators the warehouse stored; feedparser; entries cleaned with nh3) and
  ``warehouse.load.load_batch`` into a fresh DuckDB file, both passes in one warm crawl
  process (``ops.crawlpool``) as a crawl run's batches are and as reader's two passes share
  one process. The first pass is timed from the crawl process's start to committed load
  (the warehouse file created in it, as reader's ``make_reader`` creates its file). ``max_pages = 1``: the first page of each feed,
  as ``reader`` reads.
* **reader** (PyPI ``reader``, feedparser + SQLite), in a child process of its own as eolist's
  crawl is (in this process it would share the interpreter lock with the sample web's
  server threads): ``make_reader(file)``, ``add_feed`` for every URL, then
  ``update_feeds(workers=8)``; 8 is Scrapy's per-host concurrency here
  (``CONCURRENT_REQUESTS_PER_DOMAIN``), every feed being on one host. Its first pass is timed
  as eolist's is, from its process's start (interpreter, imports, ``make_reader``) to its
  answer, less its ``add_feed`` calls (registering the feeds, as eolist's sources file does,
  which is written before eolist's clock starts). Until 2026-12-07 the child was started and
  set up before eolist's first pass and only ``update_feeds`` was timed, while eolist's
  figure included its process's start; that figure is still in the row
  (``peer_update_only_seconds``). Its second pass is
  ``update_feeds(workers=8, scheduled=False)``: every feed again, with the ETag and
  Last-Modified it stored (by its own schedule none would be due yet). Each of its passes
  runs right after eolist's same pass (eolist first, reader second, as before), so a pair is
  measured seconds apart rather than a minute apart on a machine whose load changes.

Each side's passes are timed in ``--rounds`` rounds (3), each in new processes with new
files, and the rows report the medians (every round's seconds in the first row's
``rounds_*``): a single pass of 200 feeds varied by ~10% from one run to the next. Before the
first round every feed is fetched once, untimed, so that neither side pays the sample web's
rendering (until 2026-12-08 eolist, going first, did).

Targets: eolist's first pass at least as fast as reader's (ratio >= 1); eolist's second pass
at least 10x faster than its own first pass. A third figure puts the second pass's crawl beside
``bench.scrapy_floor``, a bare Scrapy spider sending the same conditional GETs with nothing
else to do: what any crawl that fetches through Scrapy, as the issue asks, costs at least.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import emit
from ops.crawlpool import WorkerPool
from sampleweb import SampleWeb

ROOT = Path(__file__).resolve().parents[1]


def eolist_pass(
    pool: WorkerPool, config: Path, tmp: Path, batch: str, state: dict | None
) -> tuple[float, dict]:
    from warehouse import db
    from warehouse.load import load_batch
    from warehouse.sources import crawl_state

    request = {"config": str(config), "landing": str(tmp / "landing"), "batch_id": batch,
               "run_id": "bench", "state": json.loads(json.dumps(state or {}, default=str))}  # fmt: skip
    t0 = time.perf_counter()
    pool.run(request, timeout=3600, max_batches=50)
    t_crawl = time.perf_counter() - t0
    with db.session(tmp / "eolist.duckdb") as con:
        report = load_batch(con, tmp / "landing" / f"{batch}.jsonl")
        new_state = crawl_state(con)
        statuses = dict(
            con.execute(
                "SELECT status, count(*) FROM source_runs WHERE batch_id = ? GROUP BY 1", [batch]
            ).fetchall()
        )
    elapsed = time.perf_counter() - t0
    info = {"crawl_s": round(t_crawl, 2), "statuses": statuses,
            "blog_posts": report.blog_posts, "state": new_state}  # fmt: skip
    return elapsed, info


def scrapy_floor(config: Path, state: dict, tmp: Path, tuned: bool) -> tuple[float, dict]:
    """Wall time of ``bench.scrapy_floor`` sending the second pass's own first requests."""
    from pipeline.sources import parse_sources
    from spiders.kinds import module_for
    from spiders.protocol import start_specs

    wanted = []
    for source in parse_sources(config.read_text()):
        spec = start_specs(module_for(source.kind), source)[0]
        known = state.get(source.name, {})
        headers = {
            "If-None-Match": known.get("etag"),
            "If-Modified-Since": known.get("last_modified"),
        }
        wanted.append([spec.url, {k: v for k, v in headers.items() if v}])
    (tmp / "floor.json").write_text(json.dumps(wanted))
    cmd = [sys.executable, "-m", "bench.scrapy_floor", str(tmp / "floor.json")]
    cmd += ["--tuned"] if tuned else []
    t0 = time.perf_counter()
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - t0, json.loads(out.strip().splitlines()[-1])


class ReaderChild:
    """reader in a child process of its own (its own interpreter, as eolist's crawl), driven a
    pass at a time so that each of its passes runs right after eolist's same pass: on a
    shared machine the load changes from one minute to the next, and a pair measured seconds
    apart compares like with like. It starts when its first pass is due, and that pass is
    timed from its start, as eolist's first pass is from its crawl process's start."""

    def __init__(self, urls: list[str], tmp: Path) -> None:
        (tmp / "urls.txt").write_text("\n".join(urls))
        self.cmd = [sys.executable, "-m", "bench.bench_feeds", "--reader-child", str(tmp)]
        self.proc: subprocess.Popen[str] | None = None

    def first(self) -> tuple[float, int, float]:
        """The first pass from the process's start, less ``add_feed``: (seconds, entries,
        seconds of ``update_feeds`` alone)."""
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            self.cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        update_s, entries, add_s = self._answer()
        return time.perf_counter() - t0 - add_s, entries, update_s

    def _answer(self) -> list:
        assert self.proc is not None and self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the reader child ended ({self.proc.wait()})")
        return json.loads(line)

    def second(self) -> float:
        """The second pass, in the same process: its seconds."""
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.write("second\n")
        self.proc.stdin.flush()
        return float(self._answer()[0])

    def close(self) -> None:
        if self.proc is not None and self.proc.stdin is not None:
            self.proc.stdin.close()
            self.proc.wait(timeout=60)


def reader_child(tmp: Path) -> None:
    from reader import make_reader

    r = make_reader(str(tmp / "reader.sqlite"))
    t0 = time.perf_counter()
    for url in (tmp / "urls.txt").read_text().split():
        r.add_feed(url)
    added = time.perf_counter() - t0
    t0 = time.perf_counter()
    r.update_feeds(workers=8)
    took = time.perf_counter() - t0
    print(json.dumps([took, r.get_entry_counts().total, added]), flush=True)
    for _step in sys.stdin:
        # scheduled=False: every feed again now (conditional GET), not only those due by
        # reader's own schedule (none would be, an hour not having passed)
        t0 = time.perf_counter()
        r.update_feeds(workers=8, scheduled=False)
        print(json.dumps([time.perf_counter() - t0]), flush=True)
    r.close()


def warm_server(urls: list[str]) -> None:
    """Fetch every feed once, untimed: the sample web renders a response once and then serves
    it from its cache, so whichever side went first paid the rendering (in this process,
    beside its crawl) and the other did not. Until 2026-12-08 that was always eolist."""
    from concurrent.futures import ThreadPoolExecutor
    from urllib.request import urlopen

    def fetch(url: str) -> None:
        with urlopen(url, timeout=30) as answer:
            answer.read()

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(fetch, urls))


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.bench_feeds")
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--quick", action="store_true", help="200 feeds")
    ap.add_argument(
        "--rounds", type=int, default=3, help="alternating timed rounds, median reported"
    )
    ap.add_argument("--reader-child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.reader_child:
        reader_child(args.reader_child)
        return
    n = 200 if args.quick else args.feeds
    keys = ("first", "r_first", "second", "r_second", "crawl_first", "crawl_second")
    rounds: dict[str, list[float]] = {k: [] for k in keys}
    with SampleWeb(seed=7, scale=1, blog_feeds=n) as web, tempfile.TemporaryDirectory() as d:
        blogs = [s for s in web.sources() if s["kind"] == "blog-feed"]
        lines = []
        for s in blogs:
            lines += ["[[source]]", f'name = "{s["name"]}"', 'kind = "blog-feed"',
                      f'url = "{s["url"]}"', "max_pages = 1", ""]  # fmt: skip
        config = Path(d) / "sources.toml"
        config.write_text("\n".join(lines))
        warm_server([s["url"] for s in blogs])
        # a round: each pass of eolist, then the same pass of reader (same feeds, same
        # server), each side in new processes with new files
        for r in range(args.rounds):
            tmp = Path(d) / f"round{r}"
            tmp.mkdir()
            peer = ReaderChild([s["url"] for s in blogs], tmp)
            pool = WorkerPool()
            first, info1 = eolist_pass(pool, config, tmp, "first", None)
            r_first, r_entries, r_update = peer.first()
            state = info1.pop("state")
            second, info2 = eolist_pass(pool, config, tmp, "second", state)
            r_second = peer.second()
            info2.pop("state")
            pool.close()
            peer.close()
            taken = (first, r_first, second, r_second, info1["crawl_s"], info2["crawl_s"])
            for key, value in zip(keys, taken, strict=True):
                rounds[key].append(value)
        floor, floor_statuses = scrapy_floor(config, state, tmp, tuned=False)
        tuned, tuned_statuses = scrapy_floor(config, state, tmp, tuned=True)
    first, r_first, second, r_second, crawl1, crawl2 = (statistics.median(rounds[k]) for k in keys)
    each = {f"rounds_{k}": [round(x, 2) for x in v] for k, v in rounds.items()}
    emit("feeds first pass (crawl + load)", len(blogs) / first, "feeds/s", size=len(blogs),
         peer="reader update_feeds(workers=8)", peer_value=len(blogs) / r_first,
         target=">= reader", seconds=round(first, 2), peer_seconds=round(r_first, 2),
         posts=info1["blog_posts"], peer_entries=r_entries, crawl_s=crawl1,
         peer_update_only_seconds=round(r_update, 2),
         statuses=info1["statuses"], **each)  # fmt: skip
    emit("feeds second pass, unchanged (304)", len(blogs) / second, "feeds/s", size=len(blogs),
         peer="reader update_feeds(workers=8)", peer_value=len(blogs) / r_second,
         target=">= reader; >= 10x own first pass", seconds=round(second, 2),
         peer_seconds=round(r_second, 2), speedup_vs_first=round(first / second, 1),
         crawl_s=crawl2, statuses=info2["statuses"])  # fmt: skip
    # the same requests from a bare Scrapy spider: what fetching through Scrapy costs at least;
    # if_free: the second pass were eolist's crawl to cost only the tuned spider's time
    if_free = tuned + (second - crawl2)
    emit("feeds second pass, crawl beside a bare Scrapy spider", crawl2, "s",
         size=len(blogs), peer="bare Scrapy spider, same conditional GETs (bench.scrapy_floor)",
         peer_value=floor, higher_is_better=False, target="near 1 (Scrapy's floor)",
         peer_statuses=floor_statuses, statuses=info2["statuses"])  # fmt: skip
    emit("feeds second pass, crawl beside a tuned bare Scrapy spider", crawl2, "s",
         size=len(blogs), peer="bare Scrapy spider with eolist's settings (scrapy_floor --tuned)",
         peer_value=tuned, higher_is_better=False, target="near 1 (Scrapy's floor)",
         peer_statuses=tuned_statuses,
         speedup_vs_first_if_free=round(first / if_free, 1))  # fmt: skip


if __name__ == "__main__":
    main()
