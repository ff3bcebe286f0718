"""Loading one landing batch: read, decide, write, in one transaction.

Stages (each a named function below): stage the file with DuckDB's JSON reader; sort incoming
postings into new / changed / unchanged against ``postings`` (by fingerprint); write them and
their ``posting_versions``; close what the lifecycle policy says is gone (``pipeline.lifecycle``);
queue the ``jobs`` they changed; upsert blog posts; record source health, the run and the
batch itself. The batch is recorded in ``landing_batches`` inside the same transaction, so a
load that dies part-way leaves nothing behind and the batch loads cleanly next time, and a
batch already loaded is skipped (loads are idempotent).

Then, in a second transaction, the jobs are settled (``warehouse.jobs.update_jobs``: new
postings matched across sources, queued jobs rebuilt). Splitting the two keeps each write
short and makes the postings durable before the slower dedup work; the ``jobs_stale`` queue
and the postings still without a job carry the hand-over across a crash.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipeline import records
from pipeline.build import FINGERPRINT_FIELDS
from warehouse import closing
from warehouse.db import session
from warehouse.errors import LandingError
from warehouse.jobs import update_jobs
from warehouse.landing import pending_batches, read_json_sql, record_columns
from warehouse.load_record import BatchReport, SourceCounts, merge_blog_posts, record_batch

POSTING_COLUMNS = list(record_columns(records.Posting))
# Content columns compared to say *what* changed in a posting_versions row: the fingerprint's
# own fields (so a new version always names its change) plus the classification.
COMPARED = [*FINGERPRINT_FIELDS, "hr_category"]
# Every stored column a landing record sets: any difference means the row is written again.
_CONTENT = [c for c in POSTING_COLUMNS if c not in ("posting_key", "fetched_at")]
# The columns a posting's history keeps across sightings (the rest come from the landing record).
_HISTORY = ["version", "first_seen_at", "last_seen_at", "closed_at", "close_reason",
            "missed_crawls", "reposted", "job_id"]  # fmt: skip


def load_batch(
    con: duckdb.DuckDBPyConnection, path: Path, now: datetime | None = None
) -> BatchReport:
    """Load one landing file; a batch already loaded changes nothing.

    Two transactions: the postings (and everything else the batch says) are merged and the
    batch recorded, then the jobs are settled (``settle_jobs``). A crash between the two
    leaves the batch loaded and its jobs queued in ``jobs_stale``: the next load settles them.
    """
    batch_id = path.stem
    report = BatchReport(batch_id)
    if con.execute("SELECT 1 FROM landing_batches WHERE batch_id = ?", [batch_id]).fetchone():
        report.already_loaded = True
        settle_leftovers(con, now, report)
        return report
    now = now or datetime.now(UTC)
    # Both commits go to the write-ahead log only; the file is checkpointed once, when the
    # session closes. DuckDB's default (a checkpoint in any commit past 16 MB of log) would
    # rewrite the same row groups twice, once per transaction: a third of a large load.
    con.execute("SET checkpoint_threshold = '1GB'")
    started = time.perf_counter()
    con.execute("BEGIN TRANSACTION")
    try:
        meta = _stage(con, path)
        report.postings = _merge_postings(con, batch_id, report)
        for source, n in closing.close_postings(con, now).items():
            report.per_source.setdefault(source, SourceCounts()).closed += n
        _queue_jobs(con, batch_id, now)
        report.blog_posts = merge_blog_posts(con, report)
        record_batch(con, batch_id, path, meta, now, report)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        for t in ("stage", "stage_postings", "stage_outcomes", "incoming", "kept", "close_plan"):
            con.execute(f"DROP TABLE IF EXISTS temp.{t}")
    report.merge_seconds = time.perf_counter() - started
    settle_jobs(con, now, batch_id, report)
    return report


def settle_leftovers(
    con: duckdb.DuckDBPyConnection, now: datetime | None = None, report: BatchReport | None = None
) -> BatchReport:
    """A load killed between its two commits left its jobs unsettled: finish them now,
    credited to the last batch loaded (the one whose postings they are)."""
    last = con.execute(
        "SELECT batch_id FROM landing_batches ORDER BY loaded_at DESC, batch_id DESC LIMIT 1"
    ).fetchone()
    report = report or BatchReport(last[0] if last else "")
    settle_jobs(con, now or datetime.now(UTC), last[0] if last else None, report)
    return report


def settle_jobs(
    con: duckdb.DuckDBPyConnection, now: datetime, batch_id: str | None, report: BatchReport
) -> None:
    """Match postings without a job and rebuild queued jobs, in one transaction.

    Nothing to do (no unmatched posting, an empty queue) costs two cheap queries.
    """
    pending = con.execute(
        "SELECT EXISTS (SELECT 1 FROM jobs_stale)"
        " OR EXISTS (SELECT 1 FROM postings WHERE job_id IS NULL)"
    ).fetchone()
    if not (pending and pending[0]):
        return
    started = time.perf_counter()
    con.execute("BEGIN TRANSACTION")
    try:
        report.jobs = update_jobs(con, now, batch_id)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    report.jobs_seconds = time.perf_counter() - started


def _queue_jobs(con: duckdb.DuckDBPyConnection, batch_id: str, now: datetime) -> None:
    """Queue the jobs this batch changed (``jobs_stale``); move the rest's ``last_seen_at``.

    Stale: jobs of postings rewritten, reopened or closed now. New postings have no job
    yet (``settle_jobs`` matches them). A job whose postings were only seen again changes
    in one column, updated here instead of rebuilding the row with its description.
    """
    con.execute(
        """
        INSERT OR IGNORE INTO jobs_stale
        SELECT DISTINCT p.job_id, ?, ? FROM postings p
        WHERE p.job_id IS NOT NULL AND (p.closed_at = ? OR p.posting_key IN (
            SELECT posting_key FROM incoming WHERE rewrite OR was_closed))
        """,
        [batch_id, now, now],
    )
    con.execute(
        """
        UPDATE jobs SET last_seen_at = greatest(jobs.last_seen_at, s.seen)
        FROM (SELECT p.job_id, max(i.fetched_at) AS seen
              FROM incoming i JOIN postings p USING (posting_key)
              WHERE p.job_id IS NOT NULL AND p.job_id NOT IN (SELECT job_id FROM jobs_stale)
              GROUP BY p.job_id) s
        WHERE jobs.job_id = s.job_id
        """
    )


def load_pending(
    db_path: str | Path, landing: Path, now: datetime | None = None
) -> list[BatchReport]:
    """Load every complete landing batch not loaded yet, oldest first, one session per batch.

    Each batch opens and closes the file, so the curation page and ``eolist query`` get it
    between batches instead of waiting for the whole backlog.
    """
    with session(db_path) as con:
        loaded = {r[0] for r in con.execute("SELECT batch_id FROM landing_batches").fetchall()}
        settle_leftovers(con, now)
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
               p.url IS DISTINCT FROM s.url OR p.apply_url IS DISTINCT FROM s.apply_url AS rekey,
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
    # Exact dedup keys come from the URLs: a posting whose URLs changed is keyed again when
    # its (queued) job is settled (``warehouse.jobs``).
    con.execute(
        "DELETE FROM dedupe_keys WHERE posting_key IN"
        " (SELECT posting_key FROM incoming WHERE rewrite AND rekey)"
    )
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
