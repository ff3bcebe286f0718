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

Business Edition (``https://{c}.tbe.taleo.net/{partition}/ats/careers/v2/searchResults?org=&cws=``,
or its older ``requisition.jsp`` / ``jobSearch.jsp`` / ``servlet/Rss`` links): ``spiders.taleo_tbe``
(server-rendered list 10 a page, ``rid`` as the key, each ``viewRequisition`` page read).

Pay: Taleo has no public pay field; pay is only in the description text.
A result without a ``contestNo`` is left out and counted (``skipped``).
Closing signal: a removed requisition leaves the list (``totalCount`` drops); its detail page
then shows "job no longer available" without the payload, which emits nothing.

Where the format was learned: Jobseek (github.com/colophon-group/jobseek, MIT) -- its Taleo
Enterprise detail parser, built on live tenants -- and public
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
from spiders import taleo_tbe
from spiders.common import items, obj, text
from spiders.kinds import ExtractError, RequestSpec, Skipped, load_json
from spiders.unreadable import as_skipped, read_each

KIND = "taleo"
HOST_CONCURRENCY = 2  # per host: guarded sites (spiders.settings.host_slots)
_SECTION = re.compile(r"^/careersection/(?P<section>[^/]+)/(?:jobsearch|jobdetail|moresearch)\.ftl")
_FILL_LIST = re.compile(
    r"api\.fillList\(\s*['\"]requisitionDescriptionInterface['\"]\s*,\s*['\"]descRequisition['\"]"
    r"\s*,\s*\[(?P<values>.*?)\]\s*\)",
    re.S,
)
_JS_STRING = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"", re.S)
_JS_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def search_body(page: int) -> dict[str, Any]:
    """The search the Enterprise career section page POSTs (every filter empty)."""
    filters: list[dict[str, Any]] = [
        {"id": k, "selectedValues": []} for k in ("POSTING_DATE", "LOCATION", "JOB_FIELD")
    ]
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
    if taleo_tbe.is_tbe(url):
        return [taleo_tbe.start(url)]
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


def _contest(i: int, req: Any) -> str:
    contest = text(obj(req).get("contestNo"))
    if not contest:
        raise ExtractError(f"malformed posting #{i}: no 'contestNo'")
    return contest


# --- the protocol ---------------------------------------------------------------------------


def extract_request(spec: RequestSpec, url: str, body: bytes) -> list[RawPosting]:
    """The page's postings; a Business Edition requisition reads the title its card carried."""
    if taleo_tbe.is_tbe(url):
        return taleo_tbe.extract(spec, url, body)
    if "/careersection/rest/jobboard/" in url:
        _rest(body)  # a listing page emits nothing, but must be a real one
        return []
    return _enterprise_detail(url, body)


def extract(url: str, body: bytes) -> list[RawPosting]:
    return extract_request(RequestSpec(url), url, body)


def next_pages(url: str, body: bytes) -> list[str]:
    if not taleo_tbe.is_tbe(url):
        return []  # Enterprise pages by POST: see next_requests
    return taleo_tbe.next_pages(url, body)


def next_requests(spec: RequestSpec, body: bytes) -> list[RequestSpec]:
    if taleo_tbe.is_tbe(spec.url):
        return [RequestSpec(u) for u in taleo_tbe.next_pages(spec.url, body)]
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
    if taleo_tbe.is_tbe(spec.url):
        return taleo_tbe.detail_requests(spec.url, body)
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
    """Results without a ``contestNo`` (Enterprise; Business Edition: ``taleo_tbe.skipped``):
    left out and counted (``spiders.unreadable``). A removed requisition's page is no skip:
    it is the site's word that the requisition is gone."""
    if taleo_tbe.is_tbe(url):
        return taleo_tbe.skipped(url, body)
    if "/careersection/rest/jobboard/" in url:
        return as_skipped(read_each(items(_rest(body)["requisitionList"]), _contest)[1])
    return []
