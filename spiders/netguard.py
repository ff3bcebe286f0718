"""Network safety: where a crawl may connect, checked before connecting and on the connection.

Policy (``decide``, ``Guard``):

* Only ``http`` and ``https`` URLs are fetched.
* A source whose own URL is on a public host may only reach public addresses: a redirect or a
  discovered link from it to a private, loopback, link-local, multicast or reserved address
  (``10.0.0.0/8``, ``127.0.0.0/8``, ``169.254.0.0/16`` — cloud metadata —, ``::1``, ...) is
  refused. This stops a hostile page from turning the crawler against the operator's network.
  A host that does not resolve is refused too (fail closed: its first answer may be empty and
  its second private), and a source whose own host does not resolve counts as public.
* IPv6 forms that carry an IPv4 address are judged by the IPv4 inside: mapped
  (``::ffff:127.0.0.1``), compatible (``::7f00:1``), translated (``::ffff:0:a.b.c.d``), NAT64
  (``64:ff9b::/96``; ``64:ff9b:1::/48`` is local-use, never public) and 6to4 (``2002::/16``).
  Python's ``is_global`` calls ``::7f00:1`` and ``64:ff9b::7f00:1`` global.
* A source the operator configured on a private or loopback host (an intranet board, the
  sample web of the demo and the tests) is trusted to stay there: its requests are allowed.
* **DNS rebinding**: the guard's own look-up is not the one the downloader connects with (each
  resolver caches apart, and a hostile name can answer public then private). So the address a
  response actually came from (``response.ip_address``) is checked again against the same
  rule; a public source's response from a private address is refused, unread.
* Every source has a page budget (``EOLIST_PAGE_BUDGET``, default 5,000 requests): a crawler
  trap ends the source's crawl as incomplete (so it closes nothing) instead of running forever.

``Guard`` holds the policy without Scrapy, so ``eolist sources add`` fetches by the same rule.
Host names are resolved with the system resolver (cached per host for a minute). Tests mark a
local origin as "public" with ``EOLIST_NETGUARD_PUBLIC_ORIGINS`` (``host:port`` strings) to prove
that a redirect from it to another 127.0.0.1 port is refused, and give the guard stand-in DNS
answers with ``EOLIST_NETGUARD_DNS`` (``{"host": ["address", ...]}``: e.g. ``localhost`` answering
a public address while the connection lands on 127.0.0.1, which is what a rebinding looks like),
without any traffic leaving loopback.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PAGE_BUDGET = 5000
DNS_TTL_S = 60.0
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")
_COMPATIBLE = ipaddress.ip_network("::/96")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for, when it carries one."""
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    low = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in _NAT64 or ip in _TRANSLATED:
        return low
    if ip in _COMPATIBLE and int(ip) > 1:  # :: and ::1 are themselves, not IPv4
        return low
    return None


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address (judged by the IPv4 inside an IPv6 form)."""
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _NAT64_LOCAL:
            return False
        inner = embedded_ipv4(ip)
        if inner is not None:
            return inner.is_global and not inner.is_multicast
    return ip.is_global and not ip.is_multicast


def decide(url: str, addresses: list[str], origin_is_public: bool) -> str | None:
    """Refusal reason for fetching ``url`` resolved to ``addresses``; ``None`` allows it."""
    parts = urlsplit(url)
    if parts.scheme not in ALLOWED_SCHEMES:
        return f"refused {url}: only http and https are fetched"
    if not parts.hostname:
        return f"refused {url}: no host"
    if origin_is_public:
        if not addresses:
            return f"refused {url}: its host does not resolve (a public source may only reach public addresses)"
        private = [a for a in addresses if not is_public_address(a)]
        if private:
            return f"refused {url}: a public source may not reach the private address {private[0]}"
    return None


_cache: dict[str, tuple[float, tuple[str, ...]]] = {}


def resolve(host: str) -> tuple[str, ...]:
    """Addresses of a host (an IP literal resolves to itself); empty when it does not resolve.

    Cached per host for ``DNS_TTL_S``: only a first filter, the connection is checked again.
    """
    host = host.strip("[]")
    try:
        ipaddress.ip_address(host)
        return (host,)
    except ValueError:
        pass
    now = time.monotonic()
    hit = _cache.get(host)
    if hit and now - hit[0] < DNS_TTL_S:
        return hit[1]
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        found = tuple(dict.fromkeys(str(info[4][0]) for info in infos))
    except (OSError, UnicodeError):
        found = ()
    if len(_cache) > 4096:
        _cache.clear()
    _cache[host] = (now, found)
    return found


def netloc(url: str) -> str:
    """``host:port`` with the scheme's default port filled in."""
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or (443 if parts.scheme == 'https' else 80)}"


class Guard:
    """The policy as plain methods: one per question the crawler and ``sources add`` ask."""

    def __init__(
        self,
        public_origins: Iterable[str] = (),
        dns: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self.public_origins = set(public_origins)
        self.dns = {h.lower(): tuple(a) for h, a in (dns or {}).items()}

    def addresses(self, url: str) -> list[str]:
        host = (urlsplit(url).hostname or "").lower()
        if host in self.dns:
            return list(self.dns[host])
        return list(resolve(host))

    def is_public(self, url: str) -> bool:
        """Whether a URL the operator named counts as public: private only when every address
        it resolves to is private (an unresolvable host is held to the public rule)."""
        if netloc(url) in self.public_origins:
            return True
        addresses = self.addresses(url)
        return not addresses or any(is_public_address(a) for a in addresses)

    def refusal(self, url: str, origin_is_public: bool) -> str | None:
        """Why a source may not be led to ``url`` (before connecting), or None."""
        if netloc(url) in self.public_origins:
            # a loopback origin standing for a public host (tests): nothing to resolve
            return decide(url, [], origin_is_public=False)
        return decide(url, self.addresses(url), origin_is_public)

    def connection_refusal(self, url: str, address: str, origin_is_public: bool) -> str | None:
        """Why the connection a response came over is not allowed (rebinding), or None."""
        if not origin_is_public or netloc(url) in self.public_origins:
            return None
        if is_public_address(address):
            return None
        return f"refused {url}: a public source's connection reached the private address {address}"

    def led_from(self, origin: str, url: str) -> str | None:
        """Why a page at ``origin`` (a URL the operator named) may not lead to ``url``.

        Stricter than the crawl: a private origin may lead only to itself (same host and
        port) or to public hosts, because what ``sources add`` writes becomes a trusted
        origin of its own.
        """
        public = self.is_public(origin)
        reason = self.refusal(url, public)
        if reason or public or netloc(url) == netloc(origin) or self.is_public(url):
            return reason
        return (
            f"refused {url}: only {netloc(origin)}, the private host you named, may be used"
            " (give that URL itself if you trust it)"
        )


class NetGuardMiddleware:
    """Downloader middleware applying the ``Guard`` and the page budget to every request."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.budget = settings.getint("EOLIST_PAGE_BUDGET", DEFAULT_PAGE_BUDGET)
        self.guard = Guard(
            settings.getlist("EOLIST_NETGUARD_PUBLIC_ORIGINS"),
            settings.getdict("EOLIST_NETGUARD_DNS"),
        )
        self.requests: dict[str, int] = {}
        self.origin_public: dict[str, bool] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NetGuardMiddleware:
        return cls(crawler)

    def _origin_is_public(self, spider: Spider, source_name: str) -> bool:
        if source_name not in self.origin_public:
            source = spider.sources[source_name]  # type: ignore[attr-defined]
            self.origin_public[source_name] = self.guard.is_public(source.url)
        return self.origin_public[source_name]

    def _origin_of(self, request: Request, spider: Spider | None) -> bool | None:
        """Whether the request's origin is public; None when it has none to judge by."""
        spider = spider or self.crawler.spider
        source_name = request.meta.get("source")
        if source_name is not None and spider is not None and hasattr(spider, "sources"):
            return self._origin_is_public(spider, source_name)
        # robots.txt and other requests of no source: a redirect chain that began on a
        # public host is held to the same rule
        chain = request.meta.get("redirect_urls") or []
        return self.guard.is_public(chain[0]) if chain else None

    def process_request(self, request: Request, spider: Spider | None = None) -> Any:
        spider = spider or self.crawler.spider
        source_name = request.meta.get("source")
        origin_public = self._origin_of(request, spider)
        if origin_public is None:
            return None
        reason = self.guard.refusal(request.url, origin_public)
        if reason:
            raise IgnoreRequest(reason)
        if source_name is None or spider is None or not hasattr(spider, "sources"):
            return None
        count = self.requests.get(source_name, 0) + 1
        self.requests[source_name] = count
        if count > self.budget:
            tracker = spider.trackers[source_name]  # type: ignore[attr-defined]
            tracker.truncated = True
            raise IgnoreRequest(f"page budget of {self.budget} requests spent")
        return None

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Any:
        address = response.ip_address
        if address is None:  # a cached response: no connection to judge
            return response
        origin_public = self._origin_of(request, spider)
        if origin_public is None:
            return response
        reason = self.guard.connection_refusal(request.url, str(address), origin_public)
        if reason:
            raise IgnoreRequest(reason)
        return response
