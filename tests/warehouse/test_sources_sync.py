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
