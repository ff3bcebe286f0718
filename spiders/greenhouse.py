"""Greenhouse job boards: ``boards-api.greenhouse.io/v1/boards/{token}/jobs``.

The crawl asks for ``content=true&pay_transparency=true`` whatever the configured URL says
(without them the API leaves out descriptions, departments and pay).

Emits one ``RawPosting`` per job in the single JSON response (no pagination: the API returns
the whole board). Quirks: ``content`` arrives HTML-escaped (``&lt;p&gt;``) and is unescaped
here; pay ranges (``pay_input_ranges``, with ``pay_transparency=true``) are in cents; the custom
``metadata`` field may hold recruiters' e-mail addresses and is dropped (it never lands:
``RawPosting`` has no field for it, so ``keep_metadata`` has nothing to keep it in yet),
except the standard "Employment Type" entry, read as the employment type.
``absolute_url`` is the public posting page and the apply page alike;
``application_deadline`` is the closing date.
"""

from __future__ import annotations

import html
from typing import Any

from pipeline.records import RawPosting, Salary
from pipeline.sources import SourceConfig
from spiders.common import items, obj, require, text, with_query
from spiders.kinds import ExtractError, load_json

KIND = "greenhouse"


def start_urls(source: SourceConfig) -> list[str]:
    return [with_query(source.url, content="true", pay_transparency="true")]


def _pay(job: dict[str, Any]) -> Salary | None:
    ranges = job.get("pay_input_ranges") or []
    if not isinstance(ranges, list) or not ranges or not isinstance(ranges[0], dict):
        return None
    r = ranges[0]
    try:
        low = float(r["min_cents"]) / 100 if r.get("min_cents") is not None else None
        high = float(r["max_cents"]) / 100 if r.get("max_cents") is not None else None
    except (TypeError, ValueError):
        return None
    if low is None and high is None:
        return None
    return Salary(low, high, text(r.get("currency_type")), "YEAR")


def extract(url: str, body: bytes) -> list[RawPosting]:
    data = load_json(body, "Greenhouse board", dict)
    if not isinstance(data.get("jobs"), list):
        raise ExtractError("expected a Greenhouse board object with a 'jobs' list")
    out = []
    for i, job in enumerate(data["jobs"]):
        link, title = require(job, i, "absolute_url", "title")
        location = obj(job.get("location"))
        departments = [
            text(d.get("name")) for d in items(job.get("departments")) if isinstance(d, dict)
        ]
        pay = _pay(job)
        # metadata is dropped, except the standard "Employment Type" field (no personal data)
        kinds = [
            text(obj(m).get("value"))
            for m in items(job.get("metadata"))
            if text(obj(m).get("name")) in ("Employment Type", "Employment type")
        ]
        content = job.get("content")
        out.append(
            RawPosting(
                source_name="",
                source_kind=KIND,
                url=link,
                title=title,
                external_id=text(job.get("id")),
                company=text(job.get("company_name")),
                locations=tuple(x for x in [text(location.get("name"))] if x),
                description_html=html.unescape(content) if isinstance(content, str) else None,
                salary=pay,
                salary_origin="structured" if pay else None,
                department=next((d for d in departments if d), None),
                employment_type=next((k for k in kinds if k), None),
                updated_at=text(job.get("updated_at")),
                posted_at=text(job.get("first_published")) or text(job.get("updated_at")),
                valid_through=text(job.get("application_deadline")),
                apply_url=link,
            )
        )
    return out


def next_pages(url: str, body: bytes) -> list[str]:
    return []
