"""build_posting: the whole path from RawPosting to Posting."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from pipeline.build import FINGERPRINT_FIELDS, build_posting, fingerprint, fingerprint_fields
from pipeline.records import Posting, RawPosting, Salary

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def _raw(**kw: object) -> RawPosting:
    base: dict[str, object] = {
        "source_name": "acme",
        "source_kind": "greenhouse",
        "url": "https://boards.greenhouse.io/acme/jobs/42?gh_src=x&utm_source=li",
        "title": "Senior HR Business Partner (m/f/d) - Toronto, ON",
        "external_id": "42",
        "company": "Acme Inc.",
        "locations": ("Toronto, ON", "Remote - Canada"),
        "description_html": "&lt;p&gt;Partner with leaders on &amp;amp; HR.&lt;/p&gt;",
        "salary_text": "$95,000 - $115,000 per year",
        "employment_type": "Permanent, Full-time",
        "posted_at": "2026-11-20T09:00:00Z",
        "valid_through": "2026-12-31",
        "apply_url": "https://boards.greenhouse.io/acme/jobs/42/apply?utm_campaign=x",
        "country": "CA",
    }
    base.update(kw)
    return RawPosting(**base)  # type: ignore[arg-type]


def test_build_full_record() -> None:
    p = build_posting(_raw(), NOW)
    assert isinstance(p, Posting)
    assert p.posting_key == "acme:42"
    assert p.title_normalized == "senior hr business partner"
    assert p.company_normalized == "acme"
    assert (p.location_city, p.location_region, p.location_country) == (
        "Toronto",
        "Ontario",
        "CA",
    )
    assert p.employment_type == "FULL_TIME"
    assert (p.salary_min, p.salary_max, p.salary_currency, p.salary_period) == (
        95000.0,
        115000.0,
        "CAD",
        "YEAR",
    )
    assert p.salary_origin == "text"
    assert p.salary_annual_min == 95000.0
    assert p.posted_at == datetime(2026, 11, 20, 9, tzinfo=UTC)
    assert p.valid_through == datetime(
        2027, 1, 1, 11, 59, 59, tzinfo=UTC
    )  # all of Dec 31, anywhere
    assert p.description_text == "Partner with leaders on & HR."
    assert p.description_html == "<p>Partner with leaders on &amp; HR.</p>"
    assert p.apply_url == "https://boards.greenhouse.io/acme/jobs/42/apply"
    assert p.hr_category == "hr_business_partner"
    assert p.seniority == "senior"
    assert p.fingerprint.startswith("v1:") and len(p.fingerprint) == 3 + 64
    assert p.fetched_at == NOW


def test_key_falls_back_to_canonical_url() -> None:
    p = build_posting(_raw(external_id=None), NOW)
    assert p.posting_key == "acme:https://boards.greenhouse.io/acme/jobs/42"


def test_structured_salary_wins_and_keeps_origin() -> None:
    s = Salary(30.0, 35.0, "CAD", "HOUR")
    p = build_posting(_raw(salary=s, salary_origin="structured"), NOW)
    assert (p.salary_min, p.salary_period, p.salary_origin) == (30.0, "HOUR", "structured")
    assert p.salary_annual_min == 30.0 * 37.5 * 52


def test_workplace_from_field_then_location() -> None:
    assert build_posting(_raw(workplace="hybrid"), NOW).workplace == "hybrid"
    assert build_posting(_raw(locations=("Remote - Canada",)), NOW).workplace == "remote"
    assert build_posting(_raw(workplace="bogus", locations=()), NOW).workplace is None


def test_fingerprint_ignores_tracking_fetch_time_and_posted_at() -> None:
    a = build_posting(_raw(), NOW)
    b = build_posting(
        _raw(
            url="https://boards.greenhouse.io/acme/jobs/42?fbclid=1",
            posted_at="2026-11-21",
            apply_url="https://boards.greenhouse.io/acme/jobs/42/apply?utm_source=y",
            description_html="<p>Partner  with leaders\non &amp; HR.</p>",
        ),
        datetime(2026, 11, 27, tzinfo=UTC),
    )
    assert a.fingerprint == b.fingerprint


def test_fingerprint_changes_with_content() -> None:
    a = build_posting(_raw(), NOW)
    for change in (
        {"title": "HR Business Partner"},
        {"salary_text": "$100,000 - $120,000"},
        {"locations": ("Ottawa, ON",)},
        {"valid_through": "2027-01-31"},
        {"description_html": "<p>Different</p>"},
    ):
        assert build_posting(_raw(**change), NOW).fingerprint != a.fingerprint, change


def test_fingerprint_fields_documented() -> None:
    assert fingerprint_fields == FINGERPRINT_FIELDS
    assert "fetched_at" not in FINGERPRINT_FIELDS and "posted_at" not in FINGERPRINT_FIELDS
    names = {f.name for f in dataclasses.fields(Posting)}
    assert set(FINGERPRINT_FIELDS) <= names


def test_garbage_never_raises() -> None:
    raw = _raw(
        title="",
        company="   ",
        locations=("", "???", "x" * 10_000),
        description_html="<<<>>>&&&",
        salary_text="lots of money",
        employment_type="whenever",
        posted_at="not a date",
        valid_through="2026-02-30",
        apply_url="ht!tp://[bad",
        external_id="",
    )
    p = build_posting(raw, NOW)
    assert p.posted_at is None and p.valid_through is None and p.salary_min is None
    assert p.hr_category is None
    assert p.posting_key.startswith("acme:https://")


def test_non_hr_title_is_classified_none() -> None:
    p = build_posting(_raw(title="Software Engineer, People Platform"), NOW)
    assert p.hr_category is None


def _documented_fingerprint(content: dict[str, Any]) -> str:
    """The definition in pipeline.build's docstring, written the slow, obvious way."""
    picked: dict[str, Any] = {}
    for name in FINGERPRINT_FIELDS:
        value = content.get(name)
        if isinstance(value, datetime):
            value = value.astimezone(UTC).isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        elif name == "description_text" and isinstance(value, str):
            value = " ".join(value.split())
        picked[name] = value
    blob = json.dumps(picked, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "v1:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"title": 'Café "RH" \\ <b>\u2028\n\t\x00 😀'},
        {"company": None, "locations": (), "apply_url": None},
        {"locations": ("Toronto, ON", "Montréal (QC)")},
        {"salary_min": 95000.0, "salary_max": 1e7, "salary_currency": "CAD"},
        {"salary_min": 0.1 + 0.2, "salary_max": 3},
        {"salary_min": float("nan"), "salary_max": float("inf")},
        {"valid_through": datetime(2026, 12, 31, 5, tzinfo=timezone(timedelta(hours=-5)))},
        {"description_text": "  a\u00a0 b\n\nc  "},
        {"workplace": True, "employment_type": {"b": 1, "a": [2]}},
    ],
)
def test_fingerprint_is_the_documented_json(change: dict[str, Any]) -> None:
    content = {name: getattr(build_posting(_raw(), NOW), name) for name in FINGERPRINT_FIELDS}
    content.update(change)
    assert fingerprint(content) == _documented_fingerprint(content)


def test_lone_surrogate_does_not_raise() -> None:
    p = build_posting(_raw(description_html="\ud800", title="HR \udc00"), NOW)
    assert p.fingerprint.startswith("v1:")
