"""Blog feeds (``blog-feed``): RSS, Atom and JSON Feed entries as ``BlogPost`` records.

Bytes are fetched by Scrapy (one politeness and retry policy for everything) and parsed here
by feedparser, given the response URL so relative links resolve.

Entry identity (``entry_key``), in order: the entry's guid/id; else its canonical link (the
FeedBurner ``origLink`` when present, tracking parameters removed); else a hash of title and
content. Keys are not scoped by source, so one post syndicated through two feeds (FeedBurner
and the blog itself) is one blog post. ``fingerprint`` hashes title, content and link: a
changed entry is updated and versioned, never duplicated.

Pagination (backfill up to ``max_pages``): the feed's ``<link rel="next">`` (Blogger's
``start-index``/``max-results`` and RFC 5005 archives both use it).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import feedparser

from pipeline.normalize import canonical_url, html_to_text, sanitize_html
from pipeline.records import BlogPost
from spiders.kinds import ExtractError

KIND = "blog-feed"
FINGERPRINT_VERSION = "v1"


def parse(url: str, body: bytes) -> Any:
    parsed = feedparser.parse(body, response_headers={"content-location": url})
    if not parsed.entries and (parsed.bozo or not parsed.get("feed")):
        reason = parsed.get("bozo_exception") or "no feed found"
        raise ExtractError(f"not a readable feed: {reason}")
    return parsed


def _when(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _content(entry: Any) -> str:
    for c in entry.get("content") or []:
        if c.get("value"):
            return str(c["value"])
    return str(entry.get("summary") or "")


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()[:32]


def entry_key(entry: Any, link: str | None, title: str, content: str) -> str:
    guid = (entry.get("id") or "").strip()
    if guid:
        return "id:" + guid
    if link:
        return "url:" + link
    return "hash:" + _digest(title, content)


def extract(url: str, body: bytes) -> list[BlogPost]:
    parsed = parse(url, body)
    blog_title = parsed.feed.get("title") or None
    now = datetime.now(UTC)
    out = []
    for entry in parsed.entries:
        title = (entry.get("title") or "").strip()
        raw_link = entry.get("feedburner_origlink") or entry.get("link")
        link = canonical_url(raw_link) if raw_link else None
        html = _content(entry)
        content_html = sanitize_html(html) if html else None
        text = html_to_text(html) if html else ""
        if not title and not text:
            continue
        summary = html_to_text(entry.get("summary") or "") or text
        out.append(
            BlogPost(
                source_name="",
                entry_key=entry_key(entry, link, title, text),
                guid=(entry.get("id") or None),
                url=link,
                title=title or text[:80],
                author=entry.get("author") or None,
                published_at=_when(entry.get("published_parsed") or entry.get("updated_parsed")),
                updated_at=_when(entry.get("updated_parsed")),
                summary_text=summary[:600] or None,
                content_html=content_html,
                content_text=text or None,
                tags=tuple(t.get("term") for t in entry.get("tags") or [] if t.get("term")),
                blog_title=blog_title,
                fingerprint=f"{FINGERPRINT_VERSION}:" + _digest(title, text, link or ""),
                fetched_at=now,
            )
        )
    return out


def next_pages(url: str, body: bytes) -> list[str]:
    parsed = feedparser.parse(body, response_headers={"content-location": url})
    for link in parsed.feed.get("links") or []:
        if link.get("rel") == "next" and link.get("href"):
            return [link["href"]]
    return []
