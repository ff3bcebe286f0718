from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import NOW, make_posting, outcome, write_batch
from warehouse import db
from warehouse.errors import LandingError
from warehouse.load import load_batch


def counts(con) -> dict[str, int]:
    return {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("postings", "posting_versions", "jobs", "crawl_runs", "source_runs", "sources")
    }


def test_load_is_idempotent(tmp_path, db_path):
    batch = write_batch(
        tmp_path / "landing", "b1", [make_posting("1"), make_posting("2"), outcome(fetched=2)]
    )
    with db.session(db_path) as con:
        first = load_batch(con, batch)
        before = counts(con)
        again = load_batch(con, batch)
        assert counts(con) == before
    assert first.per_source["acme"].new == 2
    assert again.already_loaded
    assert before["postings"] == 2 and before["jobs"] == 2 and before["crawl_runs"] == 1


def test_changed_posting_is_versioned_not_duplicated(tmp_path, db_path):
    landing = tmp_path / "landing"
    b1 = write_batch(landing, "b1", [make_posting("1"), outcome(fetched=1)])
    changed = make_posting(
        "1",
        title="Senior HR Business Partner",
        fingerprint="v1:other",
        fetched_at=NOW + timedelta(hours=6),
    )
    b2 = write_batch(landing, "b2", [changed, outcome(fetched=1)])
    with db.session(db_path) as con:
        load_batch(con, b1)
        report = load_batch(con, b2)
        rows = con.execute(
            "SELECT title, version, first_seen_at < last_seen_at FROM postings"
        ).fetchall()
        versions = con.execute(
            "SELECT version, change, changed_fields FROM posting_versions ORDER BY version"
        ).fetchall()
    assert report.per_source["acme"].changed == 1
    assert rows == [("Senior HR Business Partner", 2, True)]
    assert versions == [(1, "new", None), (2, "changed", ["title"])]


def test_only_complete_crawls_close(tmp_path, db_path):
    landing = tmp_path / "landing"
    b1 = write_batch(landing, "b1", [make_posting("1"), make_posting("2"), outcome(fetched=2)])
    partial = write_batch(landing, "b2", [make_posting("1"), outcome(fetched=1, complete=False)])
    failed = write_batch(
        landing, "b3", [outcome(status="failed", complete=False, error="HTTP 503")]
    )
    complete = write_batch(landing, "b4", [make_posting("1"), outcome(fetched=1)])
    with db.session(db_path) as con:
        for b in (b1, partial, failed):
            load_batch(con, b)
        assert (
            con.execute("SELECT count(*) FROM postings WHERE closed_at IS NOT NULL").fetchone()[0]
            == 0
        )
        health = con.execute("SELECT consecutive_failures, last_error FROM sources").fetchone()
        assert health == (1, "HTTP 503")
        load_batch(con, b4 := complete)
        closed = con.execute(
            "SELECT posting_key, close_reason FROM postings WHERE closed_at IS NOT NULL"
        ).fetchall()
        assert closed == [("acme:2", "missing from complete listing")]
        assert con.execute("SELECT count(*) FROM open_jobs").fetchone()[0] == 1
        assert con.execute("SELECT consecutive_failures FROM sources").fetchone()[0] == 0
    assert b4.exists()


def test_reappearing_posting_is_reopened_as_reposted(tmp_path, db_path):
    landing = tmp_path / "landing"
    b1 = write_batch(landing, "b1", [make_posting("1"), outcome(fetched=1)])
    b2 = write_batch(landing, "b2", [make_posting("x"), outcome(fetched=1)])
    b3 = write_batch(landing, "b3", [make_posting("1"), make_posting("x"), outcome(fetched=2)])
    with db.session(db_path) as con:
        for b in (b1, b2, b3):
            load_batch(con, b)
        row = con.execute(
            "SELECT closed_at, reposted FROM postings WHERE posting_key='acme:1'"
        ).fetchone()
    assert row == (None, True)


def test_incomplete_landing_file_is_refused_and_nothing_written(tmp_path, db_path):
    path = tmp_path / "landing" / "b1.jsonl"
    path.parent.mkdir()
    path.write_text('{"record": "Posting", "posting_key": "x"}\n')
    with db.session(db_path) as con:
        with pytest.raises(LandingError, match="incomplete"):
            load_batch(con, path)
        assert counts(con)["postings"] == 0
        assert con.execute("SELECT count(*) FROM landing_batches").fetchone()[0] == 0


def test_a_line_longer_than_the_first_read_allows_is_read_again(tmp_path, db_path):
    # The first read takes lines to about twice LINE_BYTES (DuckDB's buffer); a longer one
    # (here a 40 MB description; in life a source's thousands of unchanged keys) fails it,
    # outside the load's transaction, and is read again with LONGEST_LINE_BYTES.
    from warehouse.landing import LINE_BYTES, LONGEST_LINE_BYTES

    text = "Coach managers on pay equity. " * (40_000_000 // 30)
    assert 2 * LINE_BYTES < len(text) < LONGEST_LINE_BYTES
    batch = write_batch(tmp_path / "landing", "b1", [
        make_posting("1"), make_posting("2", description_text=text), outcome(fetched=2)])  # fmt: skip
    with db.session(db_path) as con:
        report = load_batch(con, batch)
        got = con.execute(
            "SELECT posting_key, length(description_text) FROM postings ORDER BY 1"
        ).fetchall()
    assert report.per_source["acme"].new == 2
    assert got == [("acme:1", len("Partner with leaders.")), ("acme:2", len(text))]


def test_migrations_are_recorded(db_path):
    with db.session(db_path) as con:
        versions = [r[0] for r in con.execute("SELECT version FROM schema_migrations").fetchall()]
    assert versions == sorted(versions) and versions[0] == 1


def test_load_pending_loads_each_batch_once(tmp_path, db_path):
    from warehouse.load import load_pending

    landing = tmp_path / "landing"
    write_batch(landing, "b1", [make_posting("1"), outcome(fetched=1)])
    write_batch(landing, "b2", [make_posting("1"), make_posting("2"), outcome(fetched=2)])
    (landing / "b3.jsonl.tmp").write_text("partial")  # a crawl still writing: not a batch yet
    first = load_pending(db_path, landing)
    assert [r.batch_id for r in first] == ["b1", "b2"]
    assert load_pending(db_path, landing) == []
    with db.session(db_path, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM postings").fetchone() == (2,)


def test_same_batch_twice_changes_nothing_even_in_history(tmp_path, db_path):
    """Loading either batch again changes no row of any table, history included."""
    landing = tmp_path / "landing"
    b1 = write_batch(landing, "b1", [make_posting("1"), outcome(fetched=1)])
    b2 = write_batch(landing, "b2", [make_posting("1", title="Changed", fingerprint="v1:c",
                                                    fetched_at=NOW + timedelta(hours=1)),
                                     outcome(fetched=1)])  # fmt: skip
    tables = ("postings", "posting_versions", "jobs", "source_runs", "crawl_runs", "sources")
    with db.session(db_path) as con:
        load_batch(con, b1)
        load_batch(con, b2)
        before = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}
        assert load_batch(con, b1).already_loaded and load_batch(con, b2).already_loaded
        after = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}
    assert after == before


def test_jobs_left_unsettled_by_a_crash_are_settled_by_the_next_load(tmp_path, db_path):
    """What a load killed between its two commits leaves (postings without a job, changed
    jobs queued in jobs_stale and not rebuilt) is finished by the next load_pending."""
    from warehouse.load import load_pending

    landing = tmp_path / "landing"
    b1 = write_batch(landing, "b1", [make_posting("1"), make_posting("2"), outcome(fetched=2)])
    reference, crashed = tmp_path / "ref.duckdb", db_path
    for path in (reference, crashed):
        with db.session(path) as con:
            load_batch(con, b1)
    write_batch(landing, "b2", [make_posting("1", title="Changed", fingerprint="v1:c"),
                                make_posting("2"), make_posting("3"), outcome(fetched=3)])  # fmt: skip
    load_pending(reference, landing)
    load_pending(crashed, landing)
    with db.session(crashed) as con:  # undo the second commit's work, as a crash would
        job = con.execute("SELECT job_id FROM postings WHERE external_id = '1'").fetchone()[0]
        con.execute("INSERT INTO jobs_stale VALUES (?, 'b2', now())", [job])
        con.execute("UPDATE jobs SET title = 'stale' WHERE job_id = ?", [job])
        con.execute("DELETE FROM jobs WHERE job_id IN (SELECT job_id FROM postings"
                    " WHERE external_id = '3')")  # fmt: skip
        con.execute("UPDATE postings SET job_id = NULL WHERE external_id = '3'")
    assert load_pending(crashed, landing) == []  # nothing new to load, but settled
    query = "SELECT job_id, title, posting_count FROM jobs ORDER BY 1"
    with db.session(reference, read_only=True) as ref, db.session(crashed, read_only=True) as got:
        assert got.execute(query).fetchall() == ref.execute(query).fetchall()
        assert got.execute("SELECT count(*) FROM jobs_stale").fetchone() == (0,)
        assert got.execute("SELECT count(*) FROM postings WHERE job_id IS NULL").fetchone() == (0,)
