"""Oracle Recruiting Cloud (Fusion HCM "Candidate Experience") through its public REST API.

Universities, municipalities, banks and utilities run their career sites on it at
``https://{tenant}.fa.{dc}.oraclecloud.com/hcmUI/CandidateExperience/en/sites/{site}``. That
page is a JavaScript app; it reads two public REST resources, which the crawl reads directly
(no login, no session, no token):

* list: ``GET /hcmRestApi/resources/latest/recruitingCEJobRequisitions?onlyData=true
  &expand=requisitionList.secondaryLocations&finder=findReqs;siteNumber={site},limit=25,
  offset=N,sortBy=POSTING_DATES_DESC``. Paging lives *inside* the ``finder`` value (plain
  ``limit``/``offset`` query parameters are ignored). 25 is the site's own page size. The
  answer is ``{"items": [{"TotalJobsCount", "Offset", "Limit", "requisitionList": [...]}]}``;
  entries carry ``Id``, ``Title``, ``PostedDate``, ``PrimaryLocation`` and a teaser
  (``ShortDescriptionStr``) but no description, so list pages emit nothing and each
  requisition's detail is fetched once.
* detail: ``GET /hcmRestApi/resources/latest/recruitingCEJobRequisitionDetails?expand=all
  &onlyData=true&finder=ById;Id="{Id}",siteNumber={site}`` gives ``items[0]`` with
  ``Title``, ``ExternalDescriptionStr``, ``ExternalResponsibilitiesStr``,
  ``ExternalQualificationsStr`` (joined into the description; ``CorporateDescriptionStr``, the
  board-wide boilerplate, is left out), ``ExternalPostedStartDate`` / ``ExternalPostedEndDate``
  (posted and closing dates), ``PrimaryLocation`` and ``secondaryLocations``,
  ``WorkplaceTypeCode`` (``ORA_REMOTE``, ``ORA_HYBRID``, ``ORA_ON_SITE``), ``JobSchedule``
  ("Full time"), ``Category`` and ``requisitionFlexFields`` (``Prompt``/``Value`` pairs).

Known quirks, each handled on purpose:

* Oracle serves short pages in the middle of a list, so a short page is not the end: paging
  goes on by the page size while the next offset is below ``TotalJobsCount``.
* ``requisitionList: null`` (the ``expand`` was dropped) with a correct count is not an empty
  board: it fails the source. So does an empty page at an offset below the page's own count,
  and an empty page at Oracle's 10,000-result window (the rest of the board is unreachable).
* A requisition id is unique within a site only: every request names the site.

Pay: Oracle has no pay field of its own. Pay transparency (Ontario since 2026) puts a pay band
in the posting, as a flex field (``Prompt`` "Salary Range", "Pay Range", "Hiring Range") or
as a line of the description ("Salary range: $72,000 - $88,000 per year"); that statement is
handed over as ``salary_text`` (flex field first), read later by ``parse_salary``.

Closing signal: a removed requisition leaves the list and its detail answers
``{"items": []}``, which emits nothing. Offset paging over a list that changes while it is
read can skip a row (the short pages above), so, unlike the single-document APIs, a
requisition closes only after two complete crawls without it (not in
``lifecycle.AUTHORITATIVE_KINDS``);
``ExternalPostedEndDate`` is the posting's own closing date (``valid_through``).
The external id is Oracle's requisition ``Id`` (the number in the job page's URL).

A vanity career host (``careers.example.com/en/sites/CX_1``) serves the same app but not the
API: a crawl of it is refused with a message naming the ``oraclecloud.com`` address to paste
instead (``sources add`` finds that address in the page's ``data-apibaseurl``).

Where the format was learned: Jobseek's Oracle HCM monitor and its knowledge-base notes on
``finder`` paging (github.com/colophon-group/jobseek, MIT), and open-source clients' tests
trimmed from live responses (list wrapper, detail fields, flex-field pay, the empty-items
answer for a removed requisition). No full capture with a licence was found: the goldens are
written by hand in that format with invented employers.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from lxml import html as lxml_html

from pipeline.records import RawPosting
from pipeline.sources import SourceConfig
from spiders.common import items, obj, text, unique
from spiders.kinds import ExtractError, Skipped, load_json
from spiders.unreadable import as_skipped, read_each

KIND = "oracle-recruiting"
HOST_CONCURRENCY = 2  # per host: Oracle's shared pods answer bursts with 503
PAGE_SIZE = 25  # what the Candidate Experience site itself asks for
RESULT_WINDOW = 10_000  # Oracle serves no offset beyond this in one search
API = "/hcmRestApi/resources/latest"
_LIST = f"{API}/recruitingCEJobRequisitions"
_DETAIL = f"{API}/recruitingCEJobRequisitionDetails"
_CE_PATH = re.compile(
    r"^/hcmUI/CandidateExperience/(?P<lang>[A-Za-z_-]{2,5})/sites/(?P<site>[^/?#]+)"
)
_VANITY_PATH = re.compile(r"^/(?:[A-Za-z]{2}(?:[-_][A-Za-z]{2})?/)?sites/(?P<site>[^/?#]+)")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
WORKPLACES = {"ORA_REMOTE": "remote", "ORA_HYBRID": "hybrid", "ORA_ON_SITE": "onsite",
              "remote": "remote", "hybrid": "hybrid", "on-site": "onsite", "onsite": "onsite"}  # fmt: skip
# a pay statement: a pay word, then a figure with a currency within the same short block
_PAY_WORDS = re.compile(
    r"\b(?:salary|pay|wage|compensation|hiring\s+range|rate|band|salaire|rémunération|taux)\b",
    re.I,
)
_MONEY = re.compile(r"(?:[$€£]\s?\d|\d[\d,.\s]*\s?(?:\$|CAD|USD|k\b))", re.I)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme or 'https'}://{parts.netloc}"


def finder(url: str) -> dict[str, str]:
    """The ``finder`` of an API URL as a dict: ``findReqs;siteNumber=CX_1,limit=25`` -> {...}."""
    raw = parse_qs(urlsplit(url).query).get("finder", [""])[-1]
    name, _, params = unquote(raw).partition(";")
    out = {"": name}
    for pair in params.split(","):
        key, sep, value = pair.partition("=")
        if sep:
            out[key.strip()] = value.strip()
    return out


def list_url(origin: str, site: str, offset: int) -> str:
    return (
        f"{origin}{_LIST}?onlyData=true&expand=requisitionList.secondaryLocations"
        f"&finder=findReqs;siteNumber={site},limit={PAGE_SIZE},offset={offset},"
        "sortBy=POSTING_DATES_DESC"
    )


def detail_url(origin: str, site: str, req_id: str) -> str:
    # the id is quoted inside the finder; %22 keeps the URL byte-stable for every client
    return (
        f"{origin}{_DETAIL}?expand=all&onlyData=true"
        f"&finder=ById;Id=%22{quote(req_id, safe='')}%22,siteNumber={site}"
    )


def site_of(url: str) -> str | None:
    """The career site number of a Candidate Experience page or an API URL, else None."""
    parts = urlsplit(url)
    m = _CE_PATH.match(parts.path)
    if m:
        return m["site"]
    if parts.path.startswith(API):
        site = finder(url).get("siteNumber")
        return site or None
    return None


def start_urls(source: SourceConfig) -> list[str]:
    parts = urlsplit(source.url)
    site = site_of(source.url)
    if site is None:
        vanity = _VANITY_PATH.match(parts.path)
        if vanity:
            raise ExtractError(
                f"{parts.hostname} is a branded Oracle career page whose API is on the "
                "employer's oraclecloud.com host; paste https://<tenant>.fa.<dc>.oraclecloud.com"
                f"/hcmUI/CandidateExperience/en/sites/{vanity['site']} (the page source's "
                "data-apibaseurl names the host)"
            )
        raise ExtractError(
            "not an Oracle Recruiting Cloud career site URL (.../hcmUI/CandidateExperience/"
            f"en/sites/<site>): {source.url}"
        )
    return [list_url(_origin(source.url), site, 0)]


def _load(url: str, body: bytes) -> dict[str, Any]:
    data = load_json(body, "Oracle Recruiting Cloud", dict)
    if not isinstance(data.get("items"), list):
        raise ExtractError("expected an Oracle REST answer with an 'items' list")
    return data


def _search(url: str, body: bytes) -> dict[str, Any] | None:
    """The list page's search wrapper (``items[0]``); None when ``url`` is a detail."""
    if not urlsplit(url).path.endswith(_LIST):
        return None
    wrapper = (_load(url, body)["items"] or [None])[0]
    if not isinstance(wrapper, dict):
        raise ExtractError("expected an Oracle requisition search (items[0]), got none")
    if not isinstance(wrapper.get("requisitionList"), list):
        raise ExtractError(
            "Oracle answered without a requisitionList (expand=requisitionList… missing?): "
            "not an empty board"
        )
    return wrapper


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _blocks(fragment: str) -> list[str]:
    """The text of each paragraph, list item or line of an HTML fragment."""
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # noqa: BLE001 - site markup: no pay line rather than a crash
        return []
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks: list[str] = []
    for el in root.iterdescendants("p", "li", "div", "h1", "h2", "h3", "h4", "td"):
        blocks.extend(line.strip() for line in el.text_content().split("\n") if line.strip())
    if not blocks:  # plain text, or inline markup only: its lines
        blocks = [line.strip() for line in root.text_content().split("\n") if line.strip()]
    return blocks


def pay_statement(fields: list[dict[str, Any]], description: str | None) -> str | None:
    """The posting's pay band as written: a pay flex field, else a short pay line of the text."""
    for field in fields:
        prompt, value = text(field.get("Prompt")), text(field.get("Value"))
        if prompt and value and _PAY_WORDS.search(prompt) and re.search(r"\d", value):
            return f"{prompt}: {value}"
    for block in _blocks(description or ""):
        block = " ".join(block.split())
        if len(block) <= 240 and _PAY_WORDS.search(block) and _MONEY.search(block):
            return block
    return None


def _description(detail: dict[str, Any]) -> str | None:
    parts = [text(detail.get(k)) for k in
             ("ExternalDescriptionStr", "ExternalResponsibilitiesStr", "ExternalQualificationsStr")]  # fmt: skip
    return "\n".join(p for p in parts if p) or None


def _locations(entry: dict[str, Any]) -> tuple[str, ...]:
    places = [text(entry.get("PrimaryLocation"))]
    for loc in items(entry.get("secondaryLocations")):
        loc = obj(loc)
        places.append(text(loc.get("Name")) or text(loc.get("LocationName")))
    return unique(places)


def extract(url: str, body: bytes) -> list[RawPosting]:
    if _search(url, body) is not None:
        return []  # a list page: requisitions are emitted from their details
    if not urlsplit(url).path.endswith(_DETAIL):
        raise ExtractError(f"not an Oracle requisition list or detail URL: {url[:120]}")
    found = _load(url, body)["items"]
    if not found:
        return []  # {"items": []}: the requisition was removed since the list was read
    detail = found[0]
    if not isinstance(detail, dict):
        raise ExtractError("expected an Oracle requisition detail object in items[0]")
    title = text(detail.get("Title"))
    wanted = finder(url)
    req_id = text(detail.get("Id")) or wanted.get("Id", "").strip('"') or None
    site = wanted.get("siteNumber")
    if not title or not req_id or not site:
        raise ExtractError("an Oracle requisition detail without a Title or Id")
    link = f"{_origin(url)}/hcmUI/CandidateExperience/en/sites/{site}/job/{req_id}"
    description = _description(detail)
    pay = pay_statement([obj(f) for f in items(detail.get("requisitionFlexFields"))], description)
    workplace = text(detail.get("WorkplaceTypeCode")) or text(detail.get("WorkplaceType")) or ""
    return [
        RawPosting(
            source_name="",
            source_kind=KIND,
            url=link,
            title=title,
            external_id=req_id,
            locations=_locations(detail),
            workplace=WORKPLACES.get(workplace) or WORKPLACES.get(workplace.lower()),
            description_html=description,
            salary_text=pay,
            salary_origin="text" if pay else None,
            employment_type=text(detail.get("JobSchedule")),
            department=text(detail.get("Category")),
            posted_at=text(detail.get("ExternalPostedStartDate")) or text(detail.get("PostedDate")),
            valid_through=text(detail.get("ExternalPostedEndDate")),
            apply_url=link,
        )
    ]


def next_pages(url: str, body: bytes) -> list[str]:
    wrapper = _search(url, body)
    if wrapper is None:
        return []
    found = items(wrapper.get("requisitionList"))
    here = finder(url)
    offset = int(here["offset"]) if here.get("offset", "").isdigit() else 0
    step = _count(wrapper.get("Limit")) or (
        int(here["limit"]) if here.get("limit", "").isdigit() else PAGE_SIZE
    )
    total = _count(wrapper.get("TotalJobsCount"))
    if total is None:
        raise ExtractError("an Oracle requisition search without a TotalJobsCount")
    if not found:
        if offset and (total > offset or offset >= RESULT_WINDOW):
            raise ExtractError(
                f"Oracle served no requisitions at offset {offset} of a board it counts "
                f"{total}: the listing is incomplete"
            )
        return []
    if offset + step >= total:
        return []
    site = here.get("siteNumber") or ""
    return [list_url(_origin(url), site, offset + step)]


def detail_urls(url: str, body: bytes) -> list[str]:
    wrapper = _search(url, body)
    if wrapper is None:
        return []
    site = finder(url).get("siteNumber") or ""
    ids, _ = read_each(items(wrapper.get("requisitionList")), _requisition_id)
    return list(dict.fromkeys(detail_url(_origin(url), site, i) for i in ids))


def _requisition_id(i: int, entry: Any) -> str:
    if not isinstance(entry, dict):
        raise ExtractError(f"malformed posting #{i}: a JSON {type(entry).__name__}, not an object")
    raw_id = entry.get("Id")
    req_id = text(raw_id) if not isinstance(raw_id, bool | float) else None
    if req_id is None or not _SAFE_ID.match(req_id):
        raise ExtractError(f"malformed posting #{i}: 'Id' {raw_id!r:.40} is not a requisition id")
    if not text(entry.get("Title")) or not isinstance(entry.get("Title"), str):
        raise ExtractError(f"malformed posting #{i}: 'Title' is missing")
    return req_id


def skipped(url: str, body: bytes) -> list[Skipped]:
    """List rows without a requisition id or a title: left out and counted
    (``spiders.unreadable``). A detail answering ``{"items": []}`` is no skip: the
    requisition was removed since the list was read, Oracle's own word."""
    wrapper = _search(url, body)
    if wrapper is None:
        return []
    return as_skipped(read_each(items(wrapper.get("requisitionList")), _requisition_id)[1])
