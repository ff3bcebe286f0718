"""Analyst exports and Parquet snapshots, written by DuckDB's own COPY.

``export`` writes the analyst's tables (``EXPORTED``) as CSV (with a header), JSON Lines or
Parquet into one folder, optionally only rows first seen since a date (versions: seen since).
Parquet is partitioned by month (``<table>/month=2026-11/data_0.parquet``, hive style) so a
large export stays a set of files readers can prune; read it back with
``read_parquet('<out>/jobs/**/*.parquet', hive_partitioning = true)``.

``snapshot`` writes every table and view as one Parquet file each into a new folder, renamed
into place only when complete, for the maintenance flow (backups, or analysts who want to
keep a copy open without holding the database).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb

from warehouse.errors import WarehouseError

FORMATS = ("csv", "json", "parquet")
# table -> the time column that --since filters on and Parquet partitions by (None: whole table)
EXPORTED: dict[str, str | None] = {
    "jobs": "first_seen_at",
    "postings": "first_seen_at",
    "posting_versions": "seen_at",
    "blog_posts": "first_seen_at",
    "sources": None,
}


def _q(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export(
    con: duckdb.DuckDBPyConnection, out: Path, fmt: str, since: date | None = None
) -> dict[str, int]:
    """Write the exported tables to ``out``; returns rows written per table."""
    if fmt not in FORMATS:
        raise WarehouseError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table, when in EXPORTED.items():
        where, params = "", []
        if since and when:
            where, params = f" WHERE {when} >= ?", [since]
        select = f"SELECT * FROM {table}{where}"
        if fmt == "parquet":
            target = out / table
            shutil.rmtree(target, ignore_errors=True)
            if when:
                select = (
                    f"SELECT *, strftime(timezone('UTC', {when}), '%Y-%m') AS month"
                    f" FROM {table}{where}"
                )
                options = "FORMAT parquet, PARTITION_BY (month), COMPRESSION zstd"
            else:
                target = out / f"{table}.parquet"
                options = "FORMAT parquet, COMPRESSION zstd"
        elif fmt == "csv":
            target, options = out / f"{table}.csv", "FORMAT csv, HEADER"
            select = f"SELECT {_csv_safe_columns(con, table)} FROM {table}{where}"
        else:
            target, options = out / f"{table}.jsonl", "FORMAT json"
        row = con.execute(f"COPY ({select}) TO {_q(target)} ({options})", params).fetchone()
        counts[table] = int(row[0]) if row else 0
    return counts


def _csv_safe_columns(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """Select list for a CSV export: text a spreadsheet would evaluate as a formula (starting
    with = + - @, tab or CR) gets a leading apostrophe, as ``pipeline.safety.csv_cell`` does."""
    cols = con.execute(f"DESCRIBE {table}").fetchall()
    starts = "'=', '+', '-', '@', chr(9), chr(13)"
    quote = "''''"
    out = []
    for name, sql_type, *_ in cols:
        ident = '"' + name.replace('"', '""') + '"'
        if sql_type == "VARCHAR":
            out.append(
                f"CASE WHEN left({ident}, 1) IN ({starts}) THEN {quote} || {ident}"
                f" ELSE {ident} END AS {ident}"
            )
        else:
            out.append(ident)
    return ", ".join(out)


def snapshot(con: duckdb.DuckDBPyConnection, folder: Path) -> Path:
    """Every table and view as ``folder/<name>.parquet`` plus ``snapshot.sql``
    (``warehouse.snapshot``); the folder appears only when whole."""
    from warehouse import snapshot as snap

    return snap.write(con, folder).folder
