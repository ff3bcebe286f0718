"""The load compares descriptions by their stored hashes (migration 0015): every difference a
text comparison saw must still be seen, and a changed hash function must not make every
posting look changed."""

from __future__ import annotations

from datetime import timedelta

import duckdb

from tests.conftest import NOW, make_posting, outcome, stored, write_batch
from warehouse import db
from warehouse.load import load_batch
from warehouse.merge import check_hashes

LATER = NOW + timedelta(hours=6)


_STORED = (
    "description_html, description_text, version,"
    " description_text_hash = hash(description_text),"
    " description_html_hash = hash(description_html)"
)


def _stored(con) -> tuple:
    return stored(con, _STORED)


def test_a_markup_only_change_is_written_without_a_new_version(tmp_path, db_path):
    # Same text, same fingerprint, other markup: not a new version, but the stored HTML must
    # follow (the text comparison saw it; the hash comparison must too).
    landing = tmp_path / "landing"
    b1 = write_batch(landing, "b1", [make_posting("1"), outcome(fetched=1)])
    again = make_posting(
        "1", description_html="<p><b>Partner</b> with leaders.</p>", fetched_at=LATER
    )
    b2 = write_batch(landing, "b2", [again, outcome(fetched=1)])
    with db.session(db_path) as con:
        load_batch(con, b1)
        report = load_batch(con, b2)
        html, text, version, text_ok, html_ok = _stored(con)
        versions = con.execute("SELECT count(*) FROM posting_versions").fetchone()
    assert html == "<p><b>Partner</b> with leaders.</p>" and text == "Partner with leaders."
    assert (version, text_ok, html_ok) == (1, True, True)
    assert report.per_source["acme"].unchanged == 1 and versions == (1,)


def test_a_whitespace_change_of_the_text_is_stored(tmp_path, db_path):
    # The fingerprint folds whitespace, the stored text keeps it: only the hash tells them apart.
    landing = tmp_path / "landing"
    b1 = write_batch(landing, "b1", [make_posting("1"), outcome(fetched=1)])
    spaced = make_posting("1", description_text="Partner  with\nleaders.", fetched_at=LATER)
    b2 = write_batch(landing, "b2", [spaced, outcome(fetched=1)])
    with db.session(db_path) as con:
        load_batch(con, b1)
        load_batch(con, b2)
        _, text, version, text_ok, _ = _stored(con)
    assert (text, version, text_ok) == ("Partner  with\nleaders.", 1, True)


def test_a_changed_text_names_description_text_in_its_version(tmp_path, db_path):
    landing = tmp_path / "landing"
    b1 = write_batch(landing, "b1", [make_posting("1"), outcome(fetched=1)])
    changed = make_posting(
        "1", description_text="Lead payroll.", fingerprint="v1:other", fetched_at=LATER
    )
    b2 = write_batch(landing, "b2", [changed, outcome(fetched=1)])
    with db.session(db_path) as con:
        load_batch(con, b1)
        load_batch(con, b2)
        rows = con.execute(
            "SELECT version, changed_fields, description_text FROM posting_versions"
            " ORDER BY version"
        ).fetchall()
    assert rows == [(1, None, "Partner with leaders."), (2, ["description_text"], "Lead payroll.")]


def test_hashes_another_duckdb_would_compute_are_recomputed_first(tmp_path, db_path):
    # An upgrade that changed DuckDB's hash() leaves hashes the load can no longer reproduce:
    # without the check, every known posting would be rewritten and its version would name
    # a description change that did not happen.
    landing = tmp_path / "landing"
    posts = [make_posting(str(i)) for i in range(3)]
    b1 = write_batch(landing, "b1", [*posts, outcome(fetched=3)])
    retitled = make_posting("0", title="Senior HR Partner", fingerprint="v1:t", fetched_at=LATER)
    seen = [retitled, *(make_posting(str(i), fetched_at=LATER) for i in (1, 2))]
    b2 = write_batch(landing, "b2", [*seen, outcome(fetched=3)])
    with db.session(db_path) as con:
        load_batch(con, b1)
        con.execute(
            "UPDATE postings SET description_text_hash = description_text_hash + 1,"
            " description_html_hash = NULL"
        )
        report = load_batch(con, b2)
        fields = con.execute(
            "SELECT changed_fields FROM posting_versions WHERE version = 2"
        ).fetchall()
        ok = con.execute(
            "SELECT count(*) FILTER (WHERE description_text_hash = hash(description_text)"
            " AND description_html_hash = hash(description_html)) FROM postings"
        ).fetchone()
        assert check_hashes(con) is False  # nothing left to recompute
    assert (report.per_source["acme"].changed, report.per_source["acme"].unchanged) == (1, 2)
    assert fields == [(["title"],)] and ok == (3,)


def test_the_migration_hashes_postings_stored_before_it(tmp_path):
    # A warehouse at migration 14 holding a posting: opening it applies 0015, which hashes it,
    # so the next load of the same posting rewrites nothing.
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        db.migrate(con, upto=14)
        con.execute("INSERT INTO sources (name, kind, url) VALUES ('acme', 'greenhouse', 'u')")
        con.execute(
            "INSERT INTO postings (posting_key, source_name, source_kind, url, title,"
            " description_html, description_text, fingerprint, version, first_seen_at,"
            " last_seen_at) VALUES ('acme:1', 'acme', 'greenhouse', 'https://x.test/1',"
            " 'Recruiter', '<p>Hire well.</p>', 'Hire well.', 'v1:a', 1, now(), now())"
        )
    with db.session(path) as con:
        _, text, _, text_ok, html_ok = _stored(con)
    assert (text, text_ok, html_ok) == ("Hire well.", True, True)
