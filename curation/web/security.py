"""What keeps the curation page safe on a shared machine or a network.

- **CSRF**: every write is a POST carrying a token (form field ``csrf`` or header
  ``X-CSRF-Token``) equal to an HMAC of the browser's ``eolist_csrf`` cookie under a secret
  made when the server starts; a POST without it, or with another, is refused with 403. The
  cookie is ``SameSite=Strict`` and ``HttpOnly``, so another site can neither send nor read it.
- **Host names** (DNS rebinding): a hostile page can make its own name resolve to 127.0.0.1
  and then read this page as "same origin". The browser still sends that name in ``Host``, so
  only the names configured are answered (``allowed_hosts``: loopback names, the bound address
  and ``eolist ui --allow-host``); any other gets 400 (Starlette's ``TrustedHostMiddleware``).
- **Origin on writes**: a POST whose ``Origin`` (or, without one, ``Referer``) is not this
  page's own origin, or whose ``Sec-Fetch-Site`` says another site sent it, is refused with 403
  before the CSRF token is even read. Clients that send neither (curl) still need the token.
- **Password**: when one is set (``EOLIST_UI_PASSWORD``) every request needs HTTP Basic auth
  with it (any user name). Binding to an address other than loopback without one is refused
  by ``eolist ui`` (``require_password``). Wrong passwords are rate limited per client
  address (``FailedLogins``: 5 in a minute, then 429 until the minute has passed, even for
  the right password, so guessing costs a minute per five tries).
- **Headers**: a Content-Security-Policy that runs only scripts carrying the response's nonce
  (the page's own), no plugins, no framing by other sites; ``nosniff``; no referrer leaks to the
  job sites she opens (``Referrer-Policy: same-origin``). This is a second line: every scraped value is escaped by the templates.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Iterable
from urllib.parse import urlsplit

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp

COOKIE = "eolist_csrf"
HEADER = "x-csrf-token"
FIELD = "csrf"


LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOGIN_LIMIT = 5  # wrong passwords per client address ...
LOGIN_WINDOW_S = 60.0  # ... in this many seconds, then 429 until the window has passed


class InsecureBind(ValueError):
    """Serving beyond this machine without a password."""


def host_name(host: str) -> str:
    """A name as a browser puts it in ``Host``: lowercase, IPv6 literals in brackets."""
    name = host.strip().lower()
    try:
        if ipaddress.ip_address(name.strip("[]")).version == 6:
            return f"[{name.strip('[]')}]"
    except ValueError:
        pass
    return name


def allowed_hosts(bind: str | None = None, extra: Iterable[str] = ()) -> list[str]:
    """Host names the page answers: loopback names, the bound address, and ``extra``.

    A wildcard ``*`` would switch the check off, so it is refused (``*.example.org`` is
    allowed: it names one's own domain).
    """
    names = list(LOOPBACK_NAMES)
    for name in [bind or "", *extra]:
        if not name.strip():
            continue
        if name.strip() == "*":
            raise InsecureBind("--allow-host '*' would answer any host name (DNS rebinding)")
        names.append(host_name(name))
    return list(dict.fromkeys(names))


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def require_password(host: str, password: str | None) -> None:
    if not is_loopback(host) and not password:
        raise InsecureBind(
            f"refusing to serve the curation page on {host} without a password: "
            "set EOLIST_UI_PASSWORD, or bind to 127.0.0.1"
        )


class Csrf:
    def __init__(self, secret: bytes | None = None) -> None:
        self.secret = secret or secrets.token_bytes(32)

    def token(self, cookie: str) -> str:
        return hmac.new(self.secret, cookie.encode(), hashlib.sha256).hexdigest()

    def valid(self, cookie: str | None, token: str | None) -> bool:
        if not cookie or not token:
            return False
        return hmac.compare_digest(self.token(cookie), token)

    async def check(self, request: Request) -> bool:
        """True when the POST carries the right token (header, else form field)."""
        token = request.headers.get(HEADER)
        if token is None:
            form = await request.form()
            value = form.get(FIELD)
            token = value if isinstance(value, str) else None
        return self.valid(request.cookies.get(COOKIE), token)


class FailedLogins:
    """Wrong passwords per client address in a sliding window; bounded memory.

    Only wrong passwords count: a request with no credentials is how a browser first asks.
    """

    def __init__(
        self,
        limit: int = LOGIN_LIMIT,
        window_s: float = LOGIN_WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = 10_000,
    ) -> None:
        self.limit, self.window_s, self.clock = limit, window_s, clock
        self.max_clients = max_clients
        self.failures: OrderedDict[str, deque[float]] = OrderedDict()

    def _recent(self, client: str) -> deque[float]:
        times = self.failures.get(client, deque())
        cutoff = self.clock() - self.window_s
        while times and times[0] <= cutoff:
            times.popleft()
        return times

    def wait_s(self, client: str) -> float:
        """Seconds this client must wait before trying again (0: it may try now)."""
        times = self._recent(client)
        if len(times) < self.limit:
            return 0.0
        return max(times[-self.limit] + self.window_s - self.clock(), 0.0)

    def failed(self, client: str) -> None:
        times = self._recent(client)
        times.append(self.clock())
        self.failures[client] = times
        self.failures.move_to_end(client)
        while len(self.failures) > self.max_clients:
            self.failures.popitem(last=False)  # the longest quiet client is forgotten first


def _same_origin(value: str, host: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower()


def cross_site_write(request: Request) -> str | None:
    """Why this write came from another site, or None (see the module docstring)."""
    if request.method in SAFE_METHODS:
        return None
    host = request.headers.get("host", "")
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return f"a write sent by another site (Sec-Fetch-Site: {site})"
    origin = request.headers.get("origin")
    if origin == "null" and site == "same-origin":
        return None  # an opaque origin the browser itself says is this page (privacy settings)
    if origin is not None:
        return None if _same_origin(origin, host) else f"a write from another origin ({origin})"
    referer = request.headers.get("referer")
    if referer is not None and not _same_origin(referer, host):
        return "a write from another page's address"
    return None


class GuardMiddleware(BaseHTTPMiddleware):
    """Password (when set), Origin on writes, CSRF cookie and token, security headers."""

    def __init__(
        self,
        app: ASGIApp,
        csrf: Csrf,
        password: str | None = None,
        logins: FailedLogins | None = None,
    ) -> None:
        super().__init__(app)
        self.csrf = csrf
        self.password = password
        self.logins = logins or FailedLogins()

    def _credentials(self, request: Request) -> str | None:
        """The password given (None when no Basic credentials were sent)."""
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            _, _, given = base64.b64decode(value, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return ""
        return given

    def _refuse_login(self, request: Request) -> Response | None:
        if not self.password:
            return None
        client = request.client.host if request.client else "?"
        wait = self.logins.wait_s(client)
        if wait > 0:
            return PlainTextResponse(
                "too many wrong passwords: wait and try again", status_code=429,
                headers={"Retry-After": str(int(wait) + 1)},
            )  # fmt: skip
        given = self._credentials(request)
        if given is not None and hmac.compare_digest(given.encode(), self.password.encode()):
            return None
        if given is not None:
            self.logins.failed(client)
        return PlainTextResponse(
            "password required", status_code=401,
            headers={"WWW-Authenticate": 'Basic realm="eolist", charset="UTF-8"'},
        )  # fmt: skip

    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        refused = self._refuse_login(request)
        if refused is not None:
            return refused
        cross = cross_site_write(request)
        if cross:
            return PlainTextResponse(f"refused: {cross}", status_code=403)
        cookie = request.cookies.get(COOKIE)
        fresh = cookie is None or len(cookie) < 32
        if fresh:
            cookie = secrets.token_urlsafe(32)
        assert cookie is not None
        request.state.csrf = self.csrf.token(cookie)
        request.state.nonce = secrets.token_urlsafe(16)
        response = await call_next(request)
        if fresh:
            response.set_cookie(COOKIE, cookie, httponly=True, samesite="strict", path="/")
        response.headers.setdefault(
            "Content-Security-Policy",
            f"default-src 'self'; script-src 'nonce-{request.state.nonce}'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'self'",
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        # same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" on the
        # page's own form posts; job sites she opens still get no referrer
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response
