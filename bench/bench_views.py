"""Latency of each analyst view on a warehouse of 1,000,000 postings.

Run: ``.venv/bin/python -m bench.bench_views [POSTINGS] [--keep PATH]`` (default 1,000,000).

The warehouse is generated in SQL (no crawl): 2,000 sources, POSTINGS postings over two years
of first sightings, 80% of them their own job and the rest a second posting of one, 40% closed,
60% with pay, 12 HR categories, 9 regions, realistic-length descriptions, and 60 crawl runs of
source history. The warehouse is generated in a child process (``--generate-only``), so the peak RSS
reported with each view is the querying process's own, not the generation's (~5 GB at 1M).
Each view is timed on a fresh read-only connection (as ``eolist query`` opens
it): the docs' example query, and a full read of the view (``count(*)`` over it). Reported:
best and median of 5 runs, each view's example query against the target (under 200 ms each,
issue #7), the full read beside it without a target (no analyst reads a whole view at once).
There is no peer: no other tool answers these questions over our schema.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from bench.common import emit
from warehouse import db

CATEGORIES = [
    "hr_leadership", "hr_business_partner", "hr_generalist", "talent_acquisition",
    "compensation_benefits", "payroll", "learning_development", "employee_labour_relations",
    "hris_people_analytics", "dei", "health_safety_wellness", "hr_operations_admin",
]  # fmt: skip
PLACES = [
    ("Toronto", "Ontario", "CA"), ("Ottawa", "Ontario", "CA"), ("Vancouver", "British Columbia", "CA"),
    ("Montréal", "Quebec", "CA"), ("Calgary", "Alberta", "CA"), ("New York", "New York", "US"),
    ("Chicago", "Illinois", "US"), ("Austin", "Texas", "US"), ("London", None, "GB"),
]  # fmt: skip
SENIORITIES = ["junior", "intermediate", "senior", "manager", "director"]

QUERIES = {
    "open_jobs": "SELECT title, company, location_city, url FROM open_jobs WHERE hr_category"
    " IS NOT NULL AND location_region = 'Ontario' ORDER BY first_seen_at DESC LIMIT 100",
    "hr_jobs_weekly": "SELECT iso_week, hr_category, sum(jobs) FROM hr_jobs_weekly WHERE"
    " location_region = 'Ontario' AND week >= DATE '2026-01-01' GROUP BY ALL ORDER BY 1, 3 DESC",
    "salaries": "SELECT location_city, salary_currency, jobs, pay_mid_median FROM salaries"
    " WHERE hr_category = 'hr_business_partner' AND by_city AND NOT by_seniority"
    " AND location_city IN ('Toronto', 'Vancouver')",
    "time_to_close": "SELECT location_region, count(*), median(days_open) FROM time_to_close"
    " WHERE hr_category = 'payroll' GROUP BY ALL",
    "employers": "SELECT company, sum(jobs) AS n FROM employers WHERE hr_category ="
    " 'talent_acquisition' GROUP BY company ORDER BY n DESC LIMIT 20",
    "source_health": "SELECT source_name, health, last_error FROM source_health"
    " WHERE health <> 'ok' ORDER BY consecutive_failures DESC",
}


def _list(values: list) -> str:
    return "[" + ", ".join("NULL" if v is None else f"'{v}'" for v in values) + "]"


def generate(path: Path, n: int) -> None:
    cats, sen = _list(CATEGORIES), _list(SENIORITIES)
    cities, regions, countries = (_list([p[i] for p in PLACES]) for i in range(3))
    with db.session(path) as con:
        con.execute(
            "INSERT INTO sources (name, kind, url, enabled, consecutive_failures, last_ok_at,"
            " last_attempt_at, last_error, suspect_empty)"
            " SELECT 's' || i, 'greenhouse', 'https://x.test/' || i, i % 50 <> 0, (i % 17 = 0)::INT,"
            " TIMESTAMPTZ '2026-11-26' - INTERVAL (i % 48) HOUR, TIMESTAMPTZ '2026-11-26',"
            " CASE WHEN i % 17 = 0 THEN 'HTTP 503' END, i % 101 = 0 FROM range(2000) t(i)"
        )
        con.execute(
            f"""CREATE TEMP TABLE g AS SELECT i,
                hash(i) AS h, 's' || (i % 2000) AS source, (hash(i) % 9)::INT + 1 AS place,
                TIMESTAMPTZ '2024-11-26' + to_seconds((hash(i * 3) % 63072000)::BIGINT) AS seen
            FROM range({n}) t(i)"""
        )
        con.execute(
            f"""INSERT INTO postings
            (posting_key, source_name, source_kind, external_id, url, title,
            title_normalized, company, company_normalized, location_city,
            location_region, location_country, locations, workplace,
            employment_type, salary_min, salary_max, salary_currency, salary_period,
            salary_annual_min, salary_annual_max, salary_origin, posted_at,
            valid_through, apply_url, description_html, description_text,
            department, hr_category, seniority, fingerprint, version, first_seen_at,
            last_seen_at, closed_at, close_reason, missed_crawls, reposted, job_id)
            SELECT source || ':' || i, source, 'greenhouse', i::VARCHAR,
                'https://x.test/' || source || '/' || i,
                'HR role ' || (h % 977), 'hr role ' || (h % 977),
                'Company ' || (h % 5000), 'company ' || (h % 5000),
                {cities}[place], {regions}[place], {countries}[place], [{cities}[place]],
                'hybrid', 'FULL_TIME',
                CASE WHEN h % 5 < 3 THEN 50000 + (h % 90) * 1000 END,
                CASE WHEN h % 5 < 3 THEN 65000 + (h % 90) * 1000 END,
                CASE WHEN place <= 5 THEN 'CAD' WHEN place <= 8 THEN 'USD' ELSE 'GBP' END, 'YEAR',
                CASE WHEN h % 5 < 3 THEN 50000 + (h % 90) * 1000 END,
                CASE WHEN h % 5 < 3 THEN 65000 + (h % 90) * 1000 END,
                CASE WHEN h % 5 < 3 THEN 'structured' END,
                seen - INTERVAL ((h % 5)::INT) DAY, NULL, NULL,
                '<p>' || repeat('Partner with leaders on people programs. ', 20) || i || '</p>',
                repeat('Partner with leaders on people programs. ', 20) || i, 'People',
                CASE WHEN h % 10 = 0 THEN NULL ELSE {cats}[(h % 12)::INT + 1] END,
                {sen}[((h // 7) % 5)::INT + 1], 'v1:' || h, 1, seen,
                seen + INTERVAL ((h % 40)::INT) DAY,
                CASE WHEN h % 5 < 2 THEN seen + INTERVAL ((h % 40)::INT + 1) DAY END,
                CASE WHEN h % 5 < 2 THEN 'missing from complete listing' END, 0, false,
                'j' || CASE WHEN i % 5 = 4 THEN i - 1 ELSE i END
            FROM g"""
        )
        con.execute(
            """INSERT INTO jobs
            SELECT job_id, any_value(title), any_value(title_normalized), any_value(company),
                any_value(company_normalized), any_value(location_city),
                any_value(location_region), any_value(location_country), 'hybrid', 'FULL_TIME',
                any_value(salary_min), any_value(salary_max), any_value(salary_currency), 'YEAR',
                any_value(salary_annual_min), any_value(salary_annual_max),
                any_value(salary_origin), min(posted_at), NULL, any_value(url), NULL,
                any_value(description_html), any_value(description_text),
                any_value(hr_category), any_value(seniority), any_value(source_name), count(*),
                list(DISTINCT source_name), min(first_seen_at), max(last_seen_at),
                CASE WHEN bool_and(closed_at IS NOT NULL) THEN max(closed_at) END, false
            FROM postings GROUP BY job_id"""
        )
        con.execute(
            "INSERT INTO crawl_runs SELECT 'b' || r, 'r' || r, t, t, 'ok', 2000, 0, 0, 0, 0, 0, 0,"
            " t FROM (SELECT r, TIMESTAMPTZ '2026-11-26' - INTERVAL (r * 12) HOUR AS t"
            " FROM range(60) x(r))"
        )
        con.execute(
            "INSERT INTO source_runs (batch_id, source_name, source_kind, status, complete,"
            " pages, fetched, dropped_non_hr, not_modified, new, changed, unchanged, closed,"
            " error, started_at, finished_at) SELECT 'b' || r, 's' || s, 'greenhouse',"
            " CASE WHEN (r + s) % 23 = 0 THEN 'failed' ELSE 'ok' END, true, 1, 10, 0, 0, 0, 0,"
            " 10, 0, NULL, NULL, NULL FROM range(60) a(r), range(2000) b(s)"
        )


def timed(path: Path, sql: str, runs: int = 5) -> list[float]:
    out = []
    for _ in range(runs):
        with db.session(path, read_only=True) as con:
            t = time.perf_counter()
            con.execute(sql).fetchall()
            out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=1_000_000)
    ap.add_argument("--keep", type=Path, default=None, help="Build (or reuse) this file.")
    ap.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.generate_only:
        generate(args.keep, args.n)
        return
    tmp = None if args.keep else Path(tempfile.mkdtemp(prefix="eolist-bench-views-"))
    path = args.keep or tmp / "w.duckdb"  # type: ignore[operator]
    gen_s = None
    try:
        if not path.exists():
            t = time.perf_counter()
            cmd = ["-m", "bench.bench_views", str(args.n), "--keep", str(path), "--generate-only"]
            subprocess.run([sys.executable, *cmd], check=True, cwd=Path(__file__).parents[1])
            gen_s = round(time.perf_counter() - t, 1)
            print(f"generated {args.n:,} postings in {gen_s:.1f} s ({path})")
        measure(path, gen_s)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def measure(path: Path, gen_s: float | None) -> None:
    with duckdb.connect(str(path), read_only=True) as con:
        counts = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone() for t in ("postings", "jobs")
        }
    n: int = counts["postings"][0]  # type: ignore[index]
    print(f"postings {n:,}, jobs {counts['jobs'][0]:,}")  # type: ignore[index]
    print(f"{'view':16} {'example best/median ms':>24} {'full read best/median ms':>26}")
    for view, sql in QUERIES.items():
        ex = timed(path, sql)
        full = timed(path, f"SELECT count(*) FROM (SELECT * FROM {view})")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # queries so far
        print(f"{view:16} {min(ex):11.0f} /{statistics.median(ex):6.0f}"
              f" {min(full):13.0f} /{statistics.median(full):6.0f}")  # fmt: skip
        emit(f"view {view}: example query", min(ex), "ms", n, target="< 200 ms",
             higher_is_better=False, peak_rss=rss, median_ms=round(statistics.median(ex), 1),
             generate_s=gen_s)  # fmt: skip
        emit(f"view {view}: full read (count(*))", min(full), "ms", n, higher_is_better=False,
             peak_rss=rss, median_ms=round(statistics.median(full), 1))  # fmt: skip


if __name__ == "__main__":
    main()
