"""Duplicate requests filtered per source (``DUPEFILTER_CLASS``).

Scrapy's own filter (``RFPDupeFilter``) is per crawl: when two sources of one batch link the
same page -- a detail page listed by two boards, a child sitemap or a pagination page two
listings share -- the second source's request is dropped as a duplicate. That source then
never reads the page, reports its listing complete, and its postings close as "missing from
complete listing". Which sources share a batch depends on the order of sources.toml and
``EOLIST_BATCH_SIZE``, so adding one source could close another's jobs.

Here a request is a duplicate only of a request *of the same source* (``meta["source"]``):
each source reads its whole listing whatever else the batch holds, and a listing that links
back to one of its own pages still ends. The fingerprint is Scrapy's (method, URL, body).
Requests of no source (robots.txt goes round the scheduler anyway) share one namespace.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.dupefilters import BaseDupeFilter

log = logging.getLogger(__name__)


class PerSourceDupeFilter(BaseDupeFilter):
    def __init__(self, fingerprinter: Any) -> None:
        self.fingerprinter = fingerprinter
        self.seen: set[tuple[str, bytes]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PerSourceDupeFilter:
        return cls(crawler.request_fingerprinter)

    def request_seen(self, request: Request) -> bool:
        key = (str(request.meta.get("source") or ""), self.fingerprinter.fingerprint(request))
        if key in self.seen:
            return True
        self.seen.add(key)
        return False

    def log(self, request: Request, spider: Any) -> None:
        log.debug("duplicate request of source %s: %s", request.meta.get("source"), request)
