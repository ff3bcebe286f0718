"""Re-clustering every posting from scratch (``eolist dedupe rebuild``).

Loads match incrementally and never compare two existing postings again, so jobs formed
under older rules (or before dedup existed: every posting its own job) stay as they were.
``rebuild_jobs`` clusters the whole warehouse with the current ``pipeline.dedupe`` rules and
keeps job ids stable where it can: each new cluster keeps one of its postings' current job ids
(a curated job first, then the first seen), largest clusters choosing first, and an id is used
by one cluster only. A job id no cluster kept is recorded in ``job_merges`` as absorbed by the
cluster that took most of its postings, and its curation decision follows there (the latest
decision wins). One transaction: a failure changes nothing.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import duckdb

from pipeline import dedupe
from pipeline.bulk import gc_paused
from warehouse.jobs import (
    _ITEM_COLS,
    JobsReport,
    _items,
    _signatures,
    follow,
    job_id_for,
    refresh_jobs,
)


def rebuild_jobs(
    con: duckdb.DuckDBPyConnection,
    now: datetime | None = None,
    params: dedupe.Params = dedupe.Params(),
) -> JobsReport:
    with gc_paused():  # every posting as a row and an item: acyclic, by the hundred thousand
        return _rebuild(con, now or datetime.now(UTC), params)


def _rebuild(con: duckdb.DuckDBPyConnection, now: datetime, params: dedupe.Params) -> JobsReport:
    report = JobsReport()
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE dd_all AS
            SELECT row_number() OVER (ORDER BY p.posting_key) AS rn, {_ITEM_COLS}
            FROM postings p"""
        )
        items = _items(con.execute("SELECT * EXCLUDE (rn) FROM dd_all ORDER BY rn").fetchall())
        sigs, counts = _signatures(con, "dd_all")
        labels, report.stats = dedupe.cluster(items, sigs, counts, params)
        clusters: dict[int, list[int]] = {}
        for i, label in enumerate(labels):
            clusters.setdefault(label, []).append(i)
        ranks = _job_ranks(con)
        taken: set[str] = set()
        assign: dict[str, str] = {}
        home: dict[str, Counter[str]] = {}  # old job -> new job ids of its postings
        for members in sorted(clusters.values(), key=lambda m: (-len(m), items[m[0]].key)):
            olds = [j for i in members if (j := items[i].job) is not None and j not in taken]
            target = min(olds, key=lambda j: ranks.get(j, (2, "", j))) if olds else None
            if target is None:
                target = job_id_for(min(items[i].key for i in members))
                report.new_jobs += 1
            taken.add(target)
            for i in members:
                assign[items[i].key] = target
                old = items[i].job
                if old is not None:
                    home.setdefault(old, Counter())[target] += 1
        con.execute(
            "UPDATE postings SET job_id = a.job_id"
            " FROM (SELECT unnest(?) AS posting_key, unnest(?) AS job_id) a"
            " WHERE postings.posting_key = a.posting_key AND postings.job_id IS DISTINCT FROM a.job_id",
            [list(assign), list(assign.values())],
        )
        for old, targets in sorted(home.items()):
            if old not in taken:
                survivor = targets.most_common(1)[0][0]
                follow(con, old, survivor, now, None)
                report.merged.append((old, survivor))
        report.refreshed = refresh_jobs(con)
        con.execute("DROP TABLE IF EXISTS temp.dd_all")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return report


def _job_ranks(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, str, str]]:
    rows = con.execute(
        "SELECT j.job_id, c.job_id IS NULL, j.first_seen_at::VARCHAR"
        " FROM jobs j LEFT JOIN curation c USING (job_id)"
    ).fetchall()
    return {job: (int(uncurated), str(seen), job) for job, uncurated, seen in rows}
