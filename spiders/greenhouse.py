"""Greenhouse job boards: ``boards-api.greenhouse.io/v1/boards/{token}/jobs?content=true``.

Emits one ``RawPosting`` per job in the single JSON response (no pagination: the API returns
the whole board). Quirks: ``content`` arrives HTML-escaped (``&lt;p&gt;``) and is unescaped
here; pay ranges (``pay_input_ranges``, with ``pay_transparency=true``) are in cents; the custom
``metadata`` field may hold recruiters' e-mail addresses and is dropped (it never lands).
``absolute_url`` is the public posting page and the apply page alike.
"""

from __future__ import annotations

import html
import json
from typing import Any

from pipeline.records import RawPosting, Salary
from spiders.kinds import ExtractError

KIND = "greenhouse"


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
    return Salary(low, high, (r.get("currency_type") or None), "YEAR")


def extract(url: str, body: bytes) -> list[RawPosting]:
    try:
        data = json.loads(body)
    except ValueError as e:
        raise ExtractError(f"expected Greenhouse JSON, got something else ({e})") from e
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise ExtractError("expected a Greenhouse board object with a 'jobs' list")
    out = []
    for job in data["jobs"]:
        if not isinstance(job, dict) or not job.get("title") or not job.get("absolute_url"):
            continue
        location = job.get("location") if isinstance(job.get("location"), dict) else {}
        departments = [d.get("name") for d in job.get("departments") or [] if isinstance(d, dict)]
        pay = _pay(job)
        content = job.get("content")
        out.append(
            RawPosting(
                source_name="",
                source_kind=KIND,
                url=str(job["absolute_url"]),
                title=str(job["title"]),
                external_id=str(job["id"]) if job.get("id") is not None else None,
                company=job.get("company_name") or None,
                locations=(str(location["name"]),) if location.get("name") else (),
                description_html=html.unescape(content) if isinstance(content, str) else None,
                salary=pay,
                salary_origin="structured" if pay else None,
                department=next((d for d in departments if d), None),
                updated_at=job.get("updated_at") or None,
                posted_at=job.get("first_published") or job.get("updated_at") or None,
                apply_url=str(job["absolute_url"]),
            )
        )
    return out


def next_pages(url: str, body: bytes) -> list[str]:
    return []
