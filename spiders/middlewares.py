"""Politeness that Scrapy does not do by itself: TDM reservations and robots.txt Crawl-delay.

TDMRep (https://www.w3.org/community/reports/tdmrep/) lets a site reserve its text-and-data
mining rights, by an HTTP header ``tdm-reservation: 1`` or, in HTML, by
``<meta name="tdm-reservation" content="1">``. A reserved page is not mined: the crawler
(``spiders.crawler``) skips the whole source and records it as *skipped* with the reason, not
as a failure (nothing is closed, the source's health is not hurt). ``tdm-reservation: 0`` or
no signal means no reservation. The well-known file (``/.well-known/tdmrep.json``) is not
read yet.

``CrawlDelayMiddleware``: Scrapy obeys robots.txt's Allow/Disallow but not its
``Crawl-delay`` (scrapy#892). This middleware reads it from the parsed robots.txt (Scrapy's
``robots_parsed`` signal; Protego parses the directive) and makes it the download delay of
that host's downloader slot, without jitter (``spiders.scrapy_compat.hold_delay``). Scrapy's
downloader spaces a slot's requests by that delay at the moment it sends each one, so no wait
before that (a middleware's, a connection's, an event loop held by a long callback) can
bunch them up; AutoThrottle, which rewrites slot delays from observed latency, never takes
it lower (``spiders.scrapy_compat``). A delay above ``EOLIST_CRAWL_DELAY_MAX`` (default 30 s) is
cut to it, so a hostile value cannot stall a crawl for hours; ``max_pages`` bounds the rest.
(Holding each request in this middleware until a booked turn did not work: the requests
whose turns passed while the event loop was held left back to back.) The slot is Scrapy's:
one per host name, so two ports of one host share the larger delay.

Retry-After on 429/503 is honoured by ``spiders.middlewares_retry``; robots.txt by Scrapy's
``RobotsTxtMiddleware`` (``ROBOTSTXT_OBEY``); per-domain concurrency and AutoThrottle are in
``spiders.settings``.
"""

from __future__ import annotations

import re
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler

from spiders.scrapy_compat import hold_delay

DEFAULT_CRAWL_DELAY_MAX = 30.0

# a <meta> tag naming tdm-reservation, attributes in either order
_META = re.compile(
    rb"<meta\b[^>]*?(?:name|http-equiv)\s*=\s*[\"']?tdm-reservation[\"']?[^>]*>", re.IGNORECASE
)
_CONTENT = re.compile(rb"content\s*=\s*[\"']?\s*([01])", re.IGNORECASE)
HEAD_BYTES = 65536  # a <meta> belongs in <head>; never scan a whole large body


def tdm_reserved(header: bytes | None, body: bytes, content_type: bytes | None = None) -> bool:
    """True when the response reserves TDM rights (header, or an HTML page's meta tag)."""
    if header is not None:
        return header.strip() == b"1"
    if content_type is not None and b"html" not in content_type.lower():
        return False
    for tag in _META.finditer(body[:HEAD_BYTES]):
        m = _CONTENT.search(tag.group(0))
        if m and m.group(1) == b"1":
            return True
    return False


class CrawlDelayMiddleware:
    """Makes a host's robots.txt ``Crawl-delay`` its slot's delay (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.cap = crawler.settings.getfloat("EOLIST_CRAWL_DELAY_MAX", DEFAULT_CRAWL_DELAY_MAX)
        self.agent = crawler.settings.get("USER_AGENT") or "*"
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelayMiddleware:
        return cls(crawler)

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        delay = robotparser.crawl_delay(self.agent)
        if not delay:
            return
        downloader = self.crawler.engine.downloader
        hold_delay(downloader, downloader.get_slot_key(request), min(float(delay), self.cap))
