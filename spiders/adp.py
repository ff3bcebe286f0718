"""ADP Workforce Now career centres through their public job-requisitions API.

Many mid-sized Canadian employers (dealerships, clinics, credit unions, municipalities) post
through ADP Workforce Now. The operator pastes the career centre,
``https://workforcenow.adp.com/mascsr/default/mdf/recruitment/recruitment.html?cid={uuid}
&ccId={n_n}&lang=en_CA``; that page is a JavaScript app over two public JSON resources that
the crawl reads directly (no login; the page's own ``X-Requested-With`` header):

* list: ``GET /mascsr/default/careercenter/public/events/staffing/v1/job-requisitions
  ?cid=&ccId=&lang=&locale=&$skip=N``, 20 a page (ADP's own size; ``$skip`` is the 1-based
  sequence of the page's first row: 1, 21, 41 ...). The answer is ``{"jobRequisitions":
  [...], "meta": {"startSequence": N, "totalNumber": T}}``; entries have ``itemID`` (ADP's
  requisition key, e.g. ``9201234567890_1``: the external id), ``requisitionTitle``,
  ``clientRequisitionID`` (the employer's number), ``postDate``, ``workLevelCode`` and
  ``requisitionLocations``, but no description: list pages emit nothing.
* detail: ``GET .../job-requisitions/{itemID}?cid=&ccId=&lang=&locale=`` gives the same
  object with ``requisitionDescription`` (HTML), ``payGradeRange`` (``minimumRate`` /
  ``maximumRate``: ``amountValue``, ``currencyCode``; the period is the ``SalaryType`` code
  field of ``customFieldGroup``, e.g. "Annually", "Hourly") and ``customFieldGroup``
  ``stringFields`` such as ``ExternalJobID``.

Paging fails the source, rather than reading a board as shorter than it is, when ADP echoes
another ``startSequence`` than was asked (it ignored the paging) or a page is short while
``totalNumber`` says more follow.

Pay: ``payGradeRange``, structured. Some employers attach the description as a Word file
and write "see attached job description" inline: that attachment is not read.
Closing signal: a removed requisition leaves the list (one complete crawl without it closes
it) and its detail answers 404 (``gone``).

Refused: ADP's other career sites (``myjobs.adp.com``, ``recruiting.adp.com``) are browser
apps with no public list URL; a source on them fails with a message naming the Workforce Now
career centre URL to use instead.

Where the format was learned: Jobseek's ADP monitor and detail scraper and their tests
(github.com/colophon-group/jobseek, MIT: paths, 1-based ``$skip``, ``meta``, detail fields,
``payGradeRange`` with ``SalaryType``) and an open-source importer replaying the same public
endpoints. No full capture with a licence was found: the goldens are written by hand in that
format with invented employers.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from pipeline.records import RawPosting, Salary
from pipeline.sources import SourceConfig
from spiders.common import items, number, obj, text, unique
from spiders.kinds import ExtractError, RequestSpec, Skipped, load_json
from spiders.unreadable import as_skipped, read_each

KIND = "adp"
HOST_CONCURRENCY = 2  # per host: one ADP host serves every employer
PAGE_SIZE = 20  # ADP's own page size (the API's default; eolist asks for no other)
_PAGE = "/mascsr/default/mdf/recruitment/recruitment.html"
_API = "/mascsr/default/careercenter/public/events/staffing/v1/job-requisitions"
_ITEM = re.compile(r"^[0-9]{1,32}_[0-9]{1,12}$")
_HEADERS = (("Accept", "application/json"), ("X-Requested-With", "XMLHttpRequest"))
PERIODS = {"annually": "YEAR", "annual": "YEAR", "yearly": "YEAR", "salary": "YEAR",
           "hourly": "HOUR", "daily": "DAY", "weekly": "WEEK", "monthly": "MONTH"}  # fmt: skip


def _board(url: str) -> dict[str, str] | None:
    """``cid``, ``ccId`` and ``lang`` of a career centre page or API URL, else None."""
    query = {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}
    if not query.get("cid") or not query.get("ccId"):
        return None
    lang = query.get("lang") or query.get("locale") or "en_CA"
    return {"cid": query["cid"], "ccId": query["ccId"], "lang": lang}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme or 'https'}://{parts.netloc}"


def list_spec(origin: str, board: dict[str, str], skip: int) -> RequestSpec:
    query = urlencode({**board, "locale": board["lang"], "$skip": skip}, safe="$")
    return RequestSpec(f"{origin}{_API}?{query}", headers=_HEADERS)


def detail_spec(origin: str, board: dict[str, str], item: str) -> RequestSpec:
    query = urlencode({**board, "locale": board["lang"]})
    return RequestSpec(f"{origin}{_API}/{quote(item, safe='')}?{query}", headers=_HEADERS)


def start_requests(source: SourceConfig) -> list[RequestSpec]:
    parts = urlsplit(source.url)
    host = (parts.hostname or "").lower()
    if host in ("myjobs.adp.com", "recruiting.adp.com", "my.adp.com"):
        raise ExtractError(
            f"{host} is an ADP browser app with no public job list; paste the employer's "
            "Workforce Now career centre (workforcenow.adp.com/mascsr/default/mdf/recruitment/"
            "recruitment.html?cid=…&ccId=…) instead"
        )
    board = _board(source.url)
    if board is None or not (parts.path == _PAGE or parts.path.startswith(_API)):
        raise ExtractError(
            "not an ADP Workforce Now career centre URL (…/recruitment.html?cid=…&ccId=…): "
            f"{source.url}"
        )
    return [list_spec(_origin(source.url), board, 1)]


def _is_list(url: str) -> bool:
    return urlsplit(url).path.rstrip("/") == _API


def _load_list(body: bytes) -> tuple[list[Any], dict[str, Any]]:
    data = load_json(body, "ADP job-requisitions", dict)
    found, meta = data.get("jobRequisitions"), data.get("meta")
    if not isinstance(found, list) or not isinstance(meta, dict):
        raise ExtractError("expected an ADP job-requisitions list ('jobRequisitions' and 'meta')")
    total = meta.get("totalNumber")
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise ExtractError("an ADP job-requisitions list without a valid meta.totalNumber")
    return found, meta


def _code_field(detail: dict[str, Any], group: str, code: str) -> dict[str, Any]:
    for field in items(obj(detail.get("customFieldGroup")).get(group)):
        if text(obj(obj(field).get("nameCode")).get("codeValue")) == code:
            return obj(field)
    return {}


def pay(detail: dict[str, Any]) -> Salary | None:
    """``payGradeRange`` as a Salary, its period from the ``SalaryType`` code field."""
    grade = obj(detail.get("payGradeRange"))
    low, high = obj(grade.get("minimumRate")), obj(grade.get("maximumRate"))
    lo, hi = number(low.get("amountValue")), number(high.get("amountValue"))
    if not lo and not hi:
        return None
    currency = text(low.get("currencyCode")) or text(high.get("currencyCode"))
    field = _code_field(detail, "codeFields", "SalaryType")
    label = (text(field.get("shortName")) or text(field.get("codeValue")) or "").lower()
    return Salary(lo or None, hi or None, currency.upper() if currency else None,
                  PERIODS.get(label))  # fmt: skip


def _place(location: dict[str, Any]) -> str | None:
    name = text(obj(location.get("nameCode")).get("shortName"))
    if name:
        return re.sub(r"\s+,", ",", " ".join(name.split()))
    address = obj(location.get("address"))
    region = obj(address.get("countrySubdivisionLevel1"))
    parts = [text(address.get("cityName")), text(region.get("shortName"))
             or text(region.get("codeValue")), text(address.get("countryCode"))]  # fmt: skip
    return ", ".join(p for p in parts if p) or None


def extract(url: str, body: bytes) -> list[RawPosting]:
    if _is_list(url):
        _load_list(body)
        return []  # a list page: requisitions are emitted from their details
    detail = load_json(body, "ADP job requisition", dict)
    item = text(detail.get("itemID"))
    title = text(detail.get("requisitionTitle"))
    board = _board(url)
    if not title or not item or not _ITEM.match(item) or board is None:
        raise ExtractError("an ADP job requisition without a requisitionTitle or itemID")
    query = urlencode({"cid": board["cid"], "ccId": board["ccId"], "lang": board["lang"],
                       "selectedMenuKey": "CareerCenter", "jobId": item})  # fmt: skip
    link = f"{_origin(url)}{_PAGE}?{query}"
    salary = pay(detail)
    return [
        RawPosting(
            source_name="",
            source_kind=KIND,
            url=link,
            title=title,
            external_id=item,
            locations=unique([_place(obj(x)) for x in items(detail.get("requisitionLocations"))]),
            description_html=text(detail.get("requisitionDescription")),
            salary=salary,
            salary_origin="structured" if salary else None,
            employment_type=text(obj(detail.get("workLevelCode")).get("shortName")),
            department=text(
                _code_field(detail, "stringFields", "HomeDepartment").get("stringValue")
            ),
            posted_at=text(detail.get("postDate")),
            apply_url=link,
            language=board["lang"].replace("_", "-"),
        )
    ]


def next_pages(url: str, body: bytes) -> list[str]:
    return []  # see next_requests (the requests carry ADP's Accept / X-Requested-With)


def next_requests(spec: RequestSpec, body: bytes) -> list[RequestSpec]:
    if not _is_list(spec.url):
        return []
    found, meta = _load_list(body)
    query = {k: v[-1] for k, v in parse_qs(urlsplit(spec.url).query).items()}
    skip = int(query["$skip"]) if query.get("$skip", "").isdigit() else 1
    if meta.get("startSequence") not in (None, skip):
        raise ExtractError(
            f"ADP answered rows from {meta.get('startSequence')!r} when {skip} was asked: "
            "it ignored the paging, so the listing cannot be read completely"
        )
    total, seen = meta["totalNumber"], skip - 1 + len(found)
    if seen >= total:
        return []
    if len(found) < PAGE_SIZE:
        raise ExtractError(
            f"ADP answered {len(found)} requisitions from row {skip} of a board it counts "
            f"{total}: the listing is incomplete"
        )
    board = _board(spec.url)
    return [list_spec(_origin(spec.url), board, skip + len(found))] if board else []


def detail_requests(spec: RequestSpec, body: bytes) -> list[RequestSpec]:
    if not _is_list(spec.url):
        return []
    found, _ = _load_list(body)
    board = _board(spec.url)
    if board is None:
        return []
    items_, _ = read_each(found, _item_id)
    return list(dict.fromkeys(detail_spec(_origin(spec.url), board, i) for i in items_))


def _item_id(i: int, entry: Any) -> str:
    if not isinstance(entry, dict):
        raise ExtractError(f"malformed posting #{i}: a JSON {type(entry).__name__}, not an object")
    item = entry.get("itemID")
    if not isinstance(item, str) or not _ITEM.match(item.strip()):
        raise ExtractError(f"malformed posting #{i}: 'itemID' {item!r:.40} is not an ADP id")
    title = entry.get("requisitionTitle")
    if not isinstance(title, str) or not text(title):
        raise ExtractError(f"malformed posting #{i}: 'requisitionTitle' is missing")
    return item.strip()


def skipped(url: str, body: bytes) -> list[Skipped]:
    """List rows without an ADP item id or a title: left out and counted
    (``spiders.unreadable``)."""
    if not _is_list(url):
        return []
    return as_skipped(read_each(_load_list(body)[0], _item_id)[1])
