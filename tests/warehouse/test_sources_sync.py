"""sources.toml mirrored into the warehouse: health and validators survive a sync, but
validators never outlive the URL they were given for."""

from __future__ import annotations

from pipeline.sources import SourceConfig
from warehouse import db
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
                     "content_hash": None}  # fmt: skip
    assert health == (2,)
