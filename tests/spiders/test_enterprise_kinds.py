"""The enterprise ATS kinds (issue 20): detection, refusals, malformed pages, politeness, a crawl.

The goldens (``tests/data/{successfactors,taleo}/``) pin each page's fields; this file pins
what goldens cannot: URL shapes ``sources add`` recognises, sources refused with one clear
sentence, scrambled listings failing loudly, the per-host concurrency, and one real crawl
(``python -m spiders.run``) of both kinds against a local server under the real paths.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.sources import SourceConfig
from spiders import detect
from spiders.kinds import ExtractError, RequestSpec, module_for
from spiders.protocol import read_page, start_specs
from spiders.settings import host_slots
from tests.spiders.server import CaseServer
from tests.spiders.skips import assert_one_skipped

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


@pytest.mark.parametrize(
    ("url", "kind", "api"),
    [
        ("https://jobs.sap.com/search/?q=payroll", "successfactors",
         "https://jobs.sap.com/search/?q=&startrow=0"),
        ("https://acmehealth.jobs2web.com/job/Toronto-HR/1104500100/", "successfactors",
         "https://acmehealth.jobs2web.com/search/?q=&startrow=0"),
        ("https://career5.successfactors.eu/career?company=AcmeP&career_ns=job_listing_summary",
         "successfactors",
         "https://career5.successfactors.eu/career?company=AcmeP&career_ns=job_listing_summary"),
        ("https://phh.tbe.taleo.net/phh02/ats/careers/v2/viewRequisition?org=MAPLE&cws=41&rid=12",
         "taleo", "https://phh.tbe.taleo.net/phh02/ats/careers/v2/searchResults?org=MAPLE&cws=41"),
        ("https://lakeview.taleo.net/careersection/ex/jobsearch.ftl?lang=fr&portal=8105120227",
         "taleo", "https://lakeview.taleo.net/careersection/ex/jobsearch.ftl?lang=fr&portal=8105120227"),
        ("https://govsk.taleo.net/careersection/10180/jobdetail.ftl?job=123&lang=en", "taleo",
         "https://govsk.taleo.net/careersection/10180/jobsearch.ftl?lang=en"),
        ("https://careers-wipfli.icims.com/jobs/8214/payroll-tax-specialist/job?in_iframe=1",
         "icims", "https://careers-wipfli.icims.com/jobs/search?in_iframe=1&ss=1"),
        ("https://uhn-careers.icims.com/jobs/intro", "icims",
         "https://uhn-careers.icims.com/jobs/search?in_iframe=1&ss=1"),
    ],
)  # fmt: skip
def test_detected_from_the_url(url: str, kind: str, api: str) -> None:
    found = detect.from_url(url)
    assert found is not None and (found.kind, found.url) == (kind, api)


def test_a_successfactors_site_on_its_own_host_is_detected_from_its_page() -> None:
    body = (DATA / "successfactors/search-first-page/input.html").read_bytes()
    found = detect.from_page("https://careers.lakeshoremutual.ca/search/?q=", body, "text/html")
    assert found is not None
    assert (found.kind, found.url) == (
        "successfactors", "https://careers.lakeshoremutual.ca/search/?q=&startrow=0")  # fmt: skip


def test_the_career_section_without_portal_says_where_to_find_it() -> None:
    found = detect.from_url("https://govsk.taleo.net/careersection/10180/jobsearch.ftl?lang=en")
    assert found is not None and "portal" in found.why


@pytest.mark.parametrize(
    ("kind", "url", "says"),
    [
        ("successfactors", "https://career5.successfactors.eu/career?company=AcmeP", "browser"),
        ("taleo", "https://govsk.taleo.net/careersection/10180/jobsearch.ftl?lang=en", "portal"),
        ("taleo", "https://phh.tbe.taleo.net/phh02/ats/careers/v2/searchResults?org=X", "cws"),
    ],
)
def test_unusable_sources_are_refused_with_one_sentence(kind: str, url: str, says: str) -> None:
    source = SourceConfig(name="t", kind=kind, url=url)
    with pytest.raises(ExtractError, match=says) as e:
        start_specs(module_for(kind), source)
    assert "\n" not in str(e.value)


def _listing(kind: str, url: str, body: bytes, spec: RequestSpec | None = None):
    source = SourceConfig(name="t", kind=kind, url=url)
    return read_page(module_for(kind), source, spec or RequestSpec(url), "listing", url, body)


SF_ROW = '<tr class="data-row"><td><a class="jobTitle-link" href="/job/T-HR/11/">HR</a></td></tr>'
SF_PAGE = '<html><body><table id="searchresults"><tbody>{}</tbody></table></body></html>'


@pytest.mark.parametrize(
    "bad_row",
    [
        '<tr class="data-row"><td><span class="jobTitle">HR Advisor</span></td></tr>',
        '<tr class="data-row"><td><a class="jobTitle-link" href="/careers/about">HR</a></td></tr>',
    ],
    ids=["no link", "not a job page"],
)
def test_successfactors_scrambled_row_is_skipped_and_counted(bad_row: str) -> None:
    body = SF_PAGE.format(SF_ROW + bad_row).encode()
    spec = RequestSpec("https://careers.x.ca/search/?q=&startrow=0")
    assert_one_skipped("successfactors", spec, body)


@pytest.mark.parametrize(
    "body",
    [b"", b"<html><body><h1>Access denied</h1></body></html>", b'{"jobs": []}'],
    ids=["empty", "challenge page", "json"],
)
def test_successfactors_page_of_neither_shape_is_an_error(body: bytes) -> None:
    with pytest.raises(ExtractError, match="SuccessFactors"):
        _listing("successfactors", "https://careers.x.ca/search/?q=&startrow=0", body)


def test_successfactors_posting_without_title_is_an_error() -> None:
    body = (b'<html><div itemscope itemtype="http://schema.org/JobPosting">'
            b'<meta itemprop="datePosted" content="Tue Nov 03 08:00:00 UTC 2026"></div></html>')  # fmt: skip
    with pytest.raises(ExtractError, match="without a title"):
        module_for("successfactors").extract("https://careers.x.ca/job/T-HR/11/", body)


TALEO_REST = "https://t.taleo.net/careersection/rest/jobboard/searchjobs?lang=en&portal=1"


@pytest.mark.parametrize(
    "body",
    [b"<html>Service unavailable</html>", b'{"requisitionList": {"0": 1}}', b"[]"],
    ids=["html", "not a list", "bare list"],
)
def test_taleo_search_answer_of_wrong_shape_is_an_error(body: bytes) -> None:
    with pytest.raises(ExtractError, match="expected"):
        _listing("taleo", TALEO_REST, body)


@pytest.mark.parametrize("entry", [{"jobId": "1"}, {"contestNo": []}, 5], ids=repr)
def test_taleo_requisition_without_number_is_skipped_and_counted(entry: object) -> None:
    body = json.dumps({"requisitionList": [{"contestNo": "26001"}, entry],
                       "pagingData": {"pageSize": 25, "totalCount": 2}}).encode()  # fmt: skip
    assert_one_skipped("taleo", RequestSpec(TALEO_REST), body, "contestNo")


def test_taleo_detail_without_payload_or_title() -> None:
    taleo = module_for("taleo")
    url = "https://t.taleo.net/careersection/ex/jobdetail.ftl?job=26001&lang=en"
    with pytest.raises(ExtractError, match="descRequisition"):
        taleo.extract(url, b"<html><body>Welcome</body></html>")
    no_title = b"<script>api.fillList('requisitionDescriptionInterface', 'descRequisition', ['1','']);</script>"
    with pytest.raises(ExtractError, match="without a title"):
        taleo.extract(url, no_title)


def test_taleo_business_edition_search_form_without_results_is_refused() -> None:
    form = b'<html><body><form action="searchResults"><input name="keywords"></form></body></html>'
    url = "https://phh.tbe.taleo.net/phh02/ats/careers/v2/searchResults?cws=41&org=X&rowFrom=0"
    with pytest.raises(ExtractError, match="browser session"):
        _listing("taleo", url, form)


ICIMS = "https://careers-x.icims.com/jobs/search?in_iframe=1&ss=1"
CARD = ('<li class="iCIMS_JobCardItem"><a class="iCIMS_Anchor" '
        'href="https://careers-x.icims.com/jobs/11/hr/job?in_iframe=1">HR</a></li>')  # fmt: skip


@pytest.mark.parametrize(
    "bad",
    ['<li class="iCIMS_JobCardItem"><h3>HR Advisor</h3></li>',
     '<li class="iCIMS_JobCardItem"><a class="iCIMS_Anchor" href="/jobs/intro">HR</a></li>'],
    ids=["no link", "not a job page"],
)  # fmt: skip
def test_icims_scrambled_card_is_skipped_and_counted(bad: str) -> None:
    # issue 16: counted and the listing incomplete (closes nothing); the good card is read
    body = f"<html><ul>{CARD}{bad}</ul></html>".encode()
    assert_one_skipped("icims", RequestSpec(ICIMS), body)


def test_icims_page_without_its_listing_is_an_error_not_an_empty_board() -> None:
    with pytest.raises(ExtractError, match="iCIMS"):
        _listing("icims", ICIMS, b"<html><body><h1>Please sign in</h1></body></html>")


def test_guarded_hosts_get_a_lower_concurrency() -> None:
    sources = [
        SourceConfig(name="a", kind="successfactors", url="https://careers.a.ca/search/"),
        SourceConfig(name="b", kind="taleo", url="https://b.taleo.net/careersection/ex/jobsearch.ftl"),
        SourceConfig(name="c", kind="greenhouse", url="https://boards-api.greenhouse.io/v1/boards/c/jobs"),
    ]  # fmt: skip
    assert host_slots(sources) == {
        "careers.a.ca": {"concurrency": 2}, "b.taleo.net": {"concurrency": 2}}  # fmt: skip


@pytest.mark.e2e
def test_both_kinds_crawl_end_to_end(tmp_path: Path) -> None:
    """A SuccessFactors site (2 pages, 7 postings, one removed) and a Taleo section, landed."""
    sf = DATA / "successfactors"
    routes: dict[tuple[str, str, bytes], tuple] = {}
    html = "text/html"
    routes[("GET", "/search/?q=&startrow=0", b"")] = (
        200,
        (sf / "search-first-page/input.html").read_bytes(),
        html,
    )
    routes[("GET", "/search/?q=&startrow=5", b"")] = (
        200,
        (sf / "search-last-page/input.html").read_bytes(),
        html,
    )
    detail = (sf / "detail/input.html").read_bytes()
    for i in range(7):  # every posting of the two pages: the detail page with its own id
        path = json.loads((sf / ("search-first-page" if i < 5 else "search-last-page")
                           / "expected.json").read_text())["details"][i % 5]  # fmt: skip
        path = path.removeprefix("https://careers.lakeshoremutual.ca")
        routes[("GET", path, b"")] = (200, detail, html)
    # a removed posting: its URL serves the search page (HTTP 200), it emits nothing
    routes[("GET", "/job/Toronto-Claims-Adjuster-ON-M5H-2N2/1104500102/", b"")] = (
        200,
        (sf / "search-last-page/input.html").read_bytes(),
        html,
    )
    server = CaseServer({})
    with server:
        host = server.base_url.removeprefix("http://")
        server.routes = {(host, *k): v for k, v in routes.items()}
        config = tmp_path / "sources.toml"
        config.write_text(f'[[source]]\nname = "lakeshore"\nkind = "successfactors"\n'
                          f'url = "{server.base_url}/"\nhr_only = false\n')  # fmt: skip
        proc = subprocess.run(
            [sys.executable, "-m", "spiders.run", "--config", str(config), "--landing",
             str(tmp_path), "--batch-id", "e"],
            capture_output=True, text=True, timeout=180, cwd=ROOT,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-2000:]
    rows = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
    outcome = next(r for r in rows if r["record"] == "SourceOutcome")
    postings = [r for r in rows if r["record"] == "Posting"]
    assert (outcome["status"], outcome["complete"]) == ("ok", True), outcome
    # 7 detail URLs, one removed: 6 postings, each with the id of its own URL
    ids = sorted(p["external_id"] for p in postings)
    assert ids == ["1104500100", "1104500101", "1104500103", "1104500104", "1104500105",
                   "1104500106"]  # fmt: skip
    assert {p["title"] for p in postings} == {"Human Resources Advisor"}
