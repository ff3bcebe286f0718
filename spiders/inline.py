"""Postings a page holds only in inline JSON: what the ``jsonld`` kind reads when a page has no
schema.org JobPosting markup.

Career pages built with a JavaScript framework render their list in the browser from data
shipped in the page: Next.js's ``<script id="__NEXT_DATA__" type="application/json">``, other
``application/json`` script tags (Nuxt, Astro islands, a CMS's preloaded state), and
``window.__INITIAL_STATE__ = {...};`` style assignments. The HTML itself then holds no posting
and often no posting link.

Such JSON also holds navigation, testimonials, blog teasers and settings, so a record is taken
as a posting only when it looks like one (``is_posting``): a title (``title``, ``jobTitle``,
``position``...) and a link or id, in a list whose key names jobs (``jobs``, ``positions``,
``openings``, ``vacancies``, ``postings``, ``requisitions``) or whose records carry a field only
job ads have (location, department or team, employment type, workplace, pay, requisition).
A navigation list (title + url) or a blog list (title + url + description + date) is neither.

A record with an id but no link gets the page's URL with ``#<id>``: the posting is real but
its own page is made in the browser; its id keeps it apart from the others.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urljoin

from pipeline.records import RawPosting

_TITLE = ("title", "jobTitle", "job_title", "positionTitle", "position", "positionName", "name")
_URL = ("url", "absolute_url", "absoluteUrl", "jobUrl", "job_url", "hostedUrl", "href", "link",
        "canonicalUrl", "detailUrl", "applyUrl", "apply_url", "path")  # fmt: skip
_ID = ("id", "jobId", "job_id", "requisitionId", "requisition_id", "reqId", "shortcode",
       "uuid", "slug")  # fmt: skip
_JOB_KEY = re.compile(
    r"^(?:jobs?|job_?(?:list|postings|openings|ads)|postings?|positions?|openings?|vacanc(?:y|ies)"
    r"|requisitions?|careers?|offers|roles|open_?roles|jobPostings|allJobs)$",
    re.I,
)
_JOB_FIELDS = frozenset(
    "location locations city jobLocation job_location department departments team teams"
    " employmentType employment_type jobType job_type commitment workplace workplaceType"
    " workplace_type remote isRemote salary salaryRange compensation pay requisitionId"
    " requisition_id reqId".split()
)
_DESCRIPTION = ("descriptionHtml", "description_html", "description", "content", "body")
_POSTED = ("datePosted", "publishedAt", "published_at", "postedDate", "posted_at", "postedAt",
           "createdAt", "created_at", "date")  # fmt: skip
_ASSIGN = re.compile(r"window\.(?:__[A-Z0-9_]+__|[A-Za-z_$][\w$]*)\s*=\s*(?=[\[{])")
MAX_SCRIPT = 5_000_000  # characters of one script read: a bigger one is a bundle, not data


def blobs(doc: Any) -> list[Any]:
    """The JSON values a parsed page ships inline (see the module docstring)."""
    out: list[Any] = []
    for script in doc.iterfind(".//script"):
        text = script.text or ""
        if not text.strip() or len(text) > MAX_SCRIPT:
            continue
        kind = (script.get("type") or "").strip().lower()
        if kind == "application/json" or script.get("id") == "__NEXT_DATA__":
            try:
                out.append(json.loads(text))
            except (ValueError, RecursionError):
                continue
        elif kind in ("", "text/javascript", "application/javascript", "module"):
            for m in _ASSIGN.finditer(text):
                try:
                    out.append(json.JSONDecoder().raw_decode(text, m.end())[0])
                except (ValueError, RecursionError):
                    continue
    return out


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("label") or value.get("title")
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return value.strip() or None if isinstance(value, str) else None


def _first(node: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    return next((t for k in keys if (t := _text(node.get(k)))), None)


def is_posting(node: Any, list_key: str) -> bool:
    """A record that reads as a job posting, in a list under ``list_key``."""
    if not isinstance(node, dict):
        return False
    title = _first(node, _TITLE)
    if not title or len(title) > 200 or not (_first(node, _URL) or _first(node, _ID)):
        return False
    return bool(_JOB_KEY.match(list_key)) or any(k in _JOB_FIELDS for k in node)


def _lists(data: Any) -> list[tuple[str, list[Any]]]:
    """Every list of objects in ``data`` with the key it sits under (a loop, not recursion)."""
    out: list[tuple[str, list[Any]]] = []
    stack: list[tuple[str, Any]] = [("", data)]
    while stack and len(out) < 10_000:
        key, node = stack.pop()
        if isinstance(node, dict):
            stack.extend((str(k), v) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            if node and any(isinstance(x, dict) for x in node):
                out.append((key, node))
            stack.extend((key, v) for v in reversed(node))
    return out


def _location(node: dict[str, Any]) -> tuple[str, ...]:
    value = next((node[k] for k in ("location", "locations", "jobLocation", "city") if k in node),
                 None)  # fmt: skip
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        if isinstance(v, dict):
            parts = [_text(v.get(k)) for k in ("city", "region", "state", "country")]
            text = ", ".join(p for p in parts if p) or _text(v)
        else:
            text = _text(v)
        if text:
            out.append(text)
    return tuple(dict.fromkeys(out))


def to_raw(node: dict[str, Any], page_url: str, kind: str) -> RawPosting:
    ident = _first(node, _ID[:-1]) or _first(node, ("slug",))
    link = _first(node, _URL)
    url = urljoin(page_url, link) if link else f"{page_url.split('#')[0]}#{ident}"
    department = next((_text(node[k]) for k in ("department", "team") if k in node), None)
    return RawPosting(
        source_name="",
        source_kind=kind,
        url=url,
        title=str(_first(node, _TITLE)),
        external_id=_first(node, _ID[:-1]),
        company=_first(node, ("company", "companyName", "company_name", "employer")),
        locations=_location(node),
        description_html=_first(node, _DESCRIPTION),
        employment_type=_first(
            node, ("employmentType", "employment_type", "jobType", "job_type", "commitment")
        ),  # fmt: skip
        department=department,
        posted_at=_first(node, _POSTED),
        apply_url=url,
    )


def postings(doc: Any, page_url: str, kind: str) -> list[RawPosting]:
    """The job-like records of a parsed page's inline JSON, each once (by URL), in page order."""
    if doc is None:
        return []
    found: dict[str, RawPosting] = {}
    for blob in blobs(doc):
        for key, items in _lists(blob):
            hits = [x for x in items if is_posting(x, key)]
            if not hits or len(hits) * 2 < len(items):
                continue  # a mixed list (a feed of cards): not a job list
            for node in hits:
                record = to_raw(node, page_url, kind)
                found.setdefault(record.url, record)
    return list(found.values())
