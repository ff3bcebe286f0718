"""Fuzzing the normalizers end to end and the safety helpers: arbitrary input never raises.

``build_posting`` runs every normalizer (salary, location, dates, employment type, titles,
URLs, HTML) and the classifier on one record; the per-function properties live in
``tests/pipeline/test_properties.py``. The safety helpers must hold their promises on any text.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import safety
from pipeline.build import build_posting
from pipeline.records import RawPosting, Salary

NOW = datetime(2026, 11, 26, tzinfo=UTC)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
text = st.text(max_size=80)
opt = st.none() | text
numbers = (
    st.none() | st.floats(allow_nan=True, allow_infinity=True) | st.integers(-(10**12), 10**12)
)

raw_postings = st.builds(
    RawPosting,
    source_name=st.just("fuzz"),
    source_kind=st.sampled_from(["greenhouse", "lever", "jsonld", "job-feed"]),
    url=text,
    title=text,
    external_id=opt,
    company=opt,
    locations=st.lists(text, max_size=3).map(tuple),
    workplace=opt,
    description_html=opt,
    salary_text=opt,
    salary=st.none() | st.builds(Salary, numbers, numbers, opt, opt),
    employment_type=opt,
    department=opt,
    posted_at=opt,
    updated_at=opt,
    valid_through=opt,
    apply_url=opt,
    country=opt,
    default_currency=opt,
)


@FUZZ
@given(raw_postings)
def test_build_posting_never_raises(raw: RawPosting) -> None:
    posting = build_posting(raw, NOW)
    assert posting.posted_at is None or posting.posted_at.tzinfo is not None


@FUZZ
@given(st.text())
def test_log_safe_is_one_printable_line(value: str) -> None:
    out = safety.log_safe(value)
    assert "\n" not in out and "\r" not in out
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", out)
    assert len(out) <= 500


@FUZZ
@given(
    # a path: "?" or "#" in it would start the query early and turn "token" into a value
    st.text(alphabet=st.characters(exclude_characters="?#")),
    st.text(min_size=1, alphabet=st.characters(categories=["L", "N"])),
)
def test_redact_url_never_keeps_a_password(path: str, secret: str) -> None:
    url = f"https://user:{secret}@example.com/{path}?token={secret}"
    out = safety.redact_url(url)
    assert f":{secret}@" not in out
    # the whole value: a secret such as "R" is a prefix of the placeholder "REDACTED"
    assert not re.search(f"token={re.escape(secret)}(?:[&#]|$)", out)


@FUZZ
@given(st.one_of(st.text(), st.integers(), st.none(), st.floats()))
def test_csv_cell_never_starts_a_formula(value: object) -> None:
    out = safety.csv_cell(value)
    if isinstance(out, str):
        assert not out.startswith(safety.FORMULA_STARTS)


@FUZZ
@given(
    st.one_of(st.text(), st.integers(), st.none(), st.lists(st.text())),
    st.one_of(st.text(), st.none(), st.integers()),
)
def test_record_problem_never_raises(url: object, title: object) -> None:
    assert safety.record_problem(url, title) is None or isinstance(
        safety.record_problem(url, title), str
    )


@FUZZ
@given(st.binary(max_size=300))
def test_hostile_markup_never_raises(body: bytes) -> None:
    safety.hostile_markup(body)
