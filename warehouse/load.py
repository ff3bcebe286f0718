"""Loading one landing batch: read, decide, write, in one transaction.

Stages: stage the file with DuckDB's JSON reader (``warehouse.stage``); sort incoming
postings into new / changed / unchanged against ``postings`` and write them and their ``posting_versions``
(``warehouse.merge``); judge each source's listing against its history (``verdicts``:
``suspect`` when it fell under half); close what the lifecycle policy says is gone
(``pipeline.lifecycle``);
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

from pipeline.bulk import gc_paused
from warehouse import closing, verdicts
from warehouse.db import rollback, storage_problem
from warehouse.errors import LandingError, StorageError
from warehouse.held import Held
from warehouse.jobs import Ahead, update_jobs
from warehouse.landing_store import open_store
from warehouse.load_record import BatchReport, SourceCounts, merge_blog_posts, record_batch
from warehouse.merge import NEW_POSTINGS, merge_postings, restore_planner
from warehouse.quarantine import set_aside
from warehouse.sources import forget_validators
from warehouse.stage import read, short_error, stage

# Errors raised by a value of the batch, not by our code or the disk: a landing file whose
# values the warehouse refuses (a NULL key, a string where a number goes) is refused whole.
_BAD_VALUES = (duckdb.ConstraintException, duckdb.ConversionException, duckdb.InvalidInputException)


def load_batch(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    now: datetime | None = None,
    origin: str | None = None,
) -> BatchReport:
    """Load one landing file; a batch already loaded changes nothing.

    Two transactions: the postings (and everything else the batch says) are merged and the
    batch recorded, then the jobs are settled (``settle_jobs``). A crash between the two
    leaves the batch loaded and its jobs queued in ``jobs_stale``: the next load settles them.
    ``origin`` is where the batch is kept, when ``path`` is a local copy (object storage).
    The cyclic GC is paused meanwhile (``pipeline.bulk``): the match's rows and items are
    many and acyclic.
    """
    with gc_paused():
        return _load_batch(con, path, now, origin)


def _load_batch(
    con: duckdb.DuckDBPyConnection, path: Path, now: datetime | None, origin: str | None
) -> BatchReport:
    batch_id = path.stem
    report = BatchReport(batch_id)
    if con.execute("SELECT 1 FROM landing_batches WHERE batch_id = ?", [batch_id]).fetchone():
        report.already_loaded = True
        settle_leftovers(con, now, report)
        return report
    now = now or datetime.now(UTC)
    # What the commits log (all of it in a plain open; in a bulk open, see warehouse.db, the
    # partial row groups and the updates) is checkpointed once, when the session closes.
    # DuckDB's default (a checkpoint in any commit past 16 MB of log) would rewrite the same
    # row groups twice, once per transaction: a third of a large load.
    con.execute("SET checkpoint_threshold = '1GB'")
    started = time.perf_counter()
    ahead: Ahead | None = None
    try:
        read(con, path)
        con.execute("BEGIN TRANSACTION")
        meta = stage(con, path)
        report.postings = merge_postings(con, batch_id, report)
        for source, n in closing.see_unchanged(con).items():
            report.per_source.setdefault(source, SourceCounts()).unchanged += n
        verdicts.judge_outcomes(con)  # suspect and empty listings close nothing
        for source, n in closing.close_postings(con, now).items():
            report.per_source.setdefault(source, SourceCounts()).closed += n
        pending = closing.pending_misses(con)
        _queue_jobs(con, batch_id, now, report.postings)
        report.blog_posts = merge_blog_posts(con, report)
        record_batch(con, batch_id, origin or str(path), meta, now, report)
        forget_validators(con, pending)  # after record_batch, which stores the new ones
        # the jobs' Python work on the new postings runs while the commit waits on the disk
        ahead = Ahead.begin(con, NEW_POSTINGS) if report.postings else None
        con.execute("COMMIT")
    except Exception as e:
        rollback(con)
        restore_planner(con)
        raise _as_load_error(e, path) from e
    finally:
        con.execute("DROP VIEW IF EXISTS temp.stage_rows")  # reads the file: gone before it is
        for t in (
            "stage",
            "stage_kept",
            "stage_postings",
            "stage_outcomes",
            "incoming",
            "kept",
            "close_plan",
            "stage_unchanged",
        ):
            con.execute(f"DROP TABLE IF EXISTS temp.{t}")
    report.merge_seconds = time.perf_counter() - started
    settle_jobs(con, now, batch_id, report, ahead)
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
    con: duckdb.DuckDBPyConnection,
    now: datetime,
    batch_id: str | None,
    report: BatchReport,
    ahead: Ahead | None = None,
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
        report.jobs = update_jobs(con, now, batch_id, ahead)
        con.execute("COMMIT")
    except Exception as e:
        rollback(con)
        problem = storage_problem(e)
        if problem:
            raise StorageError(
                f"settling the jobs of batch {batch_id} stopped: {problem}; its postings are"
                " loaded, the jobs settle at the next load (eolist load)"
            ) from e
        raise
    report.jobs_seconds = time.perf_counter() - started


def _as_load_error(e: Exception, path: Path) -> Exception:
    """The error a caller can act on: the batch's fault (quarantine it), the disk's (stop,
    keep the batch), or ours (unchanged: a bug crashes)."""
    if isinstance(e, LandingError):
        return e
    problem = storage_problem(e)
    if problem:
        return StorageError(
            f"loading landing batch {path.stem} stopped: {problem}; nothing of it was written,"
            " it loads once there is room (eolist load)"
        )
    if isinstance(e, _BAD_VALUES):
        return LandingError(path, f"has a value the warehouse refuses: {short_error(e)}")
    return e


def _queue_jobs(
    con: duckdb.DuckDBPyConnection, batch_id: str, now: datetime, postings: int
) -> None:
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
    if not postings:
        return  # a batch of feeds or of unchanged boards: no job was seen again
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
    db_path: str | Path, landing: str | Path, now: datetime | None = None
) -> list[BatchReport]:
    """Load every complete landing batch not loaded yet, oldest first.

    One session holds the file across batches (``warehouse.held``) and lets it go at a
    batch's end when another eolist process waits for it (the curation page, ``eolist
    query``), so that one gets the file between batches instead of waiting for the whole
    backlog. A batch refused whole is set aside (``warehouse.quarantine``; its report says
    where) and the next one loads. A disk that refuses a write stops the loading (every later
    batch would fail the same way): the last report says why (``stopped``), and that batch
    and the rest stay in landing.
    """
    reports: list[BatchReport] = []
    loaded: set[str] = set()
    try:
        # bulk: a batch's inserts go straight to the file, not through the log (warehouse.db)
        with Held(db_path) as held:
            con = held.connection()
            loaded = {r[0] for r in con.execute("SELECT batch_id FROM landing_batches").fetchall()}
            settle_leftovers(con, now)
            store = open_store(landing)
            for batch in store.pending(loaded):
                held.between()
                if not store.exists(batch):
                    continue  # loaded or set aside by another loader meanwhile
                report = BatchReport(batch.batch_id)
                reports.append(report)
                with store.local_copy(batch) as path:
                    con = held.connection()
                    try:
                        reports[-1] = report = load_batch(con, path, now, origin=batch.url)
                    except LandingError as e:
                        move = None if store.local else (lambda b=batch: store.set_aside(b))
                        when = now or datetime.now(UTC)
                        report.quarantined = set_aside(
                            con, path, e.reason, when, move=move, origin=batch.url
                        )
    except Exception as e:
        # The session's own writes (migrations, the checkpoint on close) meet the disk too.
        problem = e if isinstance(e, StorageError) else storage_problem(e)
        if problem is None:
            raise
        stop = reports[-1] if reports else BatchReport("")
        if not reports:
            reports.append(stop)
        stop.stopped = (
            str(problem)
            if isinstance(e, StorageError)
            else (f"loading stopped: {problem}; the batches left stay in landing (eolist load)")
        )
    return reports
