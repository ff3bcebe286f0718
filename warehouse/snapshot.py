"""A read-only copy of the warehouse for long analyst sessions: Parquet plus ``snapshot.sql``.

DuckDB lets no other process open the file while a reader holds it for a long time without
making the next load wait (docs/warehouse.md, "Sharing the file"), so an analyst who wants a
session of hours works on a copy: every table and view of ``main`` as ``<name>.parquet``,
all read in one transaction (one consistent state, even while a load waits), and a
``snapshot.sql`` that reopens each file as a view of the same name in any DuckDB.

The paths in ``snapshot.sql`` are relative, so the folder can be moved or copied to another
machine. DuckDB resolves a relative path against its working directory, or against
``file_search_path``: run ``duckdb -init snapshot.sql`` inside the folder, or
``SET file_search_path = '<folder>'`` first. The folder appears under its name only when
whole (written as ``<name>.partial``, then renamed), so a snapshot that stopped part-way is
never mistaken for one.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.db import rollback
from warehouse.errors import WarehouseError

REOPEN_FILE = "snapshot.sql"


@dataclass(frozen=True)
class Snapshot:
    folder: Path
    rows: dict[str, int]  # table or view -> rows written
    bytes: int  # the Parquet files' size on disk


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def relations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The warehouse's own tables and views (schema ``main``), by name."""
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT temporary AND schema_name = 'main'"
        " AND database_name = current_database()"
        " UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal AND NOT temporary"
        " AND schema_name = 'main' AND database_name = current_database() ORDER BY 1"
    ).fetchall()
    return [name for (name,) in rows]


def reopen_sql(names: list[str]) -> str:
    """``snapshot.sql``: one view per Parquet file, by a path relative to the folder."""
    lines = [
        "-- eolist snapshot: reopens every table and view as a view over its Parquet file.",
        "-- Paths are relative: run inside this folder (duckdb -init snapshot.sql), or first",
        "-- SET file_search_path = '<this folder>';",
    ]
    for name in names:
        lines.append(
            f"CREATE OR REPLACE VIEW {_ident(name)} AS"
            f" SELECT * FROM read_parquet({_q(name + '.parquet')});"
        )
    return "\n".join(lines) + "\n"


def write(con: duckdb.DuckDBPyConnection, folder: Path) -> Snapshot:
    """Write every table and view to ``folder`` (which must not exist) with ``snapshot.sql``."""
    if folder.exists():
        raise WarehouseError(f"snapshot folder {folder} already exists; choose a new one")
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        names = relations(con)
        rows: dict[str, int] = {}
        # One transaction: every file shows the same moment of the warehouse.
        con.execute("BEGIN TRANSACTION")
        for name in names:
            target = str(partial / f"{name}.parquet")
            row = con.execute(
                f"COPY (SELECT * FROM {_ident(name)}) TO {_q(target)}"
                " (FORMAT parquet, COMPRESSION zstd)"
            ).fetchone()
            rows[name] = int(row[0]) if row else 0
        con.execute("COMMIT")
        (partial / REOPEN_FILE).write_text(reopen_sql(names), encoding="utf-8")
        size = sum(p.stat().st_size for p in partial.glob("*.parquet"))
        partial.rename(folder)
    except BaseException:
        rollback(con)
        shutil.rmtree(partial, ignore_errors=True)  # half a snapshot is no snapshot
        raise
    return Snapshot(folder, rows, size)
