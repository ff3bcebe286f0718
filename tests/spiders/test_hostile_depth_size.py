"""Inputs past a parser's limits are never a crash or a silent loss: JSON nested 100,000 deep
is a clean ``ExtractError`` (one line) for every reader of JSON in spiders/; an HTML page whose
JSON-LD block is over lxml's 10 MB text limit (lxml stops reading the page there) is read up
to that point and counted as skipped, so its listing is incomplete.

The crawler turns an ``ExtractError`` into the source's error line: the source fails and closes
nothing (``tests/spiders/test_malformed.py`` covers that hand-over). A skip is shown in the
source's outcome and closes nothing either (``tests/spiders/test_dataloss.py`` crawls one).
"""

from __future__ import annotations

import json

import pytest

from pipeline.sources import SourceConfig
from spiders import schemaorg
from spiders.kinds import MODULES, ExtractError, RequestSpec, module_for
from spiders.protocol import read_page, skipped
from tests.spiders.golden import DATA
from tests.spiders.test_malformed import JSON_KINDS

DEPTH = 100_000
DEEP = {
    "arrays": b"[" * DEPTH + b"]" * DEPTH,
    "objects": b'{"jobs":' * DEPTH + b"1" + b"}" * DEPTH,
}
URLS = {**{k: v[0] for k, v in JSON_KINDS.items()},
        "job-feed": "https://feeds.example.test/jobs.json",
        "blog-feed": "https://blog.example.test/feed.json",
        "jsonld": "https://careers.example.test/jobs",
        "html": "https://careers.example.test/jobs",
        "personio": "https://acme.jobs.personio.de/xml",
        "ontario-gojobs": "https://www.gojobs.gov.on.ca/Search.aspx"}  # fmt: skip


def _jsonld_page(block: str, after: str = "") -> bytes:
    return (
        "<html><head><title>Jobs</title></head><body><h1>Open roles</h1>"
        f'<script type="application/ld+json">{block}</script>{after}</body></html>'
    ).encode()


def _url(kind: str) -> str:
    """The kind's URL: listed above, else the real URL of its first golden case."""
    if kind in URLS:
        return URLS[kind]
    return sorted((DATA / kind).glob("*/url.txt"))[0].read_text().strip()


def _read(kind: str, body: bytes) -> object:
    url = _url(kind)
    selectors = {"item": "li", "title": "a/text()", "link": "a/@href"} if kind == "html" else None
    source = SourceConfig(name="t", kind=kind, url=url, **({"selectors": selectors} if selectors else {}))  # fmt: skip
    return read_page(module_for(kind), source, RequestSpec(url), "listing", url, body)


@pytest.mark.parametrize("shape", DEEP)
@pytest.mark.parametrize("kind", sorted(MODULES))
def test_json_nested_100k_deep_is_an_extract_error(kind: str, shape: str) -> None:
    try:
        _read(kind, DEEP[shape])
    except ExtractError as e:
        assert "\n" not in str(e)
    # anything else (RecursionError above all) fails the test with its traceback


@pytest.mark.parametrize("kind", sorted(JSON_KINDS))
def test_json_kinds_name_the_nesting(kind: str) -> None:
    with pytest.raises(ExtractError, match="nested too deeply"):
        _read(kind, DEEP["arrays"])


@pytest.mark.parametrize("shape", DEEP)
def test_a_jsonld_block_nested_100k_deep_fails_the_page_by_name(shape: str) -> None:
    with pytest.raises(ExtractError, match="JSON-LD block is nested too deeply"):
        _read("jsonld", _jsonld_page(DEEP[shape].decode()))


def test_jsonld_nested_as_deep_as_the_parser_reads_is_still_found() -> None:
    """900 lists deep parses (the C parser's limit is the interpreter's, 1,000): the walk over
    it must not be what runs out of stack."""
    posting = json.dumps({"@type": "JobPosting", "title": "HR Advisor",
                          "url": "https://careers.example.test/jobs/1"})  # fmt: skip
    page = _jsonld_page("[" * 900 + posting + "]" * 900)
    records, _, _ = _read("jsonld", page)  # type: ignore[misc]
    assert [r.title for r in records] == ["HR Advisor"]


def _skips(kind: str, body: bytes) -> list[tuple[str, int]]:
    url = _url(kind)
    source = SourceConfig(name="t", kind=kind, url=url)
    return [(s.why, s.count) for s in skipped(module_for(kind), source, "listing", url, body)]


def test_a_jsonld_block_over_10_mb_is_a_counted_skip_not_a_silent_gap() -> None:
    """lxml (without huge_tree) drops the block and every element after it. Before issue 16 the
    page read as one with no posting and no links (the postings it lists looked gone); then
    it failed the whole source. Now what came before the block is read and the page is a
    counted skip: the listing is incomplete and closes nothing."""
    big = json.dumps({"@type": "JobPosting", "title": "HR Advisor",
                      "url": "https://careers.example.test/jobs/1",
                      "description": "Partner with leaders. " * 500_000})  # fmt: skip
    assert len(big) > 10_000_000
    link = '<a href="/jobs/2">Payroll Lead</a>'
    before = json.dumps({"@type": "JobPosting", "title": "Benefits Partner",
                         "url": "https://careers.example.test/jobs/3"})  # fmt: skip
    page = _jsonld_page(before, after=f'<a href="/jobs/4">Trainer</a>'
                        f'<script type="application/ld+json">{big}</script>{link}')  # fmt: skip
    records, _, details = _read("jsonld", page)  # type: ignore[misc]
    assert [r.title for r in records] == ["Benefits Partner"]  # read before the cut
    assert [d.url for d in details] == ["https://careers.example.test/jobs/4"]
    assert _skips("jsonld", page) == [(schemaorg.CUT_SHORT, 1)]
    assert "over 10 MB" in schemaorg.CUT_SHORT and "unread" in schemaorg.CUT_SHORT
    # the same page with a small block reads whole, link included
    small = big[:200].rsplit(",", 1)[0] + "}"
    records, _, details = _read("jsonld", _jsonld_page(small, after=link))  # type: ignore[misc]
    assert [r.title for r in records] == ["HR Advisor"]
    assert [d.url for d in details] == ["https://careers.example.test/jobs/2"]
    assert _skips("jsonld", _jsonld_page(small, after=link)) == []
    # detection works whichever parser lxml is given (a page that is not UTF-8 too)
    latin = _jsonld_page(big.replace("leaders", "l\u00e9aders"), after=link)
    assert schemaorg.parse_page(latin.decode().encode("latin-1"))[1] == schemaorg.CUT_SHORT


@pytest.mark.parametrize("name", ["successfactors/detail", "icims/detail", "taleo/tbe-detail"])
def test_a_job_page_cut_before_its_posting_is_a_skip_not_a_removal(name: str) -> None:
    """These kinds read a job page without a JobPosting as a removed posting (emits nothing).
    A page lxml stopped reading before its JobPosting must not look removed: it is counted,
    so the listing is incomplete and the posting does not close."""
    from tests.spiders.golden import load_cases
    from tests.spiders.skips import read_with_skips

    case = next(c for c in load_cases() if c.id == name)
    filler = "<script>var x = '" + "z" * 10_500_000 + "';</script>"
    body = case.body.replace(b"<body", filler.encode() + b"<body", 1)
    assert body != case.body
    records, _, skips = read_with_skips(case.kind, case.spec(), case.body, case.role)
    assert len(records) == 1 and skips == []
    records, _, skips = read_with_skips(case.kind, case.spec(), body, case.role)
    assert skips == [(schemaorg.CUT_SHORT, 1)], (records, skips)
