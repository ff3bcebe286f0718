"""The feed of published lists (RSS 2.0 and Atom, written with feedgen).

One entry per standing published list, newest first (at most ``MAX_ENTRIES``): its title, its
published time, a link to the list's HTML on the public address, and the email HTML (the inner
table, already escaped) as content, so a mail tool that sends a newsletter from a feed, or a
blog platform that imports one, gets the whole list. A list taken back within its grace period
leaves the feed.

Ids are made once and kept in the warehouse (``digests.entry_id``, the feed's own in
``curation_settings.feed_id``), never derived from the public address: a mail tool keys on them,
and an id that changed with the address would make it send every past list again. In RSS the
``guid`` is that id (``isPermaLink="false"``). Each format's ``self`` link names its own file:
``<out>/feed.rss`` and ``<out>/feed.atom`` (and ``/feed.rss``, ``/feed.atom`` on ``eolist ui``).
"""

from __future__ import annotations

import duckdb
from feedgen.feed import FeedGenerator

from curation import publishing, render
from curation import rules as rules_mod

MAX_ENTRIES = 20
FILES = {"rss": "feed.rss", "atom": "feed.atom"}


def digest_url(public_url: str, digest_id: str) -> str:
    return f"{public_url.rstrip('/')}/digests/{digest_id}.html"


def build(con: duckdb.DuckDBPyConnection, kind: str = "atom") -> FeedGenerator:
    settings = rules_mod.settings(con)
    # Before the first publish the address may be unset; the feed is then empty anyway.
    base = settings["public_url"].strip().rstrip("/")
    fg = FeedGenerator()
    fg.id(settings.get("feed_id") or f"{base}/{FILES['atom']}")
    fg.title(settings["list_title"])
    fg.link(href=f"{base}/{FILES[kind]}", rel="self")
    fg.link(href=f"{base}/", rel="alternate")  # last: RSS's <link> is the last one set
    fg.description(settings.get("tagline") or f"{settings['list_title']}: HR jobs and blogs.")
    fg.language("en")
    ids = publishing.published_ids(con)[:MAX_ENTRIES]
    latest = None
    for digest_id in reversed(ids):  # feedgen prepends: add oldest first, newest ends on top
        d = publishing.published(con, digest_id)
        if d is None or d.published_at is None:
            continue
        url = digest_url(base, digest_id)
        entry_id = publishing.entry_id(con, digest_id) or url
        fe = fg.add_entry()
        fe.id(entry_id)
        fe.guid(entry_id, permalink=False)
        fe.title(d.title)
        fe.link(href=url)
        fe.published(d.published_at)
        fe.updated(d.published_at)
        fe.summary(f"{len(d.jobs)} HR jobs and {len(d.posts)} HR blog posts.")
        fe.content(render.html(d, fragment=True), type="html")
        latest = d.published_at
    if latest is not None:
        fg.updated(latest)
        fg.lastBuildDate(latest)
    return fg


def rss(con: duckdb.DuckDBPyConnection) -> bytes:
    return build(con, "rss").rss_str(pretty=True)


def atom(con: duckdb.DuckDBPyConnection) -> bytes:
    return build(con, "atom").atom_str(pretty=True)
