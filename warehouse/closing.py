"""Closing postings after a load: ``pipeline.lifecycle``'s written rules, applied in SQL.

Runs inside ``warehouse.load.load_batch``'s transaction, after the batch's postings are merged
(``stage_postings`` and ``stage_outcomes`` are its temp tables). Only a complete crawl of a
source is evidence (``lifecycle.crawl_can_close``: status ok and complete -- every link
followed, nothing skipped, no cap reached): a detail page that answered 404/410 closes its
posting; a posting missing from ``lifecycle.misses_to_close(kind)`` complete listings in a row
closes; an ``empty`` listing of an API or feed counts only once the board has been empty
``EMPTY_CLOSE_AFTER`` times (a board that dropped only non-HR jobs is not empty), and an
empty page-based board or a ``suspect`` listing (``warehouse.verdicts``) never counts.
Expiry (``valid_through`` past) applies at every load.

A posting whose detail page the crawl did not fetch again, its sitemap ``lastmod`` not newer
than the source's last complete crawl (``pipeline.recrawl``; the outcome's ``unchanged_keys``),
was listed: ``see_unchanged`` records the sighting before closing, and it is not missing.
A posting whose URL left the sitemap is in neither list, and is missing as before.

The policy is decided per source in Python (a handful of rows), then applied to all the
batch's sources at once: one statement per rule, not one per source.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import duckdb

from pipeline import lifecycle
from pipeline.normalize import canonical_url


def see_unchanged(con: duckdb.DuckDBPyConnection) -> Counter[str]:
    """Record the sighting of the open postings the batch's crawls listed unchanged but did
    not fetch again (``stage_unchanged``, which ``close_postings`` reads); count per source.

    Seen at the end of the crawl that listed them, as a fetched posting is seen when fetched:
    ``warehouse.maintenance`` measures staleness from ``last_seen_at``.
    """
    staged = con.execute(
        "CREATE OR REPLACE TEMP TABLE stage_unchanged AS SELECT DISTINCT o.source_name,"
        " unnest(o.unchanged_keys) AS posting_key, o.finished_at AS seen"
        " FROM stage_outcomes o WHERE len(coalesce(o.unchanged_keys, [])) > 0"
    ).fetchone()
    if not staged or not staged[0]:
        return Counter()  # (most batches) the two updates below would scan for nothing
    seen = con.execute(
        "UPDATE postings SET last_seen_at = greatest(postings.last_seen_at, u.seen),"
        " missed_crawls = 0 FROM stage_unchanged u WHERE postings.posting_key = u.posting_key"
        " AND postings.source_name = u.source_name AND postings.closed_at IS NULL"
        " AND postings.posting_key NOT IN (SELECT posting_key FROM stage_postings)"
        " RETURNING postings.source_name"
    ).fetchall()
    con.execute(
        "UPDATE jobs SET last_seen_at = greatest(jobs.last_seen_at, s.seen)"
        " FROM (SELECT p.job_id, max(u.seen) AS seen FROM stage_unchanged u"
        "  JOIN postings p USING (posting_key) WHERE p.job_id IS NOT NULL AND p.closed_at IS NULL"
        "  GROUP BY p.job_id) s"
        " WHERE jobs.job_id = s.job_id"
    )
    return Counter(r[0] for r in seen)


def close_postings(con: duckdb.DuckDBPyConnection, now: datetime) -> Counter[str]:
    """Apply the closing rules for every source of the staged batch; closed count per source."""
    outcomes = con.execute(
        "SELECT source_name, source_kind, status, complete, fetched, dropped_non_hr, gone_keys"
        " FROM stage_outcomes"
    ).fetchall()
    closable = [o for o in outcomes if lifecycle.crawl_can_close(o[2], o[3], o[1])]
    closed: Counter[str] = Counter()
    for source, _kind, _status, _complete, _fetched, _dropped, gone_keys in closable:
        if gone_keys:
            gone = _gone_postings(con, source, gone_keys)
            closed[source] += _close_where(
                con, "posting_key IN (SELECT unnest(?))", [gone], now, "gone (404/410)"
            )
    if not closable:  # pending_misses reads the plan: an empty one
        con.execute(
            "CREATE OR REPLACE TEMP TABLE close_plan"
            " (source_name VARCHAR, empty BOOLEAN, miss_limit INTEGER)"
        )
    else:
        # ``empty`` as judged (warehouse.verdicts): a listing that dropped only non-HR jobs,
        # or whose detail pages answered 404, is not an empty board.
        empty = [o[2] == "empty" for o in closable]
        limits = [
            1 if e else lifecycle.misses_to_close(o[1])
            for o, e in zip(closable, empty, strict=True)
        ]
        con.execute(
            "CREATE OR REPLACE TEMP TABLE close_plan AS SELECT unnest(?::VARCHAR[]) AS source_name,"
            " unnest(?::BOOLEAN[]) AS empty, unnest(?::INTEGER[]) AS miss_limit",
            [[o[0] for o in closable], empty, limits],
        )
        con.execute(
            "UPDATE sources SET empty_crawls = CASE WHEN c.empty THEN empty_crawls + 1 ELSE 0 END,"
            " suspect_empty = CASE WHEN c.empty THEN empty_crawls + 1 >= ? ELSE false END"
            " FROM close_plan c WHERE sources.name = c.source_name",
            [lifecycle.EMPTY_SUSPECT_AFTER],
        )
        # An empty listing counts as a miss only once the board has been empty long enough.
        con.execute(
            "DELETE FROM close_plan c USING sources s WHERE s.name = c.source_name"
            " AND c.empty AND s.empty_crawls < ?",
            [lifecycle.EMPTY_CLOSE_AFTER],
        )
        con.execute(
            "UPDATE postings SET missed_crawls = missed_crawls + 1 FROM close_plan c"
            " WHERE postings.source_name = c.source_name AND postings.closed_at IS NULL"
            " AND postings.posting_key NOT IN (SELECT posting_key FROM stage_postings)"
            " AND postings.posting_key NOT IN (SELECT posting_key FROM stage_unchanged)"
        )
        missing = con.execute(
            "UPDATE postings SET closed_at = ?, close_reason = 'missing from complete listing'"
            " FROM close_plan c WHERE postings.source_name = c.source_name"
            " AND postings.closed_at IS NULL AND postings.missed_crawls >= c.miss_limit"
            " RETURNING postings.source_name",
            [now],
        ).fetchall()
        closed.update(r[0] for r in missing)
    # Expiry is the posting's own word, not evidence from a crawl: it applies to every open
    # posting at every load, whichever sources this batch crawled.
    expired = con.execute(
        "UPDATE postings SET closed_at = ?, close_reason = 'expired'"
        " WHERE closed_at IS NULL AND valid_through < ? RETURNING source_name",
        [now, now],
    ).fetchall()
    closed.update(r[0] for r in expired)
    return closed


def pending_misses(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Sources of the staged batch with a posting missed but not yet closed.

    Their validators must not survive the load: a board that lost a posting and then stops
    changing answers 304 (or the same bytes) to every later crawl, and a ``not_modified`` crawl
    counts no miss, so the second miss a scraped board needs would never come and the posting
    would stay open for ever. Forgetting them makes the next crawl read the listing in full.
    Call it after ``close_postings``, in the same transaction (it reads ``close_plan``).
    """
    rows = con.execute(
        "SELECT DISTINCT p.source_name FROM postings p JOIN close_plan c USING (source_name)"
        " WHERE p.closed_at IS NULL AND p.missed_crawls > 0 ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


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
