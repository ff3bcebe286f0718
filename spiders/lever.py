"""Lever postings API: ``api.lever.co/v0/postings/{company}?mode=json`` (and ``api.eu.lever.co``).

Emits one ``RawPosting`` per posting. Paginates with ``skip``/``limit``: a page holding a full
``limit`` of postings is followed by the next ``skip``; a shorter page ends the listing. The
description is the HTML of ``description`` + ``lists`` + ``additional`` (as the hosted page
shows it); ``salaryRange`` (min, max, currency, interval) is structured pay; ``createdAt`` is
epoch milliseconds.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from pipeline.records import RawPosting, Salary
from pipeline.sources import SourceConfig
from spiders.common import items, obj, require, text, unique
from spiders.kinds import load_json

KIND = "lever"
PAGE_SIZE = 100
INTERVALS = {
    "per-year-salary": "YEAR",
    "per-month-salary": "MONTH",
    "per-week-salary": "WEEK",
    "per-day-salary": "DAY",
    "per-hour-wage": "HOUR",
}


def _with_query(url: str, **params: object) -> str:
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    query.update({k: str(v) for k, v in params.items()})
    return urlunsplit(parts._replace(query=urlencode(sorted(query.items()))))


def start_urls(source: SourceConfig) -> list[str]:
    query = parse_qs(urlsplit(source.url).query)
    return [_with_query(source.url, mode="json", skip=query.get("skip", ["0"])[-1],
                        limit=query.get("limit", [PAGE_SIZE])[-1])]  # fmt: skip


def _load(body: bytes) -> list[Any]:
    return load_json(body, "Lever postings", list)  # type: ignore[no-any-return]


def _salary(item: dict[str, Any]) -> Salary | None:
    rng = item.get("salaryRange")
    if not isinstance(rng, dict):
        return None
    low, high = rng.get("min"), rng.get("max")
    if not isinstance(low, int | float) and not isinstance(high, int | float):
        return None
    return Salary(
        float(low) if isinstance(low, int | float) else None,
        float(high) if isinstance(high, int | float) else None,
        rng.get("currency") or None,
        INTERVALS.get(str(rng.get("interval")), "YEAR"),
    )


def _description(item: dict[str, Any]) -> str | None:
    parts = [item.get("description") or ""]
    for block in item.get("lists") or []:
        if isinstance(block, dict):
            parts.append(f"<h3>{block.get('text', '')}</h3><ul>{block.get('content', '')}</ul>")
    parts.append(item.get("additional") or "")
    html = "".join(p for p in parts if isinstance(p, str))
    return html or None


def extract(url: str, body: bytes) -> list[RawPosting]:
    out = []
    for i, item in enumerate(_load(body)):
        link, title = require(item, i, "hostedUrl", "text")
        cats = obj(item.get("categories"))
        locations = items(cats.get("allLocations")) or [cats.get("location")]
        created = item.get("createdAt")
        # epoch milliseconds, handed over as written: pipeline.normalize.dates reads them
        posted = str(int(created)) if isinstance(created, int | float) and created > 0 else None
        pay = _salary(item)
        workplace = item.get("workplaceType")
        out.append(
            RawPosting(
                source_name="",
                source_kind=KIND,
                url=link,
                title=title,
                external_id=text(item.get("id")),
                locations=unique([text(x) for x in locations]),
                workplace=workplace if workplace in ("onsite", "hybrid", "remote") else None,
                description_html=_description(item),
                salary=pay,
                salary_origin="structured" if pay else None,
                employment_type=text(cats.get("commitment")),
                department=text(cats.get("team")) or text(cats.get("department")),
                posted_at=posted,
                apply_url=text(item.get("applyUrl")),
                country=text(item.get("country")),
            )
        )
    return out


def next_pages(url: str, body: bytes) -> list[str]:
    items = _load(body)
    query = parse_qs(urlsplit(url).query)
    limit = int(query.get("limit", [PAGE_SIZE])[-1])
    skip = int(query.get("skip", ["0"])[-1])
    if len(items) < limit or not items:
        return []
    return [_with_query(url, skip=skip + limit, limit=limit)]
