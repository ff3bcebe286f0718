"""Loading one landing batch: read, decide, write, in one transaction.

Stages (each a named function below): stage the file with DuckDB's JSON reader; sort incoming
postings into new / changed / unchanged against ``postings`` (by fingerprint); write them and
their ``posting_versions``; close what the lifecycle policy says is gone (``pipeline.lifecycle``);
refresh the ``jobs`` they belong to; upsert blog posts; record source health, the run and the
batch itself. The batch is recorded in ``landing_batches`` inside the same transaction, so a
load that dies part-way leaves nothing behind and the batch loads cleanly next time, and a
batch already loaded is skipped (loads are idempotent).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipeline import lifecycle, records
from pipeline.build import FINGERPRINT_FIELDS
from warehouse import closing
from warehouse.db import session
from warehouse.errors import LandingError
from warehouse.jobs import update_jobs
from warehouse.landing import pending_batches, read_json_sql, record_columns

POSTING_COLUMNS = list(record_columns(records.Posting))
BLOG_COLUMNS = list(record_columns(records.BlogPost))
# Content columns compared to say *what* changed in a posting_versions row: the fingerprint's
# own fields (so a new version always names its change) plus the classification.
COMPARED = [*FINGERPRINT_FIELDS, "hr_category"]
# Every stored column a landing record sets: any difference means the row is written again.
_CONTENT = [c for c in POSTING_COLUMNS if c not in ("posting_key", "fetched_at")]
# The columns a posting's history keeps across sightings (the rest come from the landing record).
_HISTORY = ["version", "first_seen_at", "last_seen_at", "closed_at", "close_reason",
            "missed_crawls", "reposted", "job_id"]  # fmt: skip


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


def load_batch(
    con: duckdb.DuckDBPyConnection, path: Path, now: datetime | None = None
) -> BatchReport:
    """Load one landing file; a batch already loaded changes nothing."""
    batch_id = path.stem
    report = BatchReport(batch_id)
    if con.execute("SELECT 1 FROM landing_batches WHERE batch_id = ?", [batch_id]).fetchone():
        report.already_loaded = True
        return report
    now = now or datetime.now(UTC)
    con.execute("BEGIN TRANSACTION")
    try:
        meta = _stage(con, path)
        report.postings = _merge_postings(con, batch_id, report)
        for source, n in closing.close_postings(con, now).items():
            report.per_source.setdefault(source, SourceCounts()).closed += n
        update_jobs(con, now, batch_id)
        report.blog_posts = _merge_blog_posts(con, report)
        _record(con, batch_id, path, meta, now, report)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        for t in ("stage", "stage_postings", "stage_outcomes", "incoming", "kept", "close_plan"):
            con.execute(f"DROP TABLE IF EXISTS temp.{t}")
    return report


def load_pending(
    db_path: str | Path, landing: Path, now: datetime | None = None
) -> list[BatchReport]:
    """Load every complete landing batch not loaded yet, oldest first, one session per batch.

    Each batch opens and closes the file, so the curation page and ``eolist query`` get it
    between batches instead of waiting for the whole backlog.
    """
    with session(db_path) as con:
        loaded = {r[0] for r in con.execute("SELECT batch_id FROM landing_batches").fetchall()}
    reports = []
    for path in pending_batches(landing, loaded):
        with session(db_path) as con:
            reports.append(load_batch(con, path, now))
    return reports


def _stage(con: duckdb.DuckDBPyConnection, path: Path) -> tuple:
    """Read the file once with DuckDB's JSON reader; split postings from the other records.

    Postings are most of a batch, so the file is read straight into ``stage_postings`` and
    the few other records (outcomes, blog posts, the Batch record) are moved to ``stage``,
    rather than copying every posting a second time.
    """
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE stage_postings AS SELECT * FROM {read_json_sql(path)}"
        )
    except duckdb.Error as e:
        raise LandingError(f"landing batch {path} is not readable JSON Lines: {e}") from e
    con.execute(
        "CREATE OR REPLACE TEMP TABLE stage AS SELECT * FROM stage_postings"
        " WHERE record IS DISTINCT FROM 'Posting'"
    )
    con.execute("DELETE FROM stage_postings WHERE record IS DISTINCT FROM 'Posting'")
    meta = con.execute(
        "SELECT run_id, batch_started_at, batch_finished_at FROM stage WHERE record = 'Batch'"
    ).fetchone()
    if meta is None:
        raise LandingError(f"landing batch {path} has no closing Batch record; it is incomplete")
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
        "CREATE TEMP TABLE stage_outcomes AS SELECT * FROM stage WHERE record = 'SourceOutcome'"
        " QUALIFY row_number() OVER (PARTITION BY source_name ORDER BY finished_at DESC NULLS"
        " FIRST) = 1"
    )
    con.execute(
        "INSERT INTO sources (name, kind, url) SELECT source_name, any_value(source_kind),"
        " any_value(coalesce(source_url, '')) FROM stage_outcomes GROUP BY source_name"
        " ON CONFLICT (name) DO NOTHING"
    )
    return meta


def _merge_postings(con: duckdb.DuckDBPyConnection, batch_id: str, report: BatchReport) -> int:
    """Decide new / changed / unchanged, then write each kind with the cheapest statement.

    ``change`` (and versions) follow the fingerprint; ``rewrite`` marks known postings whose
    stored columns differ in any way (derived values such as the category follow our rules,
    not the fingerprint), which are written again whole. Every known posting gets its
    sighting recorded with a narrow update, so unchanged descriptions are never copied.
    """
    diffs = ", ".join(f"CASE WHEN p.{c} IS DISTINCT FROM s.{c} THEN '{c}' END" for c in COMPARED)
    differs = " OR ".join(f"p.{c} IS DISTINCT FROM s.{c}" for c in _CONTENT)
    con.execute(
        f"""
        CREATE TEMP TABLE incoming AS
        SELECT s.posting_key, s.source_name,
               CASE WHEN p.posting_key IS NULL THEN 'new'
                    WHEN p.fingerprint <> s.fingerprint THEN 'changed'
                    ELSE 'unchanged' END AS change,
               coalesce(p.version, 0) AS old_version, s.fetched_at, s.valid_through,
               p.closed_at IS NOT NULL AS was_closed,
               list_filter([{diffs}], lambda x: x IS NOT NULL) AS changed_fields,
               p.posting_key IS NOT NULL AND ({differs}) AS rewrite
        FROM stage_postings s LEFT JOIN postings p USING (posting_key)
        """
    )
    con.execute(
        """
        INSERT INTO posting_versions
        SELECT i.posting_key, i.old_version + 1, s.fetched_at, s.fingerprint, i.change,
               CASE WHEN i.change = 'new' THEN NULL ELSE i.changed_fields END, ?,
               s.title, s.salary_min, s.salary_max, s.description_text
        FROM incoming i JOIN stage_postings s USING (posting_key)
        WHERE i.change <> 'unchanged'
        """,
        [batch_id],
    )
    # A sighting: seen again now, reopened unless the posting itself says it has expired.
    expired = "i.valid_through < i.fetched_at"
    con.execute(
        f"""
        UPDATE postings SET
            version = CASE WHEN i.change = 'changed' THEN postings.version + 1
                           ELSE postings.version END,
            last_seen_at = greatest(postings.last_seen_at, i.fetched_at),
            reposted = postings.reposted OR (postings.closed_at IS NOT NULL
                       AND NOT coalesce({expired}, false)),
            closed_at = CASE WHEN {expired} THEN postings.closed_at END,
            close_reason = CASE WHEN {expired} THEN postings.close_reason END,
            missed_crawls = 0
        FROM incoming i WHERE postings.posting_key = i.posting_key AND i.change <> 'new'
        """
    )
    history = ", ".join(_HISTORY)
    # Rewritten rows are deleted and inserted again with their history columns: DuckDB
    # updates a list column (locations) about ten times slower than it re-inserts the row.
    con.execute(
        f"CREATE TEMP TABLE kept AS SELECT posting_key, {history} FROM postings"
        " WHERE posting_key IN (SELECT posting_key FROM incoming WHERE rewrite)"
    )
    con.execute("DELETE FROM postings WHERE posting_key IN (SELECT posting_key FROM kept)")
    cols = [c for c in POSTING_COLUMNS if c != "fetched_at"]
    con.execute(
        f"""
        INSERT INTO postings ({", ".join(cols)}, {history})
        SELECT {", ".join(f"s.{c}" for c in cols)}, coalesce(k.version, 1),
               coalesce(k.first_seen_at, s.fetched_at), coalesce(k.last_seen_at, s.fetched_at),
               k.closed_at, k.close_reason, coalesce(k.missed_crawls, 0),
               coalesce(k.reposted, false), k.job_id
        FROM stage_postings s JOIN incoming i USING (posting_key)
        LEFT JOIN kept k USING (posting_key)
        WHERE i.change = 'new' OR i.rewrite
        """
    )
    rows = con.execute("SELECT source_name, change, count(*) FROM incoming GROUP BY ALL").fetchall()
    for source, change, n in rows:
        counts = report.per_source.setdefault(source, SourceCounts())
        setattr(counts, change, n)
    return sum(n for _, _, n in rows)


def _merge_blog_posts(con: duckdb.DuckDBPyConnection, report: BatchReport) -> int:
    """Upsert blog posts; count new / changed / unchanged per source into the run report.

    An entry's key is global (``spiders.feeds``): the same post from a second feed is
    ``unchanged`` there, and keeps the ``source_name`` that first brought it.
    """
    cols = [c for c in BLOG_COLUMNS if c != "fetched_at"]
    select = ", ".join(f"s.{c}" for c in cols)
    kept = ("entry_key", "source_name")
    updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c not in kept)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE stage_blog AS SELECT * FROM stage WHERE record = 'BlogPost'"
        " QUALIFY row_number() OVER (PARTITION BY entry_key ORDER BY fetched_at DESC) = 1"
    )
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


def _record(
    con: duckdb.DuckDBPyConnection,
    batch_id: str,
    path: Path,
    meta: tuple,
    now: datetime,
    report: BatchReport,
) -> None:
    """Source runs and health, the crawl run and the batch itself: a few set-based writes."""
    run_id, started_at, finished_at = meta
    names = [r[0] for r in con.execute("SELECT source_name FROM stage_outcomes").fetchall()]
    counts = [report.per_source.setdefault(n, SourceCounts()) for n in names]
    con.execute(
        """INSERT OR REPLACE INTO source_runs
        SELECT ?, o.source_name, o.source_kind, o.status, o.complete, o.pages, o.fetched,
               o.dropped_non_hr, o.not_modified, c.new, c.changed, c.unchanged, c.closed,
               o.error, o.started_at, o.finished_at
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
