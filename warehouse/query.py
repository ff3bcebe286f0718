"""Read-only SQL for analysts: ``eolist query "SQL"`` and the named queries.

A query runs on a connection opened ``read_only`` (so it shares the file with other readers,
and waits out a writer like every eolist process), and only statements that read are let
through: SELECT (with DESCRIBE, SHOW, SUMMARIZE), EXPLAIN, PRAGMA and CALL. Anything else is
refused with one sentence before it reaches DuckDB; the read-only connection is the second
line of defence. Named queries are ``warehouse/queries/<name>.sql``, the doc's examples.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from pipeline.safety import csv_cell
from warehouse.db import session
from warehouse.errors import WarehouseError

READING = {"SELECT", "EXPLAIN", "PRAGMA", "CALL"}
FORMATS = ("table", "csv", "json")


class QueryRefused(WarehouseError):
    """The statement would write, or is not SQL DuckDB can parse: fix the query."""


@dataclass
class Result:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def check_read_only(sql: str) -> None:
    """Refuse anything but reading statements, naming the first offender."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as e:
        raise QueryRefused(f"the query is not valid SQL: {e}") from e
    if not statements:
        raise QueryRefused("the query is empty")
    for st in statements:
        kind = st.type.name
        if kind not in READING:
            raise QueryRefused(
                f"eolist query is read-only: {kind} statements are refused"
                " (use eolist export to write files)"
            )


def run(path: str | Path, sql: str, wait_s: float | None = None) -> Result:
    """Run ``sql`` read-only on the warehouse; the last statement's rows are returned."""
    check_read_only(sql)
    kwargs = {} if wait_s is None else {"wait_s": wait_s}
    with session(path, read_only=True, **kwargs) as con:
        try:
            cur = con.execute(sql)
            columns = [d[0] for d in cur.description or []]
            rows = cur.fetchall() if columns else []
        except duckdb.Error as e:
            if "read-only" in str(e):
                raise QueryRefused(f"eolist query is read-only: {e}") from e
            raise QueryRefused(f"the query failed: {e}") from e
    return Result(columns, rows)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def to_csv(result: Result) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        # Scraped text goes to spreadsheets: a cell that would be a formula is neutralized.
        writer.writerow(
            [
                csv_cell(json.dumps(_plain(v)) if isinstance(v, list | dict) else _plain(v))
                for v in row
            ]
        )
    return buf.getvalue()


def to_json(result: Result) -> str:
    """A JSON array of objects, one per row (datetimes in ISO 8601)."""
    rows = [dict(zip(result.columns, map(_plain, r), strict=True)) for r in result.rows]
    return json.dumps(rows, ensure_ascii=False, indent=1)


def named() -> dict[str, str]:
    """Named queries: name -> SQL, from ``warehouse/queries/*.sql``."""
    folder = resources.files("warehouse.queries")
    return {
        Path(e.name).stem: e.read_text(encoding="utf-8")
        for e in folder.iterdir()
        if e.name.endswith(".sql")
    }
