"""Run one crawl batch in this process: ``python -m spiders.run --config F --batch-id B ...``.

The Prefect crawl flow starts one such subprocess per batch (Twisted's reactor cannot be
restarted inside a process, and a crash stays inside its batch). The batch lands as
``<landing>/<batch_id>.jsonl``. Exit status: 0 when the batch landed (even if some sources
failed: that is in the file), 2 for bad arguments or config, 1 for anything else; stopped by
SIGTERM or SIGINT, it lands what it has (every source marked incomplete) and ends by that
signal within seconds (``spiders.stopping``).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from scrapy.crawler import CrawlerProcess

from pipeline.sources import ConfigError, parse_sources
from spiders import sourceauth, stopping
from spiders.crawler import EolistSpider
from spiders.pipelines import landing_failures
from spiders.settings import crawl_settings, host_slots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m spiders.run")
    parser.add_argument("--config", required=True)
    parser.add_argument("--source", action="append", default=[], help="source names (all if none)")
    parser.add_argument("--state", help="JSON file: per-source etag, last_modified, content_hash")
    parser.add_argument("--landing", default="data/landing")
    parser.add_argument("--batch-id", required=True)
    parser.add_argument("--run-id", default="")
    parser.add_argument("--contact", default=None)
    parser.add_argument("--setting", action="append", default=[], help="NAME=JSON Scrapy override")
    args = parser.parse_args(argv)
    try:
        sources = parse_sources(Path(args.config).read_text(encoding="utf-8"), args.config)
    except (OSError, ConfigError) as e:
        print(f"eolist crawl: {e}", file=sys.stderr)
        return 2
    if args.source:
        wanted = set(args.source)
        sources = [s for s in sources if s.name in wanted]
    # user:password@ leaves the URLs here: sent as a header, never requested, shown or joined
    sources, source_auth = sourceauth.strip(sources)
    state = json.loads(Path(args.state).read_text()) if args.state else {}
    overrides = {}
    for item in args.setting:
        name, _, value = item.partition("=")
        overrides[name] = json.loads(value)
    overrides.setdefault("DOWNLOAD_SLOTS", host_slots(sources))  # guarded ATS hosts: 1-2
    settings = crawl_settings(
        args.contact,
        EOLIST_LANDING_DIR=args.landing,
        EOLIST_BATCH_ID=args.batch_id,
        EOLIST_RUN_ID=args.run_id,
        **overrides,
    )
    # Scrapy leaves the root logger at NOTSET and filters at its handler, so every item
    # and response built a DEBUG record to throw away (~1.5% of a feed crawl's time)
    logging.getLogger("scrapy").setLevel(settings["LOG_LEVEL"])
    process = CrawlerProcess(settings)
    process.crawl(EolistSpider, sources=sources, state=state, source_auth=source_auth)
    stopping.install(process)  # instead of Scrapy's handlers (see that module)
    process.start(install_signal_handlers=False)
    if args.batch_id in landing_failures:
        # One line, last on stderr: the crawl run shows it as the batch's reason.
        print(f"eolist crawl: {landing_failures[args.batch_id]}",
              file=sys.stderr)  # fmt: skip
        return 1
    return 0 if (Path(args.landing) / f"{args.batch_id}.jsonl").exists() else 1


if __name__ == "__main__":
    sys.exit(main())
