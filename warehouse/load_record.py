"""The rest of a landing batch, after its postings: blog posts, source health, the run.

Called by ``warehouse.load.load_batch`` inside its first transaction, with the batch staged
in the temp tables ``stage`` and ``stage_outcomes``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from pipeline import lifecycle, records
from warehouse.jobs import JobsReport
from warehouse.landing import record_columns
from warehouse.quarantine import Quarantined

BLOG_COLUMNS = list(record_columns(records.BlogPost))


@dataclass
class SourceCounts:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    closed: int = 0


@dataclass
class BatchReport:
    batch_id: str
    already_loaded: bool = False
    postings: int = 0
    blog_posts: int = 0
    per_source: dict[str, SourceCounts] = field(default_factory=dict)
    jobs: JobsReport | None = None  # what settling the jobs did (None: nothing to do)
    merge_seconds: float = 0.0  # landing file to committed postings
    jobs_seconds: float = 0.0  # matching and rebuilding jobs, committed
    quarantined: Quarantined | None = None  # refused whole and set aside: nothing loaded
    stopped: str | None = None  # the disk refused a write: loading stopped here (one line)


def keep_last(con: duckdb.DuckDBPyConnection, table: str, key: str, order: str) -> None:
    """Keep one row per ``key`` in temp table ``table``: the first by ``order``.

    A window over the staged records' seventy-odd columns costs ~40 ms even for 200 rows (a
    third of a small batch's load), and a batch rarely repeats a key: the window runs only
    when a cheap count finds a repeat."""
    row = con.execute(f"SELECT count(*) - count(DISTINCT {key}) FROM {table}").fetchone()
    if row and row[0]:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM {table}"
            f" QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY {order}) = 1"
        )


def merge_blog_posts(con: duckdb.DuckDBPyConnection, report: BatchReport) -> int:
    """Upsert blog posts; count new / changed / unchanged per source into the run report.

    An entry's key is global (``spiders.feeds``): the same post from a second feed is
    ``unchanged`` there, and keeps the ``source_name`` that first brought it.
    """
    cols = [c for c in BLOG_COLUMNS if c != "fetched_at"]
    select = ", ".join(f"s.{c}" for c in cols)
    kept = ("entry_key", "source_name")
    updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c not in kept)
    # a blog post's own columns: copying all of the landing file's (~80) costs ~1-2 ms more
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE stage_blog AS SELECT {', '.join(BLOG_COLUMNS)}"
        " FROM stage WHERE record = 'BlogPost'"
    )
    keep_last(con, "stage_blog", "entry_key", "fetched_at DESC")  # a post in two feeds: once
    staged = con.execute("SELECT count(*) FROM stage_blog").fetchone()
    if not (staged and staged[0]):  # job boards, unchanged feeds: the upsert's ~10 ms saved
        con.execute("DROP TABLE IF EXISTS temp.stage_blog")
        return 0
    rows = con.execute(
        "SELECT s.source_name, CASE WHEN b.entry_key IS NULL THEN 'new'"
        " WHEN b.fingerprint <> s.fingerprint THEN 'changed' ELSE 'unchanged' END, count(*)"
        " FROM stage_blog s LEFT JOIN blog_posts b USING (entry_key) GROUP BY ALL"
    ).fetchall()
    for source, change, count in rows:
        counts = report.per_source.setdefault(source, SourceCounts())
        setattr(counts, change, getattr(counts, change) + count)
    n = con.execute(
        f"""
        INSERT INTO blog_posts ({", ".join(cols)}, version, first_seen_at, last_seen_at)
        SELECT {select}, 1, s.fetched_at, s.fetched_at FROM stage_blog s
        ON CONFLICT (entry_key) DO UPDATE SET {updates},
            version = CASE WHEN blog_posts.fingerprint <> excluded.fingerprint
                           THEN blog_posts.version + 1 ELSE blog_posts.version END,
            last_seen_at = greatest(blog_posts.last_seen_at, excluded.last_seen_at)
        RETURNING 1
        """
    ).fetchall()
    con.execute("DROP TABLE IF EXISTS temp.stage_blog")
    return len(n)


def record_batch(
    con: duckdb.DuckDBPyConnection,
    batch_id: str,
    path: str | Path,
    meta: tuple,
    now: datetime,
    report: BatchReport,
) -> None:
    """Source runs and health, the crawl run and the batch itself: a few set-based writes."""
    run_id, started_at, finished_at = meta
    names = [r[0] for r in con.execute("SELECT source_name FROM stage_outcomes").fetchall()]
    counts = [report.per_source.setdefault(n, SourceCounts()) for n in names]
    # delete, then insert: as INSERT OR REPLACE does, at a third of its cost in DuckDB
    con.execute(
        "DELETE FROM source_runs WHERE batch_id = ?"
        " AND source_name IN (SELECT source_name FROM stage_outcomes)",
        [batch_id],
    )
    con.execute(
        """INSERT INTO source_runs
        SELECT ?, o.source_name, o.source_kind, o.status, o.complete, o.pages, o.fetched,
               o.dropped_non_hr, o.not_modified, c.new, c.changed, c.unchanged, c.closed,
               o.error, o.started_at, o.finished_at, coalesce(o.skipped, 0), o.diagnosis,
               o.listed, coalesce(o.unchanged_pages, 0)
        FROM stage_outcomes o JOIN (SELECT unnest(?::VARCHAR[]) AS source_name,
            unnest(?::INTEGER[]) AS new, unnest(?::INTEGER[]) AS changed,
            unnest(?::INTEGER[]) AS unchanged, unnest(?::INTEGER[]) AS closed) c
        USING (source_name)""",
        [batch_id, names, *([getattr(c, k) for c in counts]
                            for k in ("new", "changed", "unchanged", "closed"))],
    )  # fmt: skip
    failed = con.execute(
        "SELECT o.source_name, s.consecutive_failures, o.retry_after_s FROM stage_outcomes o"
        " JOIN sources s ON s.name = o.source_name WHERE o.status = 'failed'"
    ).fetchall()
    if failed:
        # Back off by the written policy, or longer when the site asked (Retry-After).
        waits = [lifecycle.next_wait(f + 1, retry) for _, f, retry in failed]
        con.execute(
            """UPDATE sources SET last_attempt_at = coalesce(o.finished_at, ?),
                last_error = o.error, consecutive_failures = sources.consecutive_failures + 1,
                next_attempt_at = coalesce(o.finished_at, ?) + to_seconds(w.wait)
            FROM stage_outcomes o JOIN (SELECT unnest(?::VARCHAR[]) AS source_name,
                                              unnest(?::DOUBLE[]) AS wait) w USING (source_name)
            WHERE sources.name = o.source_name""",
            [now, now, [f[0] for f in failed], waits],
        )
    con.execute(
        """UPDATE sources SET last_attempt_at = coalesce(o.finished_at, ?),
            last_ok_at = coalesce(o.finished_at, ?), last_error = NULL, consecutive_failures = 0,
            next_attempt_at = coalesce(o.finished_at, ?)
                + to_seconds(least(coalesce(o.retry_after_s, 0), ?)),
            etag = coalesce(o.etag, sources.etag),
            last_modified = coalesce(o.last_modified, sources.last_modified),
            content_hash = coalesce(o.content_hash, sources.content_hash)
        FROM stage_outcomes o
        WHERE sources.name = o.source_name AND o.status IN ('ok', 'not_modified')""",
        [now, now, now, lifecycle.BACKOFF_CAP.total_seconds()],
    )
    # Empty and suspect listings answered, so they do not back off; they are not ok either
    # (last_ok_at stays), and keep no validators, so the next crawl reads them again in full.
    con.execute(
        """UPDATE sources SET last_attempt_at = coalesce(o.finished_at, ?), last_error = NULL,
            consecutive_failures = 0, next_attempt_at = coalesce(o.finished_at, ?)
                + to_seconds(least(coalesce(o.retry_after_s, 0), ?))
        FROM stage_outcomes o
        WHERE sources.name = o.source_name AND o.status IN ('empty', 'suspect')""",
        [now, now, lifecycle.BACKOFF_CAP.total_seconds()],
    )
    totals = [sum(getattr(c, k) for c in report.per_source.values()) for k in
              ("new", "changed", "unchanged", "closed")]  # fmt: skip
    n_failed = len(failed)
    status = "failed" if names and n_failed == len(names) else ("partial" if n_failed else "ok")
    fetched = con.execute("SELECT coalesce(sum(fetched), 0) FROM stage_outcomes").fetchone()
    con.execute(
        "INSERT INTO crawl_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [batch_id, run_id, started_at, finished_at, status, len(names), n_failed,
         fetched[0] if fetched else 0, *totals, now],
    )  # fmt: skip
    records_n = con.execute(
        "SELECT (SELECT count(*) FROM stage) + (SELECT count(*) FROM stage_postings)"
    ).fetchone()
    con.execute(
        "INSERT INTO landing_batches VALUES (?, ?, ?, ?)",
        [batch_id, str(path), records_n[0] if records_n else 0, now],
    )
    # A batch set aside before, mended and moved back by the operator: no longer lost.
    con.execute("DELETE FROM quarantined_batches WHERE batch_id = ?", [batch_id])
