"""``pipeline.recrawl``: which sitemap pages a recrawl need not fetch again (table-driven)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.recrawl import KnownPages, changed_by, not_newer

SINCE = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # start of the last complete crawl


@pytest.mark.parametrize(
    ("lastmod", "unchanged"),
    [
        ("2026-11-20T09:30:00+00:00", True),  # before the crawl started
        ("2026-11-20T11:55:00Z", False),  # within the clock skew allowed: fetched
        ("2026-11-20T11:45:00Z", True),
        ("2026-11-20T13:00:00+02:00", True),  # 11:00 UTC
        ("2026-11-20T12:30:00+00:00", False),  # after: changed since
        ("2026-11-19T23:00:00", True),  # no offset: local anywhere, at most 11:00 UTC the 20th
        ("2026-11-20T01:00:00", False),  # no offset: may be 13:00 UTC
        ("2026-11-18", True),  # a bare date: the whole day anywhere on Earth
        ("2026-11-19", True),  # ends in UTC-12 at 11:59:59 UTC the 20th, just before
        ("2026-11-20", False),  # the day the crawl started: it may have changed after
        ("today", False),  # relative: read against our clock, not the site's
        ("20/11/2026", False),  # not a W3C datetime
        ("", False),
        ("2026-13-45", False),
    ],
)
def test_not_newer(lastmod: str, unchanged: bool) -> None:
    assert not_newer(lastmod, SINCE) is unchanged


def test_unreadable_lastmod_has_no_time() -> None:
    assert changed_by("garbage") is None
    assert changed_by("2026-11-18") == datetime(2026, 11, 19, 11, 59, 59, tzinfo=UTC)


def test_known_pages_give_the_keys_of_an_unchanged_page() -> None:
    known = KnownPages.from_state(
        {
            "last_complete_at": SINCE.isoformat(),
            "known_pages": {"https://example.org/job/a": ["s:1", "s:2"]},
        }
    )
    # the sitemap's URL is compared in canonical form (fragment, default port, case of host)
    assert known.unchanged("https://EXAMPLE.org:443/job/a#top", "2026-11-01") == ("s:1", "s:2")
    assert known.unchanged("https://example.org/job/a", "2026-11-21") == ()  # changed
    assert known.unchanged("https://example.org/job/a", None) == ()  # no lastmod
    assert known.unchanged("https://example.org/about", "2026-11-01") == ()  # no posting known


@pytest.mark.parametrize(
    "state",
    [
        {},
        {"known_pages": {"https://example.org/job/a": ["s:1"]}},  # never complete
        {"last_complete_at": "yesterday", "known_pages": {"https://example.org/job/a": ["s:1"]}},
        {"last_complete_at": SINCE.isoformat(), "known_pages": None},
    ],
)
def test_nothing_known_skips_nothing(state: dict) -> None:
    known = KnownPages.from_state(state)
    assert not known
    assert known.unchanged("https://example.org/job/a", "2026-01-01") == ()
