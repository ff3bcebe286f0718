"""Malformed responses: every kind fails the page with one clear sentence, never garbage.

HTML where JSON was due, an empty body, JSON of the wrong type or shape raise ``ExtractError``
(the crawler turns it into the source's error: the source fails and closes nothing). Entries
of the wrong types inside a good envelope are skipped: no record is made of them.
"""

from __future__ import annotations

import json

import pytest

from pipeline.sources import SourceConfig
from spiders.kinds import ExtractError, RequestSpec, module_for
from spiders.protocol import read_page

# kind -> (a URL of the kind, the envelope key holding its postings, or None for a bare list)
JSON_KINDS = {
    "greenhouse": ("https://boards-api.greenhouse.io/v1/boards/acme/jobs", "jobs"),
    "lever": ("https://api.lever.co/v0/postings/acme?mode=json", None),
    "ashby": ("https://api.ashbyhq.com/posting-api/job-board/acme", "jobs"),
    "smartrecruiters": ("https://api.smartrecruiters.com/v1/companies/acme/postings", "content"),
    "workable": ("https://apply.workable.com/api/v1/widget/accounts/acme", "jobs"),
    "recruitee": ("https://acme.recruitee.com/api/offers/", "offers"),
    "teamtailor": ("https://acme.teamtailor.com/jobs.json", "items"),
    "workday": ("https://acme.wd3.myworkdayjobs.com/wday/cxs/acme/Ext/jobs", "jobPostings"),
}
NOT_JSON = {
    "html": b"<!doctype html><html><body><h1>Service unavailable</h1></body></html>",
    "empty": b"",
    "text": b"upstream timed out",
    "truncated": b'{"jobs": [{"title": "HR Advisor", "absolute_url": "https://x.example/1"',
}
WRONG_TYPES = [b"[]", b"42", b'"jobs"', b"null", b'{"unexpected": true}']
BAD_ENTRIES = [1, "x", None, [], {"title": 5}, {"title": None, "id": []}, {"text": {}}]
# one well-formed listing entry per kind (the fields each kind requires)
GOOD_ENTRY = {
    "greenhouse": {"title": "HR Advisor", "absolute_url": "https://job-boards.greenhouse.io/a/1"},
    "lever": {"text": "HR Advisor", "hostedUrl": "https://jobs.lever.co/a/1"},
    "ashby": {"title": "HR Advisor", "jobUrl": "https://jobs.ashbyhq.com/a/1"},
    "smartrecruiters": {"id": "744000000000001", "name": "HR Advisor"},
    "workable": {"title": "HR Advisor", "url": "https://apply.workable.com/j/AB12"},
    "recruitee": {"title": "HR Advisor", "careers_url": "https://a.recruitee.com/o/hr"},
    "teamtailor": {"title": "HR Advisor", "url": "https://a.teamtailor.com/jobs/1-hr"},
    "workday": {"title": "HR Advisor", "externalPath": "/job/Toronto-ON/HR-Advisor_R1"},
}


def _page(kind: str, body: bytes):
    url, _ = JSON_KINDS[kind]
    source = SourceConfig(name="t", kind=kind, url=url)
    return read_page(module_for(kind), source, RequestSpec(url), "listing", url, body)


@pytest.mark.parametrize("kind", JSON_KINDS)
@pytest.mark.parametrize("what", NOT_JSON)
def test_not_json_is_a_clear_error(kind: str, what: str) -> None:
    with pytest.raises(ExtractError) as e:
        _page(kind, NOT_JSON[what])
    message = str(e.value)
    assert "expected" in message and "JSON" in message, message
    assert "\n" not in message and len(message) < 300
    if what == "html":
        assert "got HTML" in message


@pytest.mark.parametrize("kind", JSON_KINDS)
@pytest.mark.parametrize("body", WRONG_TYPES)
def test_wrong_json_shape_is_a_clear_error(kind: str, body: bytes) -> None:
    if kind == "lever" and body == b"[]":
        assert _page(kind, body) == ([], [], [])  # an empty Lever board is a bare []
        return
    with pytest.raises(ExtractError) as e:
        _page(kind, body)
    assert "expected" in str(e.value)


@pytest.mark.parametrize("kind", JSON_KINDS)
def test_envelope_of_the_wrong_type_is_an_error(kind: str) -> None:
    _, key = JSON_KINDS[kind]
    if key is None:
        pytest.skip("a bare list has no envelope")
    with pytest.raises(ExtractError):
        _page(kind, json.dumps({key: {"0": "not a list"}}).encode())


@pytest.mark.parametrize("kind", JSON_KINDS)
@pytest.mark.parametrize("entry", BAD_ENTRIES, ids=repr)
def test_a_malformed_entry_fails_the_page(kind: str, entry: object) -> None:
    # skipping it would make a scrambled board look like a complete, empty one (closing all)
    _, key = JSON_KINDS[kind]
    good = GOOD_ENTRY[kind]
    entries = [good, entry]
    body = json.dumps(entries if key is None else {key: entries}).encode()
    with pytest.raises(ExtractError, match=r"malformed posting #1"):
        _page(kind, body)


@pytest.mark.parametrize("kind", JSON_KINDS)
def test_a_good_entry_alone_passes(kind: str) -> None:
    _, key = JSON_KINDS[kind]
    entries = [GOOD_ENTRY[kind]]
    records, _, details = _page(
        kind, json.dumps(entries if key is None else {key: entries}).encode()
    )
    assert len(records) + len(details) == 1


def test_workday_detail_without_title_is_an_error() -> None:
    url = "https://acme.wd3.myworkdayjobs.com/wday/cxs/acme/Ext/job/X_R1"
    body = json.dumps({"jobPostingInfo": {"title": None, "jobReqId": "R1"}}).encode()
    with pytest.raises(ExtractError, match="without a title"):
        module_for("workday").extract(url, body)


def test_smartrecruiters_detail_of_wrong_shape_is_an_error() -> None:
    url = "https://api.smartrecruiters.com/v1/companies/acme/postings/1"
    with pytest.raises(ExtractError):
        module_for("smartrecruiters").extract(url, json.dumps({"id": [], "name": 5}).encode())


@pytest.mark.parametrize(
    "body",
    [b"", b"<html><body>Not found</body></html>", b'{"jobs": []}', b"<other-root/>"],
    ids=["empty", "html", "json", "wrong root"],
)
def test_personio_not_its_xml_is_an_error(body: bytes) -> None:
    with pytest.raises(ExtractError, match="Personio"):
        module_for("personio").extract("https://acme.jobs.personio.de/xml", body)


def test_personio_position_without_id_or_name_fails_the_page() -> None:
    body = b"<workzag-jobs><position><id>1</id><name>HR</name></position>"
    body += b"<position><name>HR</name></position></workzag-jobs>"
    with pytest.raises(ExtractError, match="malformed posting #1: <id> is missing"):
        module_for("personio").extract("https://acme.jobs.personio.de/xml", body)


@pytest.mark.parametrize("body", [b"", b'{"jobs": []}', b"\x00\x01binary", b"<html></html>"])
def test_jsonld_pages_without_postings_are_empty_not_errors(body: bytes) -> None:
    # a listing page has no postings of its own: that is normal for this kind
    assert module_for("jsonld").extract("https://jobs.example.org/", body) == []


def test_jsonld_posting_fields_of_wrong_types_are_dropped_not_crashed() -> None:
    posting = {"@type": "JobPosting", "title": "HR Advisor", "jobLocation": 5,
               "baseSalary": {"value": {"minValue": "a lot"}}, "hiringOrganization": [],
               "identifier": {"value": None}, "datePosted": {}}  # fmt: skip
    page = f'<script type="application/ld+json">{json.dumps(posting)}</script>'.encode()
    (raw,) = module_for("jsonld").extract("https://jobs.example.org/1", page)
    assert (raw.title, raw.salary, raw.company, raw.external_id, raw.posted_at) == (
        "HR Advisor", None, None, None, None)  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "entry"),
    [
        ("recruitee", {"title": "HR", "careers_url": "https://a.recruitee.com/o/1", "status": 7}),
        ("ashby", {"title": "HR", "jobUrl": "https://jobs.ashbyhq.com/a/1", "isListed": "yes"}),
    ],
)
def test_a_scrambled_skip_flag_is_malformed_not_a_skip(kind: str, entry: dict) -> None:
    # read as "skip", a scrambled board would look complete and empty, and close every posting
    _, key = JSON_KINDS[kind]
    with pytest.raises(ExtractError, match="malformed posting #0"):
        _page(kind, json.dumps({key: [entry]}).encode())
