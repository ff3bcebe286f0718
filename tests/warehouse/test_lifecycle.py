"""Every closing rule of ``pipeline.lifecycle``, applied by the loader on a real DuckDB file.

Each test loads a short history of landing batches (as crawls write them) and checks which
postings are open after each one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from itertools import count

import pytest

from tests.conftest import NOW, make_posting, outcome, write_batch
from warehouse import db
from warehouse.load import load_batch

_ids = count()


@pytest.fixture
def history(tmp_path, db_path):
    """``load(records, hours=…)`` loads one batch at NOW + hours; returns the open keys."""
    con = db.connect(db_path)

    def load(records, hours: float = 0):
        at = NOW + timedelta(hours=hours)
        recs = [replace(r, fetched_at=at) if hasattr(r, "fetched_at") else r for r in records]
        batch = write_batch(tmp_path / "landing", f"b{next(_ids)}", recs)
        load_batch(con, batch, now=at)
        return open_keys(con)

    load.con = con  # type: ignore[attr-defined]
    yield load
    con.close()


def open_keys(con) -> set[str]:
    rows = con.execute("SELECT posting_key FROM postings WHERE closed_at IS NULL").fetchall()
    return {r[0] for r in rows}


def reason(con, key: str) -> str | None:
    return con.execute("SELECT close_reason FROM postings WHERE posting_key = ?", [key]).fetchone()[
        0
    ]


def board(kind: str, *keys: str, source: str = "acme"):
    return [make_posting(k, source=source, source_kind=kind) for k in keys]


@pytest.mark.parametrize("kind", ["greenhouse", "lever", "job-feed"])
def test_authoritative_listing_closes_after_one_miss(history, kind):
    history([*board(kind, "1", "2"), outcome(kind=kind, fetched=2)])
    assert history([*board(kind, "1"), outcome(kind=kind, fetched=1)], 6) == {"acme:1"}
    assert reason(history.con, "acme:2") == "missing from complete listing"


@pytest.mark.parametrize("kind", ["jsonld", "html"])
def test_scraped_listing_closes_after_two_misses_in_a_row(history, kind):
    history([*board(kind, "1", "2"), outcome(kind=kind, fetched=2)])
    assert history([*board(kind, "1"), outcome(kind=kind, fetched=1)], 6) == {"acme:1", "acme:2"}
    # Seen again: the miss count starts over.
    history([*board(kind, "1", "2"), outcome(kind=kind, fetched=2)], 12)
    assert history([*board(kind, "1"), outcome(kind=kind, fetched=1)], 18) == {"acme:1", "acme:2"}
    assert history([*board(kind, "1"), outcome(kind=kind, fetched=1)], 24) == {"acme:1"}


def test_postings_a_sitemap_lists_unchanged_are_seen_not_missing(history):
    """A recrawl that did not refetch pages unchanged since the last complete crawl
    (``pipeline.recrawl``) lands their posting keys: seen, never missing; a posting in
    neither list (its URL left the sitemap) misses as before."""
    history([*board("jsonld", "1", "2", "3"), outcome(kind="jsonld", fetched=3)])
    unchanged = {"unchanged_pages": 1, "unchanged_keys": ("acme:2",)}
    for hours in (6, 12):  # two complete crawls: "3" misses both, "2" was listed unchanged
        left = history([*board("jsonld", "1"), outcome(kind="jsonld", fetched=1, **unchanged)],
                       hours)  # fmt: skip
    assert left == {"acme:1", "acme:2"}
    assert reason(history.con, "acme:3") == "missing from complete listing"
    row = history.con.execute(
        "SELECT missed_crawls, last_seen_at FROM postings WHERE posting_key = 'acme:2'"
    ).fetchone()
    assert row == (0, NOW)  # seen when the crawl that listed it finished (outcome's finished_at)
    runs = history.con.execute(
        "SELECT status, listed, unchanged, unchanged_pages FROM source_runs ORDER BY started_at"
    ).fetchall()
    # not suspect: listed counts the posting seen unchanged, as does unchanged (with "1")
    assert runs[-1] == ("ok", 2, 2, 1)


def test_a_recrawl_of_only_unchanged_pages_is_not_empty(history):
    history([*board("jsonld", "1", "2"), outcome(kind="jsonld", fetched=2)])
    keys = ("acme:1", "acme:2")
    for hours in (6, 12, 18):
        left = history([outcome(kind="jsonld", unchanged_pages=2, unchanged_keys=keys)], hours)
        assert left == {"acme:1", "acme:2"}
    assert history.con.execute("SELECT empty_crawls FROM sources").fetchone() == (0,)


@pytest.mark.parametrize(
    "bad",
    [
        {"status": "failed", "complete": False, "error": "HTTP 503 from https://x/jobs"},
        {"status": "failed", "complete": False, "error": "HTTP 429 from https://x/jobs"},
        {"status": "failed", "complete": False, "error": "timed out fetching https://x/jobs"},
        {"status": "ok", "complete": False},  # stopped part-way through pagination
        {"status": "not_modified", "complete": False},
    ],
    ids=["5xx", "throttled", "timeout", "partial", "not-modified"],
)
def test_incomplete_or_failed_crawls_close_nothing(history, bad):
    history([*board("greenhouse", "1", "2"), outcome(fetched=2)])
    gone = ("https://example.test/acme/2",)
    for hours in (6, 12, 18):
        assert history([outcome(fetched=0, gone_keys=gone, **bad)], hours) == {"acme:1", "acme:2"}
    row = history.con.execute("SELECT empty_crawls, suspect_empty FROM sources").fetchone()
    assert row == (0, False)


def test_detail_404_or_410_closes_at_once_by_url(history):
    history([*board("jsonld", "1", "2", "3"), outcome(kind="jsonld", fetched=3)])
    # The crawler reports the URL it requested, here with a tracking parameter.
    gone = ("https://example.test/acme/2?utm_source=feed", "https://example.test/acme/3")
    left = history([*board("jsonld", "1"), outcome(kind="jsonld", fetched=1, gone_keys=gone)], 6)
    assert left == {"acme:1"}
    assert reason(history.con, "acme:2") == reason(history.con, "acme:3") == "gone (404/410)"


def test_detail_404_closes_a_posting_keyed_by_url(history):
    url = "https://example.test/jobs/42"
    p = make_posting("x", source_kind="html", external_id=None, posting_key=f"acme:{url}", url=url)
    history([p, outcome(kind="html", fetched=1)])
    assert history([outcome(kind="html", fetched=0, gone_keys=(url + "#apply",))], 6) == set()
    assert reason(history.con, f"acme:{url}") == "gone (404/410)"


def test_firewall_403_on_detail_pages_closes_nothing(history):
    history([*board("jsonld", "1", "2"), outcome(kind="jsonld", fetched=2)])
    # The crawler fails a source whose detail page answers 403 (or 5xx, 429, a timeout).
    failed = outcome(
        kind="jsonld", status="failed", complete=False, fetched=1,
        error="HTTP 403 from https://example.test/acme/2",
    )  # fmt: skip
    for hours in (6, 12):
        assert history([*board("jsonld", "1"), failed], hours) == {"acme:1", "acme:2"}


def test_empty_board_is_suspect_after_3_and_closes_after_6(history):
    con = history.con
    history([*board("greenhouse", "1", "2"), outcome(fetched=2)])
    health = []
    for i in range(1, 7):
        left = history([outcome(fetched=0)], 6 * i)
        health.append(
            (*con.execute("SELECT empty_crawls, suspect_empty FROM sources").fetchone(), len(left))
        )
    assert health == [
        (1, False, 2), (2, False, 2), (3, True, 2), (4, True, 2), (5, True, 2), (6, True, 0),
    ]  # fmt: skip
    assert reason(con, "acme:1") == "missing from complete listing"


def test_non_empty_crawl_resets_the_empty_count(history):
    con = history.con
    history([*board("greenhouse", "1"), outcome(fetched=1)])
    for i in range(1, 5):
        history([outcome(fetched=0)], 6 * i)
    assert con.execute("SELECT suspect_empty FROM sources").fetchone() == (True,)
    history([*board("greenhouse", "1"), outcome(fetched=1)], 30)
    assert con.execute("SELECT empty_crawls, suspect_empty FROM sources").fetchone() == (0, False)
    for i in range(6, 11):
        assert history([outcome(fetched=0)], 6 * i) == {"acme:1"}


def test_listing_of_only_non_hr_jobs_is_not_an_empty_board(history):
    history([*board("greenhouse", "1"), outcome(fetched=1)])
    assert history([outcome(fetched=0, dropped_non_hr=3)], 6) == set()
    assert history.con.execute("SELECT empty_crawls FROM sources").fetchone() == (0,)


def test_valid_through_in_the_past_closes_whatever_was_crawled(history):
    expiring = make_posting("1", valid_through=NOW + timedelta(days=2))
    history([expiring, make_posting("2"), outcome(fetched=2)])
    other = [make_posting("9", source="other"), outcome(source="other", fetched=1)]
    assert history(other, 24) == {"acme:1", "acme:2", "other:9"}
    assert history(other, 72) == {"acme:2", "other:9"}  # acme was not crawled
    assert reason(history.con, "acme:1") == "expired"


def test_expired_posting_still_listed_stays_closed_and_is_not_a_repost(history):
    expiring = make_posting("1", valid_through=NOW + timedelta(days=1))
    history([expiring, outcome(fetched=1)])
    assert history([expiring, outcome(fetched=1)], 48) == set()
    assert history([expiring, outcome(fetched=1)], 72) == set()
    row = history.con.execute("SELECT reposted, close_reason FROM postings").fetchone()
    assert row == (False, "expired")
    extended = replace(expiring, valid_through=NOW + timedelta(days=30), fingerprint="v1:ext")
    assert history([extended, outcome(fetched=1)], 96) == {"acme:1"}
    assert history.con.execute("SELECT reposted FROM postings").fetchone() == (True,)


def test_closed_posting_that_reappears_is_reopened_as_reposted(history):
    history([*board("greenhouse", "1", "2"), outcome(fetched=2)])
    history([*board("greenhouse", "1"), outcome(fetched=1)], 6)
    assert history([*board("greenhouse", "1", "2"), outcome(fetched=2)], 12) == {"acme:1", "acme:2"}
    rows = history.con.execute(
        "SELECT posting_key, reposted, closed_at, close_reason FROM postings ORDER BY 1"
    ).fetchall()
    assert rows == [("acme:1", False, None, None), ("acme:2", True, None, None)]
    job = history.con.execute(
        "SELECT j.reposted, j.closed_at FROM jobs j JOIN postings p USING (job_id)"
        " WHERE p.posting_key = 'acme:2'"
    ).fetchone()
    assert job == (True, None)
