"""iCIMS career sites: ``https://{portal}.icims.com/jobs/search?ss=1&in_iframe=1``.

Banks, insurers, retailers and hospital networks post on iCIMS. The crawl reads the
server-rendered listing that the career site frames (``in_iframe=1``: the page without the
employer's chrome), with no script and no session.

Two steps:

* list: ``GET /jobs/search?ss=1&in_iframe=1`` then ``?pr=1``, ``?pr=2`` ... (``pr`` is the
  0-based page index; the page size is the portal's own). Each posting is a card
  (``li.iCIMS_JobCardItem``, or a ``div.row`` of ``iCIMS_JobsTable`` on older templates) with an
  ``a.iCIMS_Anchor`` to ``/jobs/{id}/{slug}/job``. The page says "Page 1 of 3"; paging goes on
  while the current page is below the last. List pages emit nothing (no description).
* detail: ``GET /jobs/{id}/{slug}/job?in_iframe=1`` carries a schema.org JobPosting in JSON-LD
  (title, employer, places, dates, ``baseSalary`` where the employer fills it, description).
  ``{id}`` is the job's iCIMS id (the external id; the "Job ID" shown, e.g. ``2026-8214``, is
  the year-prefixed requisition number).

Pay: ``baseSalary`` of the JSON-LD, structured, when present; else only in the text.
A job card without an ``iCIMS_Anchor`` link to a job page is left out and counted
(``skipped``). Closing signal: a removed job leaves the listing; its page answers 404 or "no longer
available" without JobPosting, which emits nothing.
A portal whose listing is not on the page (the search page without the ``iCIMS_`` listing
markup, e.g. a login or a challenge page) fails with a message, never reads as empty.

Where the format was learned: the listing card markup of a real iCIMS page (careerkit's
``icims.html`` fixture, MIT, in shared/corpus) and Jobseek's iCIMS monitor built on live
portals (github.com/colophon-group/jobseek, MIT): listing URL, ``pr`` paging, "Page X of Y",
JSON-LD on detail pages. The detail goldens are hand-written in schema.org JSON-LD.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from pipeline.records import RawPosting
from pipeline.sources import SourceConfig
from spiders import schemaorg
from spiders.common import query_int, with_query
from spiders.kinds import ExtractError, Skipped
from spiders.unreadable import as_skipped, read_each

KIND = "icims"
HOST_CONCURRENCY = 2  # per host: guarded sites (spiders.settings.host_slots)
_JOB_PATH = re.compile(r"^/jobs/(?P<id>\d+)(?:/[^/]+)?/job/?$")
_PAGE_OF = re.compile(r"\bPage\s+(\d+)\s+of\s+(\d+)\b", re.I)
_CARDS = ('//li[contains(@class, "iCIMS_JobCardItem")]'
          ' | //div[contains(@class, "iCIMS_JobsTable")]/div[contains(@class, "row")]')  # fmt: skip


def start_urls(source: SourceConfig) -> list[str]:
    parts = urlsplit(source.url)
    if not (parts.hostname or "").endswith(".icims.com") and "/jobs" not in parts.path:
        raise ExtractError(f"not an iCIMS career site URL: {source.url}")
    if not parts.path.startswith("/jobs/search"):
        parts = parts._replace(path="/jobs/search", query="", fragment="")
    url = urlunsplit(parts)
    return [with_query(url, ss=1, in_iframe=1)]


@lru_cache(maxsize=4)
def _doc(body: bytes) -> Any:
    return schemaorg.parse_html(body)


def _is_detail(url: str) -> bool:
    return bool(_JOB_PATH.match(urlsplit(url).path))


def _link(url: str, i: int, card: Any) -> str:
    hrefs = card.xpath('.//a[contains(@class, "iCIMS_Anchor")]/@href')
    if not hrefs:
        raise ExtractError(f"malformed posting #{i}: a job card without an iCIMS_Anchor link")
    link = urljoin(url, hrefs[0].strip())
    if not _JOB_PATH.match(urlsplit(link).path):
        raise ExtractError(
            f"malformed posting #{i}: link {hrefs[0][:60]!r} is not /jobs/<id>/…/job"
        )
    return with_query(link, in_iframe=1)


def _links(url: str, doc: Any) -> tuple[list[str], list[str]]:
    """The job page of every readable card, and why each other card could not be read."""
    cards = doc.xpath(_CARDS)
    if not cards and b"iCIMS_" not in _raw_markup(doc):
        raise ExtractError("expected an iCIMS job listing (iCIMS_ markup), got another page")
    return read_each(cards, lambda i, card: _link(url, i, card))


def _raw_markup(doc: Any) -> bytes:
    return schemaorg.etree.tostring(doc)


def extract(url: str, body: bytes) -> list[RawPosting]:
    doc = _doc(body)
    if doc is None:
        raise ExtractError("expected an iCIMS listing or job page, got no HTML")
    postings = schemaorg.job_postings(doc)
    if not postings:
        if _is_detail(url):
            return []  # "no longer available": a removed job
        _links(url, doc)  # a scrambled or foreign listing fails the source here
        return []
    raw = schemaorg.to_raw(postings[0], url, KIND)
    if raw is None:
        raise ExtractError("iCIMS JobPosting without a title")
    m = _JOB_PATH.match(urlsplit(url).path)
    link = urlunsplit(urlsplit(url)._replace(query="", fragment=""))
    return [
        RawPosting(
            source_name="", source_kind=KIND, url=link, title=raw.title,
            external_id=m["id"] if m else raw.external_id, company=raw.company,
            locations=raw.locations, workplace=raw.workplace,
            description_html=raw.description_html, salary=raw.salary,
            salary_origin=raw.salary_origin, employment_type=raw.employment_type,
            department=raw.department, posted_at=raw.posted_at,
            valid_through=raw.valid_through, apply_url=link, language=raw.language,
        )
    ]  # fmt: skip


def next_pages(url: str, body: bytes) -> list[str]:
    doc = _doc(body)
    if doc is None or _is_detail(url) or not doc.xpath(_CARDS):
        return []
    m = _PAGE_OF.search(" ".join(doc.text_content().split()))
    if m is None or int(m[1]) >= int(m[2]):
        return []
    return [with_query(url, pr=query_int(url, "pr", 0) + 1)]


def detail_urls(url: str, body: bytes) -> list[str]:
    doc = _doc(body)
    if doc is None or _is_detail(url) or schemaorg.job_postings(doc):
        return []
    return list(dict.fromkeys(_links(url, doc)[0]))


def skipped(url: str, body: bytes) -> list[Skipped]:
    """Job cards without an ``iCIMS_Anchor`` job link: left out and counted
    (``spiders.unreadable``). A job page saying "no longer available" is no skip: it is the
    site's word that the job is gone. Any page lxml stopped reading early is one
    (``schemaorg.cut_short``): a job page cut before its JobPosting would look removed."""
    cut = schemaorg.cut_short(body)
    doc = _doc(body)
    if doc is None or _is_detail(url) or schemaorg.job_postings(doc):
        return cut
    return cut + as_skipped(_links(url, doc)[1])
