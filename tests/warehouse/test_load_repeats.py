"""A batch that repeats a source's outcome or a blog entry keeps one of each: the last.

The loader looks for repeats with a cheap count and sorts only when it finds one
(``warehouse.load_record.keep_last``); these batches have repeats, so they take that path.
"""

from __future__ import annotations

from datetime import timedelta

from pipeline.records import BlogPost
from tests.conftest import NOW, make_posting, outcome, write_batch
from warehouse import db
from warehouse.load import load_batch


def blog_post(key: str, title: str, fetched_after: timedelta) -> BlogPost:
    return BlogPost(
        source_name="hr-blog",
        entry_key=key,
        guid=key,
        url=f"https://blog.example.test/{key}",
        title=title,
        author=None,
        published_at=NOW,
        updated_at=None,
        summary_text="A post.",
        content_html=None,
        content_text=None,
        tags=(),
        blog_title="HR blog",
        fingerprint=f"v1:{title}",
        fetched_at=NOW + fetched_after,
    )


def test_a_repeated_outcome_keeps_the_last_finished(tmp_path, db_path):
    early = outcome(status="failed", error="HTTP 503", finished_at=NOW)
    late = outcome(status="not_modified", complete=False, finished_at=NOW + timedelta(minutes=5))
    batch = write_batch(tmp_path / "landing", "b1", [late, early])
    with db.session(db_path) as con:
        load_batch(con, batch)
        runs = con.execute("SELECT source_name, status FROM source_runs").fetchall()
        health = con.execute("SELECT last_error, consecutive_failures FROM sources").fetchall()
    assert runs == [("acme", "not_modified")]
    assert health == [(None, 0)]


def test_an_outcome_without_a_finish_wins_over_a_finished_one(tmp_path, db_path):
    # a source the crawl was still reading when it stopped has no finish: that one counts
    finished = outcome(status="ok", finished_at=NOW)
    unfinished = outcome(status="failed", error="stopped", finished_at=None)
    batch = write_batch(tmp_path / "landing", "b1", [finished, unfinished])
    with db.session(db_path) as con:
        load_batch(con, batch)
        runs = con.execute("SELECT status FROM source_runs").fetchall()
    assert runs == [("failed",)]


def test_a_blog_entry_seen_twice_in_a_batch_lands_once_as_last_fetched(tmp_path, db_path):
    records = [
        blog_post("e1", "Later title", timedelta(minutes=2)),
        blog_post("e1", "First title", timedelta(0)),
        blog_post("e2", "Other post", timedelta(0)),
        outcome(source="hr-blog", kind="blog-feed", fetched=3),
    ]
    batch = write_batch(tmp_path / "landing", "b1", records)
    with db.session(db_path) as con:
        report = load_batch(con, batch)
        rows = con.execute("SELECT entry_key, title FROM blog_posts ORDER BY 1").fetchall()
    assert rows == [("e1", "Later title"), ("e2", "Other post")]
    assert report.blog_posts == 2


def test_a_posting_listed_twice_in_a_batch_lands_once_as_last_fetched(tmp_path, db_path):
    # A listing's pages shifted while they were read: the same posting twice, the later
    # sighting first in the file. The load keeps the later one, whole: its title, its
    # description and its digest (the next batch, which lists it the same, changes nothing).
    later = make_posting(
        "1",
        title="Payroll Lead",
        description_text="Run the payroll.",
        fingerprint="v1:later",
        fetched_at=NOW + timedelta(minutes=3),
    )
    earlier = make_posting("1", title="Payroll Clerk", fingerprint="v1:earlier")
    landing = tmp_path / "landing"
    b1 = write_batch(landing, "b1", [later, earlier, make_posting("2"), outcome(fetched=3)])
    b2 = write_batch(landing, "b2", [later, make_posting("2"), outcome(fetched=2)])
    with db.session(db_path) as con:
        first = load_batch(con, b1)
        rows = con.execute(
            "SELECT posting_key, title, description_text, fingerprint FROM postings ORDER BY 1"
        ).fetchall()
        versions = con.execute(
            "SELECT posting_key, version, title FROM posting_versions ORDER BY 1"
        ).fetchall()
        second = load_batch(con, b2)
        after = con.execute("SELECT count(*) FROM posting_versions").fetchone()
    assert first.per_source["acme"].new == 2
    assert rows[0] == ("acme:1", "Payroll Lead", "Run the payroll.", "v1:later")
    assert rows[1][0] == "acme:2" and len(rows) == 2
    assert versions == [("acme:1", 1, "Payroll Lead"), ("acme:2", 1, "HR Business Partner 2")]
    assert (second.per_source["acme"].unchanged, second.per_source["acme"].changed) == (2, 0)
    assert after == (2,)
