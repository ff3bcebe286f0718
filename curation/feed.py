"""The feed of published lists (RSS 2.0 and Atom, written with feedgen).

One entry per published digest, newest first (at most ``MAX_ENTRIES``): its title, its
published time, a link to the list's HTML on the public address, and the email HTML (the inner
table, already escaped) as content, so a mail tool that sends a newsletter from a feed, or a
blog platform that imports one, gets the whole list. Entry ids are the digest's public URL,
stable across re-exports. The files live at a stable path: ``<out>/feed.rss`` and
``<out>/feed.atom`` (and ``/feed.rss``, ``/feed.atom`` on ``eolist ui``).
"""

from __future__ import annotations

import duckdb
from feedgen.feed import FeedGenerator

from curation import compose, render
from curation import rules as rules_mod

MAX_ENTRIES = 20


def digest_url(public_url: str, digest_id: str) -> str:
    return f"{public_url.rstrip('/')}/digests/{digest_id}.html"


def build(con: duckdb.DuckDBPyConnection) -> FeedGenerator:
    settings = rules_mod.settings(con)
    base = settings["public_url"].rstrip("/")
    fg = FeedGenerator()
    fg.id(f"{base}/feed.atom")
    fg.title(settings["list_title"])
    fg.link(href=f"{base}/feed.atom", rel="self")
    fg.link(href=f"{base}/", rel="alternate")  # last: RSS's <link> is the last one set
    fg.description(f"{settings['list_title']}: HR jobs and HR blog posts, every week.")
    fg.language("en")
    ids = compose.published_ids(con)[:MAX_ENTRIES]
    latest = None
    for digest_id in reversed(ids):  # feedgen prepends: add oldest first, newest ends on top
        d = compose.published(con, digest_id)
        if d is None or d.published_at is None:
            continue
        url = digest_url(base, digest_id)
        fe = fg.add_entry()
        fe.id(url)
        fe.guid(url, permalink=True)
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
    return build(con).rss_str(pretty=True)


def atom(con: duckdb.DuckDBPyConnection) -> bytes:
    return build(con).atom_str(pretty=True)
