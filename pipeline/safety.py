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
* ``safe_text(text)`` / ``safe_record(record)`` -- what XML, e-mail and UTF-8 cannot carry is
  taken out of scraped text at build time, so a feed, a mail or a landing file never fails on
  it: C0 controls but tab and newline (carriage returns become newlines), DEL and the C1
  controls, the bidi embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069: they
  reverse what a reader sees), the non-characters U+FFFE/U+FFFF; a lone surrogate (JSON may
  escape half a pair: ``"\\ud800"``) becomes U+FFFD, since escaping it is not enough (DuckDB's
  ``read_json`` rejects an escaped lone surrogate too).
* ``csv_cell(value)`` -- a cell beginning with ``=``, ``+``, ``-``, ``@`` (or tab / carriage
  return, which some spreadsheets skip before such a sign) is prefixed with ``'`` so a
  spreadsheet shows it as text and never evaluates it (OWASP "CSV injection").

No I/O and no imports outside the standard library (``pipeline`` rule).
"""

from __future__ import annotations

import base64
import dataclasses
import re
from functools import lru_cache
from typing import Any, TypeVar
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
# What safe_text takes out or replaces; one search finds whether there is anything to do.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_UNSAFE_MAP: dict[int, str | None] = {c: None for c in range(0x20) if c not in (0x09, 0x0A)}
_UNSAFE_MAP.update({c: None for c in range(0x7F, 0xA0)})
_UNSAFE_MAP.update({c: None for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
_UNSAFE_MAP.update({0x0D: "\n", 0xFFFE: None, 0xFFFF: None})
_UNSAFE_MAP.update({c: "\ufffd" for c in range(0xD800, 0xE000)})
R = TypeVar("R")


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


@lru_cache(maxsize=4096)  # a source's URL is redacted for each of its outcomes and log lines
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


def safe_text(text: str) -> str:
    """``text`` without the characters XML, e-mail and UTF-8 cannot carry (module docstring)."""
    if not _UNSAFE.search(text):  # nearly always: one scan, no copy
        return text
    # "\r\n" is one line break; str.translate is linear and never raises
    return text.replace("\r\n", "\n").translate(_UNSAFE_MAP)


_SURROGATE = re.compile("[\ud800-\udfff]")


def utf8_safe(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD and nothing else changed: what
    UTF-8 can encode (``safe_text`` also does this, among its other rules)."""
    return _SURROGATE.sub("\ufffd", text)


def _safe_value(value: Any) -> Any:
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, tuple) and any(isinstance(v, str) for v in value):
        return tuple(safe_text(v) if isinstance(v, str) else v for v in value)
    return value


_FIELD_NAMES: dict[tuple[type, tuple[str, ...]], tuple[str, ...]] = {}


def _names(cls: type, skip: tuple[str, ...]) -> tuple[str, ...]:
    names = _FIELD_NAMES.get((cls, skip))
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls) if f.name not in skip)
        _FIELD_NAMES[(cls, skip)] = names
    return names


def _texts(values: list[Any]) -> list[str]:
    """The strings among ``values``, those inside tuples included."""
    out: list[str] = []
    for v in values:
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, tuple):
            out += [x for x in v if isinstance(x, str)]
    return out


def safe_record(record: R, skip: tuple[str, ...] = ()) -> R:
    """A frozen record with ``safe_text`` applied to every text field but those in ``skip``
    (the same object when nothing needed it)."""
    names = _names(type(record), skip)
    values = [getattr(record, name) for name in names]
    # nearly always nothing to change: one scan of all the text, no per-field work (a
    # character _UNSAFE matches cannot appear where two strings meet)
    if not _UNSAFE.search("".join(_texts(values))):
        return record
    changes = {}
    for name, value in zip(names, values, strict=True):
        cleaned = _safe_value(value)
        if cleaned is not value:
            changes[name] = cleaned
    return dataclasses.replace(record, **changes) if changes else record  # type: ignore[type-var]


def csv_cell(value: Any) -> Any:
    """A value safe to put in a CSV cell: text that a spreadsheet would evaluate is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
