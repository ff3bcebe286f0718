"""SAP SuccessFactors career sites (Recruiting Marketing, "RMK" / Career Site Builder).

Alberta, Nova Scotia, banks, insurers and hospitals run their public career sites on it, on
their own host (``careers.example.ca``) or on ``*.jobs2web.com`` / ``*.jobs.hr.cloud.sap``.
A source URL is the site (``https://careers.example.ca/``) or its search page; the crawl
reads the server-rendered search page, with no script and no session.

Two steps:

* list: ``GET {origin}/search/?q=&startrow=N`` -- a ``<table id="searchresults">`` whose
  ``<tr class="data-row">`` rows each link one posting (``a.jobTitle-link``, shown twice per
  row: desktop and phone copies of the same link). ``startrow`` is an offset; the page size is
  the tenant's own (25 on most sites, 20 or 100 on others), so the next page starts after the
  rows this page showed, while below the total the page states in its ``paginationLabel``
  ("Results 1 – 25 of 142"). List pages emit nothing (they carry no description).
* detail: ``GET {origin}/job/{slug}/{id}/`` -- schema.org ``JobPosting`` microdata: ``title``,
  ``datePosted`` / ``validThrough`` ("Tue Jul 14 07:00:00 UTC 2026"), ``hiringOrganization``
  (a ``<meta content>``), ``addressLocality``/``addressRegion``/``addressCountry`` metas (flat
  in the posting on most templates, inside ``jobLocation`` on others) and the description;
  beside it ``data-careersite-propertyid`` spans (``department``, ``shifttype`` = the
  employment type). The numeric ``{id}`` of the URL is the requisition's posting id (external
  id). SuccessFactors has no pay field: pay is only in the description text.

A result row without a ``jobTitle-link`` to a job page is left out and counted (``skipped``).

Closing signal: a removed posting leaves the search results; its detail URL does not answer
404 but serves the search page (HTTP 200, no ``JobPosting``), which emits nothing. So a
posting closes by missing from complete listings (two in a row: this is a scraped page).

Refused: the older ``career{N}.successfactors.com/career?company=...`` pages (and
``performancemanager*``) render their job list with script calls (DWR) only; a source on
them fails with a message naming the public career site to use instead.

Where the format was learned: SAP's RMK markup as described by public scrapers that read it
live (a connector verified against careers.ey.com and careers.gic.com.sg; an endpoint
reference for carrera.sonda.com; Jobseek's SuccessFactors notes, github.com/colophon-group/
jobseek, MIT). No full page capture with a licence was found: the goldens are hand-written
in that markup.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from pipeline.records import RawPosting
from pipeline.sources import SourceConfig
from spiders import schemaorg
from spiders.common import query_int, unique, with_query
from spiders.kinds import ExtractError, Skipped
from spiders.unreadable import as_skipped, read_each

KIND = "successfactors"
HOST_CONCURRENCY = 2  # per host: guarded sites (spiders.settings.host_slots)
_DETAIL_PATH = re.compile(r"/job/[^/]+/(?P<id>\d+)/?$")
_LEGACY_HOST = re.compile(r"^(?:career\d*|performancemanager\d*)\.(?:successfactors|sapsf)\.")
_NUMBER = re.compile(r"\d[\d,.\u00a0\u202f ]*")


def start_urls(source: SourceConfig) -> list[str]:
    parts = urlsplit(source.url)
    if _LEGACY_HOST.match((parts.hostname or "").lower()):
        raise ExtractError(
            f"{parts.hostname} is SuccessFactors' script-only career page (its job list needs "
            "a browser); use the employer's public career site (the one with /search/ and "
            "/job/ pages) instead"
        )
    if "/search" not in parts.path:
        parts = parts._replace(path="/search/", query="", fragment="")
    url = urlunsplit(parts)
    return [with_query(url, q="", startrow=query_int(url, "startrow", 0))]


@lru_cache(maxsize=4)
def _doc(body: bytes) -> Any:
    return schemaorg.parse_html(body)


def _clean(el: Any) -> str | None:
    text = " ".join(el.text_content().split()) if el is not None else ""
    return text or None


def _rows(doc: Any) -> list[Any]:
    return list(
        doc.xpath('//tr[contains(concat(" ", normalize-space(@class), " "), " data-row ")]')
    )


def _is_search_page(doc: Any) -> bool:
    return bool(
        doc.xpath(
            '//*[@id="searchresults"] | //*[contains(@class, "searchResultsShell")]'
            ' | //*[contains(@class, "paginationLabel")]'
        )  # fmt: skip
    )


def _total(doc: Any) -> int | None:
    """The board's total from "Results 1 – 25 of 142" (its last number), if the page says."""
    for label in doc.xpath('//*[contains(@class, "paginationLabel")]'):
        numbers = _NUMBER.findall(label.text_content())
        if numbers:
            digits = re.sub(r"\D", "", numbers[-1])
            return int(digits) if digits else None
    return None


def _row_link(url: str, i: int, row: Any) -> str:
    """The detail URL of result row ``i``, or ``ExtractError`` naming the row without one."""
    hrefs = row.xpath('.//a[contains(concat(" ", normalize-space(@class), " "),'
                      ' " jobTitle-link ")]/@href')  # fmt: skip
    if not hrefs:
        raise ExtractError(f"malformed posting #{i}: a result row without a jobTitle-link")
    link = urljoin(url, hrefs[0].strip())
    if not _DETAIL_PATH.search(urlsplit(link).path):
        raise ExtractError(
            f"malformed posting #{i}: link {hrefs[0][:60]!r} is not a /job/<slug>/<id>/ page"
        )
    return link


def _row_links(url: str, doc: Any) -> tuple[list[str], list[str]]:
    """One detail URL per readable result row, and why each other row could not be read."""
    return read_each(_rows(doc), lambda i, row: _row_link(url, i, row))


def _prop(doc: Any, name: str) -> str | None:
    found = doc.xpath(f'//*[@data-careersite-propertyid="{name}"]')
    return _clean(found[0]) if found else None


def _location(posting: dict[str, Any]) -> str | None:
    """City, region, country from the posting's flat address metas (the common template)."""
    parts = [posting.get(k) for k in ("addressLocality", "addressRegion", "addressCountry")]
    texts = [p.strip() for p in parts if isinstance(p, str) and p.strip()]
    return ", ".join(dict.fromkeys(texts)) or None


def extract(url: str, body: bytes) -> list[RawPosting]:
    doc = _doc(body)
    if doc is None:
        raise ExtractError("expected a SuccessFactors search or job page, got no HTML")
    postings = schemaorg.job_postings(doc)
    if not postings:
        if _is_search_page(doc):
            return []  # a search page (or a removed posting's URL, which serves one)
        if schemaorg.cut_short(body):
            return []  # lxml stopped before the posting: counted by ``skipped``, not a failure
        raise ExtractError(
            "expected a SuccessFactors search page (table#searchresults) or a job page "
            "(schema.org JobPosting), got neither"
        )
    posting = postings[0]
    raw = schemaorg.to_raw(posting, url, KIND)
    if raw is None:
        raise ExtractError("SuccessFactors JobPosting without a title")
    m = _DETAIL_PATH.search(urlsplit(url).path)
    # nested jobLocation, else the flat address metas, else the visible location field
    places = raw.locations or unique([_location(posting) or _prop(doc, "location")])
    return [
        RawPosting(
            source_name="",
            source_kind=KIND,
            url=url,
            title=raw.title,
            external_id=m["id"] if m else raw.external_id,
            company=raw.company,
            locations=places,
            workplace=raw.workplace,
            description_html=raw.description_html,
            employment_type=raw.employment_type or _prop(doc, "shifttype"),
            department=raw.department or _prop(doc, "department"),
            posted_at=raw.posted_at,
            valid_through=raw.valid_through,
            apply_url=url,
            language=raw.language,
        )
    ]


def _is_detail(url: str) -> bool:
    return bool(_DETAIL_PATH.search(urlsplit(url).path))


def next_pages(url: str, body: bytes) -> list[str]:
    doc = _doc(body)
    if doc is None or _is_detail(url) or schemaorg.job_postings(doc):
        return []
    shown = len(_rows(doc))
    total = _total(doc)
    start = query_int(url, "startrow", 0)
    if shown == 0 or total is None or start + shown >= total:
        return []
    return [with_query(url, startrow=start + shown)]


def detail_urls(url: str, body: bytes) -> list[str]:
    doc = _doc(body)
    if doc is None or _is_detail(url) or schemaorg.job_postings(doc):
        return []
    return list(dict.fromkeys(_row_links(url, doc)[0]))


def skipped(url: str, body: bytes) -> list[Skipped]:
    """Result rows without a ``jobTitle-link`` to a job page: left out and counted
    (``spiders.unreadable``). A removed posting's URL serving the search page is no skip:
    it is the site's word that the posting is gone. Any page lxml stopped reading early is
    one (``schemaorg.cut_short``): a job page cut before its JobPosting would look removed."""
    cut = schemaorg.cut_short(body)
    doc = _doc(body)
    if doc is None or _is_detail(url) or schemaorg.job_postings(doc):
        return cut
    return cut + as_skipped(_row_links(url, doc)[1])
