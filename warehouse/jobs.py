"""The ``jobs`` table: one row per real-world job, holding the best value of each field.

Which postings belong to one job is decided by ``pipeline.dedupe`` (policy and thresholds in
its docstring). ``update_jobs`` runs in its own transaction right after each load's postings
are committed (``warehouse.load.settle_jobs``):

1. *match*: postings without a job (new in this batch) are matched against the existing
   jobs that hold a posting they could pair with: same company, another source, a compatible
   seniority, posted within the date window (``pipeline.dedupe`` refuses any other pair), or
   sharing an exact key. Those jobs come whole, so the group guards see every member. The
   match uses stored description signatures (``posting_signatures``, computed once per
   posting and recomputed only when stale). Each new posting joins an existing job, or a new
   one (``job_id`` = ``'j'`` + 15 hex digits of md5 of its first posting's key). Existing jobs
   are never re-clustered; a new posting that links two existing jobs merges them.
2. *merge*: the surviving job is the one with a curation decision, then the first seen, then
   the smallest id. The list owner's decision follows to the survivor (the latest decision
   wins when both had one) and ``job_merges`` records the absorbed id.
3. *refresh*: only the jobs the load queued (``jobs_stale``: postings rewritten, reopened or
   closed) and those that matched or merged are rebuilt from their postings
   (``warehouse.jobs_refresh``); a job whose postings were only seen again had its
   ``last_seen_at`` moved by the load itself.

Best values: the text fields of the job's primary posting (an employer's own ATS before a
board, then the earliest seen), the salary of the first posting that states one (structured
pay before pay parsed from text; board estimates are never used), the earliest ``posted_at``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb
import numpy as np
import pyarrow as pa

from pipeline import dedupe
from pipeline.dedupe import keys as dkeys
from pipeline.dedupe import minhash
from pipeline.normalize import parse_location
from warehouse.jobs_refresh import refresh_jobs

__all__ = ["Ahead", "JobsReport", "job_id_for", "match_new", "refresh_jobs", "update_jobs"]

_DAY = "CAST(epoch(coalesce(p.posted_at, p.first_seen_at)) // 86400 AS BIGINT)"
_ITEM_COLS = f"""p.posting_key, p.source_name, p.company_normalized,
    coalesce(nullif(p.title_normalized, ''), lower(p.title)), p.seniority, p.location_city,
    p.location_region, p.location_country, {_DAY} AS day, p.url, p.apply_url, p.job_id,
    p.locations"""


@dataclass
class JobsReport:
    matched: int = 0  # new postings that joined an existing job or another new posting
    new_jobs: int = 0
    merged: list[tuple[str, str]] = field(default_factory=list)  # (absorbed, survivor)
    refreshed: int = 0
    touched: set[str] = field(default_factory=set)  # jobs whose postings changed job
    stats: dedupe.Stats | None = None


def job_id_for(posting_key: str) -> str:
    return "j" + hashlib.md5(posting_key.encode()).hexdigest()[:15]


def _items(
    rows: list[tuple], keys: Sequence[tuple[str, ...] | None] | None = None
) -> list[dedupe.Item]:
    """Items from ``_ITEM_COLS`` rows; the raw locations column says whether the ad stated its
    country or the posting only carries its source's default. ``keys``: each row's exact keys
    when known (None: computed by ``pipeline.dedupe``)."""
    per_row = keys if keys is not None else [None] * len(rows)
    # mypy cannot count an unsized tuple: the twelve columns before locations are positional.
    return [
        dedupe.Item(*r[:-1], country_stated=_stated(r), keys=k)  # type: ignore[misc]
        for r, k in zip(rows, per_row, strict=True)
    ]


def _store_keys(con: duckdb.DuckDBPyConnection, owned: list[tuple[str, tuple[str, ...]]]) -> None:
    """Record the exact keys of postings (``dedupe_keys``), through Arrow."""
    rows = [(k, posting) for posting, keys in owned for k in keys]
    if not rows:
        return
    con.register(
        "dd_keys", pa.table({"key": [r[0] for r in rows], "posting_key": [r[1] for r in rows]})
    )
    try:
        con.execute("INSERT OR IGNORE INTO dedupe_keys SELECT key, posting_key FROM dd_keys")
    finally:
        con.unregister("dd_keys")


def _rekey_stale(con: duckdb.DuckDBPyConnection) -> None:
    """Postings of queued jobs whose keys the load dropped (their URLs changed): key again."""
    rows = con.execute(
        """SELECT p.posting_key, p.url, p.apply_url FROM postings p
        WHERE p.job_id IN (SELECT job_id FROM jobs_stale)
          AND p.posting_key NOT IN (SELECT posting_key FROM dedupe_keys)"""
    ).fetchall()
    _store_keys(con, [(key, dkeys.url_keys(url, apply)) for key, url, apply in rows])


def _stated(row: tuple) -> bool:
    city, region, country, raw = row[5], row[6], row[7], row[-1]
    if city or region or not country:
        return True
    return any((loc := parse_location(text)) is not None and loc.country for text in raw or ())


def signature_rows(
    keys: Sequence[str], fingerprints: Sequence[str], texts: Sequence[str | None]
) -> pa.Table:
    """``posting_signatures`` rows for these postings (no connection: a thread may run it)."""
    sigs, counts = minhash.signatures(texts)
    return pa.table(
        {
            "posting_key": list(keys),
            "version": [minhash.SIGNATURE_VERSION] * len(keys),
            "fingerprint": list(fingerprints),
            # One row of 64 uint32 as its little-endian bytes, without a Python loop.
            "signature": pa.FixedSizeBinaryArray.from_buffers(
                pa.binary(sigs.shape[1] * 4),
                len(keys),
                [None, pa.py_buffer(np.ascontiguousarray(sigs, dtype="<u4"))],
            ).cast(pa.binary()),
            "shingles": pa.array(counts, type=pa.int32()),
        }
    )


def store_signatures(con: duckdb.DuckDBPyConnection, rows: pa.Table) -> None:
    con.register("dd_fresh_sigs", rows)
    try:
        # delete, then insert: as INSERT OR REPLACE does, without DuckDB's slower conflict path
        con.execute(
            "DELETE FROM posting_signatures"
            " WHERE posting_key IN (SELECT posting_key FROM dd_fresh_sigs)"
        )
        con.execute("INSERT INTO posting_signatures SELECT * FROM dd_fresh_sigs")
    finally:
        con.unregister("dd_fresh_sigs")


class Ahead:
    """The part of settling a batch's jobs that needs no connection, begun in two threads as
    the load commits its merge (DuckDB leaves the GIL free while the commit waits on the
    disk): the signatures of the batch's new postings, and their exact keys (computed into
    ``pipeline.dedupe.keys``' cache, where the match finds them). ``update_jobs`` stores the
    signatures; the match then finds them current and computes none. At 100k postings, half
    new, that is ~0.5 s of signatures and ~0.25 s of keys off the load's path. Begun earlier,
    beside the merge's statements, it slowed them as much as it gained: DuckDB runs those
    on both cores."""

    def __init__(self, rows: list[tuple]):
        # Two threads: the signatures are mostly NumPy, which lets go of the interpreter lock,
        # so two halves take ~0.26 s where one whole took ~0.41 s (50k postings); the keys
        # are pure Python and run beside them.
        pool = ThreadPoolExecutor(2, thread_name_prefix="eolist-jobs-ahead")
        half = (len(rows) + 1) // 2
        self._parts: list[Future[pa.Table]] = [
            pool.submit(self._signatures, rows[:half]),
            pool.submit(self._signatures, rows[half:]),
        ]
        self._keys: Future[None] = pool.submit(self._keys_of, rows)
        pool.shutdown(wait=False)

    @staticmethod
    def _signatures(rows: list[tuple]) -> pa.Table:
        return signature_rows([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])

    @staticmethod
    def _keys_of(rows: list[tuple]) -> None:
        for row in rows:
            dkeys.url_keys(row[3], row[4])

    @classmethod
    def begin(cls, con: duckdb.DuckDBPyConnection, new_postings: str) -> Ahead | None:
        """Start on the postings of the query ``new_postings`` (key, fingerprint, text,
        url, apply url), or ``None`` when it has none."""
        rows = con.execute(new_postings).fetchall()
        return cls(rows) if rows else None

    def store(self, con: duckdb.DuckDBPyConnection) -> None:
        """Store the signatures (waiting for them). Inside the jobs' transaction."""
        parts = [part.result() for part in self._parts]
        self._keys.result()
        store_signatures(con, pa.concat_tables([p for p in parts if p.num_rows]))


def _signatures(con: duckdb.DuckDBPyConnection, table: str) -> tuple[np.ndarray, np.ndarray]:
    """Signatures for the postings listed in ``table`` (its row order), computing stale ones."""
    stale = con.execute(
        f"""SELECT p.posting_key, p.fingerprint, p.description_text
        FROM {table} t JOIN postings p USING (posting_key)
        LEFT JOIN posting_signatures s USING (posting_key)
        WHERE s.posting_key IS NULL OR s.version <> ? OR s.fingerprint <> p.fingerprint""",
        [minhash.SIGNATURE_VERSION],
    ).fetchall()
    if stale:
        keys, fingerprints, texts = zip(*stale, strict=True)
        store_signatures(con, signature_rows(keys, fingerprints, texts))
    got = con.sql(
        f"""SELECT s.signature, s.shingles FROM {table} t
        JOIN posting_signatures s USING (posting_key) ORDER BY t.rn"""
    ).to_arrow_table()
    if got is None or not got.num_rows:
        return np.empty((0, minhash.BINS), dtype=np.uint32), np.empty(0, dtype=np.int32)
    column = got.column("signature").combine_chunks().cast(pa.binary(minhash.BINS * 4))
    sigs = (
        np.frombuffer(column.buffers()[1], dtype="<u4", count=got.num_rows * minhash.BINS)
        .reshape(-1, minhash.BINS)
        .astype(np.uint32)
    )
    return sigs, got.column("shingles").to_numpy().astype(np.int32)


def match_new(
    con: duckdb.DuckDBPyConnection,
    now: datetime,
    batch_id: str | None = None,
    params: dedupe.Params = dedupe.Params(),
) -> JobsReport:
    """Give every posting without a job one (step 1 and 2 of the module docstring)."""
    report = JobsReport()
    _rekey_stale(con)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE dd_new AS
        SELECT row_number() OVER (ORDER BY p.posting_key) AS rn, {_ITEM_COLS}
        FROM postings p WHERE p.job_id IS NULL"""
    )
    new_rows = con.execute("SELECT * EXCLUDE (rn) FROM dd_new ORDER BY rn").fetchall()
    if not new_rows:
        return report
    new = _items(new_rows, keys=[dkeys.url_keys(r[9], r[10]) for r in new_rows])
    _store_keys(con, [(it.key, it.keys or ()) for it in new])
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE dd_old AS
        WITH groups AS (
            SELECT company_normalized, source_name, seniority,
                   min(day) - {params.window_days} AS lo, max(day) + {params.window_days} AS hi
            FROM dd_new WHERE company_normalized IS NOT NULL GROUP BY ALL
        ), by_block AS (
            SELECT DISTINCT p.job_id FROM postings p JOIN groups g USING (company_normalized)
            WHERE p.job_id IS NOT NULL AND p.source_name <> g.source_name
              AND (p.seniority IS NULL OR g.seniority IS NULL OR p.seniority = g.seniority)
              AND {_DAY} BETWEEN g.lo AND g.hi
        ), by_key AS (
            SELECT DISTINCT p.job_id FROM dedupe_keys k JOIN postings p USING (posting_key)
            WHERE p.job_id IS NOT NULL
              AND k.key IN (SELECT k2.key FROM dedupe_keys k2 JOIN dd_new USING (posting_key))
        )
        SELECT row_number() OVER (ORDER BY p.posting_key) AS rn, {_ITEM_COLS}
        FROM postings p
        WHERE p.job_id IN (SELECT job_id FROM by_block UNION SELECT job_id FROM by_key)"""
    )
    rows = con.execute(
        """SELECT d.* EXCLUDE (rn), k.keys FROM dd_old d
        LEFT JOIN (SELECT posting_key, list(key ORDER BY key) AS keys FROM dedupe_keys
                   WHERE posting_key IN (SELECT posting_key FROM dd_old) GROUP BY ALL) k
        USING (posting_key) ORDER BY d.rn"""
    ).fetchall()
    # Stored keys (NULL: none stored for this posting, computed by the match).
    old = _items([r[:-1] for r in rows], [None if r[-1] is None else tuple(r[-1]) for r in rows])
    old_sigs, old_counts = _signatures(con, "dd_old")
    new_sigs, new_counts = _signatures(con, "dd_new")
    groups, report.stats = dedupe.match(
        old, old_sigs, old_counts, new, new_sigs, new_counts, params
    )
    assign: dict[str, str] = {}
    for g in groups:
        members = [new[i].key for i in g.items]
        if not g.jobs:
            target = job_id_for(min(members))
            report.new_jobs += 1
        else:
            target = _survivor(con, g.jobs)
            for loser in g.jobs:
                if loser != target:
                    _merge(con, loser, target, now, batch_id)
                    report.merged.append((loser, target))
        report.matched += len(members) if g.jobs else len(members) - 1
        for key in members:
            assign[key] = target
        report.touched.add(target)
    con.register(
        "dd_assign", pa.table({"posting_key": list(assign), "job_id": list(assign.values())})
    )
    try:
        con.execute(
            "UPDATE postings SET job_id = a.job_id FROM dd_assign a"
            " WHERE postings.posting_key = a.posting_key"
        )
    finally:
        con.unregister("dd_assign")
    con.execute("DROP TABLE IF EXISTS temp.dd_new")
    con.execute("DROP TABLE IF EXISTS temp.dd_old")
    return report


def _survivor(con: duckdb.DuckDBPyConnection, jobs: Iterable[str]) -> str:
    ids = sorted(jobs)
    marks = ", ".join("?" for _ in ids)
    row = con.execute(
        f"""SELECT j.job_id FROM jobs j LEFT JOIN curation c USING (job_id)
        WHERE j.job_id IN ({marks})
        ORDER BY c.job_id IS NULL, j.first_seen_at, j.job_id LIMIT 1""",
        ids,
    ).fetchall()
    return str(row[0][0]) if row else ids[0]


def _merge(
    con: duckdb.DuckDBPyConnection, loser: str, survivor: str, now: datetime, batch_id: str | None
) -> None:
    """Absorb job ``loser`` into ``survivor``: postings, curation and merge history follow."""
    con.execute("UPDATE postings SET job_id = ? WHERE job_id = ?", [survivor, loser])
    follow(con, loser, survivor, now, batch_id)


def follow(
    con: duckdb.DuckDBPyConnection, loser: str, survivor: str, now: datetime, batch_id: str | None
) -> None:
    """Job ``loser`` is gone into ``survivor``: move the curation decision (the latest of the
    two wins), record the merge, drop the row."""
    decisions = con.execute(
        "SELECT job_id FROM curation WHERE job_id IN (?, ?) ORDER BY decided_at DESC",
        [loser, survivor],
    ).fetchall()
    if decisions and decisions[0][0] == loser:
        con.execute("DELETE FROM curation WHERE job_id = ?", [survivor])
        con.execute("UPDATE curation SET job_id = ? WHERE job_id = ?", [survivor, loser])
    elif decisions:
        con.execute("DELETE FROM curation WHERE job_id = ?", [loser])
    con.execute("UPDATE job_merges SET into_job_id = ? WHERE into_job_id = ?", [survivor, loser])
    con.execute(
        "INSERT OR REPLACE INTO job_merges VALUES (?, ?, ?, ?)", [loser, survivor, now, batch_id]
    )
    con.execute("DELETE FROM jobs WHERE job_id = ?", [loser])


def update_jobs(
    con: duckdb.DuckDBPyConnection,
    now: datetime | None = None,
    batch_id: str | None = None,
    ahead: Ahead | None = None,
) -> JobsReport:
    """Match postings without a job, then rebuild the touched jobs and empty the queue.

    Touched: jobs queued in ``jobs_stale`` by a load (postings rewritten, reopened or
    closed) and jobs that gained postings or merged here. Run inside a transaction.
    ``ahead``: work the load began for this (``Ahead``).
    """
    now = now or datetime.now(UTC)
    if ahead is not None:
        ahead.store(con)
    report = match_new(con, now, batch_id)
    queued = {r[0] for r in con.execute("SELECT job_id FROM jobs_stale").fetchall()}
    report.refreshed = refresh_jobs(con, (queued | report.touched) - {None})
    con.execute("DELETE FROM jobs_stale")
    return report
