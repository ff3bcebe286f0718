"""Comeet positions: the public careers API, or the hosted board's embedded copy of it.

* API: ``GET https://www.comeet.co/careers-api/2.0/company/{company-uid}/positions?token=T
  &details=true`` gives a JSON array, one object per open position, with everything a record
  needs (no paging, no detail request). The token is public (each custom careers page embeds
  this URL) but cannot be guessed: a URL without it is refused.
* hosted board: ``https://www.comeet.com/jobs/{company}/{company-uid}`` embeds the same array
  as ``COMPANY_POSITIONS_DATA = [...];`` in a script; read from there when that page is pasted.

Position fields: ``uid`` (Comeet's position id, "AB.123": the external id), ``name``,
``department``, ``employment_type``, ``experience_level``, ``workplace_type`` (On-site,
Hybrid, Remote), ``location`` (``name``, ``city``, ``state``, ``country``, ``is_remote``),
``company_name``, ``time_updated``, the public pages ``url_active_page`` /
``url_comeet_hosted_page`` (the first present is the URL), and ``details`` (the hosted board:
``custom_fields.details``), named HTML sections with an ``order``, joined into the
description under their names. No pay field. Closing: a position leaves the array.

Format learned from Jobseek's Comeet monitor and its tests (MIT, colophon-group/jobseek: the
endpoint, the token, ``details=true``, the field names and the embedded-data marker); no full
capture was found, so the goldens are written by hand in that shape with invented employers.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pipeline.records import RawPosting
from pipeline.sources import SourceConfig
from spiders.common import items, obj, text, unique, with_query
from spiders.kinds import ExtractError, load_json

KIND = "comeet"
HOST_CONCURRENCY = 2  # per host: at most two requests in flight (spiders.settings.host_slots)
API_PATH = re.compile(r"^/careers-api/2\.0/company/(?P<company>[A-Za-z0-9.]+)/positions/?$")
_MARKER = "COMPANY_POSITIONS_DATA = "
URL_FIELDS = ("url_active_page", "url_comeet_hosted_page", "url_recruit_hosted_page")
WORKPLACES = {"on-site": "onsite", "onsite": "onsite", "on site": "onsite",
              "hybrid": "hybrid", "remote": "remote"}  # fmt: skip


def hosted_board(url: str) -> bool:
    parts = urlsplit(url)
    segs = [s for s in parts.path.split("/") if s]
    return (parts.hostname or "").lower() in ("comeet.com", "www.comeet.com") and (
        len(segs) >= 3 and segs[0] == "jobs"
    )


def start_urls(source: SourceConfig) -> list[str]:
    parts = urlsplit(source.url)
    if hosted_board(source.url):
        segs = [s for s in parts.path.split("/") if s]
        return [f"{parts.scheme or 'https'}://{parts.netloc}/jobs/{segs[1]}/{segs[2]}"]
    if API_PATH.match(parts.path) is None:
        raise ExtractError(
            f"not a Comeet careers URL: {source.url} (paste the careers-api URL "
            "/careers-api/2.0/company/UID/positions?token=... or www.comeet.com/jobs/NAME/UID)"
        )
    if not parse_qs(parts.query).get("token"):
        raise ExtractError(
            "a Comeet careers-api URL without its token: copy the whole URL, ?token=... "
            "included, from the employer's careers page"
        )
    return [with_query(source.url, details="true")]


def _positions(body: bytes) -> list[Any]:
    if body.lstrip()[:1] == b"<":
        page = body.decode("utf-8", "replace")
        at = page.find(_MARKER)
        if at < 0:
            raise ExtractError("expected a Comeet board page with COMPANY_POSITIONS_DATA, got "
                               "HTML without it")  # fmt: skip
        try:
            data, _ = json.JSONDecoder().raw_decode(page, at + len(_MARKER))
        except (ValueError, RecursionError) as e:
            raise ExtractError(
                f"a Comeet board page whose COMPANY_POSITIONS_DATA is not JSON ({e})"
            ) from e
        if not isinstance(data, list):
            raise ExtractError("expected a Comeet COMPANY_POSITIONS_DATA list")
        return data
    data = load_json(body, "Comeet positions", list)
    return list(data)


def _order(value: Any) -> int:
    return value if isinstance(value, int) else 0


def _description(position: dict[str, Any]) -> str | None:
    sections = position.get("details")
    if not isinstance(sections, list):
        sections = obj(position.get("custom_fields")).get("details")
    ordered = sorted(
        (s for s in items(sections) if isinstance(s, dict)),
        key=lambda s: _order(s.get("order")),
    )
    parts = []
    for section in ordered:
        body = text(section.get("value"))
        if body:
            name = text(section.get("name"))
            parts.append(f"<h3>{html.escape(name)}</h3>\n{body}" if name else body)
    return "\n".join(parts) or None


def _location(position: dict[str, Any]) -> str | None:
    loc = position.get("location")
    if isinstance(loc, str):
        return text(loc)
    loc = obj(loc)
    return text(loc.get("name")) or (
        ", ".join(p for p in (text(loc.get(k)) for k in ("city", "state", "country")) if p) or None
    )


def extract(url: str, body: bytes) -> list[RawPosting]:
    out = []
    for i, position in enumerate(_positions(body)):
        if not isinstance(position, dict):
            raise ExtractError(f"malformed posting #{i}: not an object")
        ident, title = text(position.get("uid")), text(position.get("name"))
        link = next((text(position.get(f)) for f in URL_FIELDS if text(position.get(f))), None)
        if not ident or not title or not link:
            raise ExtractError(f"malformed posting #{i}: 'uid', 'name' or its page URL is missing")
        workplace = WORKPLACES.get((text(position.get("workplace_type")) or "").lower())
        if workplace is None and obj(position.get("location")).get("is_remote") is True:
            workplace = "remote"
        out.append(
            RawPosting(
                source_name="",
                source_kind=KIND,
                url=link,
                title=title,
                external_id=ident,
                company=text(position.get("company_name")),
                locations=unique([_location(position)]),
                workplace=workplace,
                description_html=_description(position),
                employment_type=text(position.get("employment_type")),
                department=text(position.get("department")),
                updated_at=text(position.get("time_updated")),
                apply_url=link,
            )
        )
    return out


def next_pages(url: str, body: bytes) -> list[str]:
    return []  # one response holds every open position
