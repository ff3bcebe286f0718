"""When a posting is closed, and how long a failing source waits: the written policy.

Closing (what the list owner's "still open" depends on):

* Only a *complete* crawl of a source closes anything (``crawl_can_close``). A crawl that
  failed, was throttled (429 is a failure), was answered 304 (nothing to compare) or stopped
  part-way through pagination (``max_pages``, page budget) closes nothing, not even on a 404:
  a server that is failing or throttling us is not trusted to say a page is gone. Complete
  means every link of the listing was followed and every entry made a record: a listing that
  skipped an unusable link or an entry it could not read, or that a cap cut short (a feed's
  ``MAX_ENTRIES``), is incomplete, and says why in its outcome's ``diagnosis``.
* A listing that yields nothing is ``empty``, never plainly ``ok`` (``judge``); one whose
  count fell to less than half of the median of its last ``HISTORY_CRAWLS`` complete crawls
  is ``suspect``. Both show in the run report and source health and make the run exit 1.
  A suspect crawl closes nothing; a drop that is real is believed once the low counts are
  most of the recent history (with a full history of 5, the fourth low crawl in a row is ok).
* A posting missing from a complete listing is closed after ``MISSES_TO_CLOSE`` misses in a
  row: 1 for authoritative APIs and feeds (the listing *is* the employer's list), 2 for
  scraped HTML and JSON-LD sites (a page layout hiccup should not close a job).
* A detail page answering 404 or 410 closes its posting at once, in the same crawl
  (the crawler reports the requested URL; the loader matches it to the posting's key or
  URL in canonical form). 5xx, 401, 403, 429 and timeouts never close anything: they fail
  the source instead (firewalls answer 403, overloaded servers 5xx).
* An empty complete listing (nothing extracted, not even non-HR jobs that were dropped) of
  an API or feed (``AUTHORITATIVE_KINDS``) is a valid state, but a suspicious one: every such
  crawl is ``empty``; after ``EMPTY_SUSPECT_AFTER`` of them in a row the source is flagged
  ``suspect_empty`` in source health, and only after ``EMPTY_CLOSE_AFTER`` are its postings
  closed. Empty crawls do not count as misses before that; one non-empty crawl resets the
  count. An empty page-based board (``jsonld``, ``html``) never closes anything: pages that
  lost their markup are no evidence that the jobs are gone.
* ``valid_through`` in the past closes a posting, at every load, whatever was crawled: it
  is the posting's own word, not evidence from a crawl.
* A closed posting seen again is reopened and flagged ``reposted`` -- unless its own
  ``valid_through`` is still in the past: a board that keeps listing an expired ad has not
  reposted it, and it stays closed.

Failing sources back off: after the n-th consecutive failure the source is not tried again for
``BACKOFF_BASE * 2**(n-1)``, capped at ``BACKOFF_CAP`` (15 min, 30 min, 1 h, 2 h, ... 24 h).
A source is never abandoned: at the cap it is still tried once a day, and its failure shows in
source health and in every run report.

Servers may ask for more time (``server_wait``): ``Retry-After`` on an error, and
``Retry-After`` or ``Cache-Control: max-age`` on a success (a feed saying "this will not change
for an hour"). The next attempt is then not before what the server asked -- the longer of
that and the backoff -- but the ask is capped at ``BACKOFF_CAP`` too, so no header can park a
source for longer than a day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from statistics import median

from pipeline.sources import KIND_AUTHORITATIVE

# Kinds whose listing is the employer's own authoritative list (API or feed): pipeline.sources.
AUTHORITATIVE_KINDS = frozenset(k for k, yes in KIND_AUTHORITATIVE.items() if yes)
SCRAPED_MISSES_TO_CLOSE = 2
AUTHORITATIVE_MISSES_TO_CLOSE = 1
EMPTY_SUSPECT_AFTER = 3
EMPTY_CLOSE_AFTER = 6
BACKOFF_BASE = timedelta(minutes=15)
BACKOFF_CAP = timedelta(hours=24)
GONE_STATUSES = frozenset({404, 410})
# A source's crawl status (``SourceOutcome.status``); the alert ones make a run exit 1.
STATUSES = ("ok", "failed", "not_modified", "skipped", "empty", "suspect")
ALERT_STATUSES = frozenset({"failed", "empty", "suspect"})


def alert(status: str, complete: bool) -> str | None:
    """What a run reports as failing about a source's crawl: an alert status, ``partial`` for
    an ok crawl that did not read its whole listing (``max_pages``, a cap, entries unread:
    postings beyond it are neither found nor closed), else ``None``. ``source_health``'s
    ``partial`` is the same rule."""
    if status in ALERT_STATUSES:
        return status
    return "partial" if status == "ok" and not complete else None


# How many earlier complete crawls a listing's count is compared with (their median).
HISTORY_CRAWLS = 5


def misses_to_close(kind: str) -> int:
    """How many complete crawls a posting may be missing from before it is closed."""
    if kind in AUTHORITATIVE_KINDS:
        return AUTHORITATIVE_MISSES_TO_CLOSE
    return SCRAPED_MISSES_TO_CLOSE


def backoff(consecutive_failures: int) -> timedelta:
    """How long to wait before trying a source again after this many failures in a row."""
    if consecutive_failures <= 0:
        return timedelta(0)
    wait = BACKOFF_BASE * (2 ** min(consecutive_failures - 1, 16))
    return min(wait, BACKOFF_CAP)


def server_wait(asked_s: float | None) -> float:
    """Seconds to honour of a server's ``Retry-After`` / ``max-age`` (0 when none; capped)."""
    if not asked_s or asked_s <= 0:
        return 0.0
    return min(float(asked_s), BACKOFF_CAP.total_seconds())


def next_wait(consecutive_failures: int, asked_s: float | None = None) -> float:
    """Seconds before the next attempt: the backoff or the server's ask, whichever is longer."""
    return max(backoff(consecutive_failures).total_seconds(), server_wait(asked_s))


def crawl_can_close(status: str, complete: bool, kind: str | None = None) -> bool:
    """Whether a source's crawl outcome is evidence enough to close any of its postings.

    An ``empty`` complete listing of an API or feed counts (``EMPTY_CLOSE_AFTER`` applies to
    it); an empty page-based board and a ``suspect`` listing never do.
    """
    if not complete:
        return False
    return status == "ok" or (status == "empty" and kind in AUTHORITATIVE_KINDS)


def judge(status: str, complete: bool, count: int, recent: Sequence[int]) -> tuple[str, str | None]:
    """(status, diagnosis) of a listing of ``count`` entries, against its recent counts.

    ``count`` is what the listing held: records made, non-HR jobs dropped and detail pages
    that answered 404/410; ``recent`` the same for the source's last complete crawls.
    Only a complete ``ok`` crawl is judged: anything else keeps its status.
    """
    if status != "ok" or not complete:
        return status, None
    if count == 0:
        return "empty", "the listing held no posting"
    if not recent:
        return status, None
    typical = median(recent)
    if count * 2 < typical:
        return "suspect", (
            f"{count} postings where the last {len(recent)} complete crawls found a median of"
            f" {typical:g}: more than half are missing, so nothing closes"
        )
    return status, None


def closes_on_status(status: int) -> bool:
    """Whether an HTTP status on a posting's own page proves the posting is gone."""
    return status in GONE_STATUSES
