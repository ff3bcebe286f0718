"""Workday career sites through their CXS JSON API (``{tenant}.wdN.myworkdayjobs.com``).

Canada's banks, universities, hospitals and public bodies hire through Workday. A source URL
is the career site (``https://acme.wd3.myworkdayjobs.com/en-US/External``) or its API
(``https://acme.wd3.myworkdayjobs.com/wday/cxs/acme/External/jobs``); both become the API.

Two steps, with POST paging:

* list: ``POST .../wday/cxs/{tenant}/{site}/jobs`` with the JSON body
  ``{"appliedFacets": {}, "limit": 20, "offset": N, "searchText": ""}``; 20 a page (Workday
  refuses more). ``total`` is given on the first page only (later pages say 0), so paging goes
  on while a page is full and below a known total; a short or empty page ends the listing.
  List entries show only relative dates ("Posted Today", "Posted 30+ Days Ago") and emit
  nothing themselves.
* detail: ``GET .../wday/cxs/{tenant}/{site}{externalPath}`` (once per posting) gives
  ``jobPostingInfo`` with the description, the real posting date (``startDate``), ``endDate``
  (closing date), ``timeType``, ``remoteType``, ``jobReqId`` (the external id),
  ``additionalLocations`` and ``externalUrl`` (the public page; ``/apply`` is its form), and
  ``hiringOrganization.name``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pipeline.records import RawPosting
from pipeline.sources import SourceConfig
from spiders.common import items, obj, require, text, unique
from spiders.kinds import ExtractError, RequestSpec, load_json

KIND = "workday"
PAGE_SIZE = 20
_API = re.compile(r"^/wday/cxs/(?P<tenant>[^/]+)/(?P<site>[^/]+)(?:/jobs)?/?$")
_SITE = re.compile(r"^/(?:[a-z]{2}-[A-Z]{2}/)?(?P<site>[^/?#]+)")
WORKPLACES = {"remote": "remote", "hybrid": "hybrid", "on-site": "onsite", "onsite": "onsite"}


def api_base(url: str) -> str | None:
    """``https://host/wday/cxs/{tenant}/{site}`` for a career-site or API URL, else None."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    m = _API.match(parts.path)
    if m:
        return f"{origin}/wday/cxs/{m['tenant']}/{m['site']}"
    m = _SITE.match(parts.path)
    if m and parts.hostname and m["site"] not in ("wday", "job"):
        tenant = parts.hostname.split(".")[0]
        return f"{origin}/wday/cxs/{tenant}/{m['site']}"
    return None


def _page(offset: int, base: str) -> RequestSpec:
    payload = {"appliedFacets": {}, "limit": PAGE_SIZE, "offset": offset, "searchText": ""}
    return RequestSpec.post_json(f"{base}/jobs", payload)


def start_requests(source: SourceConfig) -> list[RequestSpec]:
    base = api_base(source.url)
    if base is None:
        raise ExtractError(f"not a Workday career site or CXS API URL: {source.url}")
    return [_page(0, base)]


def _load(body: bytes) -> dict:  # type: ignore[type-arg]
    data = load_json(body, "Workday CXS", dict)
    if "jobPostings" in data:
        if not isinstance(data["jobPostings"], list):
            raise ExtractError("expected a Workday job list with a 'jobPostings' list")
    elif not isinstance(data.get("jobPostingInfo"), dict):
        raise ExtractError(
            "expected a Workday job list ('jobPostings') or detail ('jobPostingInfo')"
        )
    return data


def extract(url: str, body: bytes) -> list[RawPosting]:
    data = _load(body)
    if "jobPostings" in data:
        return []  # a list page: postings are emitted from their details
    info = obj(data["jobPostingInfo"])
    title = text(info.get("title"))
    if not title:
        raise ExtractError("Workday jobPostingInfo without a title")
    link = text(info.get("externalUrl"))
    if not link:  # the public page is the API path without /wday/cxs/{tenant}
        parts = urlsplit(url)
        public = re.sub(r"^/wday/cxs/[^/]+", "", parts.path)
        link = f"{parts.scheme}://{parts.netloc}{public}"
    places = [text(info.get("location"))] + [
        text(x) for x in items(info.get("additionalLocations"))
    ]
    remote = str(info.get("remoteType") or "").strip().lower()
    return [
        RawPosting(
            source_name="",
            source_kind=KIND,
            url=link,
            title=title,
            external_id=text(info.get("jobReqId"))
            or text(info.get("jobPostingId"))
            or text(info.get("id")),
            company=text(obj(data.get("hiringOrganization")).get("name")),
            locations=unique(places),
            workplace=WORKPLACES.get(remote),
            description_html=text(info.get("jobDescription")),
            employment_type=text(info.get("timeType")),
            posted_at=text(info.get("startDate")),
            valid_through=text(info.get("endDate")),
            apply_url=f"{link.rstrip('/')}/apply",
        )
    ]


def next_pages(url: str, body: bytes) -> list[str]:
    return []  # paging is by POST: see next_requests


def next_requests(spec: RequestSpec, body: bytes) -> list[RequestSpec]:
    data = _load(body)
    page = items(data.get("jobPostings"))
    offset = spec.json_body().get("offset", 0)
    offset = offset if isinstance(offset, int) else 0
    total = data.get("total")
    total = total if isinstance(total, int) and not isinstance(total, bool) else 0
    if len(page) < PAGE_SIZE or (total > 0 and offset + PAGE_SIZE >= total):
        return []
    return [_page(offset + PAGE_SIZE, spec.url.rsplit("/jobs", 1)[0])]


def detail_requests(spec: RequestSpec, body: bytes) -> list[RequestSpec]:
    data = _load(body)
    base = spec.url.rsplit("/jobs", 1)[0]
    out = []
    for i, posting in enumerate(items(data.get("jobPostings"))):
        (path,) = require(posting, i, "externalPath")
        if not path.startswith("/job/"):
            raise ExtractError(
                f"malformed posting #{i}: 'externalPath' {path[:60]!r} is not /job/…"
            )
        out.append(RequestSpec(f"{base}{path}", headers=(("Accept", "application/json"),)))
    return list(dict.fromkeys(out))
