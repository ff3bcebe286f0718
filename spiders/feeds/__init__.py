"""Blog feeds (``blog-feed``): RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.x entries as
``BlogPost`` records; the feed machinery ``job-feed`` (``spiders.jobfeed``) shares.

Stages, one module each: ``read`` (bytes to a ``Feed``, every hostile-input rule; feedparser
for XML, ``jsonfeed`` for JSON Feed) → ``entries`` (identity, cleaning) → ``paging``
(backfill). ``discover`` finds feeds in HTML pages and reads and writes OPML. Bytes are
fetched by Scrapy (``spiders.crawler``: one politeness and retry policy, conditional GET,
unchanged bodies skipped by content hash) and never by feedparser.

Entry identity (``entry_key``), in order:

1. ``id:<guid>`` -- the entry's guid (RSS) / id (Atom, JSON Feed). A guid that is a URI, URN
   or tag names itself; a bare one (``"123"``) is scoped by the blog's site host
   (``id:blog.example#123``) since two blogs may both have a post 123. A guid repeated inside
   one feed page is no identity and is ignored for those entries.
2. ``url:<canonical link>`` -- feedparser leaves ``id`` empty for RSS items without
   ``<guid>``; then the link, FeedBurner's ``origLink`` when present (so the FeedBurner copy
   and the blog's own feed agree), made absolute against the response URL and canonical
   (``pipeline.normalize.canonical_url``: tracking parameters dropped).
3. ``hash:<title+content>`` -- neither guid nor link.

Keys are not scoped by source: one post syndicated through two feeds (FeedBurner and the blog
itself, which carry the same guid or origLink) is one blog post. ``fingerprint`` hashes title,
plain text and link (versioned ``v1:``): an entry whose content changes keeps its key, is
updated in place and its ``version`` goes up (``warehouse.load``); it is never duplicated.

Cleaning: content HTML (``content:encoded``/Atom content, else the summary) has its relative
links made absolute (against the entry's ``xml:base`` or the response URL), then is
sanitized with an allowlist (nh3, ``pipeline.normalize.sanitize_html``); plain text is kept
for search and the digest; author, tags, published and updated times in UTC (garbage or
out-of-range dates become None, they never fail the entry).

Pagination (backfill up to the source's ``max_pages``): ``rel="next"``, Blogger
``start-index``/``max-results``, WordPress ``?paged=N`` (``spiders.feeds.paging``).
"""

from __future__ import annotations

from pipeline.normalize import html_to_text
from pipeline.records import BlogPost
from pipeline.sources import SourceConfig
from spiders.feeds import paging
from spiders.feeds.discover import OpmlError, OpmlFeed, discover_feeds, read_opml, write_opml
from spiders.feeds.entries import FINGERPRINT_VERSION, entry_key, posts
from spiders.feeds.model import MAX_ENTRIES, Entry, Feed
from spiders.feeds.read import read
from spiders.kinds import Skipped

KIND = "blog-feed"

__all__ = [
    "FINGERPRINT_VERSION",
    "KIND",
    "Entry",
    "Feed",
    "OpmlError",
    "OpmlFeed",
    "discover_feeds",
    "ends_pagination",
    "entry_key",
    "extract",
    "extract_for",
    "next_pages",
    "read",
    "read_opml",
    "skipped",
    "unread",
    "write_opml",
]


def extract(url: str, body: bytes) -> list[BlogPost]:
    return posts(read(url, body))


def extract_for(source: SourceConfig, role: str, url: str, body: bytes) -> list[BlogPost]:
    """``extract`` with the source's country and language to read ambiguous numeric dates."""
    return posts(read(url, body), country=source.country, language=source.language)


def unread(feed: Feed) -> list[Skipped]:
    """Entries the reader left out of ``feed`` (past the cap, malformed JSON Feed items)."""
    out = []
    if feed.over_cap:
        out.append(Skipped(f"entries past the cap of {MAX_ENTRIES} a feed page", feed.over_cap))
    if feed.not_objects:
        out.append(Skipped("JSON Feed items that are not objects", feed.not_objects))
    return out


def skipped(url: str, body: bytes) -> list[Skipped]:
    """Entries of the page that made no blog post: ``posts``' rule (no title, no text)."""
    feed = read(url, body)
    untitled = sum(
        1
        for e in feed.entries
        if not e.title and not (html_to_text(e.content_html) if e.content_html else "").strip()
    )
    return unread(feed) + (
        [Skipped("feed entries without a title or text", untitled)] if untitled else []
    )


def next_pages(url: str, body: bytes) -> list[str]:
    nxt = paging.next_page(read(url, body))
    return [nxt] if nxt and nxt != url else []


def ends_pagination(url: str, status: int) -> bool:
    """Whether a backfill page's ``status`` is the end of the listing (see ``paging``)."""
    return paging.ends_pagination(url, status)
