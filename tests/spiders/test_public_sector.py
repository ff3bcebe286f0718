"""GC Jobs (issue 20): detection from real URL shapes, the language rule, refusals, and
malformed pages that fail loudly (one clear line, never a silently empty board).

The golden cases (``tests/data/gc-jobs/``) cover results pages with paging, an empty board
and the three poster layouts; ``test_e2e_public_sector`` crawls them end to end.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.build import build_posting
from pipeline.sources import SourceConfig
from spiders import detect, gc_jobs
from spiders.kinds import ExtractError, RequestSpec, module_for
from spiders.protocol import read_page, start_specs
from tests.spiders.golden import DATA
from tests.spiders.skips import read_with_skips

EN = "https://psjobs-emploisfp.psc-cfp.gc.ca"
FR = "https://emploisfp-psjobs.cfp-psc.gc.ca"
LIST = "/psrs-srfp/applicant/page2440"


@pytest.mark.parametrize(
    ("url", "api"),
    [
        (f"{FR}{LIST}?fromMenu=true&toggleLanguage=en",
         f"{FR}{LIST}?requestedPage=1&tab=1&toggleLanguage=en"),
        (f"{EN}/psrs-srfp/applicant/page1800?poster=2037132",
         f"{EN}{LIST}?requestedPage=1&tab=1&toggleLanguage=en"),
        (f"{EN}{LIST}?tab=1&title=human+resources&search=Search+jobs&log=false&requestedPage=3"
         "&fromPage=2",
         f"{EN}{LIST}?requestedPage=1&search=Search+jobs&tab=1&title=human+resources"
         "&toggleLanguage=en"),
        (f"{FR}{LIST}?fromMenu=true", f"{FR}{LIST}?requestedPage=1&tab=1&toggleLanguage=fr"),
    ],
)  # fmt: skip
def test_gc_jobs_addresses_detected(url: str, api: str) -> None:
    found = detect.from_url(url)
    assert found is not None
    assert (found.kind, found.url, found.name) == ("gc-jobs", api, "gc-jobs")


@pytest.mark.parametrize(
    "url",
    ["https://www.canada.ca/en/services/jobs/opportunities/government.html",
     f"{EN}/", "https://www.jobbank.gc.ca/jobsearch/jobsearch?fsrc=32"],
)  # fmt: skip
def test_other_government_pages_are_not_gc_jobs(url: str) -> None:
    assert detect.from_url(url) is None


@pytest.mark.parametrize(
    ("url", "language", "want"),
    [(f"{EN}{LIST}", None, "en"), (f"{FR}{LIST}", None, "fr"), (f"{EN}{LIST}", "fr-CA", "fr"),
     (f"{FR}{LIST}", "en-CA", "en"), (f"{FR}{LIST}?toggleLanguage=en", None, "en")],
)  # fmt: skip
def test_language_is_the_sources_then_the_urls_then_the_hosts(url, language, want) -> None:
    source = SourceConfig(name="gc", kind="gc-jobs", url=url, language=language)
    (spec,) = start_specs(module_for("gc-jobs"), source)
    assert spec.url.endswith(f"toggleLanguage={want}")


@pytest.mark.parametrize(
    "url", [f"{EN}{LIST}?tab=2", f"{EN}/psrs-srfp/applicant/page1710?careerChoiceId=1"]
)
def test_login_only_pages_are_refused(url: str) -> None:
    source = SourceConfig(name="gc", kind="gc-jobs", url=url)
    with pytest.raises(ExtractError, match="need a GC Jobs login"):
        start_specs(module_for("gc-jobs"), source)


def _listing(body: bytes, url: str = f"{EN}{LIST}?requestedPage=1&tab=1&toggleLanguage=en"):
    source = SourceConfig(name="gc", kind="gc-jobs", url=url)
    return read_page(module_for("gc-jobs"), source, RequestSpec(url), "listing", url, body)


FIRST = (DATA / "gc-jobs" / "results-first-page" / "input.html").read_bytes()


def test_results_rows_travel_with_their_poster_requests() -> None:
    _, _, details = _listing(FIRST)
    carried = dict(details[1].carry)
    assert carried == {
        "title": "Labour Relations Officer", "closing": "2026-12-21",
        "organization": "Northern Waterways Authority",
        "location": "Ottawa (Ontario), Gatineau (Québec)",
        "languages": "Bilingual - imperative", "salary": "$92,144 to $101,583",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        (b'href="/psrs-srfp/applicant/page1800?poster=2390187"', b'href="/psrs-srfp/x"',
         "no page1800?poster=ID link"),
        (b"poster=2390187", b"poster=abc", "no page1800?poster=ID link"),
        (b">Labour Relations Officer</a>", b"></a>", "with a title"),
    ],
)  # fmt: skip
def test_a_malformed_row_is_skipped_and_counted(old: bytes, new: bytes, why: str) -> None:
    # counted, so the listing is incomplete and closes nothing; the other rows are read
    url = f"{EN}{LIST}?requestedPage=1&tab=1&toggleLanguage=en"
    _, whole, _ = read_with_skips("gc-jobs", RequestSpec(url), FIRST)
    _, details, skips = read_with_skips("gc-jobs", RequestSpec(url), FIRST.replace(old, new))
    assert len(details) == len(whole) - 1
    assert sum(n for _, n in skips) == 1 and why in skips[0][0], skips


@pytest.mark.parametrize(
    "body",
    [b"<html><body><div id='app'></div><script src='/bundle.js'></script></body></html>",
     FIRST.replace(b'class="searchResult"', b'class="result-card"')],
    ids=["javascript-only", "changed-layout"],
)  # fmt: skip
def test_no_rows_and_no_zero_count_is_not_an_empty_board(body: bytes) -> None:
    with pytest.raises(ExtractError, match="no result rows"):
        _listing(body)


def test_rows_without_the_page_count_fail_rather_than_stop_paging() -> None:
    body = FIRST.replace(b'class="pagelinks"', b'class="pager"')
    with pytest.raises(ExtractError, match="'Page N of M'"):
        _listing(body)


@pytest.mark.parametrize("body", [b"", b"Service Unavailable", b'{"jobs": []}'])
def test_not_html_is_a_clear_error(body: bytes) -> None:
    with pytest.raises(ExtractError, match="expected a GC Jobs HTML page") as e:
        _listing(body)
    assert "\n" not in str(e.value)


def test_a_page_that_is_no_poster_is_an_error() -> None:
    url = f"{EN}/psrs-srfp/applicant/page1800?poster=2390114&toggleLanguage=en"
    body = b"<html><body><main><h1>Error</h1><p>Something went wrong.</p></main></body></html>"
    with pytest.raises(ExtractError, match="not a GC Jobs poster page"):
        gc_jobs.extract_request(RequestSpec(url), url, body)


@pytest.mark.parametrize(
    ("text", "pay"),
    [("$60,424 to $67,582", (60424.0, 67582.0, "YEAR")),
     ("$33.08 to $35.98 per hour", (33.08, 35.98, "HOUR")),
     ("$1,436.97 to $1,832.36 per week", (1436.97, 1832.36, "WEEK")),
     ("$154,000", (154000.0, 154000.0, "YEAR")),
     ("$96,235 to $115,642 (AS-05 ($96, 235 to $104, 044))", (96235.0, 115642.0, "YEAR")),
     ("Salary commensurate with experience", None), (None, None)],
)  # fmt: skip
def test_salary_field_is_structured_pay(text, pay) -> None:
    got = gc_jobs._pay(text)
    assert (None if got is None else (got.min, got.max, got.period)) == pay
    assert got is None or got.currency == "CAD"


def test_closing_time_is_read_in_pacific_time_and_french_day_first() -> None:
    url = f"{EN}/psrs-srfp/applicant/page1800?poster=2390114&toggleLanguage=fr"
    body = (DATA / "gc-jobs" / "poster-new" / "input.html").read_bytes()
    body = body.replace(b"December 14, 2026 - 23:59, Pacific Time",
                        "14 décembre 2026 - 23 h 59, heure du Pacifique".encode())  # fmt: skip
    (raw,) = gc_jobs.extract_request(RequestSpec(url), url, body)
    assert raw.language == "fr"
    posting = build_posting(raw, datetime(2026, 12, 1, tzinfo=UTC))
    assert posting.valid_through == datetime(2026, 12, 15, 7, 59, tzinfo=UTC)  # 23:59 PST
