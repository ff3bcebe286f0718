"""Annual pay from pay per hour, day, week or month, with each country's working time."""

from __future__ import annotations

from pipeline.records import Salary

# Hours per week and weeks per year used to annualize hourly/daily/weekly pay.
# Defaults follow common payroll practice: 40 h x 52 weeks (2,080 h) in North America,
# 37.5 h in the UK and most of Europe; 5 working days a week everywhere.
# Callers may change entries (module-level, per ISO alpha-2 country).
HOURS_PER_WEEK: dict[str, float] = {
    "CA": 37.5,
    "US": 40.0,
    "GB": 37.5,
    "IE": 39.0,
    "FR": 35.0,
    "DE": 40.0,
    "NL": 40.0,
    "BE": 38.0,
    "ES": 40.0,
    "IT": 40.0,
    "AU": 38.0,
}
DEFAULT_HOURS_PER_WEEK = 40.0
WEEKS_PER_YEAR: dict[str, float] = {}
DEFAULT_WEEKS_PER_YEAR = 52.0
DAYS_PER_WEEK = 5.0


def annualize(salary: Salary, country: str | None) -> tuple[float | None, float | None]:
    """``(min, max)`` per year, using the country's hours per week and weeks per year."""
    try:
        hours = HOURS_PER_WEEK.get(country or "", DEFAULT_HOURS_PER_WEEK)
        weeks = WEEKS_PER_YEAR.get(country or "", DEFAULT_WEEKS_PER_YEAR)
        factor = {
            "HOUR": hours * weeks,
            "DAY": DAYS_PER_WEEK * weeks,
            "WEEK": weeks,
            "MONTH": 12.0,
            "YEAR": 1.0,
        }.get(salary.period or "")
        if factor is None:
            return None, None
        lo = round(salary.min * factor, 2) if salary.min is not None else None
        hi = round(salary.max * factor, 2) if salary.max is not None else None
        return lo, hi
    except Exception:  # noqa: BLE001
        return None, None
