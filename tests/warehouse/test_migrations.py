"""Migrations on real files: from empty, from every earlier version, and out of order."""

from __future__ import annotations

import duckdb
import pytest

from warehouse import db
from warehouse.errors import WarehouseError

VERSIONS = [v for v, _, _ in db.migrations()]


def schema(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    cols = con.execute(
        "SELECT table_name, column_name, data_type, comment FROM duckdb_columns()"
        " WHERE NOT internal ORDER BY ALL"
    ).fetchall()
    indexes = con.execute("SELECT index_name FROM duckdb_indexes() ORDER BY 1").fetchall()
    return cols + indexes


@pytest.fixture(scope="module")
def latest(tmp_path_factory) -> list[tuple]:
    with db.session(tmp_path_factory.mktemp("m") / "fresh.duckdb") as con:
        assert [r[0] for r in con.execute("SELECT version FROM schema_migrations ORDER BY 1")
                .fetchall()] == VERSIONS  # fmt: skip
        return schema(con)


@pytest.mark.parametrize("start", VERSIONS[:-1])
def test_upgrade_from_each_earlier_version_keeps_data(tmp_path, latest, start):
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        db.migrate(con, upto=start)
        con.execute("INSERT INTO sources (name, kind, url) VALUES ('acme', 'greenhouse', 'u')")
        con.execute(
            "INSERT INTO postings (posting_key, source_name, source_kind, url, title, fingerprint,"
            " version, first_seen_at, last_seen_at) VALUES ('acme:1', 'acme', 'greenhouse',"
            " 'https://x.test/1', 'Recruiter', 'v1:a', 1, now(), now())"
        )
    with db.session(path) as con:
        assert schema(con) == latest
        assert con.execute("SELECT title FROM postings").fetchall() == [("Recruiter",)]
        done = con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()
        assert [r[0] for r in done] == VERSIONS


def test_a_migration_added_below_applied_ones_is_applied(tmp_path, latest):
    """A file migrated before 0002 existed (0001 and 0003 applied) gets 0002 on open."""
    path = tmp_path / "gap.duckdb"
    known = {v: (n, sql) for v, n, sql in db.migrations()}
    with duckdb.connect(str(path)) as con:
        db.migrate(con, upto=1)
        # 0007 and later replace views 0002 creates: they can never have come before it
        for v in [v for v in VERSIONS if 2 < v < 7]:
            con.execute(known[v][1])
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [v, known[v][0]])
    with db.session(path) as con:
        assert schema(con) == latest


def test_a_newer_database_is_refused(tmp_path):
    path = tmp_path / "new.duckdb"
    with db.session(path) as con:
        con.execute("INSERT INTO schema_migrations VALUES (9999, 'future', now())")
    with pytest.raises(WarehouseError, match="newer than this eolist"):
        db.connect(path)


def test_a_failing_migration_leaves_the_file_at_the_previous_version(tmp_path):
    path = tmp_path / "bad.duckdb"
    with duckdb.connect(str(path)) as con:
        db.migrate(con, upto=1)
        con.execute("CREATE TABLE salaries (x INTEGER)")  # 0002 cannot create its view
    with pytest.raises(duckdb.Error):
        db.connect(path)
    with duckdb.connect(str(path)) as con:
        assert con.execute("SELECT max(version) FROM schema_migrations").fetchone() == (1,)
        comment = con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'postings'")
        assert comment.fetchone() == (None,)
