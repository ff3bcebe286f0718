"""Paylocity Recruiting job boards: the board page's embedded jobs JSON plus one page each.

* list: ``GET https://recruiting.paylocity.com/Recruiting/Jobs/All/{company-guid}[/{name}]``
  is server-rendered with the whole board as ``window.pageData = {"Jobs": [...]}`` in a script
  (no paging; the rest of the page may be Paylocity's unsupported-browser notice). Entries have
  ``JobId`` (Paylocity's job id: the external id), ``JobTitle``, ``LocationName``,
  ``HiringDepartment``, ``PublishedDate``, ``IsRemote`` and a *truncated* ``Description``, so
  each job's page is fetched once for the full text; the list row travels with that request
  (``RequestSpec.carry``) for the date, department and place the page does not show.
* detail: ``GET /Recruiting/Jobs/Details/{JobId}``, server-rendered: the title in
  ``.job-preview-title span``, the place in ``.preview-location`` ("Hybrid Remote • Toronto,
  Ontario • People": a first part naming Remote / Hybrid / On-site is the workplace), and
  ``.job-listing-header`` headings ("Description", "Job Type") each followed by its content.

A board page without ``window.pageData`` (a changed page, a challenge) fails the source: it is
never read as an empty board. Closing: a job leaves the embedded list (a scraped page: two
complete crawls). Paylocity has no structured pay field; pay in the description is read later.

Format learned from Jobseek's Paylocity monitor, detail scraper and their tests (MIT,
colophon-group/jobseek: ``window.pageData``, the field names, the detail markup); no full
capture was found, so the goldens are written by hand in that shape with invented employers.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector

from pipeline.records import RawPosting
from pipeline.sources import SourceConfig
from spiders.common import text
from spiders.kinds import ExtractError, RequestSpec

KIND = "paylocity"
HOST_CONCURRENCY = 2  # per host: one Paylocity host serves every employer
_PAGE_DATA = re.compile(r"\bwindow\.pageData\s*=\s*")
_DETAIL = re.compile(r"^/recruiting/jobs/details/(?P<id>\d+)/?$", re.IGNORECASE)
_BOARD = re.compile(r"^/recruiting/jobs/all/[0-9a-f-]{36}(?:/[^/]*)?/?$", re.IGNORECASE)
MARKERS = {"fully remote": "remote", "remote": "remote", "hybrid remote": "hybrid",
           "hybrid": "hybrid", "on-site": "onsite", "onsite": "onsite"}  # fmt: skip


def is_board(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host.endswith("recruiting.paylocity.com") and bool(_BOARD.match(urlsplit(url).path))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme or 'https'}://{parts.netloc}"


def start_urls(source: SourceConfig) -> list[str]:
    if not _BOARD.match(urlsplit(source.url).path):
        raise ExtractError(
            f"not a Paylocity job board URL (…/Recruiting/Jobs/All/COMPANY-GUID): {source.url}"
        )
    return [source.url.split("#", 1)[0]]


def _jobs(body: bytes) -> list[Any]:
    page = body.decode("utf-8", "replace")
    m = _PAGE_DATA.search(page)
    if m is None:
        raise ExtractError(
            "a Paylocity board page without window.pageData (a changed or challenge page), "
            "not read as an empty board"
        )
    try:
        # raw_decode, not a pattern: job text may itself hold "};"
        data, _ = json.JSONDecoder().raw_decode(page, m.end())
    except (ValueError, RecursionError) as e:
        raise ExtractError(f"a Paylocity board page whose window.pageData is not JSON ({e})") from e
    jobs = data.get("Jobs") if isinstance(data, dict) else None
    if not isinstance(jobs, list):
        raise ExtractError("expected Paylocity window.pageData with a 'Jobs' list")
    return jobs


def detail_requests(spec: RequestSpec, body: bytes) -> list[RequestSpec]:
    if _DETAIL.match(urlsplit(spec.url).path):
        return []
    out: dict[str, RequestSpec] = {}
    for i, job in enumerate(_jobs(body)):
        if not isinstance(job, dict):
            raise ExtractError(f"malformed posting #{i}: not an object")
        ident, title = job.get("JobId"), text(job.get("JobTitle"))
        if isinstance(ident, bool) or not re.fullmatch(r"\d+", str(ident)) or not title:
            raise ExtractError(f"malformed posting #{i}: 'JobId' or 'JobTitle' is missing")
        said = {"title": title, "posted": text(job.get("PublishedDate")),
                "department": text(job.get("HiringDepartment")),
                "location": text(job.get("LocationName")),
                "remote": "true" if job.get("IsRemote") is True else None}  # fmt: skip
        carry = tuple(sorted((k, v) for k, v in said.items() if v))
        url = f"{_origin(spec.url)}/Recruiting/Jobs/Details/{ident}"
        out.setdefault(url, RequestSpec(url, carry=carry))
    return list(out.values())


def _after_header(page: Selector, label: str) -> Selector | None:
    found = page.xpath(
        "//*[contains(concat(' ', normalize-space(@class), ' '), ' job-listing-header ')]"
        f"[normalize-space()='{label}']/following-sibling::*[1]"
    )
    return found[0] if found else None


def _place(page: Selector) -> tuple[str | None, str | None]:
    """(place, workplace) from ``.preview-location``: "Hybrid Remote • Toronto, Ontario"."""
    raw = page.css(".preview-location ::text").getall()
    parts = [p.strip() for p in "|".join(raw).replace("•", "|").split("|")]
    parts = [p for p in parts if p]
    if not parts:
        return None, None
    workplace = MARKERS.get(parts[0].lower())
    if workplace is not None:
        parts = parts[1:]
    return (parts[0] if parts else None), workplace


def extract_request(spec: RequestSpec, url: str, body: bytes) -> list[RawPosting]:
    m = _DETAIL.match(urlsplit(url).path)
    if m is None:
        _jobs(body)  # the board: jobs are emitted from their own pages
        return []
    said = dict(spec.carry)
    page = Selector(text=body.decode("utf-8", "replace"))
    title = text(" ".join(page.css(".job-preview-title span ::text").getall())) or said.get("title")
    description = _after_header(page, "Description")
    if not title or description is None:
        raise ExtractError("a Paylocity job page without its title or Description section")
    place, workplace = _place(page)
    if workplace is None and said.get("remote") == "true":
        workplace = "remote"
    job_type = _after_header(page, "Job Type")
    link = f"{_origin(url)}/Recruiting/Jobs/Details/{m['id']}"
    return [
        RawPosting(
            source_name="",
            source_kind=KIND,
            url=link,
            title=" ".join(title.split()),
            external_id=m["id"],
            locations=tuple(p for p in [place or said.get("location")] if p),
            workplace=workplace,
            description_html=text("".join(description.xpath("node()").getall())),
            employment_type=text(" ".join(job_type.css("::text").getall())) if job_type else None,
            department=said.get("department"),
            posted_at=said.get("posted"),
            apply_url=link,  # the page holds the Apply button
        )
    ]


def next_pages(url: str, body: bytes) -> list[str]:
    return []  # the embedded list is the whole board
