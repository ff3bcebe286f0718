"""How a job's values read to a person: pay, place, category, age, and which links are safe.

Shared by the curation page and every digest format so subscribers and the list owner see the
same words. Pay is shown only when the site stated it (``salary_origin`` structured or text),
never an estimate. A link is kept only when it is http(s): a scraped ``javascript:`` or
``data:`` URL becomes no link at all.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PERIODS = {
    "HOUR": "an hour",
    "DAY": "a day",
    "WEEK": "a week",
    "MONTH": "a month",
    "YEAR": "a year",
}
SHOWN_SALARY_ORIGINS = ("structured", "text")
# Age badges: (upper bound in days, key, label); past the last bound, "over 60".
AGES = ((7, "new", "new"), (30, "recent", "recent"), (60, "old", "over 30 days"))
CATEGORY_LABELS = {  # pipeline.classify.CATEGORIES, in the order the digest lists them
    "hr_leadership": "HR Leadership",
    "hr_business_partner": "HR Business Partners",
    "hr_generalist": "HR Generalists",
    "talent_acquisition": "Talent Acquisition & Recruiting",
    "compensation_benefits": "Compensation & Benefits",
    "payroll": "Payroll",
    "learning_development": "Learning & Development",
    "employee_labour_relations": "Employee & Labour Relations",
    "hris_people_analytics": "HRIS & People Analytics",
    "dei": "Diversity, Equity & Inclusion",
    "health_safety_wellness": "Health, Safety & Wellness",
    "hr_operations_admin": "HR Operations & Administration",
}


def safe_url(url: str | None) -> str | None:
    """The URL when it is http or https with a host, else ``None``."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _money(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:,.2f}".rstrip("0").rstrip(".")


def salary_text(
    smin: float | None,
    smax: float | None,
    currency: str | None,
    period: str | None,
    origin: str | None = "structured",
) -> str | None:
    """``CAD 80,000–95,000 a year``; ``None`` when unknown or only estimated."""
    if origin not in SHOWN_SALARY_ORIGINS or (smin is None and smax is None):
        return None
    if smin is not None and smax is not None and smin != smax:
        amount = f"{_money(smin)}–{_money(smax)}"
    elif smin is not None and smax is None:
        amount = f"from {_money(smin)}"
    elif smin is None and smax is not None:
        amount = f"up to {_money(smax)}"
    else:
        amount = _money(smin or 0.0)
    parts = [currency or "", amount, PERIODS.get(period or "", "")]
    return " ".join(p for p in parts if p)


def location_text(
    city: str | None, region: str | None, country: str | None, workplace: str | None
) -> str:
    place = ", ".join(p for p in (city, region, country) if p)
    if workplace == "remote":
        return f"Remote ({place})" if place else "Remote"
    if workplace == "hybrid" and place:
        return f"{place} (hybrid)"
    return place or "Location not given"


def region_label(region: str | None, country: str | None, workplace: str | None) -> str:
    """The digest's sub-heading: the province/state, else the country, else Remote."""
    if region:
        return region
    if workplace == "remote":
        return "Remote"
    return country or "Other locations"


def category_rank(category: str | None) -> int:
    order = list(CATEGORY_LABELS)
    return order.index(category) if category in CATEGORY_LABELS else len(order)


def category_label(category: str | None) -> str:
    if not category:
        return "Other HR roles"
    return CATEGORY_LABELS.get(category, category.replace("_", " ").title())


def age_badge(posted: datetime | None, now: datetime) -> tuple[str, str, int | None]:
    """(key, label, days): new ≤ 7 days, recent ≤ 30, over 30, over 60; unknown without a date."""
    if posted is None:
        return ("unknown", "date unknown", None)
    days = max(0, (now - posted).days)
    for bound, key, label in AGES:
        if days <= bound:
            return (key, label, days)
    return ("stale", "over 60 days", days)


def zone(name: str | None) -> tzinfo:
    """Her time zone by IANA name (``America/Toronto``); UTC for an unknown name, so a bad
    setting never stops a page (the Rules page refuses one when it is typed)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def week_heading(monday: datetime) -> str:
    """``Week of November 23, 2026``: how a person names a week (not ``2026-W48``)."""
    return f"Week of {monday:%B} {monday.day}, {monday.year}"


def local_time(when: datetime | None, tz: tzinfo) -> str:
    """``Thursday, November 26, 2026, 7:00 AM EST``: a moment as she reads it, in her zone."""
    if when is None:
        return ""
    t = when.astimezone(tz)
    hour = t.hour % 12 or 12
    return f"{t:%A}, {t:%B} {t.day}, {t.year}, {hour}:{t:%M} {'AM' if t.hour < 12 else 'PM'} {t:%Z}"


def two_lines(text: str | None, limit: int = 220) -> str:
    """A summary of about two lines: whole words, an ellipsis when cut."""
    words = " ".join((text or "").split())
    if len(words) <= limit:
        return words
    cut = words[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"
