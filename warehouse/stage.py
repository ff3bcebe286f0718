"""Staging a landing file for its load (``warehouse.load``): the file read once with DuckDB's
JSON reader into temporary tables, checked, and split by record kind.

``read`` runs before the load's transaction begins, so a line too long for the first read
fails a statement outside it and the file is read again (``warehouse.landing``); ``stage``
runs inside it. A file that cannot be read or checked is a ``LandingError``: the batch is
refused whole and set aside.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from warehouse.errors import LandingError
from warehouse.landing import (
    LONGEST_LINE_BYTES,
    RECORDS,
    read_json_sql,
    record_columns,
    required_columns,
)
from warehouse.load_record import keep_last


def short_error(e: Exception) -> str:
    """DuckDB's message on one line, without the file name the caller already gives."""
    return re.sub(r' in file "[^"]*",?', "", " ".join(str(e).split()))


# A source outcome's own columns: copying all of the landing file's (~80) costs ~1-2 ms more.
OUTCOME_COLUMNS = list(record_columns(RECORDS["SourceOutcome"]))


def read(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """The whole file into ``stage_postings`` (a temporary table), before the load's
    transaction begins: a line too long for the first read fails that statement, which would
    abort the transaction, and is then read again with room for the longest line."""
    read = "CREATE OR REPLACE TEMP TABLE stage_postings AS SELECT * FROM {}"
    try:
        try:
            con.execute(read.format(read_json_sql(path)))
        except duckdb.InvalidInputException as e:
            if "maximum_object_size" not in str(e):
                raise
            con.execute(read.format(read_json_sql(path, LONGEST_LINE_BYTES)))
    except duckdb.Error as e:
        raise LandingError(path, f"is not readable JSON Lines: {short_error(e)}") from e


def stage(con: duckdb.DuckDBPyConnection, path: Path) -> tuple:
    """Split the postings from the other records of the file ``read`` staged.

    Postings are most of a batch, so they stay in ``stage_postings`` and the few other
    records (outcomes, blog posts, the Batch record) are moved to ``stage``, rather than
    copying every posting a second time.
    """
    con.execute(
        "CREATE OR REPLACE TEMP TABLE stage AS SELECT * FROM stage_postings"
        " WHERE record IS DISTINCT FROM 'Posting'"
    )
    con.execute("DELETE FROM stage_postings WHERE record IS DISTINCT FROM 'Posting'")
    meta = con.execute(
        "SELECT run_id, batch_started_at, batch_finished_at FROM stage WHERE record = 'Batch'"
    ).fetchone()
    if meta is None:
        raise LandingError(path, "has no closing Batch record; it is incomplete")
    check_required(con, path)
    dups = con.execute(
        "SELECT count(*) - count(DISTINCT posting_key) FROM stage_postings"
    ).fetchone()
    if dups and dups[0]:
        # A listing may repeat a posting (pages shift while we read them): keep its last
        # sighting. The window sorts the whole batch, so it runs only when there are repeats.
        con.execute(
            "CREATE OR REPLACE TEMP TABLE stage_postings AS SELECT * FROM stage_postings"
            " QUALIFY row_number() OVER (PARTITION BY posting_key ORDER BY fetched_at DESC) = 1"
        )
    con.execute(
        f"CREATE TEMP TABLE stage_outcomes AS SELECT {', '.join(OUTCOME_COLUMNS)}"
        " FROM stage WHERE record = 'SourceOutcome'"
    )
    keep_last(con, "stage_outcomes", "source_name", "finished_at DESC NULLS FIRST")
    # Sources the warehouse does not know yet. An anti-join, not ON CONFLICT DO NOTHING:
    # DuckDB's conflict path costs ~3 ms a statement, a twentieth of a no-change batch's load.
    con.execute(
        "INSERT INTO sources (name, kind, url) SELECT source_name, any_value(source_kind),"
        " any_value(coalesce(source_url, '')) FROM stage_outcomes"
        " WHERE source_name NOT IN (SELECT name FROM sources) GROUP BY source_name"
    )
    return meta


def check_required(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a batch with a record of no known kind or missing a field it must have: such a
    line would otherwise drop out of the merge's joins unseen (a posting without its key)."""
    known = ", ".join(f"'{k}'" for k in (*RECORDS, "Batch"))
    # one statement for every check (each costs ~1-2 ms, in every batch's load)
    checks = [f"(SELECT count(*) FROM stage WHERE record IS NULL OR record NOT IN ({known}))"]
    for kind, cls in RECORDS.items():
        table = "stage_postings" if kind == "Posting" else "stage"
        counts = ", ".join(f"count(*) FILTER (WHERE {c} IS NULL)" for c in required_columns(cls))
        checks.append(f"(SELECT [{counts}] FROM {table} WHERE record = '{kind}')")
    unknown, *found = con.execute(f"SELECT {', '.join(checks)}").fetchone() or (0,)
    if unknown:
        raise LandingError(path, f"has {unknown} line(s) of no known record kind")
    for (kind, cls), nulls in zip(RECORDS.items(), found, strict=True):
        cols = required_columns(cls)
        missing = [f"{n} without {c}" for c, n in zip(cols, nulls, strict=True) if n]
        if missing:
            raise LandingError(path, f"has {kind} records missing fields: {', '.join(missing)}")
