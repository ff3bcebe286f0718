"""Oracle Taleo: Enterprise career sections (``*.taleo.net``) and Business Edition (``*.tbe.taleo.net``).

Saskatchewan, banks, hospitals and universities still post on Taleo. Both editions are
read without a browser; each step is what the public page itself requests.

Enterprise (``https://{tenant}.taleo.net/careersection/{section}/jobsearch.ftl?lang=en&portal={portal}``):

* list: ``POST /careersection/rest/jobboard/searchjobs?lang={lang}&portal={portal}`` with the
  JSON search the page sends (``pageNo`` from 1) and its own headers (``tz``, ``tzname``,
  ``X-Requested-With``, ``Referer`` = the career section; without them Taleo refuses the
  call). The answer has ``requisitionList`` (``jobId``, ``contestNo``, display ``column``s)
  and ``pagingData`` (``currentPageNo``, ``pageSize`` -- the tenant's own, often 25 --
  ``totalCount``); paging goes on while the pages shown are below ``totalCount``. List pages
  emit nothing: their columns are whatever the tenant chose to display, with no description.
  The ``portal`` number is required (it is in the career section's own URL).
* detail: ``GET /careersection/{section}/jobdetail.ftl?job={contestNo}&lang={lang}`` embeds
  the posting as ``api.fillList('requisitionDescriptionInterface', 'descRequisition', [...])``,
  a positional list of JavaScript strings: 0 the job id, 9 the title, 10 the requisition
  (contest) number -- the external id, shown to applicants -- 17 the primary location; the
  description and qualifications are the URL-encoded values marked ``!*!`` (11 and 13 on the
  standard template). Positions beyond these depend on the tenant's template and are not read.
  A page without the payload or without a title fails the source.

Business Edition (``https://{c}.tbe.taleo.net/{partition}/ats/careers/v2/searchResults?org={ORG}&cws={n}``):

* list: server-rendered HTML, 10 postings a page (``rowFrom`` = 0, 10, 20 ...), the total in
  ``<span class="oracletaleocwsv2-panel-number">``; each posting an ``a.viewJobLink`` to
  ``viewRequisition?org=&cws=&rid=``. ``rid`` is the requisition id (external id).
* detail: the ``viewRequisition`` page carries a schema.org JobPosting (JSON-LD); its
  description is the ``cwsJobDescription`` block. Some boards answer ``searchResults`` with
  the bare search form unless a session cookie from ``jobSearch`` is carried; eolist does no
  session dance, so such a board fails with a message saying so (not an empty board).

Pay: Taleo has no public pay field; pay is only in the description text.
A result without a requisition link or ``contestNo`` is left out and counted (``skipped``).
Closing signal: a removed requisition leaves the list (Enterprise's ``totalCount`` drops);
its detail page then shows "job no longer available" without the payload (Enterprise) or
redirects to the search (Business Edition), which emits nothing.

Where the format was learned: Jobseek (github.com/colophon-group/jobseek, MIT) -- its Taleo
Enterprise detail parser and Business Edition monitor, built on live tenants -- and public
scrapers replaying ``searchjobs`` (Goldman Sachs' and others' career sections). No saved
response with a licence was found: the goldens are hand-written in those formats.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from pipeline.records import RawPosting
from pipeline.sources import SourceConfig
from spiders import schemaorg
from spiders.common import items, obj, query_int, text, with_query
from spiders.kinds import ExtractError, RequestSpec, Skipped, load_json
from spiders.unreadable import as_skipped, read_each

KIND = "taleo"
HOST_CONCURRENCY = 2  # per host: guarded sites (spiders.settings.host_slots)
TBE_PAGE_SIZE = 10
_SECTION = re.compile(r"^/careersection/(?P<section>[^/]+)/(?:jobsearch|jobdetail|moresearch)\.ftl")
_TBE_PATH = re.compile(
    r"^/(?P<partition>[a-z]{3}\d{2})/ats/careers/v2/(?P<page>searchResults|viewRequisition)"
)
_FILL_LIST = re.compile(
    r"api\.fillList\(\s*['\"]requisitionDescriptionInterface['\"]\s*,\s*['\"]descRequisition['\"]"
    r"\s*,\s*\[(?P<values>.*?)\]\s*\)",
    re.S,
)
_JS_STRING = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"", re.S)
_JS_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _is_tbe(url: str) -> bool:
    return (urlsplit(url).hostname or "").endswith(".tbe.taleo.net")


def search_body(page: int) -> dict[str, Any]:
    """The search the Enterprise career section page POSTs (every filter empty)."""
    filters = [{"id": k, "selectedValues": []} for k in ("POSTING_DATE", "LOCATION", "JOB_FIELD")]
    return {
        "multilineEnabled": False,
        "sortingSelection": {"sortBySelectionParam": "3", "ascendingSortingOrder": "false"},
        "fieldData": {"fields": {"KEYWORD": "", "LOCATION": ""}, "valid": True},
        "filterSelectionParam": {"searchFilterSelections": filters},
        "advancedSearchFiltersSelectionParam": {"searchFilterSelections": []},
        "pageNo": page,
    }


def _search(origin: str, section: str, lang: str, portal: str, page: int) -> RequestSpec:
    spec = RequestSpec.post_json(
        f"{origin}/careersection/rest/jobboard/searchjobs?lang={lang}&portal={portal}",
        search_body(page),
    )
    referer = f"{origin}/careersection/{section}/jobsearch.ftl?lang={lang}&portal={portal}"
    extra = (("X-Requested-With", "XMLHttpRequest"), ("tz", "GMT+00:00"),
             ("tzname", "UTC"), ("Referer", referer))  # fmt: skip
    return RequestSpec(spec.url, spec.method, spec.body, spec.headers + extra)


def start_requests(source: SourceConfig) -> list[RequestSpec]:
    url = source.url
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    if _is_tbe(url):
        tbe = _TBE_PATH.match(parts.path)
        if tbe is None or not query_int(url, "cws", 0):
            raise ExtractError(f"not a Taleo Business Edition searchResults?org=&cws= URL: {url}")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items() if k in ("org", "cws")}
        base = f"{origin}/{tbe['partition']}/ats/careers/v2/searchResults"
        return [RequestSpec(with_query(base, **query, rowFrom=0))]
    m = _SECTION.match(parts.path)
    portal = parse_qs(parts.query).get("portal", [""])[-1]
    if not m or not portal.isdigit():
        raise ExtractError(
            "a Taleo career section URL needs its section and portal number, as the site shows "
            f"them: .../careersection/<section>/jobsearch.ftl?lang=en&portal=<number> (got {url})"
        )
    lang = parse_qs(parts.query).get("lang", ["en"])[-1] or "en"
    return [_search(origin, m["section"], lang, portal, 1)]


# --- Enterprise -----------------------------------------------------------------------------


def _rest(body: bytes) -> dict[str, Any]:
    data = load_json(body, "Taleo searchjobs", dict)
    if not isinstance(data.get("requisitionList"), list):
        raise ExtractError("expected a Taleo searchjobs answer with a 'requisitionList' list")
    return data


def _js(value: str) -> str:
    def repl(m: re.Match[str]) -> str:
        s = m[1]
        if s[0] in "ux" and len(s) > 1:
            return chr(int(s[1:], 16))
        return _SIMPLE.get(s, "" if s == "\n" else s)

    return _JS_ESCAPE.sub(repl, value)


def fill_list(page: str) -> list[str] | None:
    """The values of the detail page's ``descRequisition`` payload, decoded; None if absent."""
    m = _FILL_LIST.search(page)
    if m is None:
        return None
    return [_js(a if a is not None else b) for a, b in _JS_STRING.findall(m["values"])]


def _enterprise_detail(url: str, body: bytes) -> list[RawPosting]:
    page = body.decode("utf-8", "replace")
    values = fill_list(page)
    if values is None:
        if "requisitionDescriptionInterface" in page or "careersection" in page:
            return []  # the section's "no longer available" page: a removed posting
        raise ExtractError("expected a Taleo jobdetail.ftl page with its descRequisition payload")

    def value(i: int) -> str:
        return html.unescape(unquote(values[i])).strip() if len(values) > i else ""

    title = value(9)
    if not title:
        raise ExtractError("Taleo descRequisition payload without a title (position 9)")
    described = [html.unescape(unquote(v[3:])).strip() for v in values if v.startswith("!*!")]
    job = parse_qs(urlsplit(url).query).get("job", [""])[-1]
    return [
        RawPosting(
            source_name="",
            source_kind=KIND,
            url=url,
            title=title,
            external_id=value(10) or job or value(0) or None,
            locations=tuple(x for x in [value(17)] if x),
            description_html="\n".join(d for d in described if d) or None,
            apply_url=url,
        )
    ]


# --- Business Edition -----------------------------------------------------------------------


def _tbe_doc(body: bytes) -> Any:
    doc = schemaorg.parse_html(body)
    if doc is None:
        raise ExtractError("expected a Taleo Business Edition page, got no HTML")
    return doc


def _tbe_total(doc: Any) -> int | None:
    for span in doc.xpath('//span[contains(@class, "oracletaleocwsv2-panel-number")]'):
        digits = re.sub(r"\D", "", span.text_content())
        if digits:
            return int(digits)
    return None


def _tbe_link(i: int, a: Any) -> str:
    href = (a.get("href") or "").strip()
    rid = parse_qs(urlsplit(href).query).get("rid", [""])[-1]
    if "viewRequisition" not in href or not rid.isdigit():
        raise ExtractError(f"malformed posting #{i}: link {href[:60]!r} has no rid")
    return href


def _tbe_anchors(doc: Any) -> list[Any]:
    return list(doc.xpath('//a[contains(@class, "viewJobLink")]'))


def _tbe_links(url: str, doc: Any) -> tuple[list[str], list[str]]:
    """The requisition link of every readable result, and why each other one is unread."""
    anchors = _tbe_anchors(doc)
    out, bad = read_each(anchors, _tbe_link)
    if _tbe_total(doc) is None and not anchors:
        raise ExtractError(
            "Taleo Business Edition answered its search form without results: this board "
            "lists jobs only within a browser session, which eolist does not start"
        )
    return out, bad


def _contest(i: int, req: Any) -> str:
    contest = text(obj(req).get("contestNo"))
    if not contest:
        raise ExtractError(f"malformed posting #{i}: no 'contestNo'")
    return contest


def _tbe_detail(url: str, doc: Any) -> list[RawPosting]:
    postings = schemaorg.job_postings(doc)
    if not postings:
        return []  # a removed requisition redirects to the search page
    raw = schemaorg.to_raw(postings[0], url, KIND)
    if raw is None:
        raise ExtractError("Taleo JobPosting without a title")
    block = doc.xpath('//*[@name="cwsJobDescription"]')
    rid = parse_qs(urlsplit(url).query).get("rid", [""])[-1]
    description = raw.description_html
    if block:
        inner = (block[0].text or "") + "".join(
            schemaorg.etree.tostring(c, encoding="unicode", method="html") for c in block[0]
        )
        description = inner.strip() or description
    return [
        RawPosting(
            source_name="", source_kind=KIND, url=url, title=raw.title,
            external_id=rid or raw.external_id, company=raw.company, locations=raw.locations,
            workplace=raw.workplace, description_html=description, salary=raw.salary,
            salary_origin=raw.salary_origin, employment_type=raw.employment_type,
            department=raw.department, posted_at=raw.posted_at,
            valid_through=raw.valid_through, apply_url=url, language=raw.language,
        )
    ]  # fmt: skip


# --- the protocol ---------------------------------------------------------------------------


def extract(url: str, body: bytes) -> list[RawPosting]:
    if _is_tbe(url):
        doc = _tbe_doc(body)
        if "viewRequisition" in urlsplit(url).path:
            return _tbe_detail(url, doc)
        _tbe_links(url, doc)  # a page that is no results page at all fails here
        return []
    if "/careersection/rest/jobboard/" in url:
        _rest(body)  # a listing page emits nothing, but must be a real one
        return []
    return _enterprise_detail(url, body)


def next_pages(url: str, body: bytes) -> list[str]:
    if not _is_tbe(url):
        return []  # Enterprise pages by POST: see next_requests
    doc = _tbe_doc(body)
    start, total = query_int(url, "rowFrom", 0), _tbe_total(doc)
    shown = len(_tbe_anchors(doc))  # a page of unreadable rows still has a next one
    if shown == 0 or total is None or start + TBE_PAGE_SIZE >= total:
        return []
    return [with_query(url, rowFrom=start + TBE_PAGE_SIZE)]


def next_requests(spec: RequestSpec, body: bytes) -> list[RequestSpec]:
    if _is_tbe(spec.url):
        return [RequestSpec(u) for u in next_pages(spec.url, body)]
    data = _rest(body)
    paging = obj(data.get("pagingData"))
    page = spec.json_body().get("pageNo", 1)
    size, total = paging.get("pageSize"), paging.get("totalCount")
    if not data["requisitionList"] or not isinstance(size, int) or not isinstance(total, int):
        return []
    if not isinstance(page, int) or page * size >= total:
        return []
    referer = dict(spec.headers).get("Referer", "")
    parts = urlsplit(referer)
    m = _SECTION.match(parts.path)
    query = parse_qs(urlsplit(spec.url).query)
    lang, portal = query.get("lang", ["en"])[-1], query.get("portal", [""])[-1]
    origin = f"{urlsplit(spec.url).scheme}://{urlsplit(spec.url).netloc}"
    return [_search(origin, m["section"] if m else "ex", lang, portal, page + 1)]


def detail_requests(spec: RequestSpec, body: bytes) -> list[RequestSpec]:
    if _is_tbe(spec.url):
        doc = _tbe_doc(body)
        return [RequestSpec(u) for u in dict.fromkeys(_tbe_links(spec.url, doc)[0])]
    data = _rest(body)
    referer = urlsplit(dict(spec.headers).get("Referer", ""))
    m = _SECTION.match(referer.path)
    section = m["section"] if m else "ex"
    lang = parse_qs(urlsplit(spec.url).query).get("lang", ["en"])[-1]
    origin = f"{urlsplit(spec.url).scheme}://{urlsplit(spec.url).netloc}"
    contests, _ = read_each(items(data["requisitionList"]), _contest)
    out = [
        RequestSpec(f"{origin}/careersection/{section}/jobdetail.ftl?job={job}&lang={lang}")
        for job in (quote(c, safe="") for c in contests)
    ]
    return list(dict.fromkeys(out))


def skipped(url: str, body: bytes) -> list[Skipped]:
    """Results without a requisition link (Business Edition) or a ``contestNo``
    (Enterprise): left out and counted (``spiders.unreadable``). A removed requisition's
    page is no skip: it is the site's word that the requisition is gone. A Business Edition
    page lxml stopped reading early is one (``schemaorg.cut_short``): a requisition page cut
    before its JobPosting would look removed."""
    if _is_tbe(url):
        cut = schemaorg.cut_short(body)
        if "viewRequisition" in urlsplit(url).path:
            return cut
        return cut + as_skipped(_tbe_links(url, _tbe_doc(body))[1])
    if "/careersection/rest/jobboard/" in url:
        return as_skipped(read_each(items(_rest(body)["requisitionList"]), _contest)[1])
    return []
