"""sources.toml mirrored into the warehouse: health and validators survive a sync, but
validators never outlive the URL they were given for."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from pipeline.sources import SourceConfig
from tests.conftest import NOW, make_posting, outcome, write_batch
from warehouse import db
from warehouse.load import load_batch
from warehouse.sources import crawl_state, sync


def test_validators_kept_while_the_url_stays_and_dropped_when_it_changes(db_path):
    feed = SourceConfig("blog", "blog-feed", "http://127.0.0.1:9/feed.xml")
    with db.session(db_path) as con:
        sync(con, [feed])
        con.execute(
            "UPDATE sources SET etag = '\"v1\"', last_modified = 'Tue, 24 Nov 2026 10:00:00 GMT',"
            " content_hash = 'abc', consecutive_failures = 2 WHERE name = 'blog'"
        )
        sync(con, [feed])
        assert crawl_state(con)["blog"]["etag"] == '"v1"'
        sync(con, [SourceConfig("blog", "blog-feed", "http://127.0.0.1:9/atom.xml")])
        state = crawl_state(con)["blog"]
        health = con.execute("SELECT consecutive_failures FROM sources").fetchone()
    assert state == {"url": "http://127.0.0.1:9/atom.xml", "etag": None, "last_modified": None,
                     "content_hash": None, "last_complete_at": None,
                     "known_pages": {}}  # fmt: skip
    assert health == (2,)


def test_crawl_state_says_when_the_last_complete_crawl_started_and_the_open_pages(
    tmp_path, db_path
):
    """What a recrawl needs to skip a sitemap's unchanged pages (``pipeline.recrawl``): the
    start of the last *complete* crawl, and the pages of the open postings by canonical URL."""
    early, late = NOW - timedelta(days=2), NOW - timedelta(days=1)
    site = [make_posting(k, source="site", source_kind="jsonld") for k in ("1", "2", "3")]
    site[1] = replace(site[1], url="https://example.test/site/1#apply", posting_key="site:1b")
    batches = [
        [*site, outcome("site", "jsonld", fetched=3, started_at=early)],
        # a later crawl that stopped part-way is no evidence of what was fetched
        [outcome("site", "jsonld", complete=False, started_at=late, fetched=0)],
        [make_posting("9"), outcome("acme", fetched=1, started_at=late)],
    ]
    with db.session(db_path) as con:
        for i, records in enumerate(batches):
            load_batch(con, write_batch(tmp_path / "landing", f"s{i}", records), now=NOW)
        con.execute("UPDATE postings SET closed_at = ? WHERE posting_key = 'site:3'", [NOW])
        state = crawl_state(con)
    assert state["site"]["last_complete_at"] == early.isoformat()
    pages = {url: sorted(keys) for url, keys in state["site"]["known_pages"].items()}
    # one page, two postings (its URLs the same in canonical form); "3" is closed
    assert pages == {"https://example.test/site/1": ["site:1", "site:1b"]}
    # an API board has no sitemap: when, but no pages
    assert state["acme"]["last_complete_at"] == late.isoformat()
    assert state["acme"]["known_pages"] == {}


def test_a_source_of_many_pages_is_read_in_full_once_a_day_whatever_its_first_page_says(
    tmp_path, db_path
):
    """A 304 on a listing's first page says nothing of its later pages or its postings' own
    pages: a source whose crawl reads more than one page gets no validators once its last full
    read is more than FULL_READ_EVERY (24 h) old. A one-request API board keeps them."""
    from warehouse.sources import FULL_READ_EVERY

    read = NOW - timedelta(hours=30)
    validators = {"etag": '"v7"', "content_hash": "h7"}
    batches = [
        # the board read in full: a listing and five postings' pages
        [make_posting("1", source="board", source_kind="jsonld"),
         outcome("board", "jsonld", pages=6, started_at=read, **validators)],
        # an API board: one request
        [make_posting("2"), outcome("acme", pages=1, started_at=read, **validators)],
        # since then only 304s, the last 2 hours ago
        [outcome("board", "jsonld", status="not_modified", pages=0,
                 started_at=NOW - timedelta(hours=2)),
         outcome("acme", status="not_modified", pages=0, started_at=NOW - timedelta(hours=2))],
    ]  # fmt: skip
    with db.session(db_path) as con:
        for i, records in enumerate(batches):
            load_batch(con, write_batch(tmp_path / "landing", f"r{i}", records), now=NOW)
        soon = crawl_state(con, read + FULL_READ_EVERY - timedelta(minutes=1))
        later = crawl_state(con, NOW)
    assert (soon["board"]["etag"], soon["board"]["content_hash"]) == ('"v7"', "h7")
    assert (later["board"]["etag"], later["board"]["content_hash"]) == (None, None)
    assert (later["acme"]["etag"], later["acme"]["content_hash"]) == ('"v7"', "h7")
    assert later["board"]["last_complete_at"] is not None  # a sitemap's skipping is unchanged
