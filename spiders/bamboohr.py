"""BambooHR careers sites: ``{company}.bamboohr.com/careers``, a JSON list plus one detail each.

The careers page is a JavaScript app over two public JSON endpoints, read here directly:

* list: ``GET /careers/list`` gives ``{"meta": {"totalCount": N}, "result": [...]}``, the
  whole board in one response (no paging). Entries have ``id`` (a numeric string, BambooHR's
  job opening id: the external id), ``jobOpeningName``, ``departmentLabel``,
  ``employmentStatusLabel``, ``location`` (``city``/``state``), ``atsLocation``
  (``city``/``province``/``state``/``country``), ``isRemote`` and ``locationType``, but no
  description and no date, so list entries emit nothing and each opening's detail is fetched.
* detail: ``GET /careers/{id}/detail`` gives ``{"result": {"jobOpening": {...}}}`` with the
  list's fields plus ``description`` (HTML), ``datePosted``, ``compensation`` (free text:
  recorded as ``salary_text``), ``minimumExperience``, ``jobOpeningShareUrl`` (the public
  page, ``/careers/{id}``) and ``jobOpeningStatus``.

``locationType`` is "0" on site, "1" remote, "2" hybrid (``isRemote: true`` is remote too).
A detail whose ``jobOpeningStatus`` is present and not "Open" is the board's own word that the
opening closed: nothing is emitted for it, so it closes as missing from a complete crawl.
A list entry without a name or a numeric id is left out and counted (``skipped``,
``spiders.unreadable``). An unknown company redirects to BambooHR's marketing site (HTML): that fails the source.

Format learned from open-source clients' code and tests that quote live responses (field
names, the string ids, the nesting of ``result.jobOpening``); no full capture was found, so
the golden responses are written by hand in that shape with invented employers.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from pipeline.records import RawPosting
from pipeline.sources import SourceConfig
from spiders.common import items, obj, require, text, unique
from spiders.kinds import ExtractError, Skipped, load_json
from spiders.unreadable import as_skipped, read_each

KIND = "bamboohr"
HOST_CONCURRENCY = 2  # per host: at most two requests in flight (spiders.settings.host_slots)
_DETAIL = re.compile(r"^/careers/(?P<id>\d+)/detail/?$")
WORKPLACES = {"0": "onsite", "1": "remote", "2": "hybrid"}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme or 'https'}://{parts.netloc}"


def start_urls(source: SourceConfig) -> list[str]:
    if not urlsplit(source.url).netloc:
        raise ExtractError(f"not a BambooHR careers URL: {source.url}")
    return [f"{_origin(source.url)}/careers/list"]


def _load(body: bytes) -> dict[str, Any]:
    data = load_json(body, "BambooHR careers", dict)
    result = data.get("result")
    if isinstance(result, list) or isinstance(obj(result).get("jobOpening"), dict):
        return data
    raise ExtractError(
        "expected a BambooHR careers list ('result' list) or detail ('result.jobOpening')"
    )


def _location(opening: dict[str, Any]) -> str | None:
    loc, ats = obj(opening.get("location")), obj(opening.get("atsLocation"))
    parts = [
        text(loc.get("city")) or text(ats.get("city")),
        text(loc.get("state")) or text(ats.get("province")) or text(ats.get("state")),
        text(loc.get("addressCountry")) or text(ats.get("country")),
    ]
    return ", ".join(p for p in parts if p) or None


def _workplace(opening: dict[str, Any]) -> str | None:
    if opening.get("isRemote") is True:
        return "remote"
    return WORKPLACES.get(str(text(opening.get("locationType")) or ""))


def extract(url: str, body: bytes) -> list[RawPosting]:
    data = _load(body)
    if isinstance(data["result"], list):
        return []  # the list: openings are emitted from their details
    m = _DETAIL.match(urlsplit(url).path)
    opening = data["result"]["jobOpening"]
    title = text(opening.get("jobOpeningName"))
    if not title or m is None:
        raise ExtractError(
            "a BambooHR detail without a jobOpeningName, or not at /careers/ID/detail"
        )
    status = text(opening.get("jobOpeningStatus"))
    if status is not None and status.lower() != "open":
        return []  # closed by the board's own word
    link = text(opening.get("jobOpeningShareUrl")) or f"{_origin(url)}/careers/{m['id']}"
    return [
        RawPosting(
            source_name="",
            source_kind=KIND,
            url=link,
            title=title,
            external_id=m["id"],
            locations=unique([_location(opening)]),
            workplace=_workplace(opening),
            description_html=text(opening.get("description")),
            salary_text=text(opening.get("compensation")),
            salary_origin="text" if text(opening.get("compensation")) else None,
            employment_type=text(opening.get("employmentStatusLabel")),
            department=text(opening.get("departmentLabel")),
            posted_at=text(opening.get("datePosted")),
            apply_url=link,
        )
    ]


def next_pages(url: str, body: bytes) -> list[str]:
    return []  # the list is the whole board


def _detail_url(origin: str, i: int, entry: Any) -> str:
    require(entry, i, "jobOpeningName")
    ident = text(entry.get("id"))  # a numeric string in every response seen
    if ident is None or not ident.isdigit() or isinstance(entry.get("id"), bool):
        raise ExtractError(f"malformed posting #{i}: 'id' {entry.get('id')!r:.40} is not an id")
    return f"{origin}/careers/{ident}/detail"


@lru_cache(maxsize=4)
def _listing(url: str, body: bytes) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The list's detail URLs, and why each entry that has none could not be read."""
    data = _load(body)
    origin = _origin(url)
    out, bad = read_each(items(data.get("result")), lambda i, e: _detail_url(origin, i, e))
    return tuple(dict.fromkeys(out)), tuple(bad)


def detail_urls(url: str, body: bytes) -> list[str]:
    return list(_listing(url, body)[0])


def skipped(url: str, body: bytes) -> list[Skipped]:
    """List entries without a name or an id (no detail to fetch). A detail whose status is not
    "Open" is not a skip: it is the board's own word that the opening closed."""
    if _DETAIL.match(urlsplit(url).path):
        return []
    return as_skipped(_listing(url, body)[1])
