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
from pipeline.normalize import canonical_url
from warehouse.errors import LandingError
from warehouse.jobs import update_jobs
from warehouse.landing import read_json_sql, record_columns

POSTING_COLUMNS = list(record_columns(records.Posting))
BLOG_COLUMNS = list(record_columns(records.BlogPost))
# Content columns compared to say *what* changed in a posting_versions row.
COMPARED = [
    "title",
    "company",
    "locations",
    "workplace",
    "employment_type",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "valid_through",
    "apply_url",
    "description_text",
    "hr_category",
]


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
        _close(con, batch_id, now, report)
        update_jobs(con, now, batch_id)
        report.blog_posts = _merge_blog_posts(con)
        _record(con, batch_id, path, meta, now, report)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        for t in ("stage", "stage_postings", "stage_outcomes", "incoming"):
            con.execute(f"DROP TABLE IF EXISTS temp.{t}")
    return report


def _stage(con: duckdb.DuckDBPyConnection, path: Path) -> tuple:
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE stage AS SELECT * FROM {read_json_sql(path)}")
    except duckdb.Error as e:
        raise LandingError(f"landing batch {path} is not readable JSON Lines: {e}") from e
    meta = con.execute(
        "SELECT run_id, batch_started_at, batch_finished_at FROM stage WHERE record = 'Batch'"
    ).fetchone()
    if meta is None:
        raise LandingError(f"landing batch {path} has no closing Batch record; it is incomplete")
    cols = ", ".join(POSTING_COLUMNS)
    # A listing may repeat a posting (pages shift while we read them): keep its last sighting.
    con.execute(
        f"CREATE TEMP TABLE stage_postings AS SELECT {cols} FROM stage WHERE record = 'Posting' "
        "QUALIFY row_number() OVER (PARTITION BY posting_key ORDER BY fetched_at DESC) = 1"
    )
    con.execute(
        "CREATE TEMP TABLE stage_outcomes AS SELECT * FROM stage WHERE record = 'SourceOutcome'"
    )
    con.execute(
        "INSERT INTO sources (name, kind, url) SELECT source_name, any_value(source_kind),"
        " any_value(coalesce(source_url, '')) FROM stage_outcomes GROUP BY source_name"
        " ON CONFLICT (name) DO NOTHING"
    )
    return meta


def _merge_postings(con: duckdb.DuckDBPyConnection, batch_id: str, report: BatchReport) -> int:
    diffs = ", ".join(f"CASE WHEN p.{c} IS DISTINCT FROM s.{c} THEN '{c}' END" for c in COMPARED)
    con.execute(
        f"""
        CREATE TEMP TABLE incoming AS
        SELECT s.posting_key, s.source_name,
               CASE WHEN p.posting_key IS NULL THEN 'new'
                    WHEN p.fingerprint <> s.fingerprint THEN 'changed'
                    ELSE 'unchanged' END AS change,
               coalesce(p.version, 0) AS old_version,
               list_filter([{diffs}], lambda x: x IS NOT NULL) AS changed_fields
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
    cols = [c for c in POSTING_COLUMNS if c != "fetched_at"]
    select = ", ".join(f"s.{c}" for c in cols)
    updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c != "posting_key")
    con.execute(
        f"""
        INSERT INTO postings ({", ".join(cols)}, version, first_seen_at, last_seen_at,
                              closed_at, close_reason, missed_crawls, reposted, job_id)
        SELECT {select}, 1, s.fetched_at, s.fetched_at, NULL, NULL, 0, false, NULL
        FROM stage_postings s
        ON CONFLICT (posting_key) DO UPDATE SET {updates},
            version = CASE WHEN postings.fingerprint <> excluded.fingerprint
                           THEN postings.version + 1 ELSE postings.version END,
            last_seen_at = greatest(postings.last_seen_at, excluded.last_seen_at),
            reposted = postings.reposted OR (postings.closed_at IS NOT NULL
                       AND NOT coalesce(excluded.valid_through < excluded.last_seen_at, false)),
            closed_at = CASE WHEN excluded.valid_through < excluded.last_seen_at
                             THEN postings.closed_at END,
            close_reason = CASE WHEN excluded.valid_through < excluded.last_seen_at
                                THEN postings.close_reason END,
            missed_crawls = 0
        """
    )
    rows = con.execute("SELECT source_name, change, count(*) FROM incoming GROUP BY ALL").fetchall()
    for source, change, n in rows:
        counts = report.per_source.setdefault(source, SourceCounts())
        setattr(counts, change, n)
    return sum(n for _, _, n in rows)


def _close(
    con: duckdb.DuckDBPyConnection, batch_id: str, now: datetime, report: BatchReport
) -> None:
    """Apply pipeline.lifecycle's closing rules for every source of this batch."""
    outcomes = con.execute(
        "SELECT source_name, source_kind, status, complete, fetched, dropped_non_hr, gone_keys"
        " FROM stage_outcomes"
    ).fetchall()
    for source, kind, status, complete, fetched, dropped, gone_keys in outcomes:
        closed = 0
        if lifecycle.crawl_can_close(status, complete):
            if gone_keys:
                gone = _gone_postings(con, source, gone_keys)
                closed += _close_where(
                    con, "posting_key IN (SELECT unnest(?))", [gone], now, "gone (404/410)"
                )
            # A listing that dropped only non-HR jobs is not an empty board.
            empty = not fetched and not dropped
            con.execute(
                "UPDATE sources SET empty_crawls = CASE WHEN ? THEN empty_crawls + 1 ELSE 0 END,"
                " suspect_empty = CASE WHEN ? THEN empty_crawls + 1 >= ? ELSE false END"
                " WHERE name = ?",
                [empty, empty, lifecycle.EMPTY_SUSPECT_AFTER, source],
            )
            empties = con.execute(
                "SELECT empty_crawls FROM sources WHERE name = ?", [source]
            ).fetchone()
            if not empty or (empties and empties[0] >= lifecycle.EMPTY_CLOSE_AFTER):
                con.execute(
                    "UPDATE postings SET missed_crawls = missed_crawls + 1 WHERE source_name = ?"
                    " AND closed_at IS NULL"
                    " AND posting_key NOT IN (SELECT posting_key FROM stage_postings)",
                    [source],
                )
                limit = 1 if empty else lifecycle.misses_to_close(kind)
                closed += _close_where(
                    con,
                    "source_name = ? AND missed_crawls >= ?",
                    [source, limit],
                    now,
                    "missing from complete listing",
                )
        report.per_source.setdefault(source, SourceCounts()).closed += closed
    # Expiry is the posting's own word, not evidence from a crawl: it applies to every open
    # posting at every load, whichever sources this batch crawled.
    expired = con.execute(
        "UPDATE postings SET closed_at = ?, close_reason = 'expired'"
        " WHERE closed_at IS NULL AND valid_through < ? RETURNING source_name",
        [now, now],
    ).fetchall()
    for (source,) in expired:
        report.per_source.setdefault(source, SourceCounts()).closed += 1


def _gone_postings(con: duckdb.DuckDBPyConnection, source: str, gone: list[str]) -> list[str]:
    """Posting keys of ``source`` whose detail page answered 404/410.

    The crawler reports the URL it requested; a posting is keyed by its id or canonical URL
    and stores the URL the site gave, so both sides are compared in canonical form.
    """
    wanted = {canonical_url(u) for u in gone} | set(gone)
    rows = con.execute(
        "SELECT posting_key, url FROM postings WHERE source_name = ? AND closed_at IS NULL",
        [source],
    ).fetchall()
    return [
        key
        for key, url in rows
        if key in wanted
        or key.removeprefix(f"{source}:") in wanted
        or url in wanted
        or canonical_url(url) in wanted
    ]


def _close_where(
    con: duckdb.DuckDBPyConnection, where: str, params: list, now: datetime, reason: str
) -> int:
    row = con.execute(
        f"UPDATE postings SET closed_at = ?, close_reason = ? WHERE closed_at IS NULL AND {where}"
        " RETURNING 1",
        [now, reason, *params],
    ).fetchall()
    return len(row)


def _merge_blog_posts(con: duckdb.DuckDBPyConnection) -> int:
    cols = [c for c in BLOG_COLUMNS if c != "fetched_at"]
    select = ", ".join(f"s.{c}" for c in cols)
    updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c != "entry_key")
    n = con.execute(
        f"""
        INSERT INTO blog_posts ({", ".join(cols)}, version, first_seen_at, last_seen_at)
        SELECT {select}, 1, s.fetched_at, s.fetched_at
        FROM (SELECT * FROM stage WHERE record = 'BlogPost'
              QUALIFY row_number() OVER (PARTITION BY entry_key ORDER BY fetched_at DESC) = 1) s
        ON CONFLICT (entry_key) DO UPDATE SET {updates},
            version = CASE WHEN blog_posts.fingerprint <> excluded.fingerprint
                           THEN blog_posts.version + 1 ELSE blog_posts.version END,
            last_seen_at = greatest(blog_posts.last_seen_at, excluded.last_seen_at)
        RETURNING 1
        """
    ).fetchall()
    return len(n)


def _record(
    con: duckdb.DuckDBPyConnection,
    batch_id: str,
    path: Path,
    meta: tuple,
    now: datetime,
    report: BatchReport,
) -> None:
    run_id, started_at, finished_at = meta
    outcomes = con.execute(
        "SELECT source_name, source_kind, source_url, status, complete, pages, fetched,"
        " dropped_non_hr, not_modified, error, started_at, finished_at, etag, last_modified,"
        " content_hash, retry_after_s FROM stage_outcomes"
    ).fetchall()
    failed = 0
    for (name, kind, _url, status, complete, pages, fetched, dropped, not_mod, error,
         s_started, s_finished, etag, last_mod, chash, retry_after) in outcomes:  # fmt: skip
        c = report.per_source.setdefault(name, SourceCounts())
        con.execute(
            "INSERT OR REPLACE INTO source_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [batch_id, name, kind, status, complete, pages, fetched, dropped, not_mod,
             c.new, c.changed, c.unchanged, c.closed, error, s_started, s_finished],
        )  # fmt: skip
        if status == "failed":
            failed += 1
            row = con.execute(
                "SELECT consecutive_failures FROM sources WHERE name = ?", [name]
            ).fetchone()
            failures = (row[0] if row else 0) + 1
            wait = lifecycle.backoff(failures).total_seconds()
            wait = max(wait, retry_after or 0)
            con.execute(
                "UPDATE sources SET last_attempt_at = ?, last_error = ?, consecutive_failures = ?,"
                " next_attempt_at = ? + to_seconds(?) WHERE name = ?",
                [s_finished or now, error, failures, s_finished or now, wait, name],
            )
        elif status in ("ok", "not_modified"):
            con.execute(
                "UPDATE sources SET last_attempt_at = ?, last_ok_at = ?, last_error = NULL,"
                " consecutive_failures = 0, next_attempt_at = ? + to_seconds(?),"
                " etag = coalesce(?, etag), last_modified = coalesce(?, last_modified),"
                " content_hash = coalesce(?, content_hash) WHERE name = ?",
                [s_finished or now, s_finished or now, s_finished or now, retry_after or 0,
                 etag, last_mod, chash, name],
            )  # fmt: skip
    totals = [sum(getattr(c, k) for c in report.per_source.values()) for k in
              ("new", "changed", "unchanged", "closed")]  # fmt: skip
    status = "failed" if outcomes and failed == len(outcomes) else ("partial" if failed else "ok")
    fetched_total = sum(o[6] or 0 for o in outcomes)
    con.execute(
        "INSERT INTO crawl_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [batch_id, run_id, started_at, finished_at, status, len(outcomes), failed,
         fetched_total, *totals, now],
    )  # fmt: skip
    records_n = con.execute("SELECT count(*) FROM stage").fetchone()
    con.execute(
        "INSERT INTO landing_batches VALUES (?, ?, ?, ?)",
        [batch_id, str(path), records_n[0] if records_n else 0, now],
    )
