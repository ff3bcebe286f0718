"""One page fetched outside a crawl (``eolist sources add``), by the crawl's network guard.

``urllib`` follows redirects on its own, to any host and to ``ftp://``, and connects to
whatever the name resolves to at that moment. Here every hop is judged by
``netguard.Guard.led_from`` before connecting, and the address the socket actually connected to
is judged again before the request is sent (a name that rebinds between the two look-ups is
caught). Plain ``http.client``: one request, no cookies, no proxies, redirects followed by hand
(at most ``MAX_REDIRECTS``), the body cut at ``limit`` bytes. A ``user:password@`` in the
operator's URL is sent as ``Authorization: Basic`` to that origin only, never in a URL.
"""

from __future__ import annotations

import http.client
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from pipeline.safety import split_credentials
from spiders.netguard import Guard, netloc

MAX_REDIRECTS = 5
REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(Exception):
    """The page could not be fetched; the message says what and where, in one line."""


class FetchRefused(FetchError):
    """The network guard refused a hop (the message is the guard's reason)."""


@dataclass(frozen=True)
class Fetched:
    url: str  # where the body came from, after redirects
    body: bytes
    content_type: str


def _connect(url: str, timeout: float) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = cls(parts.hostname or "", parts.port, timeout=timeout)
    conn.connect()
    return conn


def fetch(
    url: str, guard: Guard, agent: str, limit: int, timeout: float, origin: str | None = None
) -> Fetched:
    """GET ``url``; ``origin`` is the URL the operator named (default ``url``)."""
    origin = origin or url
    origin_public = guard.is_public(origin)
    url, authorization = split_credentials(url)
    auth_origin = (urlsplit(url).scheme, netloc(url))
    for _ in range(MAX_REDIRECTS + 1):
        reason = guard.led_from(origin, url)
        if reason:
            raise FetchRefused(reason)
        try:
            conn = _connect(url, timeout)
        except (OSError, http.client.HTTPException) as e:
            raise FetchError(f"cannot connect to {url}: {e}") from e
        try:
            peer = str(conn.sock.getpeername()[0])
            reason = guard.connection_refusal(url, peer, origin_public)
            if reason:
                raise FetchRefused(reason)
            parts = urlsplit(url)
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            headers = {"User-Agent": agent, "Accept": "*/*"}
            if authorization and (parts.scheme, netloc(url)) == auth_origin:
                headers["Authorization"] = authorization
            conn.request("GET", target, headers=headers)
            response = conn.getresponse()
            location = response.getheader("Location")
            if response.status in REDIRECTS and location:
                url = urljoin(url, location.strip())
                continue
            if response.status >= 400:
                raise FetchError(f"{url} answered HTTP {response.status} {response.reason}")
            return Fetched(url, response.read(limit), response.getheader("Content-Type", ""))
        except (OSError, http.client.HTTPException) as e:
            raise FetchError(f"cannot fetch {url}: {e}") from e
        finally:
            conn.close()
    raise FetchError(f"more than {MAX_REDIRECTS} redirects from {origin}")
