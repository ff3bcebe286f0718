"""A warm crawl process: ``python -m spiders.worker`` crawls batch after batch in one reactor.

A fresh process per batch paid ~1.5-2 s of start-up every time (imports, Scrapy's set-up, the
place gazetteer), which dominated small and unchanged batches: a no-change crawl of 402
sources was mostly 51 process starts. Twisted's reactor cannot be restarted, but one running
reactor takes any number of crawls, so this process starts it once (``CrawlerProcess`` with
``stop_after_crawl=False``, the reactor installed first as Scrapy's run-from-script docs do)
and runs each batch as its own ``Crawler`` with that batch's settings (``spiders.batch``: the
same crawl ``spiders.run`` makes).

Protocol, one batch at a time (``ops.crawlpool`` is the other side): a request is one JSON
line on stdin (``spiders.batch.BatchRequest``'s fields); when its crawl has ended the reply is
one JSON line ``{"batch_id", "status", "reason"}`` on the process's original stdout (status as
``spiders.run``'s exit status: 0 landed, 1 failed, 2 bad config). Everything else the crawl
prints goes to stderr (fd 1 is pointed there), so a stray print cannot garble a reply. At EOF
on stdin the worker finishes the batch in hand and ends with status 0.

Isolation stays the parent's job: it replaces a worker that dies, hangs past the batch timeout
or reports a failed batch, so a broken batch never shares a process with the next one.
SIGTERM and SIGINT act as in ``spiders.run`` (``spiders.stopping``): the batch in hand lands
incomplete and the process ends by the signal.
"""

from __future__ import annotations

import gc

# Start-up makes a few hundred thousand objects that live as long as the process (modules,
# classes, the gazetteer): the cyclic GC would walk them ~200 times while they are made
# (~0.1 s of CPU). It is paused until start-up ends, and they are then frozen out of every
# later collection (``gc.freeze``).
if __name__ == "__main__":
    gc.disable()
    # the posting build helper first: its imports and gazetteer run on the other core while
    # this process imports Scrapy (spiders.buildhelper)
    from spiders import buildhelper

    buildhelper.start()

import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
from typing import Any, TextIO  # noqa: E402

from scrapy.crawler import CrawlerProcess  # noqa: E402
from scrapy.settings import Settings  # noqa: E402
from scrapy.utils.reactor import install_reactor  # noqa: E402
from twisted.python.failure import Failure  # noqa: E402

from spiders import batch, buildhelper, stopping  # noqa: E402
from spiders.settings import crawl_settings  # noqa: E402


def _reply(out: TextIO, batch_id: str, status: int, reason: str) -> None:
    out.write(json.dumps({"batch_id": batch_id, "status": status, "reason": reason}) + "\n")
    out.flush()


def main() -> int:
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # fd 1 is stderr from here on: only replies reach the parent's pipe
    base = Settings(crawl_settings())
    install_reactor(base["TWISTED_REACTOR"], base["ASYNCIO_EVENT_LOOP"])
    from twisted.internet import reactor

    process = CrawlerProcess(base)  # reactor set-up (DNS, thread pool) once for all batches
    gc.freeze()  # start-up's objects: never garbage, no longer walked by any collection
    gc.enable()
    stopping.install(process)  # instead of Scrapy's handlers (see that module)
    helper = buildhelper.running()
    if helper is not None:
        reactor.callWhenRunning(lambda: asyncio.ensure_future(helper.attach()))  # type: ignore[attr-defined]

    def run_one(line: str) -> None:
        try:
            request = batch.BatchRequest(**json.loads(line))
        except (ValueError, TypeError) as e:
            _reply(replies, "", 2, f"unreadable batch request: {e}")
            return
        try:
            settings, kwargs = batch.prepare(request)
        except batch.BadBatch as e:
            _reply(replies, request.batch_id, 2, str(e))
            return
        # the place gazetteer when it must be built (~0.75 s of CPU), before the first batch
        # of job sources starts crawling: no other batch is in flight in this process
        if buildhelper.running() is None:  # else the helper holds the gazetteer
            batch.warm_up(kwargs["sources"])

        def done(result: Any) -> None:
            status, reason = batch.verdict(request)
            if isinstance(result, Failure):
                kind = getattr(result.type, "__name__", "error")
                status, reason = 1, reason or f"{kind}: {result.getErrorMessage()}"
                result.printTraceback(file=sys.stderr)
            _reply(replies, request.batch_id, status, reason.splitlines()[0] if reason else "")

        process.crawl(batch.crawler(settings), **kwargs).addBoth(done)

    def finish() -> None:
        if helper is not None:
            helper.close()

        def stop(_: object) -> None:
            reactor.stop()  # type: ignore[attr-defined, misc]

        process.join().addBoth(stop)

    def read_requests() -> None:
        for line in sys.stdin:
            if line.strip():
                reactor.callFromThread(run_one, line)  # type: ignore[attr-defined]
        reactor.callFromThread(finish)  # type: ignore[attr-defined]

    threading.Thread(target=read_requests, name="batch requests", daemon=True).start()
    process.start(stop_after_crawl=False, install_signal_handlers=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
