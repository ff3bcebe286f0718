"""Credentials in a source's URL (``https://user:password@host/...``), used and never shown.

An operator may put ``user:password@`` in a source URL in sources.toml (a feed behind HTTP
Basic auth). Left in the URL, Scrapy refuses the host ("invalid hostname", with the password
in the message) and every link resolved against the page would carry the password into
postings, the digest and the feed. So ``strip`` takes them out before the spider sees the
source: the spider only ever has the bare URL, and ``SourceAuthMiddleware`` sends
``Authorization: Basic`` on that source's requests to the same origin (scheme, host and port)
only; a request of it to any other origin (a redirect, a detail page elsewhere) goes without.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler

from pipeline.safety import split_credentials
from pipeline.sources import SourceConfig
from spiders.netguard import netloc


@dataclasses.dataclass(frozen=True)
class SourceAuth:
    origin: str  # scheme://host:port the credentials belong to
    header: str  # the Authorization value

    def __repr__(self) -> str:  # never print the credentials (logs, tracebacks)
        return f"SourceAuth({self.origin}, <redacted>)"


def _origin(url: str) -> str:
    return f"{url.split(':', 1)[0].lower()}://{netloc(url)}"


def strip(sources: list[SourceConfig]) -> tuple[list[SourceConfig], dict[str, SourceAuth]]:
    """Sources with user info taken out of their URLs, and each one's credentials by name."""
    out, auth = [], {}
    for source in sources:
        bare, header = split_credentials(source.url)
        if header is not None:
            auth[source.name] = SourceAuth(_origin(bare), header)
            source = dataclasses.replace(source, url=bare)
        out.append(source)
    return out, auth


class SourceAuthMiddleware:
    """Adds a source's Authorization to its same-origin requests, removes it from the others."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceAuthMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> Any:
        spider = spider or self.crawler.spider
        credentials: dict[str, SourceAuth] = getattr(spider, "source_auth", None) or {}
        auth = credentials.get(request.meta.get("source", ""))
        if auth is None:
            return None
        if _origin(request.url) == auth.origin:
            request.headers[b"Authorization"] = auth.header
        elif request.headers.get(b"Authorization") == auth.header.encode():
            del request.headers[b"Authorization"]
        return None
