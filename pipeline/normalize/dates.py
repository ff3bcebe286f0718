"""Dates: what a site wrote ("2026-11-20T09:00:00Z", "Fri, 20 Nov 2026", "3 days ago")
as a timezone-aware UTC ``datetime``.

Fast paths first, in order: ``datetime.fromisoformat`` (ISO 8601 and plain dates),
``email.utils`` (RFC 822/2822, what RSS uses), epoch seconds or milliseconds, then a
small regex for relative English and French phrases ("yesterday", "3 days ago",
"Posted 30+ days ago", "il y a 2 jours", "today", "just posted"). Only what none of
them reads goes to dateparser, which is correct on far more formats but about a
thousand times slower. Naive values are taken as UTC. Anything more than a day after
``now`` (a typo, a wrong century, a closing date in the wrong field) gives ``None``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import lru_cache

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


def _utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def parse_date(text: str, now: datetime) -> datetime | None:
    """When ``text`` says, in UTC; ``None`` when unreadable or more than a day after ``now``."""
    dt = parse_any_date(text, now)
    if dt is None or dt > _utc(now) + _FUTURE_SLACK:
        return None
    return dt


def parse_any_date(text: str, now: datetime) -> datetime | None:
    """Like ``parse_date`` but future dates are allowed (closing dates, ``valid_through``)."""
    try:
        now = _utc(now)
        dt = _parse(text, now)
    except Exception:  # noqa: BLE001 - never raise on site data
        return None
    if dt is None or dt.year < 1990 or dt.year > 2200:
        return None
    return dt


def _parse(text: str, now: datetime) -> datetime | None:
    if isinstance(text, datetime):
        return _utc(text)
    if not isinstance(text, str):
        return None
    s = text.strip()
    if not s or len(s) > 200:
        return None
    dt = _absolute(s)
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
    if not any(ch.isdigit() for ch in s) and not re.search(r"[a-zà-ÿ]{3}", s, re.I):
        return None
    return _dateparser(s, now)


# The forms that do not depend on ``now``; sources repeat the same stamps, so cache them.
@lru_cache(maxsize=16_384)
def _absolute(s: str) -> datetime | None:
    """ISO 8601, epoch or RFC 822 reading of ``s``; ``None`` when none of them reads it."""
    try:
        return _utc(datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s))
    except ValueError:
        pass
    if _EPOCH_RE.match(s):
        n = int(s)
        return datetime.fromtimestamp(n / 1000 if n > 10**11 else n, UTC)
    if "," in s[:5] or _RFC_NO_DAY_RE.match(s):
        try:
            return _utc(parsedate_to_datetime(s))
        except (TypeError, ValueError, IndexError):
            pass
    return None


def _dateparser(s: str, now: datetime) -> datetime | None:
    import dateparser

    dt = dateparser.parse(
        s,
        languages=["en", "fr", "de", "es", "nl"],
        settings={
            "RELATIVE_BASE": now.replace(tzinfo=None),
            "TIMEZONE": "UTC",
            "RETURN_AS_TIMEZONE_AWARE": True,
            "PREFER_DATES_FROM": "past",
        },
    )
    return _utc(dt) if dt else None
