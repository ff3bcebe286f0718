"""Where eolist leans on Scrapy beyond its public API: the one adapter module for it.

Two things have no public way in Scrapy 2.19, so they live here, and
``tests/spiders/test_scrapy_compat.py`` fails when an upgrade changes what they rely on:

* ``ConditionalAwareAutoThrottle`` overrides ``AutoThrottle._adjust_delay`` (below);
* ``hold_delay`` / ``delay_floor`` keep a host's least delay (robots.txt's Crawl-delay) in the
  downloader's ``per_slot_settings`` and ``slots`` tables;
* ``trimmed_base_tables`` takes unused components out of Scrapy's ``*_BASE`` settings tables
  (``EXTENSIONS_BASE``, ``DOWNLOADER_MIDDLEWARES_BASE``): setting them to None in
  ``EXTENSIONS`` / ``DOWNLOADER_MIDDLEWARES`` would still import them (Scrapy loads every key
  there to normalize it), and their imports cost every crawl process: RemoteControl pulls in
  aiohttp (~0.35 s), the cookies middleware tldextract (~0.1 s; cookies are off anyway).

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


# Telnet is off, no feed exports, no JOBDIR; AutoThrottle is replaced (above); no
# allowed_domains (below).
UNUSED: dict[str, tuple[str, ...]] = {
    "EXTENSIONS_BASE": (
        "scrapy.extensions.remote_control.RemoteControl",
        "scrapy.extensions.feedexport.FeedExporter",
        "scrapy.extensions.telnet.TelnetConsole",
        "scrapy.extensions.spiderstate.SpiderState",
        "scrapy.extensions.throttle.AutoThrottle",
    ),
    # Offsite filters by a spider's ``allowed_domains``, which EolistSpider has none of (it
    # then lets every request through, after two host look-ups a request: ~3% of a 304
    # recrawl); where a source may lead is ``spiders.netguard``'s to say
    "DOWNLOADER_MIDDLEWARES_BASE": (
        "scrapy.downloadermiddlewares.cookies.CookiesMiddleware",
        "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware",
    ),
}


def trimmed_base_tables() -> dict[str, dict[str, Any]]:
    """Scrapy's ``*_BASE`` tables without the components a crawl never uses."""
    from scrapy.settings import default_settings

    return {
        name: {k: v for k, v in getattr(default_settings, name).items() if k not in unused}
        for name, unused in UNUSED.items()
    }
