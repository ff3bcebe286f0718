"""Pay: parse what a site wrote into a ``Salary`` and read structured pay (annualizing:
``pipeline.normalize.annual``).

``parse_salary`` handles ranges joined by any dash, "to", "à" or "and"; ``K`` suffixes
("80-100k" applies the k to both ends); "up to" (max only) and "from"/"starting at"
(min only); hourly, daily, weekly, monthly and yearly wording in English and French;
currency by symbol or code (C$, CA$, CAD, US$, $, £, €, …; a bare ``$`` takes the
caller's ``default_currency``, else USD); US/UK grouping ("123,833.00"), European
grouping ("45.000", "45 000", "3.500,50"). Words without figures ("Competitive", "DOE",
"negotiable") give ``None``. When no period is stated it is inferred from the size of
the figure (see ``_infer_period``). Figures outside sane bounds for their period give
``None`` rather than a wrong number.

Hand-written: no maintained library parses free-text pay ranges (price-parser reads
one price, not ranges or periods).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pipeline.normalize.annual import (
    DAYS_PER_WEEK,
    DEFAULT_HOURS_PER_WEEK,
    DEFAULT_WEEKS_PER_YEAR,
    HOURS_PER_WEEK,
    WEEKS_PER_YEAR,
    annualize,
)
from pipeline.records import Salary

__all__ = [
    "DAYS_PER_WEEK", "DEFAULT_HOURS_PER_WEEK", "DEFAULT_WEEKS_PER_YEAR", "HOURS_PER_WEEK",
    "WEEKS_PER_YEAR", "annualize", "parse_salary", "repair_structured", "salary_from_structured",
]  # fmt: skip


_CURRENCY_TOKENS: list[tuple[str, str]] = [
    # longest first; matched case-insensitively
    (r"c\$|ca\$|can\$|cad\b|\$\s?cad\b|\$\s?can\b", "CAD"),
    (r"us\$|usd\b|u\.s\.\s?\$", "USD"),
    (r"a\$|au\$|aud\b", "AUD"),
    (r"nz\$|nzd\b", "NZD"),
    (r"£|gbp\b", "GBP"),
    (r"€|eur\b|euros?\b", "EUR"),
    (r"chf\b", "CHF"),
    (r"sek\b", "SEK"),
    (r"nok\b", "NOK"),
    (r"dkk\b", "DKK"),
    (r"pln\b|zł", "PLN"),
    (r"₹|inr\b", "INR"),
    (r"¥|jpy\b", "JPY"),
    (r"\bkr\b", "SEK"),
]
_CURRENCY_RE = [(re.compile(p, re.I), code) for p, code in _CURRENCY_TOKENS]
_DOLLAR_RE = re.compile(r"\$")

_PERIODS: list[tuple[str, str]] = [
    (
        r"\b(?:per|an|a|/|par|de\s+l')\s*(?:hour|hr|h|heure)\b|\bhourly\b|/\s*h(?:ou)?r\b"
        r"|\bhoraire\b|\bl'heure\b|\bph\b|/\s*heure\b|\$/h\b|\bpro\s+stunde\b|stündlich",
        "HOUR",
    ),
    (r"\b(?:per|a|/|par)\s*(?:day|jour)\b|\bdaily\b|\bday rate\b|/\s*jour\b|\bp/d\b", "DAY"),
    (r"\b(?:per|a|/|par)\s*(?:week|wk|semaine)\b|\bweekly\b|\bhebdomadaire\b", "WEEK"),
    (
        r"\b(?:per|a|/|par)\s*(?:month|mo|mois)\b|\bmonthly\b|\bmensuel(?:le)?\b|\bpcm\b"
        r"|\bbrutto\s*monatlich\b|\bmonatlich\b",
        "MONTH",
    ),
    (
        r"\b(?:per|a|/|par)\s*(?:year|yr|annum|an|ann[ée]e)\b|\bannual(?:ly)?\b|\byearly\b"
        r"|\bp\.?\s?a\.?(?=\W|$)|\bannuel(?:le)?\b|\bsalary\b|\bsalaire\b|\bjährlich\b",
        "YEAR",
    ),
]
_PERIOD_RE = [(re.compile(p, re.I), period) for p, period in _PERIODS]

# A figure: digits with optional grouping/decimals, optional k/m suffix.
_NUM_RE = re.compile(
    r"(?<![\w.,'])(\d{1,3}(?:[ \u00a0\u202f.,'’]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?)"
    r"\s?(k|m|mil|thousand)?(?![\w])",
    re.I,
)
_RANGE_SEP_RE = re.compile(r"^\s*(?:-|to|à|a|and|et|bis|hasta|until)\s*$", re.I)
_UP_TO_RE = re.compile(r"\b(?:up\s+to|max(?:imum)?|jusqu'à|jusqu’à|bis\s+zu|≤)\b", re.I)
_FROM_RE = re.compile(
    r"\b(?:from|starting(?:\s+at)?|start(?:s|ing)?\s+at|min(?:imum)?|at\s+least|"
    r"à\s+partir\s+de|ab|minimum\s+de)\b|\+\s*$",
    re.I,
)
# Numbers that are never pay: retirement plans, hours of work, dates, percentages.
_NOISE_RE = re.compile(
    r"401\s?\(?k\)?|\b\d+(?:\.\d+)?\s*(?:hours?|hrs?|heures?|h)\s*(?:per|a|/|par)\s*(?:week|semaine)\b"
    r"|\b\d+(?:\.\d+)?\s*%|\b(?:19|20)\d\d-\d\d-\d\d\b|\bq[1-4]\b",
    re.I,
)
_CURRENCY_WORD_RE = re.compile(
    r"[a-z]{0,3}\s?[$£€¥₹]|\b(?:cad|usd|gbp|eur|aud|nzd|chf|sek|nok|dkk|pln|inr|jpy)\b", re.I
)
_MIN_AFTER_RE = re.compile(r"\s*(?:\+|(?:minimum|min\.?|and\s+(?:up|above)|or\s+more)\b)", re.I)
# Pay per two weeks or twice a month has no period in the contract (SALARY_PERIODS): it is
# stated per week (halved) or per month (doubled).
_BIWEEKLY_RE = re.compile(
    r"bi-?weekly|every\s+(?:two|2)\s+weeks|fortnight(?:ly)?|aux\s+deux\s+semaines", re.I
)
_SEMIMONTHLY_RE = re.compile(r"semi-?monthly|twice\s+a\s+month", re.I)
_DASHES_RE = re.compile(r"[\u2010-\u2015\u2212~]")

# Plausible bounds per period; outside them the parse is rejected.
_BOUNDS = {
    "HOUR": (5.0, 1_000.0),
    "DAY": (40.0, 10_000.0),
    "WEEK": (150.0, 50_000.0),
    "MONTH": (400.0, 200_000.0),
    # Under a million: "1.2M" in an ad is funding or revenue, not a yearly salary.
    "YEAR": (5_000.0, 999_999.0),
}


def _to_float(digits: str, suffix: str | None) -> float | None:
    s = digits.replace("\u00a0", " ").replace("\u202f", " ").replace("'", "").replace("’", "")
    if " " in s:
        s = s.replace(" ", "")
    if "," in s and "." in s:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        s = s.replace("." if dec == "," else ",", "").replace(dec, ".")
    elif "," in s:
        head, _, tail = s.rpartition(",")
        s = s.replace(",", "") if len(tail) == 3 else head.replace(",", "") + "." + tail
    elif "." in s:
        parts = s.split(".")
        if len(parts) > 2 or (len(parts[-1]) == 3 and not suffix):
            s = s.replace(".", "")
    try:
        value = float(s)
    except ValueError:
        return None
    if suffix:
        suffix = suffix.lower()
        value *= 1_000_000 if suffix in ("m", "mil") else 1_000
    return value


def _detect_currency(text: str, default_currency: str | None) -> str | None:
    for pattern, code in _CURRENCY_RE:
        if pattern.search(text):
            return code
    if _DOLLAR_RE.search(text):
        return default_currency or "USD"
    return default_currency


def _detect_period(text: str) -> str | None:
    for pattern, period in _PERIOD_RE:
        if pattern.search(text):
            return period
    return None


def _infer_period(value: float) -> str | None:
    """No stated period: < 200 is an hourly rate, >= 15,000 a yearly salary, else unknown."""
    if value < 200:
        return "HOUR"
    if value >= 15_000:
        return "YEAR"
    if 1_000 <= value < 15_000:
        return "MONTH"
    return None


def parse_salary(text: str, default_currency: str | None = None) -> Salary | None:
    """Pay stated in ``text`` as a ``Salary``; ``None`` when there is no usable figure."""
    if isinstance(text, str) and (default_currency is None or isinstance(default_currency, str)):
        return _parse_salary_cached(text, default_currency)
    return _parse_salary_cached.__wrapped__(text, default_currency)  # unhashable: no cache


# A source states the same few pay lines on many postings: cache the readings (a Salary is
# frozen, so sharing one is safe).
@lru_cache(maxsize=16_384)
def _parse_salary_cached(text: str, default_currency: str | None) -> Salary | None:
    try:
        return _parse_salary(text, default_currency)
    except Exception:  # noqa: BLE001 - never raise on site data
        return None


def _parse_salary(text: str, default_currency: str | None) -> Salary | None:
    if not text or not isinstance(text, str) or len(text) > 2_000:
        return None
    clean = _DASHES_RE.sub("-", text).replace("\u2013", "-")
    clean = _NOISE_RE.sub(" ", clean)
    if _BIWEEKLY_RE.search(clean) or _SEMIMONTHLY_RE.search(clean):
        return _rescaled(clean, default_currency)
    matches = list(_NUM_RE.finditer(clean))
    if not matches:
        return None
    first = matches[0]
    values: list[float] = []
    v1 = _to_float(first.group(1), first.group(2))
    if v1 is None:
        return None
    values.append(v1)
    end_of_amounts = first.end()
    if len(matches) > 1:
        second = matches[1]
        between = clean[first.end() : second.start()]
        between = _CURRENCY_WORD_RE.sub("", between)
        for pattern, _ in _PERIOD_RE:
            between = pattern.sub("", between)
        if _RANGE_SEP_RE.match(between) or between.strip() == "":
            v2 = _to_float(second.group(1), second.group(2))
            if v2 is not None:
                if second.group(2) and not first.group(2) and v1 < 1_000 <= v2:
                    values[0] = v1 * (1_000_000 if second.group(2).lower() == "m" else 1_000)
                values.append(v2)
                end_of_amounts = second.end()
    currency = _detect_currency(clean, default_currency)
    has_marker = currency is not None or any(m.group(2) for m in matches[:2])
    period = _detect_period(clean)
    if period is None:
        if not has_marker and max(values) < 15_000:
            return None  # a bare "2026" or "12" is not pay
        period = _infer_period(max(values))
        if period is None:
            return None
    lo_b, hi_b = _BOUNDS[period]
    if any(not lo_b <= v <= hi_b for v in values):
        return None
    before = clean[: first.start()]
    after = clean[end_of_amounts:]
    if len(values) == 2:
        lo, hi = min(values), max(values)
        return Salary(min=lo, max=hi, currency=currency, period=period)
    value = values[0]
    if _UP_TO_RE.search(before):
        return Salary(min=None, max=value, currency=currency, period=period)
    if _FROM_RE.search(before) or _MIN_AFTER_RE.match(after):
        return Salary(min=value, max=None, currency=currency, period=period)
    return Salary(min=value, max=value, currency=currency, period=period)


def _rescaled(clean: str, default_currency: str | None) -> Salary | None:
    """Bi-weekly pay per week, semi-monthly pay per month (the amounts halved or doubled)."""
    biweekly = _BIWEEKLY_RE.search(clean) is not None
    stripped = (_BIWEEKLY_RE if biweekly else _SEMIMONTHLY_RE).sub(" ", clean)
    parsed = _parse_salary(stripped + (" per week" if biweekly else " per month"), default_currency)
    if parsed is None:
        return None
    f = 0.5 if biweekly else 2.0
    lo = round(parsed.min * f, 2) if parsed.min is not None else None
    hi = round(parsed.max * f, 2) if parsed.max is not None else None
    return Salary(lo, hi, parsed.currency, parsed.period)


def repair_structured(salary: Salary) -> Salary:
    """A structured yearly salary written in thousands ("75.00-95.00" a YEAR) in dollars.

    A source's yearly figures all between 15 and 999 are thousands (no job pays $95 a
    year); anything else is kept as given.
    """
    values = [v for v in (salary.min, salary.max) if v is not None]
    if salary.period == "YEAR" and values and all(15 <= v < 1_000 for v in values):
        lo = salary.min * 1_000 if salary.min is not None else None
        hi = salary.max * 1_000 if salary.max is not None else None
        return Salary(lo, hi, salary.currency, salary.period)
    return salary


_INTERVALS = {
    "HOUR": "HOUR",
    "HOURLY": "HOUR",
    "DAY": "DAY",
    "DAILY": "DAY",
    "WEEK": "WEEK",
    "WEEKLY": "WEEK",
    "MONTH": "MONTH",
    "MONTHLY": "MONTH",
    "YEAR": "YEAR",
    "YEARLY": "YEAR",
    "ANNUAL": "YEAR",
    "ANNUALLY": "YEAR",
    "1 HOUR": "HOUR",
    "1 DAY": "DAY",
    "1 WEEK": "WEEK",
    "1 MONTH": "MONTH",
    "1 YEAR": "YEAR",
}


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value) if value > 0 else None
    if isinstance(value, str):
        m = _NUM_RE.search(value)
        return _to_float(m.group(1), m.group(2)) if m else None
    return None


def _period(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return _INTERVALS.get(value.strip().upper().replace("_", " ").replace("PER ", ""))


def salary_from_structured(obj: dict[str, Any]) -> Salary | None:
    """Pay from schema.org ``baseSalary`` (MonetaryAmount) or Ashby ``compensation``."""
    try:
        return _from_structured(obj)
    except Exception:  # noqa: BLE001 - never raise on site data
        return None


def _from_structured(obj: Any) -> Salary | None:
    if not isinstance(obj, dict):
        return None
    # Ashby: {"summaryComponents"|"compensationTiers": [...components with minValue/maxValue]}
    if "summaryComponents" in obj or "compensationTiers" in obj:
        comps = list(obj.get("summaryComponents") or [])
        for tier in obj.get("compensationTiers") or []:
            if isinstance(tier, dict):
                comps.extend(tier.get("components") or [])
        for comp in comps:
            if isinstance(comp, dict) and str(comp.get("compensationType", "")).lower() in (
                "salary",
                "",
            ):
                lo, hi = _num(comp.get("minValue")), _num(comp.get("maxValue"))
                if lo is None and hi is None:
                    continue
                return Salary(
                    lo, hi, comp.get("currencyCode") or None, _period(comp.get("interval"))
                )
        summary = obj.get("scrapeableCompensationSalarySummary") or obj.get(
            "compensationTierSummary"
        )
        return parse_salary(summary) if isinstance(summary, str) else None
    # schema.org MonetaryAmount {"currency", "value": QuantitativeValue | number}
    currency = obj.get("currency") or obj.get("salaryCurrency")
    value = obj.get("value", obj)
    unit = obj.get("unitText")
    if isinstance(value, dict):
        unit = value.get("unitText") or unit
        lo, hi = _num(value.get("minValue")), _num(value.get("maxValue"))
        single = _num(value.get("value"))
        if lo is None and hi is None:
            lo = hi = single
    else:
        lo = hi = _num(value)
    if lo is None and hi is None:
        return None
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    period = _period(unit) or _infer_period(max(v for v in (lo, hi) if v is not None))
    cur = currency.strip().upper() if isinstance(currency, str) and currency.strip() else None
    return Salary(lo, hi, cur, period)
