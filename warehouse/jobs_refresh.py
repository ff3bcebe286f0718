"""Rebuilding ``jobs`` rows from their postings, and the cheap path for a mere sighting.

A job's row is derived (see ``warehouse.jobs``): the primary posting's text fields, the pay
of the first posting that states one, and aggregates over all its postings. Rebuilding is a
delete and an insert of the touched rows: the choice of the primary and the pay posting is
made on narrow columns (``arg_min`` over a rank tuple, no window over whole rows), and only
then are the two chosen postings' wide columns (descriptions) read, once per job.

Most postings in a steady crawl are merely seen again: their job's only change is
``last_seen_at``, which the load moves with a narrow update (``warehouse.load._queue_jobs``)
instead of queueing the job for a rebuild.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

# ATS and employer feeds are the employer speaking; boards and scraped pages come second.
PRIMARY_RANK = """CASE source_kind WHEN 'jsonld' THEN 2 WHEN 'html' THEN 3
                  WHEN 'job-feed' THEN 4 ELSE 1 END"""
_PAY_RANK = "CASE salary_origin WHEN 'structured' THEN 1 WHEN 'text' THEN 2 ELSE 9 END"


def refresh_jobs(con: duckdb.DuckDBPyConnection, job_ids: Iterable[str] | None = None) -> int:
    """Rebuild the rows of ``job_ids`` (all jobs when ``None``) from their postings.

    A job left with no postings is deleted. Returns the number of job ids refreshed.
    """
    if job_ids is None:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE dd_touched AS"
            " SELECT job_id FROM postings WHERE job_id IS NOT NULL UNION SELECT job_id FROM jobs"
        )
    else:
        ids = sorted({j for j in job_ids if j is not None})
        con.execute(
            "CREATE OR REPLACE TEMP TABLE dd_touched AS SELECT unnest(?::VARCHAR[]) AS job_id",
            [ids],
        )
    try:
        return _rebuild(con)
    finally:
        con.execute("DROP TABLE IF EXISTS temp.dd_touched")
        con.execute("DROP TABLE IF EXISTS temp.dd_pick")


def _rebuild(con: duckdb.DuckDBPyConnection) -> int:
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE dd_pick AS
        SELECT job_id, count(*) AS posting_count,
               list(DISTINCT source_name ORDER BY source_name) AS source_names,
               min(first_seen_at) AS first_seen_at, max(last_seen_at) AS last_seen_at,
               CASE WHEN bool_and(closed_at IS NOT NULL) THEN max(closed_at) END AS closed_at,
               bool_or(reposted) AS reposted, min(posted_at) AS posted_at,
               arg_min(posting_key, ({PRIMARY_RANK}, first_seen_at, posting_key)) AS primary_key,
               arg_min(posting_key, ({_PAY_RANK}, {PRIMARY_RANK}, posting_key))
                   FILTER (WHERE salary_origin IN ('structured', 'text')) AS pay_key
        FROM postings
        WHERE job_id IN (SELECT job_id FROM dd_touched)
        GROUP BY job_id
        """
    )
    con.execute("DELETE FROM jobs WHERE job_id IN (SELECT job_id FROM dd_touched)")
    con.execute(
        """
        INSERT INTO jobs
        SELECT a.job_id, r.title, r.title_normalized, r.company, r.company_normalized,
               r.location_city, r.location_region, r.location_country, r.workplace,
               r.employment_type, pay.salary_min, pay.salary_max, pay.salary_currency,
               pay.salary_period, pay.salary_annual_min, pay.salary_annual_max,
               pay.salary_origin, a.posted_at, r.valid_through, r.url, r.apply_url,
               r.description_html, r.description_text, r.hr_category, r.seniority,
               r.source_name, a.posting_count, a.source_names, a.first_seen_at,
               a.last_seen_at, a.closed_at, a.reposted
        FROM dd_pick a JOIN postings r ON r.posting_key = a.primary_key
        LEFT JOIN postings pay ON pay.posting_key = a.pay_key
        """
    )
    n = con.execute("SELECT count(*) FROM dd_touched").fetchall()[0]
    return n[0] if n else 0
