"""A load's bulk open (``warehouse.db.connect(bulk=True)``): inserts of full row groups go
straight into the file, not the write-ahead log, and the open behaves as any other beside
other opens of the same file in this process and in others."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from tests.conftest import make_posting, outcome, write_batch
from warehouse import db
from warehouse.errors import DatabaseLocked
from warehouse.load import load_batch, load_pending


def _wal_bytes(path) -> int:
    wal = path.with_name(path.name + ".wal")
    return wal.stat().st_size if wal.exists() else 0


def _batch(tmp_path, n: int):
    posts = [make_posting(str(i), description_text=f"Partner with leaders, team {i}.")
             for i in range(n)]  # fmt: skip
    return write_batch(tmp_path / "landing", "b1", [*posts, outcome(fetched=n)])


@pytest.mark.parametrize("bulk", [False, True])
def test_a_bulk_load_writes_its_rows_to_the_file_not_the_log(tmp_path, db_path, monkeypatch, bulk):
    # Row groups of 2,048 (DuckDB's least): 6,000 new postings fill two of each table's
    # inserts' row groups, so most rows skip the log in a bulk open and none do in a plain one.
    monkeypatch.setattr(db, "BULK_ROW_GROUP", 2048)
    batch = _batch(tmp_path, 6000)
    with db.session(db_path, bulk=bulk) as con:
        con.execute("CHECKPOINT")
        report = load_batch(con, batch)
        logged = _wal_bytes(db_path)
    assert report.per_source["acme"].new == 6000
    # the texts alone of 6,000 postings, their versions and jobs are over 1 MB of log
    assert (logged < 400_000) if bulk else (logged > 1_000_000), logged
    with db.session(db_path, read_only=True) as con:
        rows = con.execute("SELECT count(*), count(DISTINCT job_id) FROM postings").fetchone()
        groups = con.execute(
            "SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('postings')"
        ).fetchone()
    assert rows == (6000, 6000)
    # a plain open's checkpoint writes one row group of 122,880 rows; the bulk one's hold 2,048
    assert groups == ((3,) if bulk else (1,))


def test_load_pending_opens_in_bulk_and_a_reader_waits_for_it(tmp_path, db_path, monkeypatch):
    # Another process (an analyst's read-only DuckDB) opening during the load waits like
    # before; after it, it reads every posting.
    _batch(tmp_path, 50)
    reports = load_pending(db_path, tmp_path / "landing")
    assert [r.per_source["acme"].new for r in reports] == [50]
    code = "import duckdb,sys; print(duckdb.connect(sys.argv[1], read_only=True)" \
        ".execute('SELECT count(*) FROM postings').fetchone()[0])"  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code, str(db_path)], capture_output=True,
                         text=True, check=True)  # fmt: skip
    assert out.stdout.strip() == "50"


def test_in_this_process_a_bulk_open_shares_a_plain_one_and_others_wait_for_it(db_path):
    # A file already open here: the bulk open falls back to sharing that instance (no wait,
    # no deadlock for nested sessions).
    with db.session(db_path) as plain, db.session(db_path, bulk=True) as bulk:
        bulk.execute("INSERT INTO sources (name, kind, url) VALUES ('a', 'greenhouse', 'u')")
        assert plain.execute("SELECT count(*) FROM sources WHERE name = 'a'").fetchone() == (1,)
    # A bulk open holding the file: any other open here waits for it, then gives up clearly.
    with db.session(db_path, bulk=True):
        for kwargs in ({"read_only": True}, {}, {"bulk": True}):
            with pytest.raises(DatabaseLocked):
                db.connect(db_path, wait_s=0.2, **kwargs)
    # and gets in once it is closed
    released = threading.Event()

    def hold() -> None:
        with db.session(db_path, bulk=True):
            released.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        threading.Timer(0.3, released.set).start()
        with db.session(db_path, read_only=True, wait_s=10) as con:
            assert con.execute("SELECT count(*) FROM sources WHERE name = 'a'").fetchone() == (1,)
    finally:
        released.set()
        holder.join()


def test_a_bulk_open_migrates_through_a_plain_one_first(tmp_path, db_path, monkeypatch):
    # DuckDB 2.0: once a column is added to a table under an attach with a smaller
    # ROW_GROUP_SIZE than its row group holds, appending fewer rows than a row group to it in
    # that session fails at COMMIT ("Corrupted segment tree", FATAL; the file keeps its last
    # commit). A warehouse written by plain opens and upgraded by a load's bulk open met it:
    # migration 0015 adds two columns, then a steady batch's few new postings are appended.
    # So a bulk open applies pending migrations through a plain open first.
    monkeypatch.setattr(db, "BULK_ROW_GROUP", 2048)
    first = _batch(tmp_path, 3000)
    with db.session(db_path) as con:  # plain: one row group of 3,000 rows
        load_batch(con, first)
        # back to schema 14, as a warehouse made before 0015 is
        con.execute("ALTER TABLE postings DROP COLUMN description_text_hash")
        con.execute("ALTER TABLE postings DROP COLUMN description_html_hash")
        con.execute("ALTER TABLE postings DROP COLUMN record_digest")
        con.execute("DELETE FROM schema_migrations WHERE version >= 15")
    first.unlink()
    changed = [make_posting(str(i), fingerprint=f"v2:{i}",
                            description_text=f"Lead people programs, team {i}.")
               for i in range(0, 3000, 10)]  # fmt: skip
    added = [make_posting(f"n{i}") for i in range(100)]  # fewer than a row group: appended
    batch = write_batch(tmp_path / "landing", "b2", [*changed, *added, outcome(fetched=400)])
    with db.session(db_path, bulk=True) as con:
        report = load_batch(con, batch)
        assert db.schema_current(con)
        hashed = con.execute(
            "SELECT count(*) FILTER (WHERE description_text_hash = hash(description_text)),"
            " count(record_digest) FROM postings"
        ).fetchone()
    assert (report.per_source["acme"].new, report.per_source["acme"].changed) == (100, 300)
    assert hashed == (3100, 400)  # the batch's 400 postings carry digests; the rest, not seen
