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
``robots_parsed`` signal; Protego parses the directive) and spaces requests to that host at
least that far apart, across all concurrent requests to it, by holding each request until its
turn. A delay above ``EOLIST_CRAWL_DELAY_MAX`` (default 30 s) is cut to it, so a hostile value
cannot stall a crawl for hours; ``max_pages`` bounds the rest. AutoThrottle cannot carry this:
it rewrites each download slot's delay from observed latency.

Retry-After on 429/503 is honoured by ``spiders.middlewares_retry``; robots.txt by Scrapy's
``RobotsTxtMiddleware`` (``ROBOTSTXT_OBEY``); per-domain concurrency and AutoThrottle are in
``spiders.settings``.
"""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler

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
    """Spaces requests to a host by its robots.txt ``Crawl-delay`` (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.cap = crawler.settings.getfloat("EOLIST_CRAWL_DELAY_MAX", DEFAULT_CRAWL_DELAY_MAX)
        self.agent = crawler.settings.get("USER_AGENT") or "*"
        self.delays: dict[str, float] = {}
        self.next_at: dict[str, float] = {}
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelayMiddleware:
        return cls(crawler)

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        delay = robotparser.crawl_delay(self.agent)
        if delay:
            self.delays[urlsplit(request.url).netloc] = min(float(delay), self.cap)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        netloc = urlsplit(request.url).netloc
        delay = self.delays.get(netloc)
        if not delay or request.meta.get("dont_obey_robotstxt"):
            return
        now = time.monotonic()
        turn = max(now, self.next_at.get(netloc, now))
        self.next_at[netloc] = turn + delay  # the next request's turn, reserved now
        if turn > now:
            # imported here: the reactor must not be installed at import (spiders.run picks it)
            from scrapy.utils.defer import maybe_deferred_to_future
            from twisted.internet import reactor, task

            await maybe_deferred_to_future(task.deferLater(reactor, turn - now, lambda: None))
