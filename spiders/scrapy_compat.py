"""Where eolist leans on Scrapy beyond its public API: the one adapter module for it.

These things have no public way in Scrapy 2.19, so they live here, and
``tests/spiders/test_scrapy_compat.py`` fails when an upgrade changes what they rely on:

* ``ConditionalAwareAutoThrottle`` overrides ``AutoThrottle._adjust_delay`` (below);
* ``hold_delay`` / ``delay_floor`` keep a host's least delay (robots.txt's Crawl-delay) in the
  downloader's ``per_slot_settings`` and ``slots`` tables;
* ``quick_deprecated_class_lookup`` answers ``create_deprecated_class``'s question about its
  caller's module (below) without ``inspect.stack()``;
* ``trimmed_base_tables`` takes unused components out of Scrapy's ``*_BASE`` settings tables
  (``EXTENSIONS_BASE``, ``DOWNLOADER_MIDDLEWARES_BASE``): setting them to None in
  ``EXTENSIONS`` / ``DOWNLOADER_MIDDLEWARES`` would still import them (Scrapy loads every key
  there to normalize it), and their imports cost every crawl process: RemoteControl pulls in
  aiohttp (~0.35 s), the cookies middleware tldextract (~0.1 s; cookies are off anyway); and
  components that only collect stats nobody reads cost every request.

AutoThrottle that counts a 304 as a normal answer:

Scrapy's AutoThrottle sets each host's download delay to ``latency / TARGET_CONCURRENCY``
but never *lowers* it on a response other than 200: error pages and redirects are small and
fast, and lowering the delay on them would speed up a crawl of a failing site. A 304 is
neither: it is a healthy server answering a conditional GET, which is what a recrawl of
unchanged feeds is made of. Without this, the delay set from the first response (often the
slow robots.txt, connection set-up included) can never come down during a run of 304s, and a
delay above zero lets Scrapy send only one request per delay to the host (measured: 1,000
conditional requests to one host ran at ~80/s on a quiet machine, ~12/s under load, with
the eight connections idle). Errors and redirects keep Scrapy's rule.

Neither rule lowers a host's delay below its floor (``hold_delay``: robots.txt's Crawl-delay,
set by ``spiders.middlewares.CrawlDelayMiddleware``): AutoThrottle would otherwise bring a
0.2 s Crawl-delay down to ``latency / 8`` after the first fast answer.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from scrapy.core.downloader import Downloader, Slot
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response

HEALTHY = frozenset({200, 304})


class ConditionalAwareAutoThrottle(AutoThrottle):
    """Scrapy's AutoThrottle, with 304 counted like 200 (see the module docstring)."""

    def _adjust_delay(self, slot: Slot, latency: float, response: Response) -> None:
        if response.status not in HEALTHY:
            super()._adjust_delay(slot, latency, response)
        else:
            target = latency / self.target_concurrency
            new_delay = max(target, (slot.delay + target) / 2.0)
            slot.delay = min(max(self.mindelay, new_delay), self.maxdelay)
        slot.delay = max(slot.delay, delay_floor(self.crawler.engine.downloader, slot))


# A host's delay floor: robots.txt's Crawl-delay (spiders.middlewares) or an operator's
# DOWNLOAD_SLOTS ``delay``. It is kept where Scrapy itself keeps per-host settings, the
# downloader's table of DOWNLOAD_SLOTS entries, so a slot Scrapy drops when idle (after 60 s)
# and makes again starts from it. Scrapy's downloader spaces a slot's requests by
# ``slot.delay`` at the moment it sends each one, after every wait (the engine, the
# middlewares, the connection): the only place where spacing cannot be undone.


def hold_delay(downloader: Downloader, key: str, delay: float) -> None:
    """Make ``delay`` the least delay of download slot ``key``, without jitter (Scrapy's
    ±50% would send some requests sooner than the delay), now and if the slot is made again."""
    entry = downloader.per_slot_settings.get(key, {})
    delay = max(delay, float(entry.get("delay", 0.0)))
    # a new dict: the old one may be the crawl settings' own DOWNLOAD_SLOTS entry
    downloader.per_slot_settings[key] = {**entry, "delay": delay, "jitter": 0.0}
    slot = downloader.slots.get(key)
    if slot is not None:
        slot.delay, slot.jitter = max(slot.delay, delay), 0.0


def delay_floor(downloader: Downloader, slot: Slot) -> float:
    """The delay ``slot`` must keep (0 for a host without one). Scans only the slots that
    have a floor: none in most crawls."""
    for key, entry in downloader.per_slot_settings.items():
        if "delay" in entry and downloader.slots.get(key) is slot:
            return float(entry["delay"])
    return 0.0


# Telnet is off, no feed exports, no JOBDIR; AutoThrottle is replaced (above). No crawl sets
# DEPTH_LIMIT (DepthMiddleware would only count depths), and MetaCopyDetectionMiddleware warns
# a developer whose spider copies response.meta into its requests, which ours never does: each
# spider middleware is one more async generator every request and item of a page passes through.
UNUSED: dict[str, tuple[str, ...]] = {
    "EXTENSIONS_BASE": (
        "scrapy.extensions.remote_control.RemoteControl",
        "scrapy.extensions.feedexport.FeedExporter",
        "scrapy.extensions.telnet.TelnetConsole",
        "scrapy.extensions.spiderstate.SpiderState",
        "scrapy.extensions.throttle.AutoThrottle",
    ),
    # cookies are off; our spider sets no allowed_domains (a source's scope is
    # spiders.discovery's) and no http_user (a source's credentials: spiders.sourceauth), so
    # the offsite and HTTP auth middlewares pass every request through unchanged
    "DOWNLOADER_MIDDLEWARES_BASE": (
        "scrapy.downloadermiddlewares.cookies.CookiesMiddleware",
        "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware",
        "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware",
    ),
    "SPIDER_MIDDLEWARES_BASE": (
        "scrapy.spidermiddlewares.depth.DepthMiddleware",
        "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware",
    ),
}
# Stats are not collected (``spiders.settings``: DummyStatsCollector), so these only feed them
# (CoreStats, LogCount, MemoryUsage with no limit set) or log them at INFO, below our WARNING
# (LogStats), at the cost of signal dispatches on every response and item. A crawl that asks
# for real stats (a STATS_CLASS override, for debugging) keeps them.
STATS_ONLY: dict[str, tuple[str, ...]] = {
    "EXTENSIONS_BASE": (
        "scrapy.extensions.corestats.CoreStats",
        "scrapy.extensions.logcount.LogCount",
        "scrapy.extensions.logstats.LogStats",
        "scrapy.extensions.memusage.MemoryUsage",
    ),
}


def trimmed_base_tables(stats: bool = False) -> dict[str, dict[str, Any]]:
    """Scrapy's ``*_BASE`` tables without the components a crawl never uses (nor, unless
    ``stats``, the ones that only collect stats)."""
    from scrapy.settings import default_settings

    out = {}
    for name, unused in UNUSED.items():
        skip = set(unused) | (set() if stats else set(STATS_ONLY.get(name, ())))
        out[name] = {k: v for k, v in getattr(default_settings, name).items() if k not in skip}
    return out


class _CallerInspect:
    """``inspect`` for ``scrapy.utils.deprecate`` while Scrapy's modules are imported: its
    ``stack()[1]`` (the caller of ``create_deprecated_class``) and ``getmodule`` of that frame,
    read from the frame itself; everything else is ``inspect``'s own."""

    def __getattr__(self, name: str) -> Any:
        return getattr(inspect, name)

    @staticmethod
    def stack(context: int = 1) -> list[tuple[FrameType]]:
        here = sys._getframe(1)  # create_deprecated_class
        return [(here,), (here.f_back or here,)]

    @staticmethod
    def getmodule(obj: Any, _filename: str | None = None) -> Any:
        if isinstance(obj, FrameType):
            return sys.modules.get(obj.f_globals.get("__name__", ""))
        return inspect.getmodule(obj, _filename)


@contextmanager
def quick_deprecated_class_lookup() -> Iterator[None]:
    """While Scrapy modules are imported inside: ``create_deprecated_class`` names the module
    of each alias class it makes by ``inspect.stack()[1]`` and ``inspect.getmodule``, which
    read the source of every frame and rescan ``sys.modules`` per frame: ~70 ms of CPU at
    every crawl process's start for the three aliases of the TLS modules (``contextfactory``,
    ``tls``). The same module, named from the caller's frame."""
    from scrapy.utils import deprecate

    real = deprecate.inspect
    deprecate.inspect = _CallerInspect()  # type: ignore[assignment]
    try:
        yield
    finally:
        deprecate.inspect = real
