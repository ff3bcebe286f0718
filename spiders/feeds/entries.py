"""Feed entries to ``BlogPost`` records: identity, cleaning, fingerprint (see ``spiders.feeds``)."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import UTC, datetime
from urllib.parse import urlsplit

from pipeline.normalize import canonical_url, clean_description, html_to_text
from pipeline.normalize.dates import date_order
from pipeline.normalize.text import MAX_DESCRIPTION
from pipeline.records import BlogPost
from pipeline.safety import safe_record
from spiders.feeds.model import Entry, Feed

FINGERPRINT_VERSION = "v1"
SUMMARY_CHARS = 600


def digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()[:32]


def _global(guid: str) -> bool:
    """Whether a guid names itself without its feed: a URI, URN or tag (has a scheme)."""
    scheme, sep, rest = guid.partition(":")
    return bool(sep and rest and scheme.isalpha())


def entry_key(guid: str | None, link: str | None, title: str, text: str, site: str) -> str:
    """``id:<guid>`` / ``url:<canonical link>`` / ``hash:<title+content>`` (module docstring)."""
    if guid:
        return "id:" + (guid if _global(guid) else f"{site}#{guid}")
    if link:
        return "url:" + link
    return "hash:" + digest(title, text)


def _link(entry: Entry) -> str | None:
    if not entry.link:
        return None
    url = canonical_url(entry.link)
    return url if urlsplit(url).scheme in ("http", "https") else None


def posts(
    feed: Feed,
    now: datetime | None = None,
    country: str | None = None,
    language: str | None = None,
) -> list[BlogPost]:
    """One ``BlogPost`` per usable entry (an entry with neither title nor text is skipped).

    Dates are read by ``pipeline.normalize.dates``; an ambiguous numeric date is day- or
    month-first by ``language`` (the source's, else the feed's) and the source's ``country``.
    """
    now = now or datetime.now(UTC)
    order = date_order(language or feed.language, country)
    site = urlsplit(feed.link or feed.url).netloc.lower() or feed.url
    # A guid repeated inside one feed page is not an identity: those entries fall back to links.
    repeated = {g for g, n in Counter(e.id for e in feed.entries if e.id).items() if n > 1}
    out = []
    for entry in feed.entries:
        content_html, content_text = clean_description(entry.content_html)  # capped, nh3 once
        text = content_text or ""
        title = entry.title or text[:80].strip()
        if not title:
            continue
        link = _link(entry)
        guid = entry.id if entry.id not in repeated else None
        summary = html_to_text(entry.summary_html[:MAX_DESCRIPTION]) if entry.summary_html else ""
        summary = summary or text
        published, updated = entry.dates(now, order)
        post = BlogPost(
            source_name="",
            entry_key=entry_key(guid, link, title, text, site),
            guid=entry.id,
            url=link,
            title=title,
            author=entry.author,
            published_at=published or updated,
            updated_at=updated,
            summary_text=summary[:SUMMARY_CHARS] or None,
            content_html=content_html,
            content_text=content_text,
            tags=entry.tags,
            blog_title=feed.title,
            fingerprint=f"{FINGERPRINT_VERSION}:" + digest(title, text, link or ""),
            fetched_at=now,
        )
        # what XML and e-mail cannot carry goes here, as build_posting does for a posting
        out.append(safe_record(post, skip=("content_html", "content_text")))  # (cleaned)
    return out
