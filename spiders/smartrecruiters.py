"""SmartRecruiters: ``api.smartrecruiters.com/v1/companies/{company}/postings``, list + detail.

Two steps. The list (``offset``/``limit``, 100 a page) names the postings but carries no
description, so each posting's detail (``.../postings/{id}``, the list URL plus the id) is
fetched once and emits the ``RawPosting``; list pages emit nothing themselves.

Paging quirks, both seen in the wild: a page may repeat an id from the previous one (the
crawler fetches each detail URL once), and ``totalFound`` can promise more postings than the
pages hold, so paging goes on while pages are non-empty and below ``totalFound`` and stops on
the first empty page; that empty page is the end of the listing, not an error.

Detail fields: ``name`` (title), ``company.name``, ``location`` (``fullLocation`` or
city/region/country; ``remote``/``hybrid`` flags), ``releasedDate``, ``typeOfEmployment``,
``department``/``function`` labels, ``postingUrl`` and ``applyUrl`` (built from the company
identifier and id as the public site does when missing), and ``jobAd.sections`` (company
description, job description, qualifications, additional information) as the description.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pipeline.records import RawPosting
from pipeline.sources import SourceConfig
from spiders.common import items, obj, query_int, require, text, with_query
from spiders.kinds import ExtractError, load_json

KIND = "smartrecruiters"
PAGE_SIZE = 100
SECTIONS = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")


def start_urls(source: SourceConfig) -> list[str]:
    url = source.url
    return [with_query(url, offset=query_int(url, "offset", 0),
                       limit=query_int(url, "limit", PAGE_SIZE))]  # fmt: skip


def _load(body: bytes) -> dict[str, Any]:
    data = load_json(body, "SmartRecruiters", dict)
    if "content" in data and not isinstance(data["content"], list):
        raise ExtractError("expected a SmartRecruiters postings list with a 'content' list")
    if "content" not in data and not (text(data.get("id")) and text(data.get("name"))):
        raise ExtractError("expected a SmartRecruiters postings list or a posting with id and name")
    return data


def _location(loc: dict[str, Any]) -> str | None:
    full = text(loc.get("fullLocation"))
    if full:
        return full
    parts = [text(loc.get(k)) for k in ("city", "region", "country")]
    return ", ".join(p for p in parts if p) or None


def _description(posting: dict[str, Any]) -> str | None:
    sections = obj(obj(posting.get("jobAd")).get("sections"))
    parts = []
    for name in SECTIONS:
        section = obj(sections.get(name))
        body = text(section.get("text"))
        if body:
            title = text(section.get("title"))
            parts.append(f"<h3>{title}</h3>{body}" if title else body)
    return "\n".join(parts) or None


def extract(url: str, body: bytes) -> list[RawPosting]:
    data = _load(body)
    if "content" in data:
        return []  # a list page: its postings are emitted from their details
    company = obj(data.get("company"))
    ident = str(text(data.get("id")))
    link = text(data.get("postingUrl"))
    if not link and text(company.get("identifier")):
        link = f"https://jobs.smartrecruiters.com/{text(company.get('identifier'))}/{ident}"
    loc = obj(data.get("location"))
    workplace = "remote" if loc.get("remote") is True else None
    workplace = workplace or ("hybrid" if loc.get("hybrid") is True else None)
    department = text(obj(data.get("department")).get("label"))
    return [
        RawPosting(
            source_name="",
            source_kind=KIND,
            url=link or url,
            title=str(text(data.get("name"))),
            external_id=ident,
            company=text(company.get("name")),
            locations=tuple(x for x in [_location(loc)] if x),
            workplace=workplace,
            description_html=_description(data),
            employment_type=text(obj(data.get("typeOfEmployment")).get("label")),
            department=department or text(obj(data.get("function")).get("label")),
            posted_at=text(data.get("releasedDate")),
            apply_url=text(data.get("applyUrl")) or link or url,
            country=(text(loc.get("country")) or "").upper() or None,
        )
    ]


def next_pages(url: str, body: bytes) -> list[str]:
    data = _load(body)
    page = items(data.get("content"))
    if "content" not in data or not page:
        return []  # a detail, or the empty page that ends the listing
    offset = query_int(url, "offset", 0)
    limit = query_int(url, "limit", PAGE_SIZE)
    total = data.get("totalFound")
    if isinstance(total, int) and not isinstance(total, bool) and offset + len(page) >= total:
        return []
    return [with_query(url, offset=offset + limit, limit=limit)]


def detail_urls(url: str, body: bytes) -> list[str]:
    data = _load(body)
    parts = urlsplit(url)
    base = urlunsplit(parts._replace(query="", fragment="")).rstrip("/")
    out = []
    for i, posting in enumerate(items(data.get("content"))):
        (ident,) = require(posting, i, "id")
        if not ident.isalnum():
            raise ExtractError(f"malformed posting #{i}: 'id' {ident[:40]!r} is not an id")
        out.append(f"{base}/{ident}")
    return list(dict.fromkeys(out))
