"""Run reports: what each source did in a set of crawl batches (named queries, no writes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

REPORT_COLUMNS = (
    "source_name",
    "source_kind",
    "status",
    "complete",
    "pages",
    "fetched",
    "new",
    "changed",
    "unchanged",
    "closed",
    "dropped_non_hr",
    "not_modified",
    "error",
    "skipped",
    "diagnosis",
)


def run_report(con: duckdb.DuckDBPyConnection, batch_ids: Sequence[str]) -> list[dict[str, Any]]:
    """One row per source across the given batches: failures, then empty, suspect and
    partial listings (ok but incomplete), then the rest, each by name."""
    if not batch_ids:
        return []
    cols = ", ".join(REPORT_COLUMNS)
    rows = con.execute(
        f"SELECT {cols} FROM source_runs WHERE batch_id IN (SELECT unnest(?))"
        " ORDER BY CASE status WHEN 'failed' THEN 0 WHEN 'empty' THEN 1 WHEN 'suspect' THEN 1"
        " WHEN 'ok' THEN CASE WHEN complete THEN 2 ELSE 1 END ELSE 2 END, source_name",
        [list(batch_ids)],
    ).fetchall()
    return [dict(zip(REPORT_COLUMNS, r, strict=True)) for r in rows]


def totals(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    out = {}
    for table in ("sources", "postings", "jobs", "blog_posts"):
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        out[table] = int(row[0]) if row else 0
    # ``crawl_runs`` holds one row per *batch*: runs are counted by run id (a batch loaded
    # without one counts as its own run), batches beside them, so neither passes for the other
    row = con.execute(
        "SELECT count(DISTINCT coalesce(run_id, batch_id)), count(*) FROM crawl_runs"
    ).fetchone()
    out["crawl_runs"], out["crawl_batches"] = (int(row[0]), int(row[1])) if row else (0, 0)
    row = con.execute("SELECT count(*) FROM open_jobs").fetchone()
    out["open_jobs"] = int(row[0]) if row else 0
    return out
