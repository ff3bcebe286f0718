"""Which posting pages a recrawl need not fetch again: sitemap ``lastmod`` against the last
complete crawl (issue 17, item 1).

A sitemap says when each page last changed. A detail page whose ``lastmod`` is not newer than
the start of the source's last *complete* crawl was fetched, as it is now, by that crawl (a
complete crawl fetched every page its listing named), so fetching it again can only give the
same posting. The rule is decided here, away from the crawler, so it can be read and tested:

* only pages the warehouse holds an open posting for are skipped (``KnownPages``, built by
  ``warehouse.sources.crawl_state`` from the postings' own URLs), and the crawl reports the
  *posting keys* it did not refetch: the loader counts them as seen, so a posting is never
  missing for having been skipped (``warehouse.closing``). A page that held no posting, a
  non-HR job dropped or a posting whose ``url`` is not its page's URL is simply fetched again:
  no saving, and no guess;
* a ``lastmod`` is read by ``pipeline.normalize.dates`` at its latest possible instant: a
  bare date means the end of that day anywhere on Earth (``parse_closing_date``), a time
  without an offset may be local time anywhere (up to UTC-12, so 12 hours later than read as
  UTC), and one with an offset allows ``CLOCK_SKEW`` of the site's clock against ours. Only
  W3C datetimes are read (``2026-11-20``, ``2026-11-20T09:30:00+00:00``): a relative phrase
  ("today") would be read against our clock, not the site's. Anything else is fetched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pipeline.normalize.dates import parse_closing_date
from pipeline.normalize.urls import canonical_url

# A site's clock may run behind ours; a page changed just after our fetch must not look older.
CLOCK_SKEW = timedelta(minutes=10)
# A time without an offset may be the site's local time: the latest zone is UTC-12.
NAIVE_SLACK = timedelta(hours=12)
_W3C = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?P<zone>Z|[+-]\d{2}:?\d{2})?)?$"
)


def changed_by(lastmod: str) -> datetime | None:
    """The latest instant a sitemap ``lastmod`` may mean, or ``None`` when unreadable."""
    text = (lastmod or "").strip()
    m = _W3C.match(text)
    if m is None:
        return None
    when = parse_closing_date(text, datetime(2000, 1, 1, tzinfo=UTC))  # bare date: end of day
    if when is None:
        return None
    if "T" not in text:
        return when
    return when + (CLOCK_SKEW if m["zone"] else NAIVE_SLACK)


def not_newer(lastmod: str, since: datetime) -> bool:
    """Whether a page of this ``lastmod`` cannot have changed after ``since``."""
    when = changed_by(lastmod)
    return when is not None and when <= since


@dataclass(frozen=True)
class KnownPages:
    """What a source's crawl state says about its posting pages (``from_state``)."""

    since: datetime | None = None  # start of the source's last complete crawl
    pages: Mapping[str, Sequence[str]] = field(default_factory=dict)  # canonical URL -> keys

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> KnownPages:
        """Read ``last_complete_at`` (ISO 8601) and ``known_pages``; absent or bad: nothing known."""
        text = state.get("last_complete_at")
        try:
            since = datetime.fromisoformat(text) if isinstance(text, str) else None
        except ValueError:
            since = None
        if since is not None and since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        pages = state.get("known_pages")
        return cls(since, pages if isinstance(pages, Mapping) else {})

    def __bool__(self) -> bool:
        return self.since is not None and bool(self.pages)

    def unchanged(self, url: str, lastmod: str | None) -> tuple[str, ...]:
        """The posting keys of page ``url`` when it need not be fetched again, else ``()``."""
        if not self or not lastmod or self.since is None or not not_newer(lastmod, self.since):
            return ()
        return tuple(self.pages.get(canonical_url(url), ()))
