"""eolist query (read-only, formats, named queries) and export (csv, json, parquet, snapshot)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import duckdb
import pytest
from click.testing import CliRunner

from cli.main import cli
from tests.conftest import NOW, make_posting, outcome, write_batch
from warehouse import db, export, query
from warehouse.load import load_batch


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    folder = tmp_path_factory.mktemp("q")
    path = folder / "w.duckdb"
    old = make_posting(
        "old", fetched_at=NOW - timedelta(days=40), posted_at=NOW - timedelta(days=40)
    )
    batches = [
        write_batch(folder / "landing", "b1", [old, outcome(fetched=1)]),
        write_batch(
            folder / "landing",
            "b2",
            [make_posting("1"), make_posting("2", location_city="Vancouver",
             location_region="British Columbia"), outcome(fetched=2)],
        ),
    ]  # fmt: skip
    with db.session(path) as con:
        load_batch(con, batches[0], NOW - timedelta(days=40))
        load_batch(con, batches[1], NOW)
    return path


def test_query_formats(warehouse):
    sql = "SELECT posting_key, locations, first_seen_at FROM postings ORDER BY 1"
    result = query.run(warehouse, sql)
    assert [r[0] for r in result.rows] == ["acme:1", "acme:2", "acme:old"]
    rows = list(csv.DictReader(io.StringIO(query.to_csv(result))))
    assert rows[0]["posting_key"] == "acme:1" and json.loads(rows[0]["locations"]) == [
        "Toronto, ON"
    ]
    data = json.loads(query.to_json(result))
    assert data[0]["first_seen_at"].startswith("2026-11-26T12:00:00")


@pytest.mark.parametrize(
    "sql",
    ["DELETE FROM jobs", "SELECT 1; DROP TABLE jobs", "UPDATE sources SET enabled = false",
     "COPY jobs TO '/tmp/x.csv'", "ATTACH 'other.duckdb' AS o", "CREATE TABLE t AS SELECT 1"],
)  # fmt: skip
def test_query_refuses_writes(warehouse, sql):
    with pytest.raises(query.QueryRefused, match="read-only"):
        query.run(warehouse, sql)
    assert query.run(warehouse, "SELECT count(*) FROM jobs").rows == [(3,)]


def test_cli_query_and_refusal(warehouse):
    runner = CliRunner()
    ok = runner.invoke(cli, ["--db", str(warehouse), "query", "SELECT count(*) AS n FROM jobs",
                             "--format", "csv"])  # fmt: skip
    assert ok.exit_code == 0 and ok.output.splitlines() == ["n", "3"]
    refused = runner.invoke(cli, ["--db", str(warehouse), "query", "DELETE FROM jobs"])
    assert refused.exit_code == 2
    assert "read-only: DELETE statements are refused" in refused.output
    assert "Traceback" not in refused.output


def test_every_named_query_runs(warehouse):
    names = query.named()
    assert {"hr_weekly", "hrbp_pay_by_city", "payroll_time_to_close"} <= set(names)
    pay = query.run(warehouse, names["hrbp_pay_by_city"])
    assert [r[0] for r in pay.rows] == ["Toronto", "Vancouver"]
    for sql in names.values():
        query.run(warehouse, sql)


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_export_since(warehouse, tmp_path, fmt):
    with db.session(warehouse, read_only=True) as con:
        everything = export.export(con, tmp_path / "all", fmt)
        recent = export.export(con, tmp_path / "recent", fmt, since=date(2026, 11, 1))
    assert everything["postings"] == 3 and recent["postings"] == 2
    assert recent["sources"] == everything["sources"] == 1
    con = duckdb.connect()
    if fmt == "parquet":
        months = con.execute(
            f"SELECT month, count(*) FROM read_parquet('{tmp_path}/all/postings/**/*.parquet',"
            " hive_partitioning = true) GROUP BY 1 ORDER BY 1"
        ).fetchall()
        assert months == [("2026-10", 1), ("2026-11", 2)]
    else:
        ext = "csv" if fmt == "csv" else "jsonl"
        reader = "read_csv" if fmt == "csv" else "read_json"
        n = con.execute(f"SELECT count(*) FROM {reader}('{tmp_path}/recent/jobs.{ext}')")
        assert n.fetchone() == (2,)


def test_snapshot_writes_every_table_and_view(warehouse, tmp_path):
    with db.session(warehouse, read_only=True) as con:
        folder = export.snapshot(con, tmp_path / "snap")
        names = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() UNION ALL"
                " SELECT view_name FROM duckdb_views() WHERE NOT internal"
            ).fetchall()
        }
    assert {p.stem for p in folder.glob("*.parquet")} == names
    n = duckdb.connect().execute(f"SELECT count(*) FROM '{folder}/postings.parquet'").fetchone()
    assert n == (3,)


@pytest.mark.parametrize(
    "sql",
    ["EXPLAIN ANALYZE COPY (SELECT * FROM jobs) TO '{out}'",
     "EXPLAIN COPY (SELECT * FROM jobs) TO '{out}'",
     "/* c */ EXPLAIN /* d */ ANALYZE COPY jobs TO '{out}'",
     "EXPLAIN ANALYZE SELECT count(*) FROM jobs",
     "EXPLAIN ANALYZE INSTALL httpfs", "INSTALL httpfs", "LOAD httpfs",
     "SET enable_external_access = true", "PRAGMA enable_profiling", "CALL pragma_version()",
     "SELECT 1; EXPLAIN ANALYZE COPY jobs TO '{out}'", "PIVOT jobs ON company"],
)  # fmt: skip
def test_query_refuses_statements_that_act(warehouse, tmp_path, sql):
    out = tmp_path / "written.csv"
    with pytest.raises(query.QueryRefused, match="read-only"):
        query.run(warehouse, sql.format(out=out))
    assert not out.exists(), "a refused query wrote a file"


@pytest.mark.parametrize(
    "sql",
    ["SELECT count(*) FROM jobs", "WITH j AS (SELECT * FROM jobs) SELECT count(*) FROM j",
     "FROM jobs SELECT count(*)", "SHOW TABLES", "DESCRIBE jobs", "SUMMARIZE jobs",
     "EXPLAIN SELECT count(*) FROM jobs", "-- why\nEXPLAIN SELECT 1", "VALUES (1)"],
)  # fmt: skip
def test_query_allows_reading(warehouse, sql):
    assert query.run(warehouse, sql).rows


def test_query_reads_only_the_warehouse(warehouse, tmp_path):
    """External access is off: another file can be neither read nor written, even from SELECT."""
    other = tmp_path / "other.csv"
    other.write_text("secret\nxyz\n")
    for sql in (f"SELECT * FROM read_csv('{other}')", f"SELECT * FROM '{other}'",
                "SELECT * FROM read_text('/etc/hostname')"):  # fmt: skip
        with pytest.raises(query.QueryRefused, match="reads only the warehouse"):
            query.run(warehouse, sql)


def test_a_sqlite_file_as_db_is_one_clear_line(tmp_path):
    """DuckDB would try to download its sqlite extension; eolist never lets it reach the network."""
    import sqlite3
    import time

    path = tmp_path / "not-duckdb.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (a)")
    con.commit()
    con.close()
    before = path.read_bytes()
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["--db", str(path), "query", "SELECT 1"])
    assert result.exit_code == 2, result.output
    assert "not a DuckDB database file" in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert "http" not in result.output and "Traceback" not in result.output
    with pytest.raises(db.WarehouseError, match="never downloads extensions"):
        db.connect(path)  # the read-write open (crawl, load, ui) says the same
    assert time.monotonic() - started < 5, "no download attempt (it takes seconds to fail)"
    assert path.read_bytes() == before
