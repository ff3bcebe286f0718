"""A second look at each source's crawl outcome, against its history: ``suspect`` listings.

The crawler judges what it saw (a listing that yielded nothing is ``empty``); only the
warehouse knows what a source usually holds. ``judge_outcomes`` runs in the load's
transaction, after staging and before closing (``warehouse.load``), and applies
``pipeline.lifecycle.judge``: a complete ``ok`` listing whose count -- records made, non-HR
jobs dropped, detail pages that answered 404/410, postings seen unchanged in a sitemap and not
fetched again (``pipeline.recrawl``) -- is under half the median of the source's
last ``HISTORY_CRAWLS`` complete crawls becomes ``suspect``, with a one-line diagnosis, and
closes nothing. A listing of nothing at all becomes ``empty`` here too, so a landing file
written before the crawler said ``empty`` itself is held to the same rule.
"""

from __future__ import annotations

from collections import defaultdict

import duckdb

from pipeline import lifecycle


def judge_outcomes(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Re-judge the staged outcomes (``stage_outcomes``); the statuses changed, by source."""
    # what the listing held (``source_runs.listed``): the records it made (as counted, or as
    # landed if more), the non-HR jobs dropped and the detail pages gone
    con.execute("ALTER TABLE stage_outcomes ADD COLUMN listed BIGINT")
    con.execute(
        "UPDATE stage_outcomes o SET listed = greatest(coalesce(o.fetched, 0),"
        " (SELECT count(*) FROM stage_postings p WHERE p.source_name = o.source_name))"
        " + coalesce(o.dropped_non_hr, 0) + len(coalesce(o.gone_keys, []))"
        " + len(coalesce(o.unchanged_keys, []))"
    )
    rows = con.execute(
        "SELECT source_name, status, complete, listed FROM stage_outcomes"
    ).fetchall()
    judged = [r for r in rows if r[1] == "ok" and r[2]]
    if not judged:
        return {}
    recent: dict[str, list[int]] = defaultdict(list)
    for name, count in con.execute(
        "SELECT sr.source_name, coalesce(sr.listed, sr.fetched + sr.dropped_non_hr)"
        " FROM source_runs sr"
        " JOIN crawl_runs c USING (batch_id)"
        " WHERE sr.complete AND sr.status IN ('ok', 'suspect', 'empty')"
        " AND sr.source_name IN (SELECT unnest(?::VARCHAR[]))"
        " QUALIFY row_number() OVER (PARTITION BY sr.source_name"
        "  ORDER BY c.loaded_at DESC, sr.finished_at DESC) <= ?",
        [[r[0] for r in judged], lifecycle.HISTORY_CRAWLS],
    ).fetchall():
        recent[name].append(count)
    changed = {}
    for name, status, complete, count in judged:
        verdict, why = lifecycle.judge(status, complete, count, recent[name])
        if verdict != status:
            changed[name] = verdict
            con.execute(
                "UPDATE stage_outcomes SET status = ?, diagnosis = coalesce(diagnosis, ?)"
                " WHERE source_name = ?",
                [verdict, why, name],
            )
    return changed
