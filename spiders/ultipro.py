"""UKG Pro Recruiting (UltiPro) job boards: ``recruiting.ultipro.com/{tenant}/JobBoard/{board}``.

Retailers, hospitals, school boards and manufacturers post on UKG Pro. The job board is a
JavaScript page over one public JSON search, which the crawl POSTs exactly as the page does
(no login, no token on the ``ultipro.com`` / ``ultipro.ca`` hosts):

* list: ``POST /{tenant}/JobBoard/{board}/JobBoardView/LoadSearchResults`` with the page's
  own search, ``{"opportunitySearch": {"Top": 50, "Skip": N, "QueryString": "", "OrderBy":
  [posted date, newest first], "Filters": []}, "matchCriteria": {...all empty}}``; 50 is the
  board's own page size. The answer is ``{"opportunities": [...], "totalCount": N}``; each
  opportunity has ``Id`` (a UUID), ``Title``, ``RequisitionNumber``, ``Locations``,
  ``PostedDate``, ``FullTime``, ``JobLocationType`` and a ``BriefDescription`` teaser, but
  not the description: list pages emit nothing.
* detail: ``GET /{tenant}/JobBoard/{board}/OpportunityDetail?opportunityId={Id}``, an HTML
  page whose script builds ``new US.Opportunity.CandidateOpportunityDetail({...})`` from a
  JSON object: ``Id``, ``Title``, ``Description`` (HTML), ``RequisitionNumber``,
  ``PostedDate``, ``FullTime`` (true: full-time, false: part-time), ``JobLocationType``
  (0 hybrid, 1 on site, 2 remote: UKG's own translation table), ``JobCategoryName``,
  ``Locations`` (``Address.City``, ``Address.State.Name``, ``Address.Country.Name``, else
  ``LocalizedDescription``) and ``OpportunityIsClosed``.

The external id is the opportunity ``Id``, UKG's own key (``RequisitionNumber`` is the
employer's free-form number, not always present).
Pay: UKG's public board has no pay field; pay is only in the description text.

Closing signal: a removed opportunity leaves the search (a complete crawl without it closes
it: the list is the board's own answer). A detail whose ``OpportunityIsClosed`` is true emits
nothing. A detail page *without* the payload (UKG answers an expired id with the empty app
shell, but a changed page looks the same) fails the source for that crawl instead of
closing postings on a guess. Paging fails the same way when a page comes back short or
empty while ``totalCount`` says more follow.

Refused: boards on ``{tenant}.rec.pro.ukg.net`` answer the search only with an anti-forgery
token and the cookie of a page visit (a session dance eolist does not do).

Where the format was learned: Jobseek's UKG monitor and its tests (github.com/
colophon-group/jobseek, MIT: search body, answer fields, location-type table, the embedded
detail constructor) and open-source clients that replay the board's own search on live
tenants (``Top`` 50 with ``OrderBy`` and ``matchCriteria``; ``OpportunityIsClosed`` on the
detail). No full capture with a licence was found: the goldens are written by hand in that
format with invented employers.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pipeline.records import RawPosting
from pipeline.sources import SourceConfig
from spiders.common import items, obj, text, unique
from spiders.kinds import ExtractError, RequestSpec, Skipped, load_json
from spiders.unreadable import as_skipped, read_each

KIND = "ultipro"
HOST_CONCURRENCY = 2  # per host: one UKG host serves thousands of tenants
PAGE_SIZE = 50  # the board's own "load more" size
_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_BOARD = re.compile(rf"^/(?P<tenant>[A-Za-z0-9]{{3,64}})/JobBoard/(?P<board>{_UUID})(?:/|$)", re.I)
_ID = re.compile(rf"^{_UUID}$")
_PAYLOAD = re.compile(r"new\s+US\.Opportunity\.CandidateOpportunityDetail\s*\(\s*")
WORKPLACES = {0: "hybrid", 1: "onsite", 2: "remote"}


def board_base(url: str) -> str | None:
    """``https://host/{tenant}/JobBoard/{board}`` of any page of a board, else None."""
    parts = urlsplit(url)
    m = _BOARD.match(parts.path)
    if not m or not parts.netloc:
        return None
    return f"{parts.scheme or 'https'}://{parts.netloc}/{m['tenant']}/JobBoard/{m['board'].lower()}"


def search(base: str, skip: int) -> RequestSpec:
    """The search the job board page itself POSTs, at row ``skip``."""
    order = [{"Value": "postedDateDesc", "PropertyName": "PostedDate", "Ascending": False}]
    match = {"PreferredJobs": [], "Educations": [], "LicenseAndCertifications": [],
             "Skills": [], "hasNoLicenses": False, "SkippedSkills": []}  # fmt: skip
    payload = {
        "opportunitySearch": {"Top": PAGE_SIZE, "Skip": skip, "QueryString": "",
                              "OrderBy": order, "Filters": []},
        "matchCriteria": match,
    }  # fmt: skip
    return RequestSpec.post_json(f"{base}/JobBoardView/LoadSearchResults", payload)


def start_requests(source: SourceConfig) -> list[RequestSpec]:
    host = (urlsplit(source.url).hostname or "").lower()
    if host.endswith(".rec.pro.ukg.net"):
        raise ExtractError(
            f"{host} answers its job search only with an anti-forgery token and a session "
            "cookie from a page visit, which eolist does not do; ask the employer for a feed"
        )
    base = board_base(source.url)
    if base is None:
        raise ExtractError(
            f"not a UKG Pro job board URL (…/<tenant>/JobBoard/<board id>): {source.url}"
        )
    return [search(base, 0)]


def _is_search(url: str) -> bool:
    return urlsplit(url).path.endswith("/JobBoardView/LoadSearchResults")


def _page(body: bytes) -> tuple[list[Any], int]:
    data = load_json(body, "UKG Pro job search", dict)
    found, total = data.get("opportunities"), data.get("totalCount")
    if not isinstance(found, list):
        raise ExtractError("expected a UKG Pro search answer with an 'opportunities' list")
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise ExtractError("a UKG Pro search answer without a valid 'totalCount'")
    return found, total


def payload(body: bytes) -> dict[str, Any] | None:
    """The JSON object handed to ``CandidateOpportunityDetail(...)``, or None."""
    page = body.decode("utf-8", "replace")
    m = _PAYLOAD.search(page)
    if m is None:
        return None
    try:
        data, _ = json.JSONDecoder().raw_decode(page, m.end())
    except ValueError as e:
        raise ExtractError(f"the CandidateOpportunityDetail payload is not JSON ({e})") from e
    except RecursionError as e:  # as load_json: a hostile page is one clear line
        raise ExtractError("the CandidateOpportunityDetail payload is nested too deeply") from e
    return data if isinstance(data, dict) else None


def _place(location: dict[str, Any]) -> str | None:
    address = obj(location.get("Address"))
    parts = [text(address.get("City"))]
    for key in ("State", "Country"):
        value = address.get(key)
        parts.append(text(obj(value).get("Name")) or text(obj(value).get("Code")) or text(value))
    return ", ".join(dict.fromkeys(p for p in parts if p)) or (
        text(location.get("LocalizedDescription")) or text(location.get("LocalizedName"))
    )


def extract(url: str, body: bytes) -> list[RawPosting]:
    if _is_search(url):
        _page(body)  # a search page: opportunities are emitted from their details
        return []
    base = board_base(url)
    wanted = parse_qs(urlsplit(url).query).get("opportunityId", [""])[-1]
    data = payload(body)
    if data is None or base is None:
        raise ExtractError(
            "a UKG OpportunityDetail page without its CandidateOpportunityDetail payload "
            "(expired since the search, or a changed page): nothing closes on a guess"
        )
    if data.get("OpportunityIsClosed") is True:
        return []  # closed, by the board's own word
    title, ident = text(data.get("Title")), text(data.get("Id")) or wanted
    if not title or not ident or not _ID.match(ident):
        raise ExtractError("a UKG opportunity without a Title or an Id")
    ident = ident.lower()
    link = f"{base}/OpportunityDetail?opportunityId={ident}"
    full_time = data.get("FullTime")
    kind = data.get("JobLocationType")
    return [
        RawPosting(
            source_name="",
            source_kind=KIND,
            url=link,
            title=title,
            external_id=ident,
            locations=unique([_place(obj(x)) for x in items(data.get("Locations"))]),
            workplace=WORKPLACES.get(kind) if type(kind) is int else None,
            description_html=text(data.get("Description")),
            employment_type={True: "Full-time", False: "Part-time"}.get(full_time)
            if isinstance(full_time, bool) else None,
            department=text(data.get("JobCategoryName")),
            posted_at=text(data.get("PostedDate")),
            apply_url=f"{base}/OpportunityApply?opportunityId={ident}",
        )
    ]  # fmt: skip


def next_pages(url: str, body: bytes) -> list[str]:
    return []  # paging is by POST: see next_requests


def next_requests(spec: RequestSpec, body: bytes) -> list[RequestSpec]:
    if not _is_search(spec.url):
        return []
    found, total = _page(body)
    search_part = obj(spec.json_body().get("opportunitySearch"))
    skip = search_part.get("Skip", 0)
    skip = skip if type(skip) is int and skip >= 0 else 0
    seen = skip + len(found)
    if seen >= total:
        return []
    if len(found) < PAGE_SIZE:  # short or empty below the count: rows would go unread
        raise ExtractError(
            f"UKG answered {len(found)} opportunities at row {skip} of a board it counts "
            f"{total}: the listing is incomplete"
        )
    return [search(spec.url.removesuffix("/JobBoardView/LoadSearchResults"), skip + PAGE_SIZE)]


def detail_requests(spec: RequestSpec, body: bytes) -> list[RequestSpec]:
    if not _is_search(spec.url):
        return []
    found, _ = _page(body)
    base = spec.url.removesuffix("/JobBoardView/LoadSearchResults")
    ids, _ = read_each(found, _opportunity_id)
    out = [RequestSpec(f"{base}/OpportunityDetail?opportunityId={i}") for i in ids]
    return list(dict.fromkeys(out))


def _opportunity_id(i: int, entry: Any) -> str:
    if not isinstance(entry, dict):
        raise ExtractError(f"malformed posting #{i}: a JSON {type(entry).__name__}, not an object")
    ident = entry.get("Id")
    if not isinstance(ident, str) or not _ID.match(ident.strip()):
        raise ExtractError(f"malformed posting #{i}: 'Id' {ident!r:.40} is not an opportunity id")
    if not isinstance(entry.get("Title"), str) or not text(entry.get("Title")):
        raise ExtractError(f"malformed posting #{i}: 'Title' is missing")
    return ident.strip().lower()


def skipped(url: str, body: bytes) -> list[Skipped]:
    """Search rows without an opportunity id or a title: left out and counted
    (``spiders.unreadable``). A detail the board marks closed is no skip: it is the board's
    own word that the opportunity closed."""
    if not _is_search(url):
        return []
    return as_skipped(read_each(_page(body)[0], _opportunity_id)[1])
