"""Date strings as sites write them, each expected value written by reading the string.

The absolute rows are read under three clocks (2025-01-01, 2026-06-30, 2030-12-31) and must
give the same instant each time: nothing but a relative phrase may depend on "now". The
hint column is (language tag, source country) for ambiguous numeric dates.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pipeline.normalize.dates import date_order, parse_any_date, parse_closing_date, parse_date

CLOCKS = (
    datetime(2025, 1, 1, tzinfo=UTC),
    datetime(2026, 6, 30, 12, 0, tzinfo=UTC),
    datetime(2030, 12, 31, 23, 59, tzinfo=UTC),
)
NO_HINT: tuple[str | None, str | None] = (None, None)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


ABSOLUTE = [
    # RFC 822 / 2822 (RSS): zones named, numeric, odd and missing
    ("Fri, 20 Nov 2026 10:00:00 GMT", NO_HINT, utc(2026, 11, 20, 10)),
    ("Fri, 20 Nov 2026 10:00:00 +0000", NO_HINT, utc(2026, 11, 20, 10)),
    ("Fri, 20 Nov 2026 10:00:00 -0500", NO_HINT, utc(2026, 11, 20, 15)),
    ("Fri, 20 Nov 2026 10:00:00 EST", NO_HINT, utc(2026, 11, 20, 15)),
    ("Fri, 20 Nov 2026 10:00:00 PDT", NO_HINT, utc(2026, 11, 20, 17)),
    ("Fri, 20 Nov 2026 10:00:00", NO_HINT, utc(2026, 11, 20, 10)),  # no zone: UTC
    ("20 Nov 2026 10:00:00 GMT", NO_HINT, utc(2026, 11, 20, 10)),  # no weekday
    ("Fri, 20 Nov 26 10:00:00 GMT", NO_HINT, utc(2026, 11, 20, 10)),  # two-digit year
    ("Mon, 20 Nov 2026 10:00:00 GMT", NO_HINT, utc(2026, 11, 20, 10)),  # wrong weekday
    ("Fri, 20 Nov 2026 10:00 GMT", NO_HINT, utc(2026, 11, 20, 10)),  # no seconds
    ("Fri,20 Nov 2026 10:00:00 +0100", NO_HINT, utc(2026, 11, 20, 9)),  # no space
    ("Fri, 20 Nov 2026 10:00:00 UT", NO_HINT, utc(2026, 11, 20, 10)),
    ("Sun, 20 Sep 2026 04:59:00 +0000", NO_HINT, utc(2026, 9, 20, 4, 59)),
    # ISO 8601 with and without offsets and fractions
    ("2026-11-20", NO_HINT, utc(2026, 11, 20)),
    ("2026-11-20T09:00:00Z", NO_HINT, utc(2026, 11, 20, 9)),
    ("2026-11-20T09:00:00.123Z", NO_HINT, utc(2026, 11, 20, 9, 0, 0, 123000)),
    ("2026-11-20T09:00:00.1234567Z", NO_HINT, utc(2026, 11, 20, 9, 0, 0, 123456)),  # .NET
    ("2026-11-20T04:00:00-05:00", NO_HINT, utc(2026, 11, 20, 9)),
    ("2026-11-20T14:30:00+05:30", NO_HINT, utc(2026, 11, 20, 9)),
    ("2026-11-20T09:00:00", NO_HINT, utc(2026, 11, 20, 9)),
    ("2026-11-20 09:00:00", NO_HINT, utc(2026, 11, 20, 9)),
    ("2026-11-20T09:00:00+0000", NO_HINT, utc(2026, 11, 20, 9)),
    ("2026-11-20T09:00", NO_HINT, utc(2026, 11, 20, 9)),
    ("2026-11-20 09:00:00 UTC", NO_HINT, utc(2026, 11, 20, 9)),
    ("2026-11-20T09:00:00.000+01:00", NO_HINT, utc(2026, 11, 20, 8)),
    ("2026-11-20 9:00", NO_HINT, utc(2026, 11, 20, 9)),
    ("20261120", NO_HINT, utc(2026, 11, 20)),
    ("2026-11", NO_HINT, utc(2026, 11, 1)),  # no day: the first of the month
    # epoch seconds and milliseconds (JSON APIs), as text and as numbers
    ("1763000000", NO_HINT, utc(2025, 11, 13, 2, 13, 20)),
    ("1763000000000", NO_HINT, utc(2025, 11, 13, 2, 13, 20)),
    (1763000000, NO_HINT, utc(2025, 11, 13, 2, 13, 20)),
    (1763000000000, NO_HINT, utc(2025, 11, 13, 2, 13, 20)),
    # numeric dates: year first, dotted day-first, slashed by value or by hint
    ("2020/1/10 14:33:00", NO_HINT, utc(2020, 1, 10, 14, 33)),
    ("2026/11/3 08:00", NO_HINT, utc(2026, 11, 3, 8)),
    ("2026-1-5", NO_HINT, utc(2026, 1, 5)),
    ("2026.11.30", NO_HINT, utc(2026, 11, 30)),
    ("30.11.2026", NO_HINT, utc(2026, 11, 30)),
    ("3.6.2026 14:30", NO_HINT, utc(2026, 6, 3, 14, 30)),
    ("30.11.26", NO_HINT, utc(2026, 11, 30)),
    ("13/06/2026", ("en", "US"), utc(2026, 6, 13)),  # 13 is no month, whatever the hint
    ("06/13/2026", ("fr", "FR"), utc(2026, 6, 13)),
    ("05/06/2026", ("en", "US"), utc(2026, 5, 6)),
    ("05/06/2026", ("en-US", None), utc(2026, 5, 6)),
    ("05/06/2026", ("en-GB", None), utc(2026, 6, 5)),
    ("05/06/2026", ("fr", "CA"), utc(2026, 6, 5)),
    ("05/06/2026", ("fr-CA", None), utc(2026, 6, 5)),
    ("05/06/2026", ("en", "CA"), utc(2026, 5, 6)),
    ("05/06/2026", (None, "CA"), utc(2026, 5, 6)),
    ("05/06/2026", ("en-GB", "CA"), utc(2026, 6, 5)),  # the tag's own region wins
    ("05/06/2026", (None, "FR"), utc(2026, 6, 5)),
    ("05/06/2026", (None, "GB"), utc(2026, 6, 5)),
    ("05/06/2026", ("de", None), utc(2026, 6, 5)),
    ("05/06/2026", NO_HINT, utc(2026, 5, 6)),  # no hint: month-first
    ("05-06-2026", ("en-GB", None), utc(2026, 6, 5)),
    ("11/30/26 2:30 PM EST", NO_HINT, utc(2026, 11, 30, 19, 30)),
    ("30/11/2026 14:33 -05:00", NO_HINT, utc(2026, 11, 30, 19, 33)),
    ("1/2/2026 12:05 a.m.", ("en", "US"), utc(2026, 1, 2, 0, 5)),
    ("2026年11月3日", NO_HINT, utc(2026, 11, 3)),
    # dates in words (English and French), ordinals, missing day
    ("November 3, 2026", NO_HINT, utc(2026, 11, 3)),
    ("November 7th, 2026", NO_HINT, utc(2026, 11, 7)),
    ("21st November 2026", NO_HINT, utc(2026, 11, 21)),
    ("Nov. 3, 2026", NO_HINT, utc(2026, 11, 3)),
    ("3 novembre 2026", NO_HINT, utc(2026, 11, 3)),
    ("le 7 novembre 2026", NO_HINT, utc(2026, 11, 7)),
    ("7 déc. 2026", NO_HINT, utc(2026, 12, 7)),
    ("mardi 3 novembre 2026", NO_HINT, utc(2026, 11, 3)),
    ("November 2026", NO_HINT, utc(2026, 11, 1)),  # no day: the first, not today's
    ("Tuesday, November 3, 2026 at 4:30 PM EST", NO_HINT, utc(2026, 11, 3, 21, 30)),
    # a zone by name (GC Jobs closing times): that region's clock, daylight saving included
    ("November 9, 2026 - 23:59, Pacific Time", NO_HINT, utc(2026, 11, 10, 7, 59)),  # PST
    ("June 9, 2026 - 23:59, Pacific Time", NO_HINT, utc(2026, 6, 10, 6, 59)),  # PDT
    ("14 December 2026 - 23:59, Pacific Time", NO_HINT, utc(2026, 12, 15, 7, 59)),
    ("14 décembre 2026 - 23 h 59, heure du Pacifique", ("fr-CA", "CA"), utc(2026, 12, 15, 7, 59)),
    ("2026-07-15 - 23:59, Heure de l'Est", NO_HINT, utc(2026, 7, 16, 3, 59)),  # EDT
    ("2026-01-15 23:59 Eastern Time", NO_HINT, utc(2026, 1, 16, 4, 59)),  # EST
    ("Pacific Time", NO_HINT, None),
    # garbage: never a guess
    ("garbage", NO_HINT, None),
    ("2026-02-30", NO_HINT, None),
    ("31/04/2026", NO_HINT, None),  # April has 30 days
    ("13/13/2026", NO_HINT, None),
    ("1899-01-01", NO_HINT, None),
    ("0000-00-00", NO_HINT, None),
    ("", NO_HINT, None),
    (None, NO_HINT, None),
]

NOW = utc(2026, 11, 26, 12)
RELATIVE = [
    ("3 days ago", NOW - timedelta(days=3)),
    ("Posted 30+ days ago", NOW - timedelta(days=30)),
    ("yesterday", NOW - timedelta(days=1)),
    ("today", NOW),
    ("Just posted", NOW),
    ("an hour ago", NOW - timedelta(hours=1)),
    ("il y a 2 jours", NOW - timedelta(days=2)),
    ("Publié il y a 3 semaines", NOW - timedelta(days=21)),
]


@pytest.mark.parametrize(("text", "hint", "expected"), ABSOLUTE, ids=[repr(r[0]) for r in ABSOLUTE])
def test_absolute_dates_read_the_same_under_every_clock(text, hint, expected) -> None:
    order = date_order(*hint)
    for now in CLOCKS:
        got = parse_any_date(text, now, order)
        assert got == expected, f"clock {now:%Y-%m-%d}"
        assert got is None or got.utcoffset() == timedelta(0)


@pytest.mark.parametrize(("text", "expected"), RELATIVE)
def test_relative_phrases_count_back_from_the_clock_given(text, expected) -> None:
    assert parse_date(text, NOW) == expected
    later = NOW + timedelta(days=400)
    assert parse_date(text, later) == expected + timedelta(days=400)


def test_there_are_at_least_sixty_rows() -> None:
    assert len(ABSOLUTE) + len(RELATIVE) >= 60


@pytest.mark.parametrize(
    ("language", "country", "order"),
    [
        ("en", "US", "MDY"), ("en-US", None, "MDY"), (None, "US", "MDY"), (None, "PH", "MDY"),
        ("en", "CA", "MDY"), ("en-CA", None, "MDY"), (None, "CA", "MDY"), ("fr", "CA", "DMY"),
        ("fr-CA", None, "DMY"), ("fr_CA", "US", "DMY"), ("en-GB", "CA", "DMY"),
        (None, "GB", "DMY"), (None, "DE", "DMY"), ("de", None, "DMY"), ("en", None, "MDY"),
        (None, None, "MDY"), ("English", "GB", "DMY"), ("English", None, "MDY"),
    ],
)  # fmt: skip
def test_date_order_rule(language, country, order) -> None:
    assert date_order(language, country) == order


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare date is the whole of that day anywhere: 23:59:59 at UTC-12
        ("2026-12-31", utc(2027, 1, 1, 11, 59, 59)),
        ("December 31, 2026", utc(2027, 1, 1, 11, 59, 59)),
        ("31.12.2026", utc(2027, 1, 1, 11, 59, 59)),
        # a time of day is the employer's own word
        ("2026-12-31T23:59:00-08:00", utc(2027, 1, 1, 7, 59)),
        ("2026-12-31T00:00:00Z", utc(2026, 12, 31)),
        ("Thu, 31 Dec 2026 16:05:11 +0000", utc(2026, 12, 31, 16, 5, 11)),
        ("12/31/2026 5:00 PM EST", utc(2026, 12, 31, 22)),
        ("1798761600", utc(2027, 1, 1)),
        ("not a date", None),
    ],
)
def test_closing_dates_without_a_time_last_the_whole_day(text, expected) -> None:
    for now in CLOCKS:
        assert parse_closing_date(text, now) == expected
