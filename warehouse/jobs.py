"""The ``jobs`` table: one row per real-world job, holding the best value of each field.

Which postings belong to one job is decided by ``pipeline.dedupe`` (cross-source matching);
until a posting has been matched it is a job of its own (``job_id`` derived from its key).
The best values: the text fields of the job's primary posting (an employer's own ATS before a
board, then the earliest seen), the salary of the first posting that states one (structured
pay before pay parsed from text; board estimates are never used), the earliest ``posted_at``.
"""

from __future__ import annotations

import duckdb

# ATS and employer feeds are the employer speaking; boards and scraped pages come second.
PRIMARY_RANK = """CASE source_kind WHEN 'jsonld' THEN 2 WHEN 'html' THEN 3
                  WHEN 'job-feed' THEN 4 ELSE 1 END"""


def assign_singletons(con: duckdb.DuckDBPyConnection) -> None:
    """Give every unmatched posting a job of its own."""
    con.execute(
        "UPDATE postings SET job_id = 'j' || substr(md5(posting_key), 1, 15) WHERE job_id IS NULL"
    )


def refresh_jobs(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the job rows from their postings (inside the caller's transaction)."""
    assign_singletons(con)
    con.execute(
        f"""
        INSERT OR REPLACE INTO jobs
        WITH ranked AS (
            SELECT *, row_number() OVER (
                PARTITION BY job_id ORDER BY {PRIMARY_RANK}, first_seen_at, posting_key) AS rk,
              row_number() OVER (
                PARTITION BY job_id
                ORDER BY CASE salary_origin WHEN 'structured' THEN 1 WHEN 'text' THEN 2 ELSE 9 END,
                         {PRIMARY_RANK}, posting_key) AS pay_rk
            FROM postings
        ),
        agg AS (
            SELECT job_id, count(*) AS posting_count,
                   list(DISTINCT source_name ORDER BY source_name) AS source_names,
                   min(first_seen_at) AS first_seen_at, max(last_seen_at) AS last_seen_at,
                   CASE WHEN bool_and(closed_at IS NOT NULL) THEN max(closed_at) END AS closed_at,
                   bool_or(reposted) AS reposted, min(posted_at) AS posted_at
            FROM postings GROUP BY job_id
        ),
        pay AS (
            SELECT job_id, salary_min, salary_max, salary_currency, salary_period,
                   salary_annual_min, salary_annual_max, salary_origin
            FROM ranked
            WHERE pay_rk = 1 AND salary_origin IN ('structured', 'text')
        )
        SELECT r.job_id, r.title, r.title_normalized, r.company, r.company_normalized,
               r.location_city, r.location_region, r.location_country, r.workplace,
               r.employment_type, pay.salary_min, pay.salary_max, pay.salary_currency,
               pay.salary_period, pay.salary_annual_min, pay.salary_annual_max,
               pay.salary_origin, a.posted_at, r.valid_through, r.url, r.apply_url,
               r.description_html, r.description_text, r.hr_category, r.seniority,
               r.source_name, a.posting_count, a.source_names, a.first_seen_at,
               a.last_seen_at, a.closed_at, a.reposted
        FROM ranked r JOIN agg a USING (job_id) LEFT JOIN pay USING (job_id)
        WHERE r.rk = 1
        """
    )
    con.execute("DELETE FROM jobs WHERE job_id NOT IN (SELECT job_id FROM postings)")
