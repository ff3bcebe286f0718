"""Jobvite, BambooHR, Breezy HR and Pinpoint (issue 20): detection from real URL shapes, and
malformed responses that fail loudly (one clear line, never a silently empty board).

The golden cases (``tests/data/<kind>/``) cover list, detail, paging and empty boards.
"""

from __future__ import annotations

import json

import pytest

from pipeline.sources import SourceConfig
from spiders import detect
from spiders.kinds import ExtractError, RequestSpec, module_for
from spiders.protocol import read_page, start_specs
from tests.spiders.skips import assert_one_skipped


@pytest.mark.parametrize(
    ("url", "kind", "api", "name"),
    [
        ("https://jobs.jobvite.com/lakeshorehealth", "jobvite",
         "https://jobs.jobvite.com/lakeshorehealth", "lakeshorehealth"),
        ("https://jobs.jobvite.com/lakeshorehealth/jobs?nl=1", "jobvite",
         "https://jobs.jobvite.com/lakeshorehealth", "lakeshorehealth"),
        ("https://jobs.jobvite.com/lakeshorehealth/job/oLh00000Z", "jobvite",
         "https://jobs.jobvite.com/lakeshorehealth", "lakeshorehealth"),
        ("https://jobs.jobvite.com/careers/lakeshorehealth/jobs?error=404", "jobvite",
         "https://jobs.jobvite.com/lakeshorehealth", "lakeshorehealth"),
        ("https://harbourcu.bamboohr.com/careers", "bamboohr",
         "https://harbourcu.bamboohr.com/careers/list", "harbourcu"),
        ("https://harbourcu.bamboohr.com/careers/41?source=aWQ9MTI%3D", "bamboohr",
         "https://harbourcu.bamboohr.com/careers/list", "harbourcu"),
        ("https://harbourcu.bamboohr.com/jobs/", "bamboohr",
         "https://harbourcu.bamboohr.com/careers/list", "harbourcu"),
        ("https://maplegrovedental.breezy.hr/", "breezy",
         "https://maplegrovedental.breezy.hr/json", "maplegrovedental"),
        ("https://maplegrovedental.breezy.hr/p/7c41e09b2a58-people-operations-manager", "breezy",
         "https://maplegrovedental.breezy.hr/json", "maplegrovedental"),
        ("https://northwindlogistics.pinpointhq.com/", "pinpoint",
         "https://northwindlogistics.pinpointhq.com/postings.json", "northwindlogistics"),
        ("https://northwindlogistics.pinpointhq.com/en/postings/5b1d0c3e-7a52-4c4f", "pinpoint",
         "https://northwindlogistics.pinpointhq.com/postings.json", "northwindlogistics"),
    ],
)  # fmt: skip
def test_known_addresses(url: str, kind: str, api: str, name: str) -> None:
    found = detect.from_url(url)
    assert found is not None, url
    assert (found.kind, found.url, found.name) == (kind, api, name)


@pytest.mark.parametrize(
    "url",
    ["https://www.bamboohr.com/careers", "https://api.bamboohr.com/api/gateway.php/acme/v1/",
     "https://breezy.hr/", "https://app.breezy.hr/signin", "https://www.pinpointhq.com/",
     "https://jobs.jobvite.com/", "https://www.jobvite.com/careers/"],
)  # fmt: skip
def test_vendor_pages_are_not_boards(url: str) -> None:
    assert detect.from_url(url) is None


@pytest.mark.parametrize(
    ("kind", "url", "first"),
    [
        ("jobvite", "https://jobs.jobvite.com/lakeshorehealth/jobs",
         "https://jobs.jobvite.com/lakeshorehealth/search/?p=0"),
        ("bamboohr", "https://harbourcu.bamboohr.com/careers",
         "https://harbourcu.bamboohr.com/careers/list"),
        ("breezy", "https://maplegrovedental.breezy.hr/", "https://maplegrovedental.breezy.hr/json"),
        ("pinpoint", "https://northwindlogistics.pinpointhq.com/",
         "https://northwindlogistics.pinpointhq.com/postings.json"),
    ],
)  # fmt: skip
def test_a_pasted_page_starts_at_the_list(kind: str, url: str, first: str) -> None:
    specs = start_specs(module_for(kind), SourceConfig(name="t", kind=kind, url=url))
    assert [s.url for s in specs] == [first]


def test_jobvite_without_a_company_is_refused() -> None:
    source = SourceConfig(name="t", kind="jobvite", url="https://jobs.jobvite.com/")
    with pytest.raises(ExtractError, match="not a Jobvite board URL"):
        start_specs(module_for("jobvite"), source)


def _listing(kind: str, url: str, body: bytes):
    source = SourceConfig(name="t", kind=kind, url=url)
    return read_page(module_for(kind), source, RequestSpec(url), "listing", url, body)


JOBVITE = "https://jobs.jobvite.com/lakeshorehealth/search/?p=0"


def _jobvite_page(rows: str) -> bytes:
    return f"<html><body><table class='jv-job-list'>{rows}</table></body></html>".encode()


@pytest.mark.parametrize(
    ("rows", "why"),
    [
        ("<tr><td class='jv-job-list-name'>Payroll Clerk</td></tr>", "without a link"),
        ("<tr><td class='jv-job-list-name'><a href='/lakeshorehealth/job/oA1'></a></td></tr>",
         "without a link or title"),
        ("<tr><td class='jv-job-list-name'><a href='/othercompany/job/oA1'>HR</a></td></tr>",
         "is not /COMPANY/job/ID"),
        ("<tr><td class='jv-job-list-name'><a href='https://evil.example/x/job/oA1'>HR</a></td></tr>",
         "is not /COMPANY/job/ID"),
    ],
)  # fmt: skip
def test_jobvite_malformed_row_is_skipped_and_counted(rows: str, why: str) -> None:
    good = "<tr><td class='jv-job-list-name'><a href='/lakeshorehealth/job/oA0'>HR</a></td></tr>"
    assert_one_skipped("jobvite", RequestSpec(JOBVITE), _jobvite_page(good + rows), why)


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body><div id='app'></div><script src='/bundle.js'></script></body></html>",
        b"<html><body><ul class='new-layout'><li><a href='/lakeshorehealth/job/oA1'>HR</a></li>"
        b"</ul></body></html>",
    ],
    ids=["javascript-only", "changed-layout"],
)
def test_jobvite_page_without_rows_or_empty_message_is_not_an_empty_board(body: bytes) -> None:
    with pytest.raises(ExtractError, match="no result rows"):
        _listing("jobvite", JOBVITE, body)


@pytest.mark.parametrize("body", [b"", b"upstream timed out", b'{"jobs": []}'])
def test_jobvite_not_html_is_a_clear_error(body: bytes) -> None:
    with pytest.raises(ExtractError, match="expected a Jobvite HTML page"):
        _listing("jobvite", JOBVITE, body)


def test_jobvite_posting_page_without_a_title_is_an_error() -> None:
    url = "https://jobs.jobvite.com/lakeshorehealth/job/oA1"
    body = b"<html><body><div class='jv-job-detail-description'>x</div></body></html>"
    with pytest.raises(ExtractError, match="without a title"):
        module_for("jobvite").extract(url, body)


# kind -> (list URL, body wrapping the entries)
JSON_LISTS = {
    "bamboohr": ("https://harbourcu.bamboohr.com/careers/list", lambda e: {"result": e}),
    "breezy": ("https://maplegrovedental.breezy.hr/json", lambda e: e),
    "pinpoint": ("https://northwindlogistics.pinpointhq.com/postings.json", lambda e: {"data": e}),
}
GOOD = {
    "bamboohr": {"id": "41", "jobOpeningName": "HR Business Partner"},
    "breezy": {"id": "7c41e09b2a58", "name": "HR Manager",
               "url": "https://maplegrovedental.breezy.hr/p/7c41e09b2a58-hr-manager"},
    "pinpoint": {"id": "318204", "title": "HR Advisor",
                 "url": "https://northwindlogistics.pinpointhq.com/en/postings/5b1d"},
}  # fmt: skip
BAD = {
    "bamboohr": [{"id": "41"}, {"id": "../41", "jobOpeningName": "HR"}, {"id": None,
                 "jobOpeningName": "HR"}, {"id": True, "jobOpeningName": "HR"}],
    "breezy": [{"id": "abc", "name": "HR"}, {"id": "abc", "name": "HR",
               "url": "https://maplegrovedental.breezy.hr/p/other-hr"},
               {"id": "abc", "name": "HR", "url": "https://maplegrovedental.breezy.hr/json"}],
    "pinpoint": [{"id": "1", "url": "https://x.pinpointhq.com/en/postings/1"},
                 {"title": "HR", "url": "https://x.pinpointhq.com/en/postings/1"},
                 {"id": "1", "title": ["HR"], "url": "https://x.pinpointhq.com/en/postings/1"}],
}  # fmt: skip
CASES = [(k, e) for k, entries in BAD.items() for e in [1, "x", None, [], *entries]]


@pytest.mark.parametrize(("kind", "entry"), CASES, ids=[f"{k}-{e!r:.30}" for k, e in CASES])
def test_a_malformed_entry_is_skipped_and_counted(kind: str, entry: object) -> None:
    # counted, so the listing is incomplete and closes nothing; the good entry is still read
    url, wrap = JSON_LISTS[kind]
    body = json.dumps(wrap([GOOD[kind], entry])).encode()
    assert_one_skipped(kind, RequestSpec(url), body)


@pytest.mark.parametrize("kind", JSON_LISTS)
def test_a_good_entry_alone_passes(kind: str) -> None:
    url, wrap = JSON_LISTS[kind]
    records, follow, details = _listing(kind, url, json.dumps(wrap([GOOD[kind]])).encode())
    assert (len(records) + len(details), follow) == (1, [])


@pytest.mark.parametrize("kind", JSON_LISTS)
@pytest.mark.parametrize(
    "body", [b"<!doctype html><html><body>Hire faster</body></html>", b"", b"42", b'{"x": 1}']
)
def test_not_the_list_is_a_clear_error(kind: str, body: bytes) -> None:
    # an unknown company redirects to the vendor's marketing page: HTML, not the list
    url, _ = JSON_LISTS[kind]
    with pytest.raises(ExtractError, match="expected") as e:
        _listing(kind, url, body)
    assert "\n" not in str(e.value)


def test_bamboohr_detail_without_a_name_is_an_error() -> None:
    url = "https://harbourcu.bamboohr.com/careers/41/detail"
    body = json.dumps({"result": {"jobOpening": {"jobOpeningName": None}}}).encode()
    with pytest.raises(ExtractError, match="without a jobOpeningName"):
        module_for("bamboohr").extract(url, body)


def test_bamboohr_remote_flag_wins() -> None:
    url = "https://harbourcu.bamboohr.com/careers/47/detail"
    opening = {"jobOpeningName": "Payroll Analyst", "isRemote": True, "locationType": "0"}
    (raw,) = module_for("bamboohr").extract(
        url, json.dumps({"result": {"jobOpening": opening}}).encode()
    )
    assert (raw.workplace, raw.external_id, raw.url) == (
        "remote", "47", "https://harbourcu.bamboohr.com/careers/47")  # fmt: skip


def test_breezy_position_page_that_is_not_one_is_an_error() -> None:
    url = "https://maplegrovedental.breezy.hr/p/7c41e09b2a58-hr"
    with pytest.raises(ExtractError, match="without a JobPosting or an h1"):
        module_for("breezy").extract(url, b"<html><body><p>Page moved</p></body></html>")


def test_pinpoint_hidden_pay_is_no_pay() -> None:
    url, _ = JSON_LISTS["pinpoint"]
    entry = {**GOOD["pinpoint"], "compensation_visible": "true", "compensation_minimum": 50000}
    (raw,) = module_for("pinpoint").extract(url, json.dumps({"data": [entry]}).encode())
    assert (raw.salary, raw.salary_origin) == (None, None)
