"""Run one crawl batch in this process: ``python -m spiders.run --request FILE`` (a JSON
``spiders.batch.BatchRequest``, as ``ops.crawlproc`` writes it), or by hand and in tests
``python -m spiders.run --config F --landing DIR --batch-id B ...``.

The crawl flow runs its batches in warm ``spiders.worker`` processes (many batches each); this
one-batch command is the same crawl (``spiders.batch``) for tests, benchmarks and by hand. The
batch lands as ``<landing>/<batch_id>.jsonl``. Exit status: 0 when the batch landed (even if some sources
failed: that is in the file), 2 for bad arguments or config, 1 for anything else; stopped by
SIGTERM or SIGINT, it lands what it has (every source marked incomplete) and ends by that
signal within seconds (``spiders.stopping``).
"""

from __future__ import annotations

import gc

# Start-up makes a few hundred thousand objects that live as long as the process (modules,
# classes, the gazetteer): the cyclic GC would walk them ~200 times while they are made
# (~0.1 s of CPU). It is paused until start-up ends, and they are then frozen out of every
# later collection (``gc.freeze``).
if __name__ == "__main__":
    gc.disable()

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from scrapy.crawler import CrawlerProcess  # noqa: E402

from spiders import batch, stopping  # noqa: E402
from spiders.crawler import EolistSpider  # noqa: E402


def _from_args(args: argparse.Namespace) -> batch.BatchRequest:
    overrides = {}
    for item in args.setting:
        name, _, value = item.partition("=")
        overrides[name] = json.loads(value)
    return batch.BatchRequest(
        config=args.config,
        batch_id=args.batch_id,
        landing=args.landing,
        sources=args.source,
        state=json.loads(Path(args.state).read_text()) if args.state else {},
        run_id=args.run_id,
        contact=args.contact,
        overrides=overrides,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m spiders.run")
    parser.add_argument("--request", help="JSON file: the whole BatchRequest (ops.crawlproc)")
    parser.add_argument("--config")
    parser.add_argument("--source", action="append", default=[], help="source names (all if none)")
    parser.add_argument("--state", help="JSON file: per-source etag, last_modified, content_hash")
    parser.add_argument("--landing", help="the landing folder (no default: eolist resolves it)")
    parser.add_argument("--batch-id")
    parser.add_argument("--run-id", default="")
    parser.add_argument("--contact", default=None)
    parser.add_argument("--setting", action="append", default=[], help="NAME=JSON Scrapy override")
    args = parser.parse_args(argv)
    try:
        if args.request:
            request = batch.BatchRequest(**json.loads(Path(args.request).read_text("utf-8")))
        elif args.config and args.landing and args.batch_id:
            request = _from_args(args)
        else:
            parser.error("give --request FILE, or --config, --landing and --batch-id")
        settings, kwargs = batch.prepare(request)
    except (OSError, ValueError, TypeError, batch.BadBatch) as e:
        print(f"eolist crawl: {e}", file=sys.stderr)
        return 2
    batch.warm_up(kwargs["sources"])  # a gazetteer to build: now, not inside the event loop
    gc.freeze()  # start-up's objects: never garbage, no longer walked by any collection
    gc.enable()
    process = CrawlerProcess(settings)
    process.crawl(EolistSpider, **kwargs)
    stopping.install(process)  # instead of Scrapy's handlers (see that module)
    process.start(install_signal_handlers=False)
    status, reason = batch.verdict(request)
    if reason:
        # One line, last on stderr: the crawl run shows it as the batch's reason.
        print(f"eolist crawl: {reason}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
