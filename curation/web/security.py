"""What keeps the curation page safe on a shared machine or a network.

- **CSRF**: every write is a POST carrying a token (form field ``csrf`` or header
  ``X-CSRF-Token``) equal to an HMAC of the browser's ``eolist_csrf`` cookie under a secret
  made when the server starts; a POST without it, or with another, is refused with 403. The
  cookie is ``SameSite=Strict`` and ``HttpOnly``, so another site can neither send nor read it.
- **Password**: when one is set (``EOLIST_UI_PASSWORD``) every request needs HTTP Basic auth
  with it (any user name). Binding to an address other than loopback without one is refused
  by ``eolist ui`` (``require_password``).
- **Headers**: a Content-Security-Policy that runs only scripts carrying the response's nonce
  (the page's own), no plugins, no framing by other sites; ``nosniff``; no referrer leaks to the
  job sites she opens. This is a second line: every scraped value is escaped by the templates.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp

COOKIE = "eolist_csrf"
HEADER = "x-csrf-token"
FIELD = "csrf"


class InsecureBind(ValueError):
    """Serving beyond this machine without a password."""


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


class GuardMiddleware(BaseHTTPMiddleware):
    """Password (when set), CSRF cookie and token for templates, security headers."""

    def __init__(self, app: ASGIApp, csrf: Csrf, password: str | None = None) -> None:
        super().__init__(app)
        self.csrf = csrf
        self.password = password

    def _authorized(self, request: Request) -> bool:
        if not self.password:
            return True
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            _, _, given = base64.b64decode(value, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return hmac.compare_digest(given.encode(), self.password.encode())

    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if not self._authorized(request):
            return PlainTextResponse(
                "password required", status_code=401,
                headers={"WWW-Authenticate": 'Basic realm="eolist", charset="UTF-8"'},
            )  # fmt: skip
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
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response
