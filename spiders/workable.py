"""Workable accounts: ``apply.workable.com/api/v1/widget/accounts/{account}`` (``?details=true``).

Emits one ``RawPosting`` per job (by ``shortcode``) from the single JSON response. Quirk: the
widget API repeats a job once per location (same shortcode, one ``country``/``city`` each);
those rows are merged into one posting with every location. ``telecommuting: true`` is
remote. With ``details=true`` the ``description`` HTML is included; without it the posting
has no description (the pipeline classifies on the title alone). ``url`` is the public
posting page; ``application_url`` (when present) the form. Dates are ``YYYY-MM-DD``.
"""

from __future__ import annotations

from typing import Any

from pipeline.records import RawPosting
from pipeline.sources import SourceConfig
from spiders.common import items, obj, require, text, unique, with_query
from spiders.kinds import ExtractError, load_json

KIND = "workable"


def start_urls(source: SourceConfig) -> list[str]:
    return [with_query(source.url, details="true")]


def _places(job: dict[str, Any]) -> list[str | None]:
    out: list[str | None] = []
    for loc in items(job.get("locations")) or [job]:
        loc = obj(loc)
        if loc.get("hidden") is True:
            continue
        parts = [text(loc.get(k)) for k in ("city", "region", "state", "country")]
        out.append(", ".join(dict.fromkeys(p for p in parts if p)) or None)
    return out


def extract(url: str, body: bytes) -> list[RawPosting]:
    data = load_json(body, "Workable widget", dict)
    if not isinstance(data.get("jobs"), list):
        raise ExtractError("expected a Workable account object with a 'jobs' list")
    company = text(data.get("name"))
    merged: dict[str, dict[str, Any]] = {}
    places: dict[str, list[str | None]] = {}
    for i, job in enumerate(data["jobs"]):
        _, link = require(job, i, "title", "url")
        key = text(job.get("shortcode")) or link
        merged.setdefault(key, job)
        places.setdefault(key, []).extend(_places(job))
    out = []
    for key, job in merged.items():
        link = str(text(job.get("url")))
        out.append(
            RawPosting(
                source_name="",
                source_kind=KIND,
                url=link,
                title=str(text(job.get("title"))),
                external_id=text(job.get("shortcode")),
                company=company,
                locations=unique(places[key]),
                workplace="remote" if job.get("telecommuting") is True else None,
                description_html=text(job.get("description")),
                employment_type=text(job.get("employment_type")),
                department=text(job.get("department")),
                posted_at=text(job.get("published_on")) or text(job.get("created_at")),
                apply_url=text(job.get("application_url")) or link,
            )
        )
    return out


def next_pages(url: str, body: bytes) -> list[str]:
    return []
