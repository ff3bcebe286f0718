"""Recruitee careers sites: ``{company}.recruitee.com/api/offers/``.

Emits one ``RawPosting`` per published offer from the single JSON response (no pagination).
Fields: ``careers_url`` (posting page), ``careers_apply_url``, ``description`` followed by
``requirements`` (two HTML fragments the hosted page shows one after the other),
``locations`` (city/state/country each), ``remote``/``hybrid``/``on_site`` flags,
``salary`` (string amounts, ``period`` year/month/week/day/hour), ``published_at``, and
``close_at``, the closing date, as ``valid_through``. Quirks: ``employment_type_code`` is an
enum ("fulltime_permanent", "parttime_fixed_term"); when it says neither full nor part time,
``min/max_hours_per_week`` decide (at most 30 hours a week is part time). Offers whose
``status`` is not "published" are skipped; ``mailbox_email`` (a per-offer inbox) never lands.
"""

from __future__ import annotations

from typing import Any

from pipeline.records import RawPosting, Salary
from spiders.common import items, number, obj, require, text, unique
from spiders.kinds import ExtractError, load_json

KIND = "recruitee"
PERIODS = {"year": "YEAR", "month": "MONTH", "week": "WEEK", "day": "DAY", "hour": "HOUR"}
PART_TIME_HOURS = 30


def _salary(offer: dict[str, Any]) -> Salary | None:
    pay = obj(offer.get("salary"))
    low, high = number(pay.get("min")), number(pay.get("max"))
    if not low and not high:
        return None
    period = PERIODS.get(str(pay.get("period") or "").lower())
    return Salary(low, high, text(pay.get("currency")), period)


def _employment(offer: dict[str, Any]) -> str | None:
    code = text(offer.get("employment_type_code"))
    if code and ("full" in code or "part" in code):
        return code
    hours = number(offer.get("max_hours_per_week")) or number(offer.get("max_hours"))
    if hours:
        schedule = "part-time" if hours <= PART_TIME_HOURS else "full-time"
        return f"{code}, {schedule}" if code else schedule
    return code


def _workplace(offer: dict[str, Any]) -> str | None:
    if offer.get("remote") is True:
        return "remote"
    if offer.get("hybrid") is True:
        return "hybrid"
    return "onsite" if offer.get("on_site") is True else None


def _places(offer: dict[str, Any]) -> tuple[str, ...]:
    out: list[str | None] = []
    for loc in items(offer.get("locations")):
        loc = obj(loc)
        parts = [text(loc.get(k)) for k in ("city", "state", "country")]
        out.append(", ".join(dict.fromkeys(p for p in parts if p)) or text(loc.get("name")))
    return unique(out) or unique([text(offer.get("location"))])


def extract(url: str, body: bytes) -> list[RawPosting]:
    data = load_json(body, "Recruitee offers", dict)
    if not isinstance(data.get("offers"), list):
        raise ExtractError("expected a Recruitee object with an 'offers' list")
    out = []
    for i, offer in enumerate(data["offers"]):
        status = offer.get("status", "published") if isinstance(offer, dict) else None
        if isinstance(status, str) and status != "published":
            continue  # drafts and closed offers are not on the careers site
        if isinstance(offer, dict) and not isinstance(status, str):
            raise ExtractError(f"malformed posting #{i}: 'status' is not text")
        title, link = require(offer, i, "title", "careers_url")
        parts = [text(offer.get("description")), text(offer.get("requirements"))]
        pay = _salary(offer)
        out.append(
            RawPosting(
                source_name="",
                source_kind=KIND,
                url=link,
                title=title,
                external_id=text(offer.get("id")) or text(offer.get("guid")),
                company=text(offer.get("company_name")),
                locations=_places(offer),
                workplace=_workplace(offer),
                description_html="\n".join(p for p in parts if p) or None,
                salary=pay,
                salary_origin="structured" if pay else None,
                employment_type=_employment(offer),
                department=text(offer.get("department")),
                posted_at=text(offer.get("published_at")) or text(offer.get("created_at")),
                updated_at=text(offer.get("updated_at")),
                valid_through=text(offer.get("close_at")),
                apply_url=text(offer.get("careers_apply_url")) or link,
                country=text(offer.get("country_code")),
            )
        )
    return out


def next_pages(url: str, body: bytes) -> list[str]:
    return []
