"""eolist query (read-only, formats, named queries) and export (csv, json, parquet, snapshot)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import duckdb
import pytest
from click.testing import CliRunner

from flows.cli import cli
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
