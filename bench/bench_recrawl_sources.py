"""A crawl run in which nothing changed, over ~400 sample-web sources: warm crawl processes
beside a fresh process per batch, in the same run.

``python -m bench.bench_recrawl_sources [--scale 20] [--blogs 340] [--peer-batches N]``

The sample web at scale 20 with 340 blogs is 402 sources (greenhouse, lever, a JSON-LD board,
a job feed, blogs). A first crawl and load set every source's validators (ETag, Last-Modified,
content hash) in a real warehouse; then the run is crawled again, nothing having changed,
the way ``eolist crawl`` does it without Prefect: batches of ``EOLIST_BATCH_SIZE`` (8), two at
once, each through ``ops.batches.run_batch``, then ``ops.loading.load_pending``. Once with
warm crawl processes (``EOLIST_WORKER_BATCHES`` 50), once with a process per batch
(``worker_batches=1``: what every batch paid before). ``--peer-batches`` crawls only that many
batches a process each and scales the time up to all batches (per-batch cost is flat: every
batch is 8 unchanged sources), so ``--quick`` fits its budget.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from bench.common import emit
from ops.batches import new_batch_id, run_batch, split
from ops.crawlpool import POOL
from ops.loading import load_pending
from ops.settings import Settings, load_sources, resolve
from sampleweb import SampleWeb
from warehouse import sources as source_table
from warehouse.db import session


def crawl(settings: Settings, names: list[str], state: dict, concurrency: int = 2) -> float:
    """Seconds to crawl ``names`` in batches and load them, as a crawl run does."""
    t0 = time.perf_counter()
    plan = [(new_batch_id(), group) for group in split(names, settings.batch_size)]
    with ThreadPoolExecutor(concurrency) as pool:
        futures = [pool.submit(run_batch, settings, g, "bench", b, state) for b, g in plan]
        for f in futures:
            f.result()
    loaded = load_pending(settings)
    assert len(loaded.batch_ids) == len(plan), loaded
    return time.perf_counter() - t0


def state_of(settings: Settings) -> dict:
    with session(settings.db) as con:
        return source_table.crawl_state(con)


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.bench_recrawl_sources")
    ap.add_argument("--scale", type=int, default=20)
    ap.add_argument("--blogs", type=int, default=340)
    ap.add_argument("--peer-batches", type=int, default=0, help="0: all (see module doc)")
    ap.add_argument("--quick", action="store_true", help="the process-per-batch peer: 6 batches")
    args = ap.parse_args()
    peer_batches = 6 if args.quick and not args.peer_batches else args.peer_batches
    with (
        SampleWeb(seed=7, scale=args.scale, blog_feeds=args.blogs) as web,
        tempfile.TemporaryDirectory() as tmp,
    ):
        folder = Path(tmp)
        config = folder / "sources.toml"
        config.write_text(web.sources_toml(), encoding="utf-8")
        settings = resolve(db=folder / "eolist.duckdb", config=config, landing=folder / "landing")
        settings = replace(settings, scrapy_overrides={"LOG_LEVEL": "ERROR"})
        configs = load_sources(config)
        names = [s.name for s in configs]
        with session(settings.db) as con:
            source_table.sync(con, configs)
        first = crawl(settings, names, {})
        state = state_of(settings)
        warm = crawl(settings, names, state)
        POOL.close()  # the peer starts from cold processes, as before
        batches = len(split(names, settings.batch_size))
        peer_names = names[: peer_batches * settings.batch_size] if peer_batches else names
        fresh = replace(settings, worker_batches=1)
        cold = crawl(fresh, peer_names, state) * len(names) / len(peer_names)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{len(names)} sources, {batches} batches: first crawl {first:.1f} s; no-change "
          f"crawl {warm:.1f} s warm, {cold:.1f} s a process per batch"
          f"{f' (from {len(peer_names)} sources)' if peer_batches else ''}")  # fmt: skip
    emit("no-change crawl + load of the sample web's sources", warm, "s", len(names),
         peer="a fresh crawl process per batch (before)", peer_value=cold,
         target="< 30 s", higher_is_better=False, peak_rss=peak, first_crawl_s=round(first, 1),
         batches=batches, peer_sources=len(peer_names))  # fmt: skip


if __name__ == "__main__":
    main()
