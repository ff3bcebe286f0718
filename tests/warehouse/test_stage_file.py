"""The load reads the landing file through a view (``stage_rows``) while it runs: nothing of
it outlives the load, whether the batch loads or is refused, since the file is moved or
deleted after."""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import make_posting, outcome, write_batch
from warehouse import db
from warehouse.errors import LandingError
from warehouse.load import load_batch
from warehouse.merge import FILE_PROBED_OPTIMIZER

_LEFT = """SELECT (SELECT count(*) FROM duckdb_views() WHERE temporary AND NOT internal)
    + (SELECT count(*) FROM duckdb_tables() WHERE temporary)"""


def test_nothing_staged_outlives_a_load(tmp_path, db_path):
    batch = write_batch(tmp_path / "landing", "b1", [make_posting("1"), outcome(fetched=1)])
    with db.session(db_path) as con:
        load_batch(con, batch)
        left = con.execute(_LEFT).fetchone()
        batch.unlink()  # as a loader that keeps no landing file does
        stored = con.execute("SELECT posting_key, description_text FROM postings").fetchall()
    assert left == (0,)
    assert stored == [("acme:1", "Partner with leaders.")]


def test_nothing_staged_outlives_a_refused_batch(tmp_path, db_path):
    batch = tmp_path / "landing" / "b1.jsonl"
    batch.parent.mkdir()
    batch.write_text('{"record": "Posting", "posting_key": "x"}\n')  # no Batch record
    with db.session(db_path) as con:
        with pytest.raises(LandingError, match="incomplete"):
            load_batch(con, batch)
        left = con.execute(_LEFT).fetchone()
    assert left == (0,)


def test_the_pinned_duckdb_has_the_optimizer_the_insert_turns_off():
    # Without it the load still runs, but the insert hashes the whole landing file (about
    # twice as slow at 100k postings): an upgrade that renames it should be noticed here.
    names = {r[0] for r in duckdb.sql("SELECT name FROM duckdb_optimizers()").fetchall()}
    assert FILE_PROBED_OPTIMIZER in names


def test_a_duckdb_without_that_optimizer_still_loads(tmp_path, db_path, monkeypatch):
    from warehouse import merge

    monkeypatch.setattr(merge, "FILE_PROBED_OPTIMIZER", "an_optimizer_of_another_version")
    landing = tmp_path / "landing"
    b1 = write_batch(landing, "b1", [make_posting("1"), outcome(fetched=1)])
    b2 = write_batch(landing, "b2", [make_posting("1", title="Payroll Lead"), outcome(fetched=1)])
    with db.session(db_path) as con:
        load_batch(con, b1)
        report = load_batch(con, b2)
        rows = con.execute("SELECT title, version FROM postings").fetchall()
    assert report.per_source["acme"].changed == 0  # same fingerprint: rewritten, no version
    assert rows == [("Payroll Lead", 1)]


def test_a_posting_with_a_value_of_the_wrong_type_is_refused_whole(tmp_path, db_path):
    # The postings' columns other than the deciding ones are read from the file only for the
    # rows written; the first read still converts every column of every line, so a bad value
    # in a posting the load would leave as it is refuses the batch too.
    landing = tmp_path / "landing"
    b1 = write_batch(landing, "b1", [make_posting("1"), make_posting("2"), outcome(fetched=2)])
    b2 = write_batch(landing, "b2", [make_posting("1"), make_posting("2"), outcome(fetched=2)])
    lines = b2.read_text().splitlines()
    assert '"salary_min": 80000.0' in lines[1]
    lines[1] = lines[1].replace('"salary_min": 80000.0', '"salary_min": "lots"')
    b2.write_text("\n".join(lines) + "\n")
    with db.session(db_path) as con:
        load_batch(con, b1)
        with pytest.raises(LandingError, match="not readable JSON Lines.*line 2"):
            load_batch(con, b2)
        loaded = con.execute("SELECT batch_id FROM landing_batches").fetchall()
        runs = con.execute("SELECT count(*) FROM source_runs").fetchone()
    assert loaded == [("b1",)]
    assert runs == (1,)  # b1's: nothing of b2 was written


def test_a_statement_failing_with_the_optimizer_off_keeps_its_own_error(db_path):
    # What a full disk does to the insert: the statement fails and aborts the transaction.
    # The caller must see that error (a RESET in the aborted transaction would replace it),
    # and after the rollback the planner is as it was.
    from warehouse.merge import _file_probed, restore_planner

    with db.session(db_path) as con:
        con.execute("CREATE TEMP TABLE one (k INTEGER PRIMARY KEY)")
        con.execute("BEGIN TRANSACTION")
        with pytest.raises(duckdb.ConstraintException), _file_probed(con):
            con.execute("INSERT INTO one VALUES (1), (1)")
        con.execute("ROLLBACK")
        during = con.execute("SELECT current_setting('disabled_optimizers')").fetchone()
        restore_planner(con)
        after = con.execute("SELECT current_setting('disabled_optimizers')").fetchone()
    assert during == (FILE_PROBED_OPTIMIZER,)  # a SET outlives the rollback
    assert after == ("",)
