"""Pure pieces of the feed machinery: backoff schedule, identity, paging, discovery, OPML."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from pipeline import lifecycle
from spiders import feeds
from spiders.feeds import paging
from spiders.kinds import ExtractError
from tests.feeds.hostile import item, rss

CORPUS = Path(__file__).resolve().parents[1] / "data"


@pytest.mark.parametrize(
    ("failures", "wait"),
    [(0, timedelta(0)), (1, timedelta(minutes=15)), (2, timedelta(minutes=30)),
     (3, timedelta(hours=1)), (5, timedelta(hours=4)), (7, timedelta(hours=16)),
     (8, timedelta(hours=24)), (50, timedelta(hours=24)), (10_000, timedelta(hours=24))],
)  # fmt: skip
def test_backoff_schedule_is_capped_and_never_abandons(failures, wait):
    assert lifecycle.backoff(failures) == wait


def test_server_asks_are_honoured_up_to_the_cap():
    assert lifecycle.next_wait(1, 3600) == 3600  # Retry-After longer than the backoff
    assert lifecycle.next_wait(3, 60) == 3600  # backoff longer than the ask
    assert lifecycle.next_wait(0, 7 * 86400) == 86400  # a week's ask capped at a day
    assert lifecycle.server_wait(None) == 0 and lifecycle.server_wait(-5) == 0


def test_identity_guid_link_hash():
    body = rss(
        "<item><guid>http://blog.test/?p=1</guid><title>A</title><link>http://blog.test/a</link></item>"
        "<item><guid isPermaLink='false'>42</guid><title>B</title></item>"
        "<item><title>C</title><link>http://blog.test/c?utm_source=feed</link></item>"
        "<item><title>D</title><description>only text</description></item>"
    ).encode()
    keys = [p.entry_key for p in feeds.extract("http://blog.test/feed", body)]
    assert keys[0] == "id:http://blog.test/?p=1"
    assert keys[1] == "id:blog.test#42"  # a bare guid is scoped by the blog's host
    assert keys[2] == "url:http://blog.test/c"  # tracking parameters dropped
    assert keys[3].startswith("hash:")


def test_changed_content_keeps_key_changes_fingerprint():
    a = feeds.extract("http://blog.test/feed", rss(item(1)).encode())[0]
    b = feeds.extract("http://blog.test/feed", rss(item(1, title="New title")).encode())[0]
    assert a.entry_key == b.entry_key and a.fingerprint != b.fingerprint


def test_repeated_guid_falls_back_to_links():
    body = rss(
        "<item><guid>same</guid><title>A</title><link>http://blog.test/a</link></item>"
        "<item><guid>same</guid><title>B</title><link>http://blog.test/b</link></item>"
    ).encode()
    assert [p.entry_key for p in feeds.extract("http://blog.test/f", body)] == [
        "url:http://blog.test/a", "url:http://blog.test/b"]  # fmt: skip


def test_wordpress_paged_backfill_and_its_end():
    gen = "<generator>https://wordpress.org/?v=6.8</generator>"
    full = rss(gen + "".join(item(i) for i in range(10))).encode()
    assert feeds.next_pages("http://wp.test/feed/", full) == ["http://wp.test/feed/?paged=2"]
    assert feeds.next_pages("http://wp.test/feed/?paged=2", full) == [
        "http://wp.test/feed/?paged=3"
    ]
    short = rss(gen + item(1)).encode()
    assert feeds.next_pages("http://wp.test/feed/?paged=3", short) == []
    assert feeds.ends_pagination("http://wp.test/feed/?paged=3", 404)
    assert not feeds.ends_pagination(
        "http://wp.test/feed/", 404
    )  # the first page failing is a failure


def test_blogger_start_index_without_next_link():
    feed = feeds.Feed("http://b.test/feeds/posts/default?start-index=1&max-results=2", None,
                      None, "Blogger", [], [feeds.Entry(None, None, "t", "", "", None, (), None, None)] * 2,
                      {"opensearch_totalresults": "5"})  # fmt: skip
    assert paging.next_page(feed) == "http://b.test/feeds/posts/default?start-index=3&max-results=2"


def test_discovery_from_html_pages():
    html = CORPUS / "blog-feed" / "opml" / "DaringFireball.html"
    found = feeds.discover_feeds("https://daringfireball.net/", html.read_bytes())
    assert found[0] == "https://daringfireball.net/feeds/main"
    page = b'<html><head><base href="/blog/"><link rel="alternate" type="application/atom+xml" href="atom.xml"><link rel="alternate" type="application/rss+xml" title="Comments" href="/comments/feed"></head></html>'
    assert feeds.discover_feeds("http://x.test/a/b", page) == [
        "http://x.test/blog/atom.xml",
        "http://x.test/comments/feed",
    ]
    assert feeds.discover_feeds("http://x.test/feed", rss(item(1)).encode()) == [
        "http://x.test/feed"
    ]
    assert feeds.discover_feeds("http://x.test/", b"<html><body>nothing</body></html>") == []


def test_html_served_as_feed_names_the_real_feed():
    page = b'<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/feed/"></head></html>'
    with pytest.raises(ExtractError, match="advertises the feed http://x.test/feed/"):
        feeds.extract("http://x.test/", page)


def test_opml_round_trip():
    body = (CORPUS / "blog-feed" / "opml" / "Subs.opml").read_bytes()
    read = feeds.read_opml(body)
    assert len(read) > 50 and all(f.xml_url.startswith("http") for f in read)
    again = feeds.read_opml(feeds.write_opml(read).encode())
    assert again == read
