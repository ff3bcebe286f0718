"""Pinpoint career sites: ``{company}.pinpointhq.com/postings.json``, the whole board in one.

One public JSON document, ``{"data": [...]}``, one entry per open posting with everything
the record needs, so no detail request and no paging (the site's own careers page reads the
same document). Entry fields: ``id`` (Pinpoint's posting id: the external id), ``title``,
``url`` (the public page, ``/en/postings/{uuid}``), ``description`` plus the optional
sections ``key_responsibilities``, ``skills_knowledge_expertise`` and ``benefits``, each with
its ``*_header`` (joined into the description under those headings), ``location``
(``name``, ``city``, ``province``), ``workplace_type`` (onsite, hybrid, remote),
``employment_type`` / ``employment_type_text``, and pay: ``compensation_minimum``,
``compensation_maximum``, ``compensation_currency`` and ``compensation_frequency`` ("year",
"per year", "hour", "week", ...), shown only when ``compensation_visible`` is true (a hidden
figure is no figure). An entry without a title, url or id is left out and counted
(``skipped``). Closing: a posting leaves the document.

Format learned from open-source clients' code and tests modelled on the live feed (field
names and nesting); no full capture was found, so the golden document is written by hand in
that shape with invented employers.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from pipeline.records import RawPosting, Salary
from pipeline.sources import SourceConfig
from spiders.common import number, obj, require, text, unique
from spiders.kinds import ExtractError, Skipped, load_json
from spiders.unreadable import as_skipped, read_each

KIND = "pinpoint"
HOST_CONCURRENCY = 2  # per host: at most two requests in flight (spiders.settings.host_slots)
SECTIONS = ("key_responsibilities", "skills_knowledge_expertise", "benefits")
WORKPLACES = {"onsite": "onsite", "on_site": "onsite", "hybrid": "hybrid", "remote": "remote"}
PERIODS = {"year": "YEAR", "annual": "YEAR", "annually": "YEAR", "month": "MONTH",
           "week": "WEEK", "day": "DAY", "hour": "HOUR"}  # fmt: skip


def start_urls(source: SourceConfig) -> list[str]:
    parts = urlsplit(source.url)
    if not parts.netloc:
        raise ExtractError(f"not a Pinpoint careers URL: {source.url}")
    return [f"{parts.scheme or 'https'}://{parts.netloc}/postings.json"]


def _pay(posting: dict[str, Any]) -> Salary | None:
    if posting.get("compensation_visible") is not True:
        return None
    low = number(posting.get("compensation_minimum"))
    high = number(posting.get("compensation_maximum"))
    if low is None and high is None:
        return None
    freq = (text(posting.get("compensation_frequency")) or "").lower().removeprefix("per ")
    currency = text(posting.get("compensation_currency"))
    return Salary(low, high, currency.upper() if currency else None, PERIODS.get(freq.strip()))


def _description(posting: dict[str, Any]) -> str | None:
    parts = [text(posting.get("description"))]
    for name in SECTIONS:
        body = text(posting.get(name))
        if body:
            header = text(posting.get(f"{name}_header"))
            parts.append(f"<h3>{header}</h3>{body}" if header else body)
    return "\n".join(p for p in parts if p) or None


def _location(loc: dict[str, Any]) -> str | None:
    name = text(loc.get("name"))
    city, province = text(loc.get("city")), text(loc.get("province"))
    if city and province and province not in (name or ""):
        return f"{city}, {province}"
    return name or city


def _posting(i: int, posting: Any) -> RawPosting:
    title, link = require(posting, i, "title", "url")
    ident = text(posting.get("id"))  # a numeric string in the feed; a number is read too
    if ident is None or isinstance(posting.get("id"), bool):
        raise ExtractError(f"malformed posting #{i}: 'id' is missing")
    pay = _pay(posting)
    workplace = (text(posting.get("workplace_type")) or "").lower()
    return RawPosting(
        source_name="",
        source_kind=KIND,
        url=link,
        title=title,
        external_id=ident,
        locations=unique([_location(obj(posting.get("location")))]),
        workplace=WORKPLACES.get(workplace),
        description_html=_description(posting),
        salary=pay,
        salary_origin="structured" if pay else None,
        employment_type=text(posting.get("employment_type_text"))
        or text(posting.get("employment_type")),
        apply_url=link,
    )


@lru_cache(maxsize=4)
def _board(body: bytes) -> tuple[tuple[RawPosting, ...], tuple[str, ...]]:
    """The board's postings, and why each entry that made none could not be read."""
    data = load_json(body, "Pinpoint postings", dict)
    if not isinstance(data.get("data"), list):
        raise ExtractError("expected a Pinpoint postings object with a 'data' list")
    out, bad = read_each(data["data"], _posting)
    return tuple(out), tuple(bad)


def extract(url: str, body: bytes) -> list[RawPosting]:
    return list(_board(body)[0])


def skipped(url: str, body: bytes) -> list[Skipped]:
    """Entries without a title, a url or an id: left out and counted (``spiders.unreadable``)."""
    return as_skipped(_board(body)[1])


def next_pages(url: str, body: bytes) -> list[str]:
    return []  # one document holds the whole board
