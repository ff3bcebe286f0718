"""Jobvite career sites: ``jobs.jobvite.com/{company}``, search pages plus one page a posting.

Jobvite has no public JSON API; its hosted career site is server-rendered HTML, read here.
Format learned from open-source clients that read live boards and describe them in their
code and tests (a Java fetcher verified against two live boards, a TypeScript and a Python
reader, and the MIT-licensed careerkit fixture in the shared corpus); no full page capture
was found, so the golden pages are written by hand in that markup with invented employers.

Two steps:

* list: ``GET /{company}/search/?p=N`` (N from 0), 50 postings a page, Jobvite's own size.
  Rows are ``td.jv-job-list-name a[href=/{company}/job/{id}]`` with
  ``td.jv-job-list-location``; ``.jv-pagination-text`` says "1-50 of 73" and
  ``a.jv-pagination-next`` is on every page but the last (the trailing slash of
  ``/search/`` matters: ``/search?p=1`` answers the first page again). Not ``/{company}/jobs``:
  that page groups postings by category and hides long categories behind "Show More".
  List rows carry no description or date, so they emit nothing; each posting's page is
  fetched once.
* detail: ``GET /{company}/job/{id}``: ``h2.jv-header`` (title),
  ``p.jv-job-detail-meta`` (department and location, split by
  ``span.jv-inline-separator``), ``div.jv-job-detail-description`` (the description), and a
  JSON-LD JobPosting (``datePosted``, date only; ``validThrough``; ``jobLocation``;
  ``employmentType``; ``hiringOrganization``), read with ``spiders.schemaorg``.

The external id is Jobvite's own posting id (``oXXXXXXX``, the last path segment).
A board with no openings shows "No results found"; a search page with no rows and without
that sentence is not taken for an empty board (a changed layout, or a JavaScript-only
career site) and fails the source. A result row without a link, a title or a
``/COMPANY/job/ID`` link is left out and counted (``skipped``). Closing: a removed posting leaves the search pages;
its own page redirects (303) to ``/careers/{company}/jobs?error=404``, which is read as
"no posting here" (nothing emitted). Pay: Jobvite shows none in a field of its own.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from parsel import Selector

from pipeline.records import RawPosting
from pipeline.sources import SourceConfig
from spiders import schemaorg
from spiders.common import query_int, unique
from spiders.kinds import ExtractError, Skipped
from spiders.unreadable import as_skipped, read_each

KIND = "jobvite"
HOST_CONCURRENCY = 2  # per host: at most two requests in flight (spiders.settings.host_slots)
PAGE_SIZE = 50
_HOSTS = ("jobs.jobvite.com", "careers.jobvite.com")
_DETAIL = re.compile(r"^/(?P<company>[^/]+)/job/(?P<id>[A-Za-z0-9]+)/?$")
_TOTAL = re.compile(r"of\s+([\d,]+)")
NO_RESULTS = "No results found"


def board_base(url: str) -> str | None:
    """``https://host/{company}`` for a Jobvite board, search, job or careers URL; else None."""
    parts = urlsplit(url.strip())
    segments = [s for s in parts.path.split("/") if s]
    if segments[:1] == ["careers"]:  # /careers/{company}/jobs, where removed postings lead
        segments = segments[1:]
    if not parts.netloc or not segments or segments[0] in ("job", "search", "jobs"):
        return None
    return f"{parts.scheme or 'https'}://{parts.netloc}/{segments[0]}"


def start_urls(source: SourceConfig) -> list[str]:
    base = board_base(source.url)
    if base is None:
        raise ExtractError(f"not a Jobvite board URL (want https://jobs.jobvite.com/COMPANY): "
                           f"{source.url}")  # fmt: skip
    return [f"{base}/search/?p=0"]


def _page(body: bytes) -> Selector:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = body.decode("latin-1")
    if not text.lstrip()[:1] == "<":
        got = "an empty body" if not text.strip() else "text that is not HTML"
        raise ExtractError(f"expected a Jobvite HTML page, got {got}")
    return Selector(text=text)


def _is_detail(url: str) -> bool:
    return _DETAIL.match(urlsplit(url).path) is not None


def _gone(url: str) -> bool:
    """A removed posting's page redirects to the board with ``error=404``."""
    return parse_qs(urlsplit(url).query).get("error") == ["404"]


def _row(url: str, base: str | None, i: int, cell: Any) -> tuple[str, str]:
    """(posting URL, id) of search-result row ``i``, or ``ExtractError`` for a bad row."""
    href = cell.css("a::attr(href)").get()
    title = " ".join(cell.css("a ::text").getall()).strip()
    if not href or not title:
        raise ExtractError(f"malformed posting #{i}: a result row without a link or title")
    link = urlsplit(urljoin(url, href.strip()))
    m = _DETAIL.match(link.path)
    # the page may not echo the company's casing in its links
    same = base is not None and m is not None and link.netloc == urlsplit(base).netloc
    if m is None or not same or m["company"].lower() != str(base).rsplit("/", 1)[-1].lower():
        raise ExtractError(f"malformed posting #{i}: link {href[:60]!r} is not /COMPANY/job/ID")
    return (f"{base}/job/{m['id']}", m["id"])


def _rows(url: str, page: Selector) -> list[tuple[str, str]]:
    """(posting URL, id) of every readable search-result row (``skipped`` counts the rest)."""
    return _read_rows(url, page)[0]


def _read_rows(url: str, page: Selector) -> tuple[list[tuple[str, str]], list[str]]:
    base = board_base(url)
    names = page.css("td.jv-job-list-name")
    out, bad = read_each(names, lambda i, cell: _row(url, base, i, cell))
    if not names and NO_RESULTS.lower() not in " ".join(page.css("body ::text").getall()).lower():
        raise ExtractError(
            "a Jobvite search page with no result rows (td.jv-job-list-name) and no "
            f"'{NO_RESULTS}' message: the layout changed, or the site needs JavaScript"
        )
    return out, bad


def _text(page: Selector, css: str) -> str | None:
    value = " ".join(" ".join(page.css(css).getall()).split())
    return value or None


def _meta(page: Selector) -> tuple[str | None, tuple[str, ...]]:
    """(department, locations) from ``p.jv-job-detail-meta``: department first, then places."""
    meta = page.css("p.jv-job-detail-meta").get()
    if meta is None:
        return None, ()
    bits = re.split(r"<span[^>]*jv-inline-separator[^>]*>\s*</span>", meta)
    parts = [" ".join(" ".join(Selector(text=b).css("::text").getall()).split()) for b in bits]
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return None, tuple(parts)
    return parts[0], tuple(parts[1:])


def extract(url: str, body: bytes) -> list[RawPosting]:
    page = _page(body)
    if not _is_detail(url):
        if not _gone(url):
            _rows(url, page)  # a listing page emits nothing, but must be a real one
        return []
    ident = _DETAIL.match(urlsplit(url).path)["id"]  # type: ignore[index]
    base = board_base(url)
    link = f"{base}/job/{ident}"
    postings = schemaorg.job_postings(schemaorg.parse_html(body))
    ld = schemaorg.to_raw(postings[0], link, KIND) if postings else None
    title = _text(page, "h2.jv-header ::text") or (ld.title if ld else None)
    if not title:
        raise ExtractError("a Jobvite posting page without a title (h2.jv-header)")
    department, places = _meta(page)
    description = page.css("div.jv-job-detail-description").get()
    record = ld or RawPosting(source_name="", source_kind=KIND, url=link, title=title)
    return [
        replace(
            record,
            url=link,
            title=title,
            external_id=ident,
            locations=record.locations or places,
            description_html=description or record.description_html,
            department=department or record.department,
            apply_url=f"{link}/apply",
        )
    ]


def next_pages(url: str, body: bytes) -> list[str]:
    if _is_detail(url) or _gone(url):
        return []
    page = _page(body)
    rows = page.css("td.jv-job-list-name")  # a page of unreadable rows still has a next one
    if not rows or not page.css("a.jv-pagination-next"):
        return []
    n = query_int(url, "p", 0)
    m = _TOTAL.search(_text(page, ".jv-pagination-text ::text") or "")
    if m and (n + 1) * PAGE_SIZE >= int(m[1].replace(",", "")):
        return []
    return [f"{board_base(url)}/search/?p={n + 1}"]


def detail_urls(url: str, body: bytes) -> list[str]:
    if _is_detail(url) or _gone(url):
        return []
    return list(unique([link for link, _ in _rows(url, _page(body))]))


def skipped(url: str, body: bytes) -> list[Skipped]:
    """Search-result rows that lead to no posting: left out and counted
    (``spiders.unreadable``). A removed posting (``error=404``) is no skip: it is the board's
    word that the posting is gone."""
    if _is_detail(url) or _gone(url):
        return []
    return as_skipped(_read_rows(url, _page(body))[1])
