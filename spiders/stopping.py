"""SIGTERM and SIGINT end a crawl process within seconds, and its landing file says it was cut.

Scrapy's own handler stops gracefully, which waits for every request in flight (up to
``DOWNLOAD_TIMEOUT``, more with a crawl delay), and then lands every source as it stands: a
source whose request was still in flight landed "ok, complete" with nothing fetched, and the
load closed its postings. ``install`` replaces that handler (``spiders.run`` starts the process
without Scrapy's). On the first signal, in the reactor:

1. the spider is told (``EolistSpider.interrupt``): every source's outcome becomes incomplete
   with a one-line reason (it closes nothing), and pages stop yielding records;
2. the landing writer lands what it has now (``LAND_NOW``, a signal of this crawler): the
   records already written, each source's outcome, the closing batch record;
3. the process ends by the same signal (its default action), so the crawl flow sees a batch
   killed from outside (``flows.batches``: transient, retried) whose landing file still loads.
   Requests in flight are not waited for: they belong to sources already marked incomplete.

Two backstops keep "within seconds" true whatever the reactor is doing: a second signal ends
the process at once, and ``STOP_GRACE_S`` after the first an alarm whose default action ends
the process in the kernel, which needs no Python code to run (a reactor stuck in a callback
cannot delay it). The landing file is then not written; its temporary file stays behind.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType
from typing import Any

from scrapy.crawler import CrawlerProcess

STOP_GRACE_S = 10
SIGNALS = (signal.SIGTERM, signal.SIGINT)
LAND_NOW = object()  # crawler signal: land what has been gathered, now (spiders.pipelines)


def install(process: CrawlerProcess) -> None:
    """Handle SIGTERM and SIGINT for ``process`` as the module docstring says."""

    def on_signal(signum: int, frame: FrameType | None) -> None:
        # Only what is safe in a signal handler here; the work runs in the reactor.
        from twisted.internet import reactor

        for s in SIGNALS:
            signal.signal(s, signal.SIG_DFL)  # a second signal ends the process at once
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.alarm(STOP_GRACE_S)
        reactor.callFromThread(_stop, process, signum)  # type: ignore[attr-defined]

    for s in SIGNALS:
        signal.signal(s, on_signal)


def _stop(process: CrawlerProcess, signum: int) -> None:
    reason = f"the crawl was stopped ({signal.Signals(signum).name}) before it finished"
    try:
        for crawler in process.crawlers:
            spider: Any = crawler.spider
            if spider is not None and hasattr(spider, "interrupt"):
                spider.interrupt(reason)
            crawler.signals.send_catch_log(signal=LAND_NOW)
    finally:
        die_by(signum)


def die_by(signum: int) -> None:
    """End this process by ``signum``'s default action (its parent sees it killed by it)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
