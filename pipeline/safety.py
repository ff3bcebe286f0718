"""Treating what other people's servers send as untrusted: pure checks and escapes.

Everything a scraped page says is data, never markup, code or instructions, wherever eolist
writes it. These helpers are the one place each rule lives:

* ``hostile_markup(body)`` -- an XML/HTML document whose DOCTYPE declares entities is
  refused before any parser sees it. Legitimate feeds and pages do not declare entities;
  hostile ones do it for "billion laughs" expansion bombs and external entities that read
  local files (XXE). Refusing is cheaper and safer than trusting every parser's limits.
* ``record_problem(url, title)`` -- a record whose URL is not an absolute http(s) URL, or
  whose title is empty, huge or full of control characters, is garbage from a page of the
  wrong shape; it is dropped and named in the source's error instead of reaching the warehouse.
* ``redact_url(url)`` -- user:password in the authority and secret-looking query parameters
  (token, key, secret, password, signature, ...) are replaced by ``REDACTED`` wherever a URL
  is shown or stored outside sources.toml (errors, landing, ``sources.url``, reports, pages).
  ``redact_text`` does it inside free text, including a bare ``user:password@host`` with no
  scheme (how some libraries' errors quote an authority).
* ``split_credentials(url)`` -- a source URL's ``user:password@`` taken out: the URL to
  request without them, and the ``Authorization: Basic`` value to send to that origin only, so
  no request URL (nor any link resolved against one) carries them.
* ``log_safe(text)`` -- control characters (newlines included: a scraped value must not be
  able to forge a log line) escaped as ``\\n``, ``\\x1b``, ...; long values cut.
* ``csv_cell(value)`` -- a cell beginning with ``=``, ``+``, ``-``, ``@`` (or tab / carriage
  return, which some spreadsheets skip before such a sign) is prefixed with ``'`` so a
  spreadsheet shows it as text and never evaluates it (OWASP "CSV injection").

No I/O and no imports outside the standard library (``pipeline`` rule).
"""

from __future__ import annotations

import base64
import re
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit, urlunsplit

REDACTED = "REDACTED"
# query parameter names whose values are credentials (matched as whole words, any case)
SECRET_PARAMS = re.compile(
    r"(^|[^a-z0-9])(token|access[_-]?token|api[_-]?key|apikey|key|secret|client[_-]?secret|"
    r"password|passwd|pwd|auth|authorization|signature|sig|session|sessionid|code)$",
    re.IGNORECASE,
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_TITLE = 1000
MAX_URL = 4096
_DECLARED_ENTITY = re.compile(rb"<!DOCTYPE[^>\[]*\[[^\]]*<!ENTITY", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def hostile_markup(body: bytes) -> str | None:
    """Why this document must not be parsed (entity declarations), or None."""
    head = body[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") and _DECLARED_ENTITY.search(head):
        return (
            "the document declares XML entities (refused unparsed: entity expansion "
            "bombs and external entities)"
        )
    return None


def record_problem(url: Any, title: Any, required: bool = True) -> str | None:
    """What is wrong with a record's identity fields, or None when they are usable.

    ``required=False`` (blog entries) accepts a missing URL and an empty title, not bad ones.
    """
    if not required and url is None:
        url = "http://absent.invalid/"
    if not required and title == "":
        title = "-"
    if not isinstance(url, str) or len(url) > MAX_URL:
        return f"URL {log_safe(repr(url), 80)} is not a string of at most {MAX_URL} characters"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or _CONTROL.search(url):
        return f"URL {log_safe(repr(url), 80)} is not an absolute http(s) URL"
    if not isinstance(title, str) or not title.strip():
        return f"title {log_safe(repr(title), 80)} is empty or not text"
    if len(title) > MAX_TITLE:
        return f"title of {len(title)} characters is too long to be a title"
    if len(_CONTROL.findall(title)) > 2:
        return f"title {log_safe(repr(title), 80)} is full of control characters"
    return None


def redact_url(url: str) -> str:
    """The URL with credentials replaced by ``REDACTED`` (user info, secret query values)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return url
    netloc = parts.netloc
    if parts.username is not None or parts.password is not None:
        netloc = netloc.rpartition("@")[2]
        netloc = f"{REDACTED}@{netloc}" if host else netloc
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(SECRET_PARAMS.search(k) for k, _ in pairs):
            query = "&".join(
                f"{quote(k, safe='')}={REDACTED if SECRET_PARAMS.search(k) else quote(v, safe='')}"
                for k, v in pairs
            )
    # fragments carry tokens too (OAuth implicit flow: #access_token=...)
    fragment = _PAIR.sub(_redact_pair, parts.fragment)
    return urlunsplit((parts.scheme, netloc, parts.path, query, fragment))


_PAIR = re.compile(r"([^&?#;=]+)=([^&?#;]*)")


def _redact_pair(m: re.Match[str]) -> str:
    return f"{m.group(1)}={REDACTED}" if SECRET_PARAMS.search(m.group(1)) else m.group(0)


_URL_IN_TEXT = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s'\"<>]+")
# user:password@host outside a URL with a scheme ("invalid hostname: alice:pw@127.0.0.1")
_BARE_USERINFO = re.compile(r"(?<![\w/%@.:~-])[\w.~%!$&*+=-]+:[^\s/@'\"<>()]*@(?=[\w\[])")


def redact_text(text: str) -> str:
    """Every URL inside free text redacted (error messages, log lines)."""
    text = _URL_IN_TEXT.sub(lambda m: redact_url(m.group(0)), text)
    return _BARE_USERINFO.sub(f"{REDACTED}@", text)


def split_credentials(url: str) -> tuple[str, str | None]:
    """``(url without user info, "Basic ..." header value or None)``; percent-escapes decoded."""
    try:
        parts = urlsplit(url)
        if parts.username is None and parts.password is None:
            return url, None
        user, password = unquote(parts.username or ""), unquote(parts.password or "")
    except ValueError:
        return url, None
    netloc = parts.netloc.rpartition("@")[2]
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return urlunsplit(parts._replace(netloc=netloc)), f"Basic {token}"


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"


def log_safe(text: str, limit: int = 500) -> str:
    """One printable line: control characters escaped, credentials redacted, cut at ``limit``."""
    out = _CONTROL.sub(lambda m: _ESCAPES.get(m.group(0), _escape(m.group(0))), text)
    out = redact_text(out)
    return out if len(out) <= limit else out[: limit - 1] + "…"


def csv_cell(value: Any) -> Any:
    """A value safe to put in a CSV cell: text that a spreadsheet would evaluate is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
