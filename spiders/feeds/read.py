"""Bytes to a ``Feed``: the parse stage, with every hostile-input rule in one place.

Order of the checks, cheapest first, each a clear ``ExtractError`` (the source fails with it;
nothing of the page lands):

1. **Size cap** -- a body over ``MAX_BYTES`` is refused before parsing (the crawler's
   ``DOWNLOAD_MAXSIZE`` cuts the download itself; this bounds callers that pass bytes).
2. **Empty body** -- nothing but whitespace or a BOM.
3. **Entity declarations** -- a DOCTYPE declaring ``<!ENTITY`` (expansion bombs, XXE) is
   refused unparsed (``pipeline.safety.hostile_markup``): no parser ever expands anything, so
   memory stays flat whatever the bomb's size.
4. **JSON Feed** -- a body starting with ``{`` is read by ``spiders.feeds.jsonfeed``
   (feedparser 6 does not read JSON Feed).
5. **Illegal XML characters** -- C0 control characters other than tab, CR and LF are removed
   (single-byte and UTF-8 bodies only), so the strict XML parser can still read the feed.
6. **feedparser**, with its own sanitizer off (nh3 sanitizes later, once). Unescaped ampersands, a wrong or
   missing charset and a BOM are feedparser's business: it falls back to its lenient parser
   and to other encodings, and the entries it recovers are kept.
   Links inside content are made absolute against the content's ``xml:base`` or the URL
   (``absolutize``, a regex over ``href``/``src``: feedparser's own resolver re-parses every
   fragment with sgmllib and took half the parse time).
7. **Not a feed** -- no entries and no feed element: an HTML page says so (and names the
   feed it advertises, when it does), anything else gives feedparser's reason.
8. **Truncated XML** -- a feed whose root element (or RSS ``channel``) is never closed (a body cut off by a proxy
   with a correct Content-Length) is refused: its last entry may be half there.

The last parse is kept (one entry, keyed by URL and body) so that ``extract`` and
``next_pages`` on the same page parse it once.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

import feedparser

from pipeline import safety
from pipeline.normalize import html_to_text
from spiders.feeds.model import MAX_ENTRIES, Entry, Feed, absolutize, date_text
from spiders.kinds import ExtractError

MAX_BYTES = 16 * 1024 * 1024
_ILLEGAL = bytes(c for c in range(32) if c not in (9, 10, 13))
_ILLEGAL_RE = re.compile(b"[" + re.escape(_ILLEGAL) + b"]")
_ROOT_CLOSE = re.compile(rb"</\s*(?:[\w.-]+:)?(?:rss|channel|feed|rdf)\s*>", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _content(entry: Any, default_base: str = "") -> tuple[str, str]:
    """The entry's HTML (full content, else the summary) and the base its links resolve against."""
    for c in entry.get("content") or []:
        if c.get("value"):
            return str(c["value"]), c.get("base") or default_base
    detail = entry.get("summary_detail") or {}
    return str(entry.get("summary") or ""), detail.get("base") or default_base


def _plain(value: Any, detail: Any) -> str:
    """A title as text: feedparser leaves markup and entities in HTML-typed titles."""
    text = str(value or "").strip()
    if "<" in text or "&" in text or (detail or {}).get("type") == "text/html":
        text = html_to_text(text).replace("\n", " ").strip()
    return text


def _author(entry: Any) -> str | None:
    detail = entry.get("author_detail") or {}
    name = detail.get("name") or entry.get("author") or ""
    return str(name).strip() or None


def _tags(entry: Any) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for t in entry.get("tags") or []:
        term = str(t.get("term") or t.get("label") or "").strip()
        if term:
            seen.setdefault(term, None)
    return tuple(seen)


def _from_feedparser(url: str, parsed: Any) -> Feed:
    entries = []
    for e in parsed.entries[:MAX_ENTRIES]:
        html, base = _content(e, url)
        base = urljoin(url, base)
        summary = e.get("summary") or ""
        summary_base = urljoin(url, (e.get("summary_detail") or {}).get("base") or url)
        link = e.get("feedburner_origlink") or e.get("link") or None
        entries.append(
            Entry(
                id=str(e.get("id") or "").strip() or None,
                link=urljoin(url, link) if link else None,
                title=_plain(e.get("title"), e.get("title_detail")),
                content_html=absolutize(html, base) if html else "",
                summary_html=absolutize(summary, summary_base) if summary else "",
                author=_author(e),
                tags=_tags(e),
                # the strings, not feedparser's *_parsed guesses (it reads "2020/1/10" as the
                # 1st of today's month); dict.get: feedparser's own get maps a missing
                # "updated" to "published". published: pubDate, atom:published,
                # dcterms:issued; then dcterms:created; updated: atom:updated, dc:date,
                # dcterms:modified.
                published_text=date_text(dict.get(e, "published"), dict.get(e, "created")),
                updated_text=date_text(dict.get(e, "updated")),
                raw=e,
            )
        )
    f = parsed.get("feed") or {}
    gen = " ".join(
        str(x) for x in (f.get("generator"), (f.get("generator_detail") or {}).get("href")) if x
    )
    bozo = parsed.get("bozo_exception")
    return Feed(
        url=url,
        title=(str(f.get("title") or "").strip() or None),
        link=urljoin(url, f["link"]) if f.get("link") else None,
        generator=gen,
        links=[dict(x) for x in f.get("links") or []],
        entries=entries,
        meta=dict(f),
        bozo=str(bozo) if parsed.get("bozo") and bozo else None,
        language=date_text(f.get("language")),
        over_cap=max(0, len(parsed.entries) - MAX_ENTRIES),
    )


def _not_a_feed(url: str, body: bytes, parsed: Any) -> ExtractError:
    if _HTML_START.match(body[:4096]):
        from spiders.feeds.discover import discover_feeds

        found = discover_feeds(url, body)
        hint = f"; the page advertises the feed {found[0]}" if found else ""
        return ExtractError(f"an HTML page was served where a feed was expected{hint}")
    reason = parsed.get("bozo_exception") or "no RSS, Atom or JSON Feed element found"
    return ExtractError(f"not a readable feed: {str(reason)[:200]}")


_last: tuple[str, bytes, Feed] | None = None


def read(url: str, body: bytes) -> Feed:
    """Parse a feed page (see the module docstring for the checks, in order)."""
    global _last
    if _last is not None and _last[0] == url and _last[1] == body:
        return _last[2]
    feed = _read(url, body)
    _last = (url, body, feed)
    return feed


def _read(url: str, body: bytes) -> Feed:
    if len(body) > MAX_BYTES:
        raise ExtractError(
            f"feed of {len(body) // 1_048_576} MiB is over the {MAX_BYTES // 1_048_576} MiB cap"
        )
    head = body.lstrip()
    for bom in _BOMS:
        head = head.removeprefix(bom)
    if not head.strip():
        raise ExtractError("empty feed body")
    problem = safety.hostile_markup(body)
    if problem:
        raise ExtractError(problem)
    if head.lstrip()[:1] in (b"{", b"["):
        from spiders.feeds import jsonfeed

        return jsonfeed.read(url, body)
    utf16 = body[:2] in (b"\xff\xfe", b"\xfe\xff") or body[1:2] == b"\x00" or body[:1] == b"\x00"
    if not utf16 and _ILLEGAL_RE.search(body):
        body = body.translate(None, _ILLEGAL)
    if body[:1].isspace() and body.lstrip()[:5] == b"<?xml":
        body = body.lstrip()  # blank lines before the declaration (a common plugin bug)
    parsed = feedparser.parse(
        body,
        # no content-location: feedparser would join it into every element's base (a quarter
        # of its time); links are made absolute here instead, against xml:base or the URL
        response_headers={"content-type": "application/xml"},
        resolve_relative_uris=False,  # links in content: ``absolutize`` (same base, faster)
        sanitize_html=False,  # nh3 sanitizes once, later
    )
    version = parsed.get("version") or ""
    if not parsed.entries and not version:
        raise _not_a_feed(url, body, parsed)
    if parsed.get("bozo") and not utf16 and not _ROOT_CLOSE.search(body[-4096:]):
        raise ExtractError(
            "the feed ends before its closing tag (truncated); nothing of it was kept"
        )
    return _from_feedparser(url, parsed)
