"""Ontario gojobs, JazzHR, Comeet, Rippling and Paylocity (issue 20): detection from real URL
shapes, refusals in one line, and malformed responses that fail loudly.

The golden cases (``tests/data/<kind>/``) cover list, detail and empty boards.
"""

from __future__ import annotations

import json

import pytest

from pipeline.sources import SourceConfig, parse_sources
from spiders import detect
from spiders.kinds import ExtractError, RequestSpec, module_for
from spiders.protocol import read_page, start_specs


def _listing(kind: str, url: str, body: bytes):
    source = SourceConfig(name="t", kind=kind, url=url)
    return read_page(module_for(kind), source, RequestSpec(url), "listing", url, body)


@pytest.mark.parametrize(
    "url",
    ["https://www.gojobs.gov.on.ca/Search.aspx?Language=English",
     "https://www.gojobs.gov.on.ca/Preview.aspx?Language=English&JobID=231455",
     "https://gojobs.gov.on.ca/"],
)  # fmt: skip
def test_ontario_gojobs_is_detected_and_says_it_will_be_refused(url: str) -> None:
    found = detect.from_url(url)
    assert found is not None and found.kind == "ontario-gojobs"
    assert "refuse" in found.why and "bot-protected" in found.why


def test_ontario_gojobs_configuration_loads_and_its_crawl_is_refused_in_one_line() -> None:
    (source,) = parse_sources(
        '[[source]]\nname = "ops"\nkind = "ontario-gojobs"\n'
        'url = "https://www.gojobs.gov.on.ca/Search.aspx?Language=English"\n'
    )
    with pytest.raises(ExtractError) as e:
        start_specs(module_for("ontario-gojobs"), source)
    line = str(e.value)
    assert "\n" not in line
    assert "bot-protected" in line and "browser" in line  # why
    assert "Preview.aspx?Language=English&JobID=N" in line  # what to do instead


COMEET_API = "https://www.comeet.co/careers-api/2.0/company/41.00B/positions?token=3A1F0C6B22"


@pytest.mark.parametrize(
    ("url", "kind", "api", "name"),
    [
        ("https://fernbrookco-op.applytojob.com/apply/jobs", "jazzhr",
         "https://fernbrookco-op.applytojob.com/apply/jobs", "fernbrookco-op"),
        ("https://fernbrookco-op.applytojob.com/apply/jobs/details/Qr7TmPz2Lk", "jazzhr",
         "https://fernbrookco-op.applytojob.com/apply/jobs", "fernbrookco-op"),
        (COMEET_API, "comeet", COMEET_API, "41.00b"),
        ("https://www.comeet.com/jobs/lumenpath/41.00B", "comeet",
         "https://www.comeet.com/jobs/lumenpath/41.00B", "lumenpath"),
    ],
)  # fmt: skip
def test_known_addresses(url: str, kind: str, api: str, name: str) -> None:
    found = detect.from_url(url)
    assert found is not None, url
    assert (found.kind, found.url, found.name) == (kind, api, name)


@pytest.mark.parametrize(
    "url", ["https://www.applytojob.com/", "https://app.applytojob.com/apply",
            "https://www.comeet.com/", "https://www.comeet.com/jobs/"],
)  # fmt: skip
def test_vendor_pages_are_not_boards(url: str) -> None:
    assert detect.from_url(url) is None


def test_comeet_starts_with_details_and_refuses_a_url_without_its_token() -> None:
    (spec,) = start_specs(module_for("comeet"), SourceConfig(name="t", kind="comeet",
                                                             url=COMEET_API))  # fmt: skip
    assert spec.url == COMEET_API.replace("?token", "?details=true&token")
    bare = COMEET_API.split("?", 1)[0]
    with pytest.raises(ExtractError, match="without its token") as e:
        start_specs(module_for("comeet"), SourceConfig(name="t", kind="comeet", url=bare))
    assert "\n" not in str(e.value)


GOOD_COMEET = {"uid": "C4.0F2", "name": "HR Advisor", "url_active_page": "https://x.example/j/1"}


@pytest.mark.parametrize(
    "entry",
    [1, "x", None, [], {"name": "HR", "url_active_page": "https://x.example/j"},
     {"uid": "A.1", "url_active_page": "https://x.example/j"}, {"uid": "A.1", "name": "HR"},
     {"uid": "A.1", "name": ["HR"], "url_active_page": "https://x.example/j"}],
)  # fmt: skip
def test_comeet_malformed_position_fails_the_page(entry: object) -> None:
    body = json.dumps([GOOD_COMEET, entry]).encode()
    with pytest.raises(ExtractError, match="malformed posting #1"):
        _listing("comeet", COMEET_API, body)


@pytest.mark.parametrize(
    "body", [b"", b'{"error": "invalid token"}', b"<html><body>Comeet</body></html>",
             b"<script>COMPANY_POSITIONS_DATA = {oops</script>"],
)  # fmt: skip
def test_comeet_not_the_positions_is_a_clear_error(body: bytes) -> None:
    with pytest.raises(ExtractError, match="expected|not JSON") as e:
        _listing("comeet", COMEET_API, body)
    assert "\n" not in str(e.value)


JAZZ = "https://fernbrookco-op.applytojob.com/apply/jobs"


def _jazz_list(links: str) -> bytes:
    return f'<html><body><div id="job_listings_wrapper">{links}</div></body></html>'.encode()


@pytest.mark.parametrize(
    ("link", "why"),
    [
        ('<a href="https://other.applytojob.com/apply/jobs/details/Zz1">HR</a>', "not this board"),
        ('<a href="/apply/jobs/details/Zz1/apply/extra">HR</a>', "not this board"),
        ('<a href="/apply/jobs/details/Zz1"> </a>', "without a title"),
    ],
)  # fmt: skip
def test_jazzhr_scrambled_link_fails_the_page(link: str, why: str) -> None:
    good = '<a href="/apply/jobs/details/Qr7TmPz2Lk">HR Coordinator</a>'
    with pytest.raises(ExtractError, match="malformed posting #1") as e:
        _listing("jazzhr", JAZZ, _jazz_list(good + link))
    assert why in str(e.value)


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body><h1>Hire better with JazzHR</h1></body></html>",
        b"<html><body><div id='challenge'>Checking your browser</div></body></html>",
        b'{"jobs": []}',
        b"",
    ],
    ids=["marketing-site", "challenge", "json", "empty"],
)
def test_jazzhr_page_that_is_not_the_list_is_not_an_empty_board(body: bytes) -> None:
    with pytest.raises(ExtractError, match="JazzHR"):
        _listing("jazzhr", JAZZ, body)


def test_jazzhr_job_page_without_a_title_is_an_error() -> None:
    url = "https://fernbrookco-op.applytojob.com/apply/jobs/details/Qr7TmPz2Lk"
    with pytest.raises(ExtractError, match="without a JobPosting or an h1"):
        module_for("jazzhr").extract(url, b"<html><body><p>This job has closed.</p></body></html>")


RIPPLING = "https://api.rippling.com/platform/api/ats/v1/board/cedarline-health/jobs"


@pytest.mark.parametrize(
    "url",
    ["https://ats.rippling.com/cedarline-health/jobs",
     "https://ats.rippling.com/en-CA/cedarline-health/jobs/6f0c2a1e-93b4",
     "https://ats.us1.rippling.com/cedarline-health/jobs", RIPPLING],
)  # fmt: skip
def test_rippling_board_addresses(url: str) -> None:
    found = detect.from_url(url)
    assert found is not None, url
    assert (found.kind, found.url, found.name) == ("rippling", RIPPLING, "cedarline-health")
    (spec,) = start_specs(module_for("rippling"), SourceConfig(name="t", kind="rippling", url=url))
    assert spec.url == RIPPLING


@pytest.mark.parametrize(
    "url", ["https://www.rippling.com/careers", "https://ats.rippling.com/api/jobs"]
)
def test_rippling_vendor_pages_are_not_boards(url: str) -> None:
    assert detect.from_url(url) is None


@pytest.mark.parametrize(
    "entry", [1, "x", None, [], {"name": "HR"}, {"uuid": "../x"}, {"uuid": 7}, {"uuid": True}]
)
def test_rippling_malformed_entry_fails_the_page(entry: object) -> None:
    body = json.dumps([{"uuid": "6f0c2a1e-93b4"}, entry]).encode()
    with pytest.raises(ExtractError, match="malformed posting #1"):
        _listing("rippling", RIPPLING, body)


@pytest.mark.parametrize("body", [b"", b"<html>Rippling</html>", b'{"jobs": []}', b"42"])
def test_rippling_not_the_list_is_a_clear_error(body: bytes) -> None:
    with pytest.raises(ExtractError, match="expected") as e:
        _listing("rippling", RIPPLING, body)
    assert "\n" not in str(e.value)


def test_rippling_detail_without_a_name_is_an_error() -> None:
    with pytest.raises(ExtractError, match="without a name"):
        module_for("rippling").extract(RIPPLING + "/6f0c2a1e", b'{"name": null}')


PAYLOCITY = ("https://recruiting.paylocity.com/Recruiting/Jobs/All/"
             "3c9e1f0a-7b2d-4e58-9a61-0d4f8b2c6e17/Birchfield-Home-Care")  # fmt: skip


@pytest.mark.parametrize(
    ("url", "name"),
    [(PAYLOCITY, "birchfield-home-care"),
     (PAYLOCITY.rsplit("/", 1)[0], "paylocity-3c9e1f0a")],
)  # fmt: skip
def test_paylocity_board_addresses(url: str, name: str) -> None:
    found = detect.from_url(url)
    assert found is not None, url
    assert (found.kind, found.url, found.name) == ("paylocity", url, name)


@pytest.mark.parametrize(
    "url", ["https://www.paylocity.com/company/careers",
            "https://recruiting.paylocity.com/Recruiting/Jobs/Details/2014731"],
)  # fmt: skip
def test_paylocity_other_pages_are_not_boards(url: str) -> None:
    assert detect.from_url(url) is None


def _paylocity_board(jobs: object) -> bytes:
    return f"<html><script>window.pageData = {json.dumps({'Jobs': jobs})};</script></html>".encode()


def test_paylocity_list_row_travels_with_the_detail_request() -> None:
    row = {"JobId": 2014802, "JobTitle": "Recruiter", "PublishedDate": "2026-11-21",
           "HiringDepartment": "HR", "LocationName": "Remote", "IsRemote": True}  # fmt: skip
    _, _, (spec,) = _listing("paylocity", PAYLOCITY, _paylocity_board([row, row]))
    assert spec.url == "https://recruiting.paylocity.com/Recruiting/Jobs/Details/2014802"
    assert dict(spec.carry) == {"title": "Recruiter", "posted": "2026-11-21",
                                "department": "HR", "location": "Remote", "remote": "true"}  # fmt: skip


@pytest.mark.parametrize(
    "entry",
    [1, "x", None, [], {"JobTitle": "HR"}, {"JobId": 5}, {"JobId": True, "JobTitle": "HR"},
     {"JobId": "../5", "JobTitle": "HR"}, {"JobId": 5, "JobTitle": ["HR"]}],
)  # fmt: skip
def test_paylocity_malformed_row_fails_the_page(entry: object) -> None:
    body = _paylocity_board([{"JobId": 1, "JobTitle": "HR Advisor"}, entry])
    with pytest.raises(ExtractError, match="malformed posting #1"):
        _listing("paylocity", PAYLOCITY, body)


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>Your browser is not supported.</body></html>",
        b"",
        b"<script>window.pageData = {oops</script>",
        b'<script>window.pageData = {"x": 1};</script>',
    ],
    ids=["no-page-data", "empty", "not-json", "no-jobs-list"],
)
def test_paylocity_board_without_its_jobs_is_not_an_empty_board(body: bytes) -> None:
    with pytest.raises(ExtractError, match="Paylocity") as e:
        _listing("paylocity", PAYLOCITY, body)
    assert "\n" not in str(e.value)


def test_paylocity_job_page_without_description_is_an_error() -> None:
    url = "https://recruiting.paylocity.com/Recruiting/Jobs/Details/2014731"
    with pytest.raises(ExtractError, match="without its title or Description"):
        module_for("paylocity").extract_request(
            RequestSpec(url), url, b"<html><body>This job is no longer available</body></html>"
        )


def test_jazzhr_list_served_from_a_copy_keeps_its_own_links_and_rejects_another_board() -> None:
    copy = "http://127.0.0.1:8080/apply/jobs"
    own = '<a href="https://fernbrookco-op.applytojob.com/apply/jobs/details/Qr7T">HR</a>'
    (_, _, details) = _listing("jazzhr", copy, _jazz_list(own + own.replace("Qr7T", "bW4k")))
    assert [d.url for d in details] == [
        "http://127.0.0.1:8080/apply/jobs/details/Qr7T", "http://127.0.0.1:8080/apply/jobs/details/bW4k"]  # fmt: skip
    other = '<a href="https://othercompany.applytojob.com/apply/jobs/details/Zz1">HR</a>'
    with pytest.raises(ExtractError, match="malformed posting #1"):
        _listing("jazzhr", copy, _jazz_list(own + other))
