"""Network safety: where a crawl may connect, decided before any connection is made.

Policy (``decide``):

* Only ``http`` and ``https`` URLs are fetched.
* A source whose own URL is on a public host may only reach public addresses: a redirect or a
  discovered link from it to a private, loopback, link-local, multicast or reserved address
  (``10.0.0.0/8``, ``127.0.0.0/8``, ``169.254.0.0/16`` — cloud metadata —, ``::1``, ...) is
  refused. This stops a hostile page from turning the crawler against the operator's network.
* A source the operator configured on a private or loopback host (an intranet board, the
  sample web of the demo and the tests) is trusted to stay there: its requests are allowed.
* Every source has a page budget (``EOLIST_PAGE_BUDGET``, default 5,000 requests): a crawler
  trap ends the source's crawl as incomplete (so it closes nothing) instead of running forever.

Host names are resolved once per host (cached) with the system resolver; a name that does not
resolve is left to the downloader, which reports it as the source's error. Tests mark a local
origin as "public" with ``EOLIST_NETGUARD_PUBLIC_ORIGINS`` (``host:port`` strings) to prove that
a redirect from it to another 127.0.0.1 port is refused, without any traffic leaving loopback.
"""

from __future__ import annotations

import ipaddress
import socket
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PAGE_BUDGET = 5000


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def decide(url: str, addresses: list[str], origin_is_public: bool) -> str | None:
    """Refusal reason for fetching ``url`` resolved to ``addresses``; ``None`` allows it."""
    parts = urlsplit(url)
    if parts.scheme not in ALLOWED_SCHEMES:
        return f"refused {url}: only http and https are fetched"
    if not parts.hostname:
        return f"refused {url}: no host"
    if origin_is_public:
        private = [a for a in addresses if not is_public_address(a)]
        if private:
            return f"refused {url}: a public source may not reach the private address {private[0]}"
    return None


@lru_cache(maxsize=4096)
def resolve(host: str) -> tuple[str, ...]:
    """Addresses of a host (an IP literal resolves to itself); empty when it does not resolve."""
    try:
        ipaddress.ip_address(host)
        return (host,)
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return ()
    return tuple(dict.fromkeys(str(info[4][0]) for info in infos))


def _netloc(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or (443 if parts.scheme == 'https' else 80)}"


class NetGuardMiddleware:
    """Downloader middleware applying ``decide`` and the page budget to every request."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.budget = settings.getint("EOLIST_PAGE_BUDGET", DEFAULT_PAGE_BUDGET)
        self.public_origins = set(settings.getlist("EOLIST_NETGUARD_PUBLIC_ORIGINS"))
        self.requests: dict[str, int] = {}
        self.origin_public: dict[str, bool] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NetGuardMiddleware:
        return cls(crawler)

    def _addresses(self, url: str) -> list[str]:
        if _netloc(url) in self.public_origins:
            return []  # a loopback origin standing for a public host (tests): nothing to refuse
        return list(resolve(urlsplit(url).hostname or ""))

    def _public(self, url: str) -> bool:
        if _netloc(url) in self.public_origins:
            return True
        addresses = resolve(urlsplit(url).hostname or "")
        return bool(addresses) and all(is_public_address(a) for a in addresses)

    def _origin_is_public(self, spider: Spider, source_name: str) -> bool:
        if source_name not in self.origin_public:
            source = spider.sources[source_name]  # type: ignore[attr-defined]
            self.origin_public[source_name] = self._public(source.url)
        return self.origin_public[source_name]

    def process_request(self, request: Request, spider: Spider | None = None) -> Any:
        spider = spider or self.crawler.spider
        source_name = request.meta.get("source")
        if source_name is None or not hasattr(spider, "sources"):
            # robots.txt and other requests of no source: a redirect chain that began on a
            # public host is held to the same rule
            chain = request.meta.get("redirect_urls") or []
            if chain:
                reason = decide(request.url, self._addresses(request.url), self._public(chain[0]))
                if reason:
                    raise IgnoreRequest(reason)
            return None
        addresses = self._addresses(request.url)
        reason = decide(request.url, addresses, self._origin_is_public(spider, source_name))
        if reason:
            raise IgnoreRequest(reason)
        count = self.requests.get(source_name, 0) + 1
        self.requests[source_name] = count
        if count > self.budget:
            tracker = spider.trackers[source_name]  # type: ignore[attr-defined]
            tracker.truncated = True
            raise IgnoreRequest(f"page budget of {self.budget} requests spent")
        return None
