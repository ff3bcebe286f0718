"""Rippling ATS job boards: ``ats.rippling.com/{board}/jobs``, read through the board's JSON API.

The board page is a JavaScript app over a public API, read here directly:

* list: ``GET https://api.rippling.com/platform/api/ats/v1/board/{board}/jobs`` gives a JSON
  array, the whole board in one response (no paging); each entry has ``uuid`` (Rippling's job
  id: the external id) and a title, but no description, so entries emit nothing and each
  job's detail is fetched once.
* detail: ``GET …/board/{board}/jobs/{uuid}`` gives one object: ``name``, ``description``
  (``company`` and ``role``, HTML, joined), ``workLocations`` (strings; "Remote" among them
  marks the job remote), ``department.name``, ``companyName``, ``employmentType.label``
  (``SALARIED_FT``, ``HOURLY_PT``, ``CONTRACT``, ...), ``createdOn`` and
  ``payRangeDetails`` (``rangeStart``, ``rangeEnd``, ``currency``, ``frequency``: ANNUAL,
  MONTHLY, HOURLY...), one range per pay zone: the first is the structured pay, and when
  there are several, every range is also written out in ``salary_text`` (none dropped).

The public page of a job is ``https://ats.rippling.com/{board}/jobs/{uuid}``. Closing: a job
leaves the list (one complete crawl, the API being the board's own list).

Format learned from Jobseek's Rippling monitor, detail scraper and their tests (MIT,
colophon-group/jobseek: endpoints, field names, pay ranges); no full capture was found, so
the goldens are written by hand in that shape with invented employers.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from pipeline.records import RawPosting, Salary
from pipeline.sources import SourceConfig
from spiders.common import items, number, obj, text, unique
from spiders.kinds import ExtractError, load_json

KIND = "rippling"
HOST_CONCURRENCY = 2  # per host: at most two requests in flight (spiders.settings.host_slots)
API = "https://api.rippling.com/platform/api/ats/v1/board"
BOARD = re.compile(r"^/(?:[a-z]{2}-[A-Z]{2}/)?(?P<board>[\w-]+)/jobs(?:/|$)")
_API_PATH = re.compile(
    r"^/platform/api/ats/v1/board/(?P<board>[\w-]+)/jobs(?:/(?P<uuid>[\w-]+))?/?$"
)
PERIODS = {"annual": "YEAR", "annually": "YEAR", "year": "YEAR", "yearly": "YEAR",
           "monthly": "MONTH", "month": "MONTH", "weekly": "WEEK", "week": "WEEK",
           "daily": "DAY", "day": "DAY", "hourly": "HOUR", "hour": "HOUR"}  # fmt: skip
IGNORED = frozenset({"api", "platform", "static", "assets", "js", "css"})


def board_of(url: str) -> str | None:
    """The board name of an ``ats[.region].rippling.com/{board}/jobs`` address."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not re.match(r"^ats\.(?:\w+\.)?rippling\.com$", host):
        return None
    m = BOARD.match(parts.path)
    return m["board"] if m and m["board"] not in IGNORED else None


def _api_base(url: str) -> str:
    """The list URL's own origin and path up to the board: a mirror stays a mirror."""
    parts = urlsplit(url)
    m = _API_PATH.match(parts.path)
    if m is None:
        raise ExtractError("expected a Rippling board API URL (…/ats/v1/board/NAME/jobs)")
    return f"{parts.scheme}://{parts.netloc}/platform/api/ats/v1/board/{m['board']}/jobs"


def start_urls(source: SourceConfig) -> list[str]:
    if _API_PATH.match(urlsplit(source.url).path):
        return [_api_base(source.url)]
    board = board_of(source.url)
    if board is None:
        raise ExtractError(
            f"not a Rippling job board URL (ats.rippling.com/NAME/jobs): {source.url}"
        )
    return [f"{API}/{board}/jobs"]


def _pay(ranges: list[Any]) -> Salary | None:
    first = obj(ranges[0]) if ranges else {}
    low, high = number(first.get("rangeStart")), number(first.get("rangeEnd"))
    if low is None and high is None:
        return None
    currency = text(first.get("currency"))
    period = PERIODS.get((text(first.get("frequency")) or "").lower(), "YEAR")
    return Salary(low, high, currency.upper() if currency else None, period)


def _ranges_text(ranges: list[Any]) -> str | None:
    """Every pay zone's range as text, when there is more than one (else None)."""
    if len(ranges) < 2:
        return None
    parts = []
    for r in map(obj, ranges):
        low, high = text(r.get("rangeStart")), text(r.get("rangeEnd"))
        span = "–".join(p for p in (low, high) if p)
        unit = " ".join(p for p in (text(r.get("currency")), text(r.get("frequency"))) if p)
        parts.append(f"{span} {unit}".strip())
    return "; ".join(p for p in parts if p) or None


def _workplace(places: tuple[str, ...]) -> str | None:
    lowered = " ".join(places).lower()
    for word, value in (("hybrid", "hybrid"), ("remote", "remote")):
        if word in lowered:
            return value
    return None


def extract(url: str, body: bytes) -> list[RawPosting]:
    m = _API_PATH.match(urlsplit(url).path)
    if m is None:
        raise ExtractError("expected a Rippling board API URL (…/ats/v1/board/NAME/jobs)")
    if m["uuid"] is None:
        _list_ids(url, body)  # the list: jobs are emitted from their details
        return []
    job = load_json(body, "Rippling job", dict)
    title = text(job.get("name"))
    if not title:
        raise ExtractError("a Rippling job detail without a name")
    desc = obj(job.get("description"))
    description = "\n".join(p for p in (text(desc.get("company")), text(desc.get("role"))) if p)
    places = unique([text(p) for p in items(job.get("workLocations"))])
    ranges = items(job.get("payRangeDetails"))
    pay = _pay(ranges)
    etype = obj(job.get("employmentType"))
    link = text(job.get("url")) or f"https://ats.rippling.com/{m['board']}/jobs/{m['uuid']}"
    return [
        RawPosting(
            source_name="",
            source_kind=KIND,
            url=link,
            title=title,
            external_id=m["uuid"],
            company=text(job.get("companyName")),
            locations=places,
            workplace=_workplace(places),
            description_html=description or None,
            salary=pay,
            salary_text=_ranges_text(ranges),
            salary_origin="structured" if pay else None,
            employment_type=text(etype.get("label")) or text(etype.get("id")),
            department=text(obj(job.get("department")).get("name")),
            posted_at=text(job.get("createdOn")),
            apply_url=link,
        )
    ]


def _list_ids(url: str, body: bytes) -> list[str]:
    out = []
    for i, entry in enumerate(load_json(body, "Rippling board jobs", list)):
        ident = obj(entry).get("uuid")
        if not isinstance(ident, str) or not re.fullmatch(r"[\w-]+", ident):
            raise ExtractError(f"malformed posting #{i}: 'uuid' {ident!r:.40} is not a job id")
        out.append(ident)
    return list(dict.fromkeys(out))


def next_pages(url: str, body: bytes) -> list[str]:
    return []  # the list is the whole board


def detail_urls(url: str, body: bytes) -> list[str]:
    m = _API_PATH.match(urlsplit(url).path)
    if m is not None and m["uuid"]:
        return []
    base = _api_base(url)
    return [f"{base}/{ident}" for ident in _list_ids(url, body)]
