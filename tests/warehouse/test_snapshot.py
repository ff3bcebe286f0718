"""eolist snapshot: a read-only copy any DuckDB reopens, and the version docs/warehouse.md names."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
from click.testing import CliRunner

from cli.main import cli
from tests.conftest import ROOT, make_posting, outcome, write_batch
from warehouse import db
from warehouse.load import load_batch


def _warehouse(folder: Path) -> Path:
    path = folder / "w.duckdb"
    batch = write_batch(
        folder / "landing",
        "b1",
        [make_posting("1"), make_posting("2", title="Payroll Lead O'Neil"), outcome(fetched=2)],
    )
    with db.session(path) as con:
        load_batch(con, batch)
    return path


def test_snapshot_reopens_in_a_fresh_duckdb_after_the_folder_moved(tmp_path):
    path = _warehouse(tmp_path)
    out = tmp_path / "snap"
    result = CliRunner().invoke(cli, ["--db", str(path), "snapshot", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"written to {out}" in result.output
    moved = tmp_path / "elsewhere" / "copy"
    moved.parent.mkdir()
    shutil.move(out, moved)  # relative paths: the folder works wherever it goes

    fresh = duckdb.connect()
    fresh.execute(f"SET file_search_path = '{moved}'")
    fresh.execute((moved / "snapshot.sql").read_text(encoding="utf-8"))
    with db.session(path, read_only=True) as con:
        names = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' UNION ALL"
                " SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'"
            ).fetchall()
        ]
        counts = {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone() for n in names}
        titles = con.execute("SELECT posting_key, title FROM postings ORDER BY 1").fetchall()
    assert "open_jobs" in names and "postings" in names
    assert {n: fresh.execute(f'SELECT count(*) FROM "{n}"').fetchone() for n in names} == counts
    assert counts["postings"] == (2,)
    assert (
        fresh.execute("SELECT posting_key, title FROM postings ORDER BY 1").fetchall()
        == [
            ("acme:1", "HR Business Partner 1"),
            ("acme:2", "Payroll Lead O'Neil"),
        ]
        == titles
    )
    assert fresh.execute("SELECT count(*) FROM open_jobs").fetchone() == counts["open_jobs"]


def test_snapshot_refuses_an_existing_folder_in_one_line(tmp_path):
    path = _warehouse(tmp_path)
    (tmp_path / "taken").mkdir()
    result = CliRunner().invoke(
        cli, ["--db", str(path), "snapshot", "--out", str(tmp_path / "taken")]
    )
    assert result.exit_code == 2
    assert "already exists" in result.output and "Traceback" not in result.output


def test_docs_name_the_duckdb_version_that_opens_the_warehouse(tmp_path):
    path = _warehouse(tmp_path)
    with db.session(path, read_only=True) as con:
        tags = con.execute(
            "SELECT tags FROM duckdb_databases() WHERE database_name = current_database()"
        ).fetchone()
    # e.g. 'v2.0.0+': the storage format this file was written in
    version = re.match(r"v(\d+\.\d+)", tags[0]["storage_version"]).group(1)
    text = (ROOT / "docs" / "warehouse.md").read_text(encoding="utf-8")
    assert "eolist snapshot" in text
    assert re.search(rf"DuckDB {re.escape(version)}(\.\d+)? or newer", text), (
        f"docs/warehouse.md must name DuckDB {version} as the oldest that opens the file"
    )
