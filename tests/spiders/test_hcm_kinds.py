"""Oracle Recruiting Cloud, UKG Pro, ADP Workforce Now and Dayforce (issue 20).

The goldens (``tests/data/{oracle-recruiting,ultipro,adp,dayforce}/``) pin each answer's
fields; this file pins what goldens cannot: the URL shapes ``sources add`` recognises, the
sources refused with one sentence (login, session or browser needed), scrambled lists and
paging that would lose rows failing loudly, the per-host concurrency, and one real crawl of
the four kinds (``python -m spiders.run``) against a local server under the real paths.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.sources import SourceConfig
from spiders import detect
from spiders.kinds import ExtractError, RequestSpec, module_for
from spiders.protocol import read_page, start_specs
from spiders.settings import host_slots
from tests.spiders.server import CaseServer
from tests.spiders.skips import assert_one_skipped

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
ORC = "https://ekqv.fa.ca2.oraclecloud.com"
ORC_LIST = (f"{ORC}/hcmRestApi/resources/latest/recruitingCEJobRequisitions?onlyData=true"
            "&expand=requisitionList.secondaryLocations&finder=findReqs;siteNumber=CX_2,limit=25,"
            "offset={},sortBy=POSTING_DATES_DESC")  # fmt: skip
UKG = "https://recruiting2.ultipro.com/NOR1009NORTH/JobBoard/7f3c2a91-5d4e-4b8a-9c61-2e0f5a7b9d13"
ADP_PAGE = ("https://workforcenow.adp.com/mascsr/default/mdf/recruitment/recruitment.html"
            "?cid=4b1f7c2e-9a35-4d60-b8e1-0f6c3a2d9e57&ccId=19000101_000001&lang=en_CA")  # fmt: skip
ADP_LIST = ("https://workforcenow.adp.com/mascsr/default/careercenter/public/events/staffing/v1/"
            "job-requisitions?cid=4b1f7c2e-9a35-4d60-b8e1-0f6c3a2d9e57&ccId=19000101_000001"
            "&lang=en_CA&locale=en_CA&$skip={}")  # fmt: skip
FEED = "https://www.dayforcehcm.com/Api/maplecrest/V1/JobFeeds"


@pytest.mark.parametrize(
    ("url", "kind", "source_url"),
    [
        (f"{ORC}/hcmUI/CandidateExperience/en/sites/CX_2/job/41208", "oracle-recruiting",
         f"{ORC}/hcmUI/CandidateExperience/en/sites/CX_2"),
        ("https://hdpc.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/LateralHiring"
         "/requisitions", "oracle-recruiting",
         "https://hdpc.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/LateralHiring"),
        ("https://evht.fa.ocs.oraclecloud.eu/hcmUI/CandidateExperience/fr/sites/CX_7001",
         "oracle-recruiting",
         "https://evht.fa.ocs.oraclecloud.eu/hcmUI/CandidateExperience/en/sites/CX_7001"),
        (ORC_LIST.format(50), "oracle-recruiting",
         f"{ORC}/hcmUI/CandidateExperience/en/sites/CX_2"),
        (f"{UKG}/OpportunityDetail?opportunityId=0c5e0006-31aa-4f0e-8d27-6b9e2c4d0006", "ultipro",
         UKG),
        ("https://recruiting.ultipro.ca/MAC5000MCDW/JobBoard/7F3C2A91-5d4e-4b8a-9c61-2e0f5a7b9d13"
         "/?q=&o=postedDateDesc", "ultipro",
         "https://recruiting.ultipro.ca/MAC5000MCDW/JobBoard/7f3c2a91-5d4e-4b8a-9c61-2e0f5a7b9d13"),
        (ADP_PAGE + "&selectedMenuKey=CurrentOpenings&jobId=9201876500004_1", "adp", ADP_PAGE),
        (FEED, "dayforce", FEED),
    ],
)  # fmt: skip
def test_detected_from_the_url(url: str, kind: str, source_url: str) -> None:
    found = detect.from_url(url)
    assert found is not None and (found.kind, found.url) == (kind, source_url)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("https://jobs.dayforcehcm.com/en-US/maplecrest/CANDIDATEPORTAL", "/Api/maplecrest/V1/JobFeeds"),
        ("https://myjobs.adp.com/lakesideauto/cx/job-listing", "Workforce Now"),
        ("https://vaneck.rec.pro.ukg.net/VAN1502VEAC/JobBoard/9158c56d-61c9-447f-98b1-4ba0b04ca31d/",
         "refuse"),
    ],
)  # fmt: skip
def test_sites_that_need_a_browser_are_detected_with_a_warning(url: str, says: str) -> None:
    found = detect.from_url(url)
    assert found is not None and says in found.why


@pytest.mark.parametrize(
    "url", ["https://www.oraclecloud.com/", "https://www.ultipro.com/", "https://www.adp.com/",
            "https://www.dayforce.com/careers", "https://workforcenow.adp.com/"],
)  # fmt: skip
def test_vendor_pages_are_not_boards(url: str) -> None:
    assert detect.from_url(url) is None


@pytest.mark.parametrize(
    ("kind", "url", "says"),
    [
        ("dayforce", "https://jobs.dayforcehcm.com/en-US/maplecrest/CANDIDATEPORTAL/jobs/21874",
         "CSRF"),
        ("dayforce", "https://www.dayforcehcm.com/maplecrest/careers", "Job Feeds URL"),
        ("adp", "https://myjobs.adp.com/lakesideauto/cx/job-listing", "browser app"),
        ("adp", "https://workforcenow.adp.com/mascsr/default/mdf/recruitment/recruitment.html",
         "cid="),
        ("ultipro", "https://vaneck.rec.pro.ukg.net/VAN1502VEAC/JobBoard/"
         "9158c56d-61c9-447f-98b1-4ba0b04ca31d/", "anti-forgery"),
        ("ultipro", "https://recruiting.ultipro.com/NOR1009NORTH/JobBoard/not-a-board", "JobBoard"),
        ("oracle-recruiting", "https://careers.harbourview.ca/en/sites/CX_2/jobs",
         "oraclecloud.com"),
        ("oracle-recruiting", "https://ekqv.fa.ca2.oraclecloud.com/careers", "CandidateExperience"),
    ],
)  # fmt: skip
def test_unusable_sources_are_refused_with_one_sentence(kind: str, url: str, says: str) -> None:
    source = SourceConfig(name="t", kind=kind, url=url)
    with pytest.raises(ExtractError, match=says) as e:
        start_specs(module_for(kind), source)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize(
    ("kind", "url", "first"),
    [
        ("oracle-recruiting", f"{ORC}/hcmUI/CandidateExperience/en/sites/CX_2/requisitions",
         ORC_LIST.format(0)),
        ("adp", ADP_PAGE, ADP_LIST.format(1)),
        ("dayforce", FEED, FEED + "?htmlDescription=true"),
        ("dayforce", FEED + "?companyName=Maplecrest&htmlDescription=false",
         FEED + "?companyName=Maplecrest&htmlDescription=false"),
    ],
)  # fmt: skip
def test_a_pasted_page_starts_at_the_api(kind: str, url: str, first: str) -> None:
    specs = start_specs(module_for(kind), SourceConfig(name="t", kind=kind, url=url))
    assert [s.url for s in specs] == [first]


def test_ultipro_starts_with_the_boards_own_search() -> None:
    (spec,) = start_specs(module_for("ultipro"), SourceConfig(name="t", kind="ultipro", url=UKG))
    assert (spec.method, spec.url) == ("POST", f"{UKG}/JobBoardView/LoadSearchResults")
    assert spec.json_body()["opportunitySearch"]["Top"] == 50


def _listing(kind: str, spec: RequestSpec, body: bytes):
    source = SourceConfig(name="t", kind=kind, url=spec.url)
    return read_page(module_for(kind), source, spec, "listing", spec.url, body)


def _orc(entries: list, total: int, offset: int = 0) -> tuple[RequestSpec, bytes]:
    wrapper = {"TotalJobsCount": total, "Offset": offset, "Limit": 25, "requisitionList": entries}
    return RequestSpec(ORC_LIST.format(offset)), json.dumps({"items": [wrapper]}).encode()


ORC_GOOD = {"Id": "41208", "Title": "HR Advisor"}


@pytest.mark.parametrize(
    "entry",
    [5, None, {"Title": "HR"}, {"Id": "../1", "Title": "HR"}, {"Id": True, "Title": "HR"},
     {"Id": "41209"}, {"Id": "41209", "Title": ["HR"]}],
    ids=repr,
)  # fmt: skip
def test_oracle_malformed_requisition_is_skipped_and_counted(entry: object) -> None:
    assert_one_skipped("oracle-recruiting", *_orc([ORC_GOOD, entry], 2))


def test_oracle_list_without_its_requisitions_is_not_an_empty_board() -> None:
    # what a dropped expand= looks like: HTTP 200, the count right, requisitionList null
    spec, body = _orc([], 40)
    body = body.replace(b'"requisitionList": []', b'"requisitionList": null')
    with pytest.raises(ExtractError, match="not an empty board"):
        _listing("oracle-recruiting", spec, body)


@pytest.mark.parametrize(("offset", "total"), [(25, 40), (10_000, 0)])
def test_oracle_empty_page_below_the_count_fails(offset: int, total: int) -> None:
    # a page Oracle served empty although rows remain (or past its 10,000-row window)
    with pytest.raises(ExtractError, match="listing is incomplete"):
        _listing("oracle-recruiting", *_orc([], total, offset))


def test_oracle_short_page_mid_list_is_not_the_end() -> None:
    # measured on live boards: a page of 3 where 25 were asked, with more rows after it
    _, follow, details = _listing("oracle-recruiting", *_orc([ORC_GOOD], 60, 25))
    assert [s.url for s in follow] == [ORC_LIST.format(50)] and len(details) == 1


@pytest.mark.parametrize(
    "body",
    [b"<html>Service Unavailable</html>", b"", b'{"items": {}}', b'{"items": []}', b"[]"],
    ids=["html", "empty", "items-object", "no-wrapper", "bare-list"],
)
def test_oracle_answer_of_wrong_shape_is_an_error(body: bytes) -> None:
    with pytest.raises(ExtractError):
        _listing("oracle-recruiting", RequestSpec(ORC_LIST.format(0)), body)


def test_oracle_detail_without_a_title_is_an_error() -> None:
    url = (f"{ORC}/hcmRestApi/resources/latest/recruitingCEJobRequisitionDetails?expand=all"
           "&onlyData=true&finder=ById;Id=%2241208%22,siteNumber=CX_2")  # fmt: skip
    with pytest.raises(ExtractError, match="without a Title"):
        module_for("oracle-recruiting").extract(url, b'{"items": [{"Id": "41208"}]}')


def _ukg(entries: list, total: int, skip: int = 0) -> tuple[RequestSpec, bytes]:
    spec = module_for("ultipro").search(UKG, skip)
    return spec, json.dumps({"opportunities": entries, "totalCount": total}).encode()


UKG_GOOD = {"Id": "0c5e0006-31aa-4f0e-8d27-6b9e2c4d0006", "Title": "HR Business Partner"}


@pytest.mark.parametrize(
    "entry",
    [[], "x", {"Title": "HR"}, {"Id": "42", "Title": "HR"}, {"Id": UKG_GOOD["Id"][:-1] + "x"},
     {"Id": "0c5e0007-31aa-4f0e-8d27-6b9e2c4d0007", "Title": None}],
    ids=repr,
)  # fmt: skip
def test_ultipro_malformed_opportunity_is_skipped_and_counted(entry: object) -> None:
    assert_one_skipped("ultipro", *_ukg([UKG_GOOD, entry], 2))


@pytest.mark.parametrize(("rows", "total"), [(0, 3), (1, 3)], ids=["empty", "short"])
def test_ultipro_page_short_of_its_count_fails(rows: int, total: int) -> None:
    with pytest.raises(ExtractError, match="listing is incomplete"):
        _listing("ultipro", *_ukg([UKG_GOOD] * rows, total))


@pytest.mark.parametrize(
    "body", [b"<!doctype html><p>Sign in</p>", b'{"opportunities": []}', b'{"totalCount": 3}'],
    ids=["html", "no-count", "no-list"],
)  # fmt: skip
def test_ultipro_answer_of_wrong_shape_is_an_error(body: bytes) -> None:
    spec, _ = _ukg([], 0)
    with pytest.raises(ExtractError, match="UKG Pro"):
        _listing("ultipro", spec, body)


def test_ultipro_detail_page_without_its_payload_closes_nothing() -> None:
    url = f"{UKG}/OpportunityDetail?opportunityId={UKG_GOOD['Id']}"
    with pytest.raises(ExtractError, match="nothing closes on a guess"):
        module_for("ultipro").extract(url, b"<html><body><div id='app'></div></body></html>")


def _adp(entries: list, total: int, start: int = 1, echo: int | None = None):
    meta = {"startSequence": start if echo is None else echo, "totalNumber": total}
    spec = RequestSpec(ADP_LIST.format(start))
    return spec, json.dumps({"jobRequisitions": entries, "meta": meta}).encode()


ADP_GOOD = {"itemID": "9201876500004_1", "requisitionTitle": "Payroll Administrator"}


@pytest.mark.parametrize(
    "entry",
    [1, [], {"requisitionTitle": "HR"}, {"itemID": "../1", "requisitionTitle": "HR"},
     {"itemID": 9201876500005, "requisitionTitle": "HR"}, {"itemID": "9201876500005_1"}],
    ids=repr,
)  # fmt: skip
def test_adp_malformed_requisition_is_skipped_and_counted(entry: object) -> None:
    assert_one_skipped("adp", *_adp([ADP_GOOD, entry], 2))


def test_adp_that_ignores_paging_fails_instead_of_repeating_page_one() -> None:
    with pytest.raises(ExtractError, match="ignored the paging"):
        _listing("adp", *_adp([ADP_GOOD] * 20, 45, start=21, echo=1))


def test_adp_short_page_below_its_count_fails() -> None:
    with pytest.raises(ExtractError, match="listing is incomplete"):
        _listing("adp", *_adp([ADP_GOOD] * 7, 45))


@pytest.mark.parametrize(
    "body",
    [b"<html>ADP</html>", b'{"jobRequisitions": []}', b'{"meta": {"totalNumber": 1}}'],
)
def test_adp_answer_of_wrong_shape_is_an_error(body: bytes) -> None:
    with pytest.raises(ExtractError, match="ADP"):
        _listing("adp", RequestSpec(ADP_LIST.format(1)), body)


DAYFORCE_GOOD = {"Title": "HR Advisor", "ReferenceNumber": 21874,
                 "JobDetailsUrl": "https://jobs.dayforcehcm.com/en-US/m/CANDIDATEPORTAL/jobs/21874"}  # fmt: skip


@pytest.mark.parametrize(
    "entry",
    [None, "x", {**DAYFORCE_GOOD, "Title": ""}, {**DAYFORCE_GOOD, "ReferenceNumber": None},
     {**DAYFORCE_GOOD, "ReferenceNumber": "21/874"}, {**DAYFORCE_GOOD, "JobDetailsUrl": "/jobs/1"}],
    ids=repr,
)  # fmt: skip
def test_dayforce_malformed_posting_is_skipped_and_counted(entry: object) -> None:
    body = json.dumps([DAYFORCE_GOOD, entry]).encode()
    assert_one_skipped("dayforce", RequestSpec(FEED), body)


@pytest.mark.parametrize("body", [b"<html>Dayforce</html>", b'{"jobs": []}', b""])
def test_dayforce_answer_that_is_not_the_feed_is_an_error(body: bytes) -> None:
    with pytest.raises(ExtractError, match="Dayforce Job Feeds"):
        _listing("dayforce", RequestSpec(FEED), body)


def test_each_host_gets_a_lower_concurrency() -> None:
    sources = [SourceConfig(name=k, kind=k, url=u) for k, u in
               [("oracle-recruiting", ORC + "/hcmUI/CandidateExperience/en/sites/CX_2"),
                ("ultipro", UKG), ("adp", ADP_PAGE), ("dayforce", FEED)]]  # fmt: skip
    assert host_slots(sources) == {
        "ekqv.fa.ca2.oraclecloud.com": {"concurrency": 2},
        "recruiting2.ultipro.com": {"concurrency": 2},
        "workforcenow.adp.com": {"concurrency": 2},
        "www.dayforcehcm.com": {"concurrency": 2},
    }


def _input(case: str) -> bytes:
    return next((DATA / case).glob("input.*")).read_bytes()


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _routes() -> dict[tuple[str, str, bytes], tuple]:
    """Every request of the four boards, under its real path (host left to the server)."""
    js, html = "application/json", "text/html"
    orc_detail = (f"{ORC}/hcmRestApi/resources/latest/recruitingCEJobRequisitionDetails"
                  "?expand=all&onlyData=true&finder=ById;Id=%22{}%22,siteNumber=CX_2")  # fmt: skip
    routes: dict[tuple[str, str, bytes], tuple] = {
        ("GET", _path(ORC_LIST.format(0)), b""): (200, _input("oracle-recruiting/list-short-page"), js),
        ("GET", _path(ORC_LIST.format(25)), b""): (200, _input("oracle-recruiting/list-last-page"), js),
        ("GET", _path(orc_detail.format(41208)), b""): (200, _input("oracle-recruiting/detail"), js),
        ("GET", _path(orc_detail.format(41215)), b""): (
            200, _input("oracle-recruiting/detail-pay-in-text"), js),
        ("GET", _path(orc_detail.format(41190)), b""): (200, _input("oracle-recruiting/detail-removed"), js),
    }  # fmt: skip
    for req_id, title in (("40977", b"Recreation Programmer (Seasonal)"),
                          ("40964", b"Talent Acquisition Partner")):  # fmt: skip
        body = _input("oracle-recruiting/detail").replace(b'"41208"', f'"{req_id}"'.encode())
        body = body.replace(b"Human Resources Advisor, Labour Relations", title)
        routes[("GET", _path(orc_detail.format(req_id)), b"")] = (200, body, js)
    # UKG: one page of two opportunities, one of them closed since
    ukg = module_for("ultipro")
    opportunities = {**json.loads(_input("ultipro/search-last-page")), "totalCount": 2}
    search = ukg.search(UKG, 0)
    routes[("POST", _path(search.url), search.body or b"")] = (
        200,
        json.dumps(opportunities).encode(),
        js,
    )
    open_id, closed_id = (o["Id"] for o in opportunities["opportunities"])
    routes[("GET", _path(f"{UKG}/OpportunityDetail?opportunityId={open_id}"), b"")] = (
        200, _input("ultipro/detail").replace(b"0c5e0006-31aa-4f0e-8d27-6b9e2c4d0006",
                                              open_id.encode()), html)  # fmt: skip
    routes[("GET", _path(f"{UKG}/OpportunityDetail?opportunityId={closed_id}"), b"")] = (
        200,
        _input("ultipro/detail-closed"),
        html,
    )
    # ADP: the last page served as a whole board of three; one requisition removed (404)
    page = json.loads(_input("adp/list-last-page"))
    page["meta"] = {"startSequence": 1, "totalNumber": 3}
    routes[("GET", _path(ADP_LIST.format(1)), b"")] = (200, json.dumps(page).encode(), js)
    query = ADP_LIST.split("?", 1)[1].removesuffix("&$skip={}")
    api = ADP_LIST.split("?", 1)[0]
    for n in (20, 21):
        item = f"92018765000{n}_1"
        body = _input("adp/detail").replace(b"9201876500004_1", item.encode())
        routes[("GET", _path(f"{api}/{item}?{query}"), b"")] = (200, body, js)
    routes[("GET", _path(FEED + "?htmlDescription=true"), b"")] = (200, _input("dayforce/feed"), js)
    return routes


@pytest.mark.e2e
def test_the_four_kinds_crawl_end_to_end(tmp_path: Path) -> None:
    with CaseServer({}) as server:
        host = server.base_url.removeprefix("http://")
        server.routes = {(host, *key): value for key, value in _routes().items()}
        base = server.base_url
        sources = [("orc", "oracle-recruiting", "/hcmUI/CandidateExperience/en/sites/CX_2"),
                   ("ukg", "ultipro", _path(UKG)), ("adp", "adp", _path(ADP_PAGE)),
                   ("df", "dayforce", "/Api/maplecrest/V1/JobFeeds")]  # fmt: skip
        config = tmp_path / "sources.toml"
        config.write_text("".join(
            f'[[source]]\nname = "{n}"\nkind = "{k}"\nurl = "{base}{p}"\nhr_only = false\n'
            for n, k, p in sources))  # fmt: skip
        proc = subprocess.run(
            [sys.executable, "-m", "spiders.run", "--config", str(config), "--landing",
             str(tmp_path), "--batch-id", "h"],
            capture_output=True, text=True, timeout=180, cwd=ROOT,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-2000:]
        asked = [path for _, path, _ in server.requests]
    rows = [json.loads(x) for x in (tmp_path / "h.jsonl").read_text().splitlines()]
    outcomes = {r["source_name"]: r for r in rows if r["record"] == "SourceOutcome"}
    for name, outcome in outcomes.items():  # a removed posting is not a failure
        assert (outcome["status"], outcome["complete"], outcome["error"]) == ("ok", True, None), (
            name
        )
    got = {name: sorted(r["external_id"] for r in rows
                        if r["record"] == "Posting" and r["source_name"] == name)
           for name in outcomes}  # fmt: skip
    assert got == {
        "orc": ["40964", "40977", "41208", "41215"],  # 41190 answered {"items": []}
        "ukg": ["0c5e0050-31aa-4f0e-8d27-6b9e2c4d0050"],  # ...0051 is OpportunityIsClosed
        "adp": ["9201876500020_1", "9201876500021_1"],  # ..._22 answered 404
        "df": ["21874", "21880", "21902"],
    }
    assert outcomes["adp"]["gone_keys"] and "9201876500022_1" in outcomes["adp"]["gone_keys"][0]
    pay = {r["external_id"]: (r["salary_min"], r["salary_max"], r["salary_period"])
           for r in rows if r["record"] == "Posting" and r["source_name"] in ("orc", "adp")}  # fmt: skip
    assert pay["41208"] == (84310.0, 101172.0, "YEAR")  # the flex field's pay band
    assert pay["41215"] == (31.2, 36.75, "HOUR")  # the pay band line of the description
    assert pay["9201876500020_1"] == (58000.0, 66500.0, "YEAR")  # payGradeRange
    assert sum("recruitingCEJobRequisitions" in p for p in asked) == 2  # two pages, no more


_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=12,
)
# each kind's own field names, so values of every type land where they are read
_FIELDS = {
    "oracle-recruiting": ["Id", "Title", "PrimaryLocation", "secondaryLocations", "Name",
                          "ExternalDescriptionStr", "WorkplaceTypeCode", "JobSchedule",
                          "requisitionFlexFields", "Prompt", "Value", "ExternalPostedEndDate"],
    "ultipro": ["Id", "Title", "Description", "Locations", "Address", "City", "State",
                "FullTime", "JobLocationType", "OpportunityIsClosed"],
    "adp": ["itemID", "requisitionTitle", "requisitionDescription", "requisitionLocations",
            "nameCode", "shortName", "payGradeRange", "minimumRate", "amountValue",
            "customFieldGroup", "codeFields", "workLevelCode"],
    "dayforce": ["Title", "ReferenceNumber", "JobDetailsUrl", "City", "IsVirtualLocation",
                 "Description", "CompanyName"],
}  # fmt: skip


def _entry(kind: str) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries({}, optional={k: _value for k in _FIELDS[kind]})


def _documents(kind: str) -> st.SearchStrategy[tuple[RequestSpec, str, object]]:
    """(request, role, answer) triples shaped like the kind's list and detail answers."""
    entries = st.lists(_entry(kind) | _value, max_size=3)
    count = st.integers(-1, 80) | _value
    if kind == "oracle-recruiting":
        detail = RequestSpec(ORC + "/hcmRestApi/resources/latest/recruitingCEJobRequisitionDetails"
                             "?finder=ById;Id=%2241%22,siteNumber=CX_2")  # fmt: skip
        lists = st.builds(lambda e, t, o: (RequestSpec(ORC_LIST.format(o)), "listing",
                                           {"items": [{"TotalJobsCount": t, "requisitionList": e}]}),
                          entries, count, st.sampled_from([0, 25, 10_000]))  # fmt: skip
        details = st.builds(lambda e: (detail, "detail", {"items": e}), entries)
    elif kind == "ultipro":
        search = module_for("ultipro").search(UKG, 0)
        page = f"{UKG}/OpportunityDetail?opportunityId={UKG_GOOD['Id']}"
        lists = st.builds(lambda e, t: (search, "listing", {"opportunities": e, "totalCount": t}),
                          entries, count)  # fmt: skip
        details = st.builds(lambda e: (RequestSpec(page), "detail", e), _entry(kind))
    elif kind == "adp":
        item = ADP_LIST.split("?")[0] + "/9201876500004_1?" + ADP_LIST.split("?")[1]
        lists = st.builds(lambda e, t, s: (RequestSpec(ADP_LIST.format(1)), "listing",
                                           {"jobRequisitions": e, "meta": {"totalNumber": t,
                                                                           "startSequence": s}}),
                          entries, count, count)  # fmt: skip
        details = st.builds(lambda e: (RequestSpec(item), "detail", e), _entry(kind))
    else:
        lists = st.builds(lambda e: (RequestSpec(FEED), "listing", e), entries)
        details = lists
    return lists | details


def _body(kind: str, role: str, answer: object) -> bytes:
    data = json.dumps(answer)
    if kind == "ultipro" and role == "detail":  # the payload sits in the page's script
        return f"<script>new US.Opportunity.CandidateOpportunityDetail({data});</script>".encode()
    return data.encode()


@pytest.mark.parametrize("kind", list(_FIELDS))
def test_answers_of_any_shape_give_records_or_one_clear_error(kind: str) -> None:
    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_documents(kind))
    def check(doc: tuple[RequestSpec, str, object]) -> None:
        spec, role, answer = doc
        source = SourceConfig(name="t", kind=kind, url=spec.url)
        try:
            read_page(module_for(kind), source, spec, role, spec.url, _body(kind, role, answer))
        except ExtractError as e:
            assert "\n" not in str(e)

    check()


def test_a_branded_oracle_page_is_detected_by_the_api_host_it_names() -> None:
    page = (b'<!DOCTYPE html><html lang="en" data-apibaseurl="https://ekqv.fa.ca2.oraclecloud.com:443"'
            b' data-sitenumber="CX_2"><head><title>Careers</title></head><body></body></html>')  # fmt: skip
    found = detect.from_page("https://careers.harbourview.ca/en/sites/CX_2/jobs", page, "text/html")
    assert found is not None
    assert (found.kind, found.url) == (
        "oracle-recruiting", f"{ORC}/hcmUI/CandidateExperience/en/sites/CX_2")  # fmt: skip
    # a look-alike naming another host is not taken for Oracle
    fake = page.replace(b"ekqv.fa.ca2.oraclecloud.com", b"api.example.net")
    assert detect.from_page("https://careers.harbourview.ca/", fake, "text/html") is None


def test_ultipro_payload_nested_too_deeply_is_one_clear_error() -> None:
    url = f"{UKG}/OpportunityDetail?opportunityId={UKG_GOOD['Id']}"
    deep = b"[" * 100_000 + b"]" * 100_000
    page = b"<script>new US.Opportunity.CandidateOpportunityDetail(" + deep + b");</script>"
    with pytest.raises(ExtractError, match="nested too deeply"):
        module_for("ultipro").extract(url, page)
