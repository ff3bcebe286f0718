"""Nightly upkeep: close what is stale, by the same written policy the loader applies.

The loader closes postings as batches arrive (``warehouse.closing``). On a night with no load
nothing would close, so maintenance applies the two rules that need no new batch:

* **expiry**: an open posting whose own ``valid_through`` is past is closed ``expired``;
* **stale**: an open posting that ``lifecycle.misses_to_close(kind)`` *complete, ok* crawls of
  its source (``source_runs``) have started after it was last seen is closed ``missing from
  complete listing``. Only complete crawls count (``lifecycle.crawl_can_close``): a source that
  is failing, throttled, answered 304 or stopped part-way never makes its postings stale, and a
  source no longer crawled keeps its postings as they were. This recomputes from history what
  the loader's ``missed_crawls`` counter tracks, so it is a safety net, not a second policy.

Jobs of closed postings are refreshed. ``checkpoint`` folds the write-ahead log into the file.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import duckdb

from pipeline import lifecycle
from warehouse.jobs import refresh_jobs


def close_stale(con: duckdb.DuckDBPyConnection, now: datetime | None = None) -> Counter[str]:
    """Close expired and stale open postings in one transaction; closed count per source."""
    now = now or datetime.now(UTC)
    kinds = [k for (k,) in con.execute("SELECT DISTINCT source_kind FROM postings").fetchall()]
    limits = [lifecycle.misses_to_close(k) for k in kinds]
    closed: Counter[str] = Counter()
    con.execute("BEGIN TRANSACTION")
    try:
        expired = con.execute(
            "UPDATE postings SET closed_at = ?, close_reason = 'expired'"
            " WHERE closed_at IS NULL AND valid_through < ? RETURNING source_name, job_id",
            [now, now],
        ).fetchall()
        # Complete ok crawls of the posting's source started after it was last seen.
        stale = con.execute(
            "WITH limits AS (SELECT unnest(?::VARCHAR[]) AS kind, unnest(?::INTEGER[]) AS n),"
            " misses AS (SELECT p.posting_key, count(r.batch_id) AS missed, any_value(l.n) AS n"
            "  FROM postings p JOIN limits l ON l.kind = p.source_kind"
            "  JOIN source_runs r ON r.source_name = p.source_name AND r.status = 'ok'"
            "   AND r.complete AND r.started_at > p.last_seen_at"
            "  WHERE p.closed_at IS NULL GROUP BY p.posting_key)"
            " UPDATE postings SET closed_at = ?, close_reason = 'missing from complete listing'"
            " FROM misses m WHERE postings.posting_key = m.posting_key AND m.missed >= m.n"
            " RETURNING postings.source_name, postings.job_id",
            [kinds, limits, now],
        ).fetchall()
        rows = expired + stale
        closed.update(source for source, _ in rows)
        refresh_jobs(con, {job for _, job in rows if job})
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return closed


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """Write the WAL into the database file (smaller file, faster next open)."""
    con.execute("CHECKPOINT")
