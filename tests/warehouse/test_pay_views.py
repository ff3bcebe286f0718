"""The analyst's pay views do not mislead (issue 19 item 6): real loads into a real DuckDB.

Expected figures are read off the postings written below: full-time pay annualised,
part-time hourly pay kept hourly, quartiles only for groups of five or more, country and
overall rollups, a workplace column in every job view, implausible pay flagged, not dropped.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from tests.conftest import make_posting, outcome, write_batch
from warehouse import db
from warehouse.load import load_batch


def _job(key: str, **fields: Any):
    words = ["ledger", "harbour", "maple", "granite", "willow", "copper", "meadow", "summit"]
    text = " ".join(words[(int(key) + i) % len(words)] + key for i in range(40))
    base: dict[str, Any] = {
        "title": f"HR Business Partner {key}",
        "company": f"Company {key}",
        "company_normalized": f"company {key}",
        "description_text": text,
        "description_html": f"<p>{text}</p>",
    }
    base.update(fields)
    return make_posting(key, **base)


@pytest.fixture
def con(tmp_path) -> duckdb.DuckDBPyConnection:
    postings = [
        # five full-time HRBPs in Toronto, yearly pay 80-95k .. 100-115k
        *(_job(str(i), salary_min=80000.0 + 5000 * i, salary_max=95000.0 + 5000 * i,
               salary_annual_min=80000.0 + 5000 * i, salary_annual_max=95000.0 + 5000 * i)
          for i in range(5)),
        # one in Vancouver, remote
        _job("5", location_city="Vancouver", location_region="British Columbia",
             workplace="remote"),
        # a part-time coordinator paid by the hour: the pipeline annualised it at full time
        _job("6", title="HR Coordinator (part-time) 6", hr_category="hr_operations_admin",
             employment_type="PART_TIME", salary_min=22.0, salary_max=26.0, salary_period="HOUR",
             salary_annual_min=42900.0, salary_annual_max=50700.0),
        # an intern Chief People Officer at 150k
        _job("7", title="Intern Chief People Officer 7", hr_category="hr_leadership",
             seniority="intern", salary_min=150000.0, salary_max=150000.0,
             salary_annual_min=150000.0, salary_annual_max=150000.0),
        # one in the US, in USD
        _job("8", location_city="Chicago", location_region="Illinois", location_country="US",
             salary_currency="USD"),
    ]  # fmt: skip
    path = tmp_path / "w.duckdb"
    batch = write_batch(tmp_path / "landing", "b1", [*postings, outcome(fetched=len(postings))])
    with db.session(path) as c:
        load_batch(c, batch)
    c = duckdb.connect(str(path), read_only=True)
    yield c
    c.close()


def _one(con, sql: str, *args: Any) -> tuple[Any, ...]:
    rows = con.execute(sql, list(args)).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def test_part_time_hourly_pay_is_reported_hourly(con) -> None:
    row = _one(
        con, "SELECT pay_period, pay_low, pay_high FROM job_pay WHERE title LIKE 'HR Coord%'"
    )
    assert row == ("HOUR", 22.0, 26.0)
    row = _one(
        con,
        "SELECT pay_period, employment_type, pay_low, pay_high FROM salaries"
        " WHERE hr_category = 'hr_operations_admin' AND level = 'all' AND NOT by_seniority",
    )
    assert row == ("HOUR", "PART_TIME", 22.0, 26.0)


def test_quartiles_only_for_groups_of_five(con) -> None:
    toronto = _one(
        con,
        "SELECT jobs, pay_min_p25, pay_mid_median, pay_max_p75 FROM salaries"
        " WHERE hr_category = 'hr_business_partner' AND location_city = 'Toronto'"
        " AND NOT by_seniority AND salary_currency = 'CAD'",
    )
    # minimums 80k..100k, midpoints 87.5k..107.5k, maximums 95k..115k
    assert toronto == (5, 85000.0, 97500.0, 110000.0)
    vancouver = _one(
        con,
        "SELECT jobs, pay_low, pay_min_p25, pay_mid_median, pay_max_p75 FROM salaries"
        " WHERE location_city = 'Vancouver' AND NOT by_seniority",
    )
    assert vancouver == (1, 80000.0, None, None, None)


def test_country_and_overall_rollups(con) -> None:
    canada = _one(
        con,
        "SELECT jobs FROM salaries WHERE hr_category = 'hr_business_partner' AND level = 'country'"
        " AND location_country = 'CA' AND NOT by_seniority",
    )
    assert canada == (6,)  # five in Toronto, one in Vancouver
    overall = con.execute(
        "SELECT salary_currency, jobs FROM salaries WHERE hr_category = 'hr_business_partner'"
        " AND level = 'all' AND NOT by_seniority ORDER BY 1"
    ).fetchall()
    assert overall == [("CAD", 6), ("USD", 1)]  # currencies never mixed


def test_implausible_pay_is_flagged_not_dropped(con) -> None:
    row = _one(con, "SELECT pay_plausibility, pay_mid FROM job_pay WHERE seniority = 'intern'")
    assert row == ("high", 150000.0)
    flagged = _one(
        con,
        "SELECT jobs, implausible_jobs FROM salaries WHERE hr_category = 'hr_leadership'"
        " AND level = 'all' AND NOT by_seniority",
    )
    assert flagged == (1, 1)
    ok = con.execute(
        "SELECT DISTINCT pay_plausibility FROM job_pay WHERE hr_category = 'hr_business_partner'"
        " AND salary_currency = 'CAD'"
    ).fetchall()
    assert ok == [("ok",)]


def test_every_job_view_has_workplace(con) -> None:
    for view in ("open_jobs", "hr_jobs_weekly", "time_to_close", "job_pay"):
        cols = [d[0] for d in con.execute(f"SELECT * FROM {view} LIMIT 0").description]
        assert "workplace" in cols, view
    remote = con.execute(
        "SELECT sum(jobs) FROM hr_jobs_weekly WHERE workplace = 'remote'"
    ).fetchone()
    assert remote == (1,)
