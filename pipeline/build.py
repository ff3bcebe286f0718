"""From what a site said to the normalized record: ``RawPosting`` -> ``Posting``.

``build_posting`` runs every normalizer and the classifier; it never raises on bad site
data (a field it cannot read becomes ``None``). Only a ``RawPosting`` without the three
required fields is a bug, and the dataclass already prevents that.

Identity: ``posting_key`` is ``"<source>:<external id>"`` when the source gives an id,
else ``"<source>:<canonical url>"``.

Change detection: ``fingerprint`` is ``"v1:" + sha256`` over canonical JSON (sorted
keys, no whitespace, UTF-8 not escaped: ``json.dumps(..., sort_keys=True,
separators=(",", ":"), ensure_ascii=False)``) of the fields in ``FINGERPRINT_FIELDS``,
datetimes as UTC ISO 8601 and tuples as lists — what a reader of the job would call its
content:

- IN: title, company, locations (as listed), workplace, employment_type, salary_min,
  salary_max, salary_currency, salary_period, description_text (whitespace collapsed),
  valid_through, apply_url (canonicalized, so tracking parameters do not count).
- OUT: fetched_at (every crawl differs), posted_at and updated_at (boards re-stamp
  them without changing the job), url (the key already covers it; tracking parameters
  vary), description_html (markup churn; its text is in), derived values (normalized
  title/company, annualized pay, category, seniority) which follow from the fields in,
  and change when our rules change rather than when the job does.

Bump the ``v1`` prefix when the field list or the canonical form changes, so stored
fingerprints are not compared across versions. ``fingerprint`` writes that JSON text
itself for the value types a ``Posting`` holds (str, None, float, int, tuple of str,
datetime), byte for byte what ``json.dumps`` gives (about 3x cheaper; the test
``test_fingerprint_is_the_documented_json`` holds it to that), and defers to
``json.dumps`` for anything else; the value did not change, so it is still ``v1``.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from datetime import UTC, datetime
from json.encoder import encode_basestring
from typing import Any

from pipeline import safety
from pipeline.classify import hr_category, seniority
from pipeline.general import is_general_application
from pipeline.normalize import (
    annualize,
    canonical_url,
    employment_type,
    normalize_company,
    normalize_title,
    parse_date,
    parse_salary,
)
from pipeline.normalize.dates import date_order, parse_closing_date
from pipeline.normalize.paytext import pay_from_text
from pipeline.normalize.places import parse_places, place_label
from pipeline.normalize.salary import repair_structured
from pipeline.normalize.terms import Terms, read_terms
from pipeline.normalize.text import clean_description
from pipeline.records import WORKPLACES, Location, Posting, RawPosting, Salary

FINGERPRINT_VERSION = "v1"
FINGERPRINT_FIELDS: tuple[str, ...] = (
    "title",
    "company",
    "locations",
    "workplace",
    "employment_type",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "description_text",
    "valid_through",
    "apply_url",
)
fingerprint_fields = FINGERPRINT_FIELDS  # the name other stages import

# Currency implied by a source's configured country, when the source does not say.
_COUNTRY_CURRENCY = {"CA": "CAD", "US": "USD", "GB": "GBP", "AU": "AUD", "NZ": "NZD"}
_EURO = {"AT", "BE", "CY", "DE", "EE", "ES", "FI", "FR", "GR", "HR", "IE", "IT", "LT", "LU"}
_EURO |= {"LV", "MT", "NL", "PT", "SI", "SK"}


# A remote ad's restriction that is a country, not a region (the provinces are in CA).
_REGION_COUNTRY = {"Canada": "CA", "United States": "US"}


def _currency_for(raw: RawPosting) -> str | None:
    if raw.default_currency:
        return raw.default_currency
    country = (raw.country or "").upper()
    return _COUNTRY_CURRENCY.get(country) or ("EUR" if country in _EURO else None)


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    # The same as collapsing \s+ to one space and stripping (str.split uses the same set).
    return " ".join(value.split()) or None


# Keys in the order sort_keys gives, each with its JSON key text.
_FP_KEYS = tuple((name, encode_basestring(name) + ":") for name in sorted(FINGERPRINT_FIELDS))


def _json_float(value: float) -> str:
    if math.isfinite(value):
        return float.__repr__(value)
    return json.dumps(value)  # NaN, Infinity as json writes them


def _json_strings(value: tuple[Any, ...]) -> str:
    for x in value:
        if type(x) is not str:
            return _json_other(value)
    return "[" + ",".join([encode_basestring(x) for x in value]) + "]"


def _json_other(value: Any) -> str:
    if isinstance(value, datetime):
        return encode_basestring(value.astimezone(UTC).isoformat())
    if isinstance(value, tuple):
        value = list(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# ``json.dumps(value, separators=(",", ":"), ensure_ascii=False)`` by exact type; other
# types (datetime, subclasses, containers) go through _json_other.
_JSON_BY_TYPE: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    type(None): lambda _: "null",
    float: _json_float,
    int: int.__repr__,
    tuple: _json_strings,
}


def fingerprint(content: dict[str, Any]) -> str:
    """Versioned content hash of the ``FINGERPRINT_FIELDS`` in ``content``."""
    parts = []
    for name, key in _FP_KEYS:
        value = content.get(name)
        if name == "description_text" and isinstance(value, str):
            value = " ".join(value.split())
        parts.append(key + _JSON_BY_TYPE.get(type(value), _json_other)(value))
    blob = "{" + ",".join(parts) + "}"
    # surrogatepass: a lone surrogate from a broken page hashes instead of raising; every
    # other string encodes exactly as plain UTF-8.
    digest = hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{FINGERPRINT_VERSION}:{digest}"


def _places(raw: RawPosting) -> tuple[Location | None, tuple[str, ...]]:
    """The primary place (the first that names a place, else the first workplace) and every
    place's label, in the order the source listed them ("Toronto or Vancouver" is two)."""
    default = (raw.country or "").upper() or None
    primary: Location | None = None
    first_any: Location | None = None
    labels: dict[str, None] = {}
    for text in raw.locations:
        for loc in parse_places(text, default_country=default):
            if primary is None and (loc.city or loc.region or loc.country):
                primary = loc
            first_any = first_any or loc
            labels.setdefault(place_label(loc))
    return primary or first_any, tuple(labels)


def _salary(raw: RawPosting) -> tuple[Salary | None, str | None, str | None]:
    """The stated pay: structured, else the source's pay field; (salary, origin, its words)."""
    if isinstance(raw.salary, Salary) and (raw.salary.min or raw.salary.max):
        return repair_structured(raw.salary), raw.salary_origin or "structured", None
    if raw.salary_text:
        parsed = parse_salary(raw.salary_text, _currency_for(raw))
        if parsed is not None:
            return parsed, raw.salary_origin or "text", _clean(raw.salary_text)
    return None, None, None


def _read_text(
    raw: RawPosting, description_text: str | None, stated: Salary | None
) -> tuple[Salary | None, str | None, Terms]:
    """Pay and terms the description states, for what the source left unsaid (issue 19).

    Kept apart from the fingerprint (``build_posting``): they follow from description_text,
    which is in it, and change when these rules do, not when the job does.
    """
    if not description_text:
        return None, None, Terms()
    pay = pay_from_text(description_text, _currency_for(raw)) if stated is None else None
    return (
        (pay.salary, pay.snippet, read_terms(description_text))
        if pay
        else (None, None, read_terms(description_text))
    )


def build_posting(raw: RawPosting, now: datetime) -> Posting:
    """The normalized ``Posting`` for ``raw``, as of ``now`` (its ``fetched_at``)."""
    now = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
    # what XML, e-mail and UTF-8 cannot carry goes first, so nothing downstream sees it (the
    # description is cleaned on its way through clean_description)
    raw = safety.safe_record(raw, skip=("description_html",))
    title = _clean(raw.title) or ""
    company = _clean(raw.company)
    external_id = _clean(str(raw.external_id)) if raw.external_id is not None else None
    url = canonical_url(raw.url or "")
    key = f"{raw.source_name}:{external_id}" if external_id else f"{raw.source_name}:{url}"

    loc, places = _places(raw)
    workplace = (raw.workplace or "").strip().lower() or None
    if workplace not in WORKPLACES:
        workplace = loc.workplace if loc else None

    description_html, description_text = clean_description(raw.description_html)

    salary, origin, salary_words = _salary(raw)
    text_pay, text_words, terms = _read_text(raw, description_text, salary)
    stated_workplace = workplace
    workplace = workplace or terms.workplace
    city, region = (loc.city, loc.region) if loc else (None, None)
    country = loc.country if loc and loc.country else (raw.country or None)
    pay = salary or text_pay
    # hours and weeks a year of the country the job is paid in, whatever place it keeps
    annual_min, annual_max = annualize(pay, country) if pay else (None, None)
    if workplace == "remote" and not (loc and loc.workplace == "remote"):
        # A remote job's office address is not where it is done (issue 19: a remote job's
        # place is empty): keep only what the ad restricts hires to, "Remote - Ontario
        # residents" (Ontario, CA) or "must reside in Canada" (CA). A place string that is
        # itself remote ("Remote - Canada") already says what it restricts and stays.
        restricted = terms.remote_region
        city = None
        region = restricted if restricted not in _REGION_COUNTRY else None
        country = _REGION_COUNTRY.get(restricted or "", "CA" if restricted else None)
    apply_url = canonical_url(raw.apply_url) if raw.apply_url and _clean(raw.apply_url) else None
    # A closing date is legitimately in the future: no future cap for it.
    order = date_order(raw.language, raw.country)
    valid_through = parse_closing_date(raw.valid_through, now, order) if raw.valid_through else None
    emp = employment_type(raw.employment_type) if raw.employment_type else None
    stated_emp = emp
    emp = emp or terms.employment_type
    locations = tuple(s for s in (_clean(x) for x in raw.locations) if s)

    # The fingerprint holds what the source stated; what we read from the description
    # follows from description_text (in it) and changes with our rules, not the job.
    content: dict[str, Any] = {
        "title": title,
        "company": company,
        "locations": locations,
        "workplace": stated_workplace,
        "employment_type": stated_emp,
        "salary_min": salary.min if salary else None,
        "salary_max": salary.max if salary else None,
        "salary_currency": salary.currency if salary else None,
        "salary_period": salary.period if salary else None,
        "description_text": description_text,
        "valid_through": valid_through,
        "apply_url": apply_url,
    }
    return Posting(
        source_name=raw.source_name,
        source_kind=raw.source_kind,
        posting_key=key,
        external_id=external_id,
        url=raw.url,
        title=title,
        title_normalized=normalize_title(title),
        company=company,
        company_normalized=normalize_company(company),
        location_city=city,
        location_region=region,
        location_country=country,
        locations=locations,
        workplace=workplace,
        employment_type=emp,
        salary_min=pay.min if pay else None,
        salary_max=pay.max if pay else None,
        salary_currency=pay.currency if pay else None,
        salary_period=pay.period if pay else None,
        salary_annual_min=annual_min,
        salary_annual_max=annual_max,
        salary_origin=origin or ("text" if text_pay else None),
        posted_at=parse_date(raw.posted_at, now, order) if raw.posted_at else None,
        valid_through=valid_through,
        apply_url=apply_url,
        description_html=description_html,
        description_text=description_text,
        department=_clean(raw.department),
        hr_category=hr_category(title, description_text or "", raw.department),
        seniority=seniority(title),
        fingerprint=fingerprint(content),
        fetched_at=now,
        places=places,
        salary_text=salary_words or text_words,
        office_days=terms.office_days if workplace == "hybrid" else None,
        contract_months=terms.contract_months,
        general_application=is_general_application(title, raw.general_application),
    )
