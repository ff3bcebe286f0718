"""parse_date: fast paths, relative phrases, future cap, garbage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from pipeline.normalize import parse_date
from pipeline.normalize.dates import parse_any_date

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20", datetime(2026, 11, 20, tzinfo=UTC)),
        ("2026-11-20T09:00:00Z", datetime(2026, 11, 20, 9, tzinfo=UTC)),
        ("2026-11-20T09:00:00.123+00:00", datetime(2026, 11, 20, 9, 0, 0, 123000, tzinfo=UTC)),
        ("2026-11-20T04:00:00-05:00", datetime(2026, 11, 20, 9, tzinfo=UTC)),
        ("2026-11-20T09:00:00", datetime(2026, 11, 20, 9, tzinfo=UTC)),
        ("Fri, 20 Nov 2026 10:00:00 GMT", datetime(2026, 11, 20, 10, tzinfo=UTC)),
        ("Fri, 20 Nov 2026 10:00:00 -0500", datetime(2026, 11, 20, 15, tzinfo=UTC)),
        ("1763000000", datetime(2025, 11, 13, 2, 13, 20, tzinfo=UTC)),
        ("1763000000000", datetime(2025, 11, 13, 2, 13, 20, tzinfo=UTC)),
        ("3 days ago", NOW - timedelta(days=3)),
        ("Posted 3 days ago", NOW - timedelta(days=3)),
        ("Posted 30+ days ago", NOW - timedelta(days=30)),
        ("2 weeks ago", NOW - timedelta(days=14)),
        ("an hour ago", NOW - timedelta(hours=1)),
        ("yesterday", NOW - timedelta(days=1)),
        ("Posted yesterday", NOW - timedelta(days=1)),
        ("today", NOW),
        ("Just posted", NOW),
        ("il y a 2 jours", NOW - timedelta(days=2)),
        ("Publié il y a 3 semaines", NOW - timedelta(days=21)),
        ("hier", NOW - timedelta(days=1)),
        ("November 3, 2026", datetime(2026, 11, 3, tzinfo=UTC)),
        ("3 novembre 2026", datetime(2026, 11, 3, tzinfo=UTC)),
        ("2026-11-27", datetime(2026, 11, 27, tzinfo=UTC)),  # within a day ahead
        ("2026-12-31", None),  # more than a day in the future
        ("2030-01-01", None),
        ("1899-01-01", None),
        ("2026-02-30", None),
        ("garbage", None),
        ("", None),
        ("   ", None),
        ("!!!", None),
    ],
)
def test_parse_date_table(text: str, expected: datetime | None) -> None:
    got = parse_date(text, NOW)
    assert got == expected
    if got is not None:
        assert got.tzinfo is not None and got.utcoffset() == timedelta(0)


def test_naive_now_is_utc_and_other_zones_convert() -> None:
    naive = datetime(2026, 11, 26, 12, 0)
    assert parse_date("yesterday", naive) == NOW - timedelta(days=1)
    est = timezone(timedelta(hours=-5))
    assert parse_date("today", NOW.astimezone(est)) == NOW


def test_any_date_allows_future_for_closing_dates() -> None:
    assert parse_any_date("2026-12-31", NOW) == datetime(2026, 12, 31, tzinfo=UTC)
    assert parse_any_date("not a date", NOW) is None


def test_non_string_never_raises() -> None:
    assert parse_date(None, NOW) is None  # type: ignore[arg-type]
    assert parse_date(12, NOW) is None  # type: ignore[arg-type]
