"""Dates: what a site wrote ("2026-11-20T09:00:00Z", "Fri, 20 Nov 2026", "20/11/2026",
"3 days ago") as a timezone-aware UTC ``datetime``. The one date reader of every path: JSON
APIs, pages and feeds (feeds hand over their raw date strings, never feedparser's guesses).

Readers, in order, each exact about what it accepts:

1. ``datetime.fromisoformat`` -- ISO 8601 with or without an offset or fractions.
2. Epoch seconds or milliseconds (9 to 13 digits, or a JSON number).
3. RFC 822/2822 (``email.utils``; what RSS uses), with or without the weekday.
4. Numeric dates (``_numeric``): ``YYYY/M/D``, ``YYYY-M-D``, ``YYYY.MM.DD``, ``D.M.YYYY``,
   ``D/M/YYYY`` and ``M/D/YYYY`` (also with ``-`` and two-digit years), each with an optional
   time (``14:33``, ``14:33:00``, ``2:33 PM``, ``14h33``) and zone (``Z``, ``UTC``, ``+05:30``,
   ``-0500``, ``EST`` and the other North American and a few European abbreviations).
   ``YYYY`` first is always year-month-day. Dotted ``D.M.YYYY`` is always day-first (the
   German, Nordic and Slavic form; nobody writes month-first with dots). For ``/`` and
   ``-`` the values decide when one part is over 12; otherwise ``date_order(language,
   country)`` does (below). Never today's date.
   CJK dates (``2026年11月3日``) are read as ``YYYY/M/D``.
5. Year and month alone (``2026-11``, ``11/2026``) and a year alone: the first of that period.
6. Relative English and French phrases ("yesterday", "3 days ago", "Posted 30+ days ago",
   "il y a 2 jours", "today", "just posted"): the only readings that use ``now``.
7. A North American zone written as a name ("Pacific Time", "Eastern Time", "heure du
   Pacifique", "heure de l'Est"; GC Jobs and other public-sector boards write their closing
   times so): the rest is read by these rules as that zone's wall-clock time, with its
   daylight-saving offset on that date (``zoneinfo``), not a fixed one.
8. dateparser, only for dates written in words ("7 décembre 2026", "December 7th, 2026"),
   about a thousand times slower than the rest; a missing day or month is the first of that
   period (``PREFER_DAY_OF_MONTH``/``PREFER_MONTH_OF_YEAR`` = ``first``), never today's.

Naive values are UTC. ``parse_date`` (posting and publishing dates) refuses anything more
than a day after ``now`` (a typo, a wrong century, a closing date in the wrong field);
``parse_any_date`` (closing dates) allows the future. Years outside 1990-2200 are garbage.

The day-first rule (``date_order``), for ambiguous numeric dates such as ``05/06/2026``:

* a language tag's own region wins over the source's country (``en-GB`` is day-first even
  on a source configured for Canada); then the source's country; then the language alone.
* month-first in the United States and the few countries that follow it (PH, FM, MH, PW and
  the US territories), and for English with no country (``lang="en"`` is what US-built
  software emits by default);
* **Canada** writes both. We read French pages (``fr``, ``fr-CA``) day-first, as Quebec and
  the federal government's French pages do, and every other Canadian page month-first:
  English-Canadian job sites are overwhelmingly served by US-built applicant tracking
  systems (Workday, Taleo, iCIMS, UKG, Dayforce) whose numeric dates follow the US locale,
  and Canada's own all-numeric standard (``YYYY-MM-DD``, CSA Z234.5) is unambiguous and read
  by the rules above. A Canadian source known to write day-first sets ``language = "en-GB"``.
* day-first everywhere else (UK, Europe, Latin America, Oceania, Africa, Asia mostly), and
  for any language but English when no country is known.
* no hint at all: month-first (the default locale of the software that renders most boards).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

Order = Literal["DMY", "MDY"]

_FUTURE_SLACK = timedelta(days=1)
_UNITS = {
    "second": 1 / 86400,
    "seconde": 1 / 86400,
    "sec": 1 / 86400,
    "minute": 1 / 1440,
    "min": 1 / 1440,
    "hour": 1 / 24,
    "hr": 1 / 24,
    "heure": 1 / 24,
    "h": 1 / 24,
    "day": 1.0,
    "jour": 1.0,
    "d": 1.0,
    "week": 7.0,
    "semaine": 7.0,
    "wk": 7.0,
    "w": 7.0,
    "month": 30.0,
    "mois": 30.0,
    "mo": 30.0,
    "year": 365.0,
    "an": 365.0,
    "année": 365.0,
    "annee": 365.0,
    "yr": 365.0,
}
_AGO_RE = re.compile(
    r"(?:il\s+y\s+a\s+|depuis\s+)?(\d+|an?|one|un|une)\+?\s*"
    r"(seconde|second|sec|minute|min|hour|hr|heure|h|day|jour|d|week|semaine|wk|w|"
    r"month|mois|mo|year|année|annee|an|yr)s?\b\+?(?:\s+ago)?",
    re.I,
)
_TODAY_RE = re.compile(
    r"\b(?:today|just\s+(?:now|posted)|aujourd'hui|aujourd’hui|new|now|à\s+l'instant)\b", re.I
)
_YESTERDAY_RE = re.compile(r"\b(?:yesterday|hier)\b", re.I)
_RELATIVE_HINT_RE = re.compile(r"\bago\b|\bil\s+y\s+a\b|\bdepuis\b|\bposted\b|\bpublié", re.I)
_EPOCH_RE = re.compile(r"^\d{9,13}$")
_RFC_NO_DAY_RE = re.compile(r"^\d{1,2} \w{3} \d{4} \d")

# Zone abbreviations sites print after numeric dates: North America first (this list's
# readers), then the common European ones. Ambiguous abbreviations (IST, CST in China) are
# read as listed here; an unknown abbreviation makes the string unreadable by this reader.
_ZONES = {
    "Z": 0, "UT": 0, "UTC": 0, "GMT": 0, "WET": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2,
    "EEST": 3, "NST": -3.5, "NDT": -2.5, "AST": -4, "ADT": -3, "EST": -5, "EDT": -4,
    "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8,
    "HST": -10,
}  # fmt: skip
_TIME = (
    r"(?:[T\s,]+(?:at\s+|à\s+)?(?P<H>\d{1,2})(?:[:h](?P<M>\d{2}))(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?)?"
    r"\s*(?P<zone>Z|[A-Z]{2,4}|(?:UTC|GMT)?[+-]\d{1,2}(?::?\d{2})?)?"
)
_NUMERIC_RE = re.compile(
    r"^(?P<a>\d{1,4})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})\.?" + _TIME + r"$",
    re.I,
)
_YEAR_MONTH_RE = re.compile(
    r"^(?:(?P<y1>\d{4})[-/.](?P<m1>\d{1,2})|(?P<m2>\d{1,2})[-/.](?P<y2>\d{4}))$"
)
_YEAR_RE = re.compile(r"^\d{4}$")
# A zone by name at the end ("- 23:59, Pacific Time", "23 h 59, heure du Pacifique"): the
# wall clock of the named region, daylight saving included (PST in December, PDT in June).
_NAMED_ZONES = {
    "pacific": "America/Vancouver", "pacifique": "America/Vancouver",
    "mountain": "America/Edmonton", "rocheuses": "America/Edmonton",
    "central": "America/Winnipeg", "centre": "America/Winnipeg",
    "eastern": "America/Toronto", "est": "America/Toronto",
    "atlantic": "America/Halifax", "atlantique": "America/Halifax",
    "newfoundland": "America/St_Johns", "terre-neuve": "America/St_Johns",
}  # fmt: skip
_NAMED_ZONE_RE = re.compile(
    r"[\s,(]*(?:(?P<en>pacific|mountain|central|eastern|atlantic|newfoundland)"
    r"(?:\s+(?:standard|daylight))?\s+time|heure\s+(?:normale\s+|avancée\s+)?(?:du\s+|de\s+l['’]\s*)?"
    r"(?P<fr>pacifique|rocheuses|centre|est|atlantique|terre-neuve))\)?\.?$",
    re.I,
)
_SPACED_HOUR_RE = re.compile(r"\b(\d{1,2})\s*h\s*(\d{2})\b")
_CJK_RE = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")

# Countries that write numeric dates month-first (besides Canada, which is split by language).
_MONTH_FIRST = frozenset({"US", "PH", "FM", "MH", "PW", "GU", "PR", "AS", "VI", "MP", "UM"})


@lru_cache(maxsize=1_024)  # a source's language and country: a handful of pairs
def date_order(language: str | None = None, country: str | None = None) -> Order:
    """Month-first or day-first for an ambiguous numeric date (rule in the module docstring).

    ``language`` is a page's or feed's language tag (``en``, ``en-US``, ``fr_CA``);
    ``country`` the source's configured ISO 3166 country.
    """
    lang, _, region = (language or "").replace("_", "-").partition("-")
    lang, region = lang.strip().lower(), region[:2].upper()
    if not re.fullmatch(r"[a-z]{2,3}", lang):  # "English" (a schema.org Language's name): no tag
        lang, region = "", ""
    where = region if region.isalpha() and len(region) == 2 else (country or "").upper()
    if where == "CA":
        return "DMY" if lang == "fr" else "MDY"
    if where:
        return "MDY" if where in _MONTH_FIRST else "DMY"
    return "MDY" if lang in ("", "en") else "DMY"


def _utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def parse_date(text: str, now: datetime, order: Order | None = None) -> datetime | None:
    """When ``text`` says, in UTC; ``None`` when unreadable or more than a day after ``now``."""
    dt = parse_any_date(text, now, order)
    if dt is None or dt > _utc(now) + _FUTURE_SLACK:
        return None
    return dt


def parse_any_date(text: str, now: datetime, order: Order | None = None) -> datetime | None:
    """Like ``parse_date`` but future dates are allowed (closing dates, ``valid_through``)."""
    try:
        now = _utc(now)
        dt = _parse(text, now, order or "MDY")
    except Exception:  # noqa: BLE001 - never raise on site data
        return None
    if dt is None or dt.year < 1990 or dt.year > 2200:
        return None
    return dt


# "Anywhere on Earth" (UTC-12): the last place a calendar day ends.
_AOE = timezone(timedelta(hours=-12))
_HAS_TIME = re.compile(r"\d[:h]\d{2}|\d\s*[ap]\.?m\b|^\d{9,}$|^\d{4}-\d{2}-\d{2}T", re.I)


def parse_closing_date(
    text: str | int | float, now: datetime, order: Order | None = None
) -> datetime | None:
    """A closing date (``valid_through``): like ``parse_any_date``, but a date without a time
    of day ("2026-12-31", "December 31, 2026") means the whole of that day wherever the
    employer is, so it is read as 23:59:59 "anywhere on Earth" (UTC-12), the convention of
    deadlines given as a bare date. Read as midnight UTC, a Vancouver posting closing "Dec 31"
    would close the evening of Dec 30 in its own city: a posting closes only on evidence."""
    dt = parse_any_date(text, now, order)  # type: ignore[arg-type]
    if dt is None or isinstance(text, int | float) or _HAS_TIME.search(str(text)):
        return dt
    if (dt.hour, dt.minute, dt.second, dt.microsecond) != (0, 0, 0, 0):
        return dt  # a reader found a time the pattern missed: keep it
    return datetime(dt.year, dt.month, dt.day, 23, 59, 59, tzinfo=_AOE).astimezone(UTC)


def is_date(text: str | None) -> bool:
    """Whether ``text`` reads as a date at all (absolute, relative or in words)."""
    return bool(text) and parse_any_date(str(text), datetime(2000, 1, 1, tzinfo=UTC)) is not None


def _parse(text: object, now: datetime, order: Order) -> datetime | None:
    if isinstance(text, datetime):
        return _utc(text)
    if isinstance(text, int | float) and not isinstance(text, bool):
        return _epoch(int(text))
    if not isinstance(text, str):
        return None
    s = " ".join(text.split())
    if not s or len(s) > 200:
        return None
    if _CJK_RE.search(s):  # 2026年11月3日 (Chinese, Japanese), 2026년 11월 3일 (Korean)
        s = _CJK_RE.sub(r"\1/\2/\3", s)
    named = _NAMED_ZONE_RE.search(s)
    if named and named.start() > 0:
        zone = ZoneInfo(_NAMED_ZONES[(named["en"] or named["fr"]).lower()])
        rest = _SPACED_HOUR_RE.sub(r"\1:\2", s[: named.start()]).rstrip(" -,")
        rest = re.sub(r"\s+-\s+(?=\d{1,2}:\d{2})", " ", rest)  # "2026-01-15 - 23:59"
        local = _parse(rest, now, order)
        if local is None:
            return None
        return local.replace(tzinfo=None).replace(tzinfo=zone).astimezone(UTC)
    dt = _absolute(s, order)
    if dt is not None:
        return dt
    if _YESTERDAY_RE.search(s):
        return now - timedelta(days=1)
    m = _AGO_RE.search(s)
    if m and (_RELATIVE_HINT_RE.search(s) or m.end() == len(s)):
        count = m.group(1).lower()
        n = int(count) if count.isdigit() else 1
        days = _UNITS.get(m.group(2).lower(), 1.0)
        return now - timedelta(days=n * days)
    if _TODAY_RE.search(s):
        return now
    if not re.search(r"[a-zà-ÿ]{3}", s, re.I):
        return None  # digits and punctuation the readers above refused: not a date in words
    return _dateparser(s, now, order)


def _epoch(n: int) -> datetime | None:
    if not 10**8 <= n < 10**14:
        return None
    return datetime.fromtimestamp(n / 1000 if n > 10**11 else n, UTC)


# The forms that do not depend on ``now``; sources repeat the same stamps, so cache them.
@lru_cache(maxsize=16_384)
def _absolute(s: str, order: Order = "MDY") -> datetime | None:
    """ISO 8601, epoch, RFC 822 or numeric reading of ``s``; ``None`` when none reads it."""
    try:
        return _utc(datetime.fromisoformat(s[:-1] + "+00:00" if s[-1:] in "Zz" else s))
    except ValueError:
        pass
    if _EPOCH_RE.match(s):
        return _epoch(int(s))
    if "," in s[:5] or _RFC_NO_DAY_RE.match(s):
        try:
            return _utc(parsedate_to_datetime(s))
        except (TypeError, ValueError, IndexError):
            pass
    m = _NUMERIC_RE.match(s)
    if m:
        return _numeric(m, order)
    m = _YEAR_MONTH_RE.match(s)
    if m:
        year, month = int(m["y1"] or m["y2"]), int(m["m1"] or m["m2"])
        return datetime(year, month, 1, tzinfo=UTC) if 1 <= month <= 12 else None
    if _YEAR_RE.match(s):
        return datetime(int(s), 1, 1, tzinfo=UTC)
    return None


def _year(text: str) -> int:
    n = int(text)
    if len(text) == 2:
        return 2000 + n if n < 70 else 1900 + n
    return n


def _numeric(m: re.Match[str], order: Order) -> datetime | None:
    a, b, c = m["a"], m["b"], m["c"]
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
        if len(c) > 2:
            return None
    elif len(a) <= 2 and len(c) in (2, 4):
        x, y, year = int(a), int(b), _year(c)
        if m["sep"] == "." or (x > 12 >= y):
            day, month = x, y
        elif y > 12 >= x:
            month, day = x, y
        elif x > 12 and y > 12:
            return None
        else:
            day, month = (x, y) if order == "DMY" else (y, x)
    else:
        return None
    hour, minute, second = int(m["H"] or 0), int(m["M"] or 0), int(m["S"] or 0)
    ampm = (m["ampm"] or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    tz = _zone(m["zone"])
    if tz is None:
        return None
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=tz).astimezone(UTC)
    except ValueError:
        return None


def _zone(text: str | None) -> timezone | None:
    if not text:
        return UTC
    up = text.upper()
    if up in _ZONES:
        return timezone(timedelta(hours=_ZONES[up]))
    m = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?", up)
    if not m:
        return None
    minutes = int(m[2]) * 60 + int(m[3] or 0)
    if minutes > 14 * 60:
        return None
    return timezone(timedelta(minutes=minutes if m[1] == "+" else -minutes))


def _dateparser(s: str, now: datetime, order: Order) -> datetime | None:
    import dateparser

    dt = dateparser.parse(
        s,
        languages=["en", "fr", "de", "es", "nl"],
        settings={
            "RELATIVE_BASE": now.replace(tzinfo=None),
            "TIMEZONE": "UTC",
            "RETURN_AS_TIMEZONE_AWARE": True,
            "PREFER_DATES_FROM": "past",
            "PREFER_DAY_OF_MONTH": "first",
            "PREFER_MONTH_OF_YEAR": "first",
            "DATE_ORDER": order,
        },
    )
    return _utc(dt) if dt else None
