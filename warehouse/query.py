"""Read-only SQL for analysts: ``eolist query "SQL"`` and the named queries.

Only statements that read are let through, as DuckDB's own parser classes them
(``duckdb.extract_statements``): SELECT (which covers WITH, FROM-first, VALUES, SHOW, DESCRIBE
and SUMMARIZE) and a plain EXPLAIN of one of those. Anything else is refused with one sentence
before it reaches DuckDB: PRAGMA and CALL too (they reach settings and functions that act),
and ``EXPLAIN ANALYZE``, which *runs* what it explains (``EXPLAIN ANALYZE COPY ... TO`` wrote
files). The connection is the second line of defence: opened ``read_only`` (sharing the file
with other readers, waiting out a writer like every eolist process), with external access and
extension loading off and its configuration locked, so even a statement that slipped through
could neither touch another file nor reach the network. Named queries are
``warehouse/queries/<name>.sql``, the doc's examples.
"""

from __future__ import annotations

import csv
import io
import json
import re
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

READING = {"SELECT"}
# EXPLAIN at the start of a statement, after any comments; what follows must itself be a SELECT
_EXPLAIN = re.compile(r"^(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*EXPLAIN\b", re.IGNORECASE | re.DOTALL)
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
        if kind == "EXPLAIN":
            _check_explain(st.query)
        elif kind not in READING:
            raise QueryRefused(
                f"eolist query is read-only: {kind} statements are refused"
                " (use eolist export to write files)"
            )


def _check_explain(text: str) -> None:
    """Plain EXPLAIN of one reading statement; EXPLAIN ANALYZE (or options) runs it: refused."""
    m = _EXPLAIN.match(text)
    rest = text[m.end() :] if m else ""
    try:
        inner = duckdb.extract_statements(rest) if m else []
    except duckdb.Error:
        inner = []
    if len(inner) != 1 or inner[0].type.name not in READING:
        raise QueryRefused(
            "eolist query is read-only: EXPLAIN ANALYZE (which runs the statement) and EXPLAIN"
            " of anything but a SELECT are refused; plain EXPLAIN SELECT ... is allowed"
        )


def run(path: str | Path, sql: str, wait_s: float | None = None) -> Result:
    """Run ``sql`` read-only on the warehouse; the last statement's rows are returned."""
    check_read_only(sql)
    with session(path, read_only=True, wait_s=wait_s, external_access=False) as con:
        try:
            cur = con.execute(sql)
            columns = [d[0] for d in cur.description or []]
            rows = cur.fetchall() if columns else []
        except duckdb.Error as e:
            if "read-only" in str(e):
                raise QueryRefused(f"eolist query is read-only: {e}") from e
            if "disabled by configuration" in str(e):
                raise QueryRefused(
                    f"eolist query reads only the warehouse: {_first_line(e)}"
                    " (see docs/warehouse.md to read other files)"
                ) from e
            raise QueryRefused(f"the query failed: {e}") from e
    return Result(columns, rows)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0]


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
