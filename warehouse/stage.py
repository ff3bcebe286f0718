"""Staging a landing file for its load (``warehouse.load``): the file read with DuckDB's JSON
reader into temporary tables by record kind, and checked. Of the postings only the columns
their decision reads are copied; the rest is read from the file again for the rows written.

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
POSTING_COLUMNS = list(record_columns(RECORDS["Posting"]))
# What deciding a posting reads (``warehouse.merge``): its key, fingerprint and digest, the
# sighting's times and URLs, and the fields ``check_required`` checks. Only these are copied
# into ``stage_postings``; the texts stay in the file (``stage_rows``). Copying every column
# of every posting was most of a large load's read: 100k postings (288 MB) took 0.55-0.6 s,
# these columns take 0.15-0.21 s, the file's parse alone 0.16 s.
DECIDING = list(
    dict.fromkeys(
        [
            "posting_key",
            "source_name",
            "fingerprint",
            "record_digest",
            "fetched_at",
            "valid_through",
            "url",
            "apply_url",
            *required_columns(RECORDS["Posting"]),
        ]
    )
)


def read(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Stage the file before the load's transaction begins: the records other than postings
    whole (``stage``), the postings' deciding columns (``stage_postings``), and a view of
    every column of the postings, read from the file (``stage_rows``). The merge reads that
    view only for the rows it writes, which DuckDB streams from the file into ``postings``.

    The first read runs outside the transaction: a line too long for it fails that
    statement, which would abort the transaction, and the file is read again with room for
    the longest line. Every later read of the file uses the size that worked.
    """
    others = (
        "CREATE OR REPLACE TEMP TABLE stage AS SELECT * FROM {}"
        " WHERE record IS DISTINCT FROM 'Posting'"
    )
    source = read_json_sql(path)
    try:
        try:
            con.execute(others.format(source))
        except duckdb.InvalidInputException as e:
            if "maximum_object_size" not in str(e):
                raise
            source = read_json_sql(path, LONGEST_LINE_BYTES)
            con.execute(others.format(source))
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE stage_postings AS SELECT {', '.join(DECIDING)}"
            f" FROM {source} WHERE record = 'Posting'"
        )
    except duckdb.Error as e:
        raise LandingError(path, f"is not readable JSON Lines: {short_error(e)}") from e
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW stage_rows AS SELECT {', '.join(POSTING_COLUMNS)}"
        f" FROM {source} WHERE record = 'Posting'"
    )


def stage(con: duckdb.DuckDBPyConnection, path: Path) -> tuple:
    """Check what ``read`` staged, stage the source outcomes and record sources not known
    yet; returns the Batch record's (run_id, started_at, finished_at)."""
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
        # sighting. The rows kept are copied out of the file whole and both staged forms of
        # the postings read that copy, so they agree on which sighting is kept. The window
        # sorts the whole batch, so it runs only when there are repeats.
        con.execute(
            "CREATE OR REPLACE TEMP TABLE stage_kept AS SELECT * FROM stage_rows"
            " QUALIFY row_number() OVER (PARTITION BY posting_key ORDER BY fetched_at DESC) = 1"
        )
        con.execute("CREATE OR REPLACE TEMP VIEW stage_rows AS SELECT * FROM stage_kept")
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE stage_postings AS SELECT {', '.join(DECIDING)}"
            " FROM stage_kept"
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
        counts = ", ".join(f"count(*) FILTER (WHERE {c} IS NULL)" for c in required_columns(cls))
        rows = "stage_postings" if kind == "Posting" else f"stage WHERE record = '{kind}'"
        checks.append(f"(SELECT [{counts}] FROM {rows})")
    unknown, *found = con.execute(f"SELECT {', '.join(checks)}").fetchone() or (0,)
    if unknown:
        raise LandingError(path, f"has {unknown} line(s) of no known record kind")
    for (kind, cls), nulls in zip(RECORDS.items(), found, strict=True):
        cols = required_columns(cls)
        missing = [f"{n} without {c}" for c, n in zip(cols, nulls, strict=True) if n]
        if missing:
            raise LandingError(path, f"has {kind} records missing fields: {', '.join(missing)}")
