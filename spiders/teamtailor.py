"""Teamtailor career sites: ``{company}.teamtailor.com/jobs.json`` (a JSON Feed 1.1).

Emits one ``RawPosting`` per feed item that carries the ``_jobposting`` extension (a
schema.org JobPosting, mapped by ``spiders.schemaorg``). The item's ``url`` is the posting
page (and apply page); ``_jobposting.identifier.value`` is the external id (the numeric job id
in the URL), else the item's ``id``. The item's ``content_html`` stands in for a JobPosting
without ``description``; ``date_published`` for one without ``datePosted``. Several
``jobLocation`` places are several locations. Paginates with the feed's ``next_url``.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import urljoin

from pipeline.records import RawPosting
from spiders import schemaorg
from spiders.common import obj, require, text
from spiders.kinds import ExtractError, load_json

KIND = "teamtailor"


def _items(body: bytes) -> tuple[dict, list]:  # type: ignore[type-arg]
    data = load_json(body, "Teamtailor feed", dict)
    if not isinstance(data.get("items"), list):
        raise ExtractError("expected a Teamtailor JSON Feed with an 'items' list")
    return data, data["items"]


def extract(url: str, body: bytes) -> list[RawPosting]:
    _, entries = _items(body)
    out = []
    for i, item in enumerate(entries):
        link, title = require(item, i, "url", "title")
        posting = obj(item.get("_jobposting"))
        raw = schemaorg.to_raw(posting, link, KIND) or RawPosting("", KIND, link, title)
        out.append(
            dataclasses.replace(
                raw,
                url=link,
                apply_url=link,
                external_id=raw.external_id or text(item.get("id")),
                description_html=raw.description_html or text(item.get("content_html")),
                posted_at=raw.posted_at or text(item.get("date_published")),
            )
        )
    return out


def next_pages(url: str, body: bytes) -> list[str]:
    data, _ = _items(body)
    following = text(data.get("next_url"))
    return [urljoin(url, following)] if following else []
