"""What a parsed feed is, whatever its format: ``Entry`` and ``Feed``, and the small helpers
both readers share (``spiders.feeds.read`` for RSS/Atom/RDF via feedparser,
``spiders.feeds.jsonfeed`` for JSON Feed). Apart from both, so neither reader imports the other.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from pipeline.normalize.dates import Order, parse_any_date

MAX_ENTRIES = 5000  # entries read per feed page; the rest are counted (``Feed.over_cap``)

_ATTR_URL = re.compile(r"""(\s(?:href|src)\s*=\s*)(["'])(.*?)\2""", re.I | re.S)


def absolutize(fragment: str, base: str) -> str:
    """``href``/``src`` attributes of an HTML fragment made absolute against ``base``."""

    def fix(m: re.Match[str]) -> str:
        value = html.unescape(m.group(3)).strip()
        if not value or value.startswith(("#", "data:", "mailto:")):
            return m.group(0)
        return f"{m.group(1)}{m.group(2)}{html.escape(urljoin(base, value))}{m.group(2)}"

    return _ATTR_URL.sub(fix, fragment)


@dataclass
class Entry:
    """One entry, whatever the format: the fields the kinds read, plus the raw entry."""

    id: str | None
    link: str | None
    title: str
    content_html: str
    summary_html: str
    author: str | None
    tags: tuple[str, ...]
    published_text: str | None  # the entry's dates as the feed wrote them: read with
    updated_text: str | None  # ``pipeline.normalize.dates`` (``dates``), never feedparser's guess
    raw: dict[str, Any] = field(default_factory=dict)

    def dates(self, now: datetime, order: Order) -> tuple[datetime | None, datetime | None]:
        """(published, updated) in UTC; garbage, or out of 1990-2200, is ``None``."""
        published, updated = (
            # feed dates are RFC 822 or ISO 8601 text: a bare number is no date there (seen:
            # a Unix time in dc:date of an item its own feed calls "invalid date")
            parse_any_date(text, now, order) if text and not text.isdigit() else None
            for text in (self.published_text, self.updated_text)
        )
        # "updated" before "published" is a garbage date (seen: a Unix time in dc:date)
        if updated and published and updated < published:
            updated = None
        return published, updated


@dataclass
class Feed:
    url: str
    title: str | None
    link: str | None  # the site's home page
    generator: str
    links: list[dict[str, str]]
    entries: list[Entry]
    meta: dict[str, Any] = field(default_factory=dict)  # feedparser's feed element (paging)
    bozo: str | None = None  # what feedparser forgave, if anything
    language: str | None = None  # the feed's language tag (RSS <language>, Atom xml:lang)
    over_cap: int = 0  # entries past MAX_ENTRIES, not read (the listing is then incomplete)
    not_objects: int = 0  # JSON Feed items that are not objects, not read


def date_text(*values: Any) -> str | None:
    """The first non-empty date string of ``values`` (raw, as the feed wrote it)."""
    for value in values:
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None
