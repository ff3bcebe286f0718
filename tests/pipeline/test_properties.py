"""Property tests: no normalizer raises on arbitrary text; idempotent forms stay put."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.build import build_posting
from pipeline.classify import hr_category, seniority
from pipeline.normalize import (
    canonical_url,
    employment_type,
    html_to_text,
    normalize_company,
    normalize_title,
    parse_date,
    parse_location,
    parse_salary,
    salary_from_structured,
    sanitize_html,
)
from pipeline.records import RawPosting

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
FEW = settings(max_examples=200, deadline=None)
# Text that looks a bit like site data: digits, currency, separators, letters, accents.
site_text = st.text(
    alphabet=st.sampled_from(list("0123456789$£€kK.,-–/ ()+%'hrAaZzéÉ&;<>p\n")) | st.characters(),
    max_size=60,
)


@FEW
@given(site_text, st.sampled_from([None, "CAD", "USD", "EUR"]))
def test_parse_salary_never_raises(text: str, currency: str | None) -> None:
    s = parse_salary(text, currency)
    if s is not None:
        assert s.min is not None or s.max is not None
        assert s.min is None or s.max is None or s.min <= s.max


@FEW
@given(st.dictionaries(st.text(max_size=10), st.none() | st.integers() | st.text(max_size=10)))
def test_salary_from_structured_never_raises(obj: dict[str, object]) -> None:
    salary_from_structured(obj)


@FEW
@given(site_text, st.sampled_from([None, "CA", "US", "GB"]))
def test_parse_location_never_raises(text: str, country: str | None) -> None:
    parse_location(text, country)


@FEW
@given(site_text)
def test_parse_date_never_raises_and_is_capped(text: str) -> None:
    dt = parse_date(text, NOW)
    if dt is not None:
        assert dt.tzinfo is not None and dt <= NOW + timedelta(days=1)


@FEW
@given(site_text)
def test_text_functions_never_raise(text: str) -> None:
    employment_type(text)
    normalize_company(text)
    sanitize_html(text)
    html_to_text(text)
    hr_category(text, text)
    seniority(text)


@FEW
@given(site_text)
def test_normalize_title_idempotent(text: str) -> None:
    once = normalize_title(text)
    assert normalize_title(once) == once


@FEW
@given(
    st.builds(
        lambda host, path, q: f"https://{host}/{path}?{q}",
        st.from_regex(r"[A-Za-z]{1,8}\.(com|ca|io)", fullmatch=True),
        st.text(alphabet="abc/-_%é ", max_size=15),
        st.text(alphabet="abc=&utm_source gh_jid 1%é", max_size=25),
    )
    | st.text(max_size=40)
)
def test_canonical_url_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once


@settings(max_examples=100, deadline=None)
@given(site_text, site_text, site_text)
def test_build_posting_never_raises(title: str, loc: str, pay: str) -> None:
    raw = RawPosting(
        source_name="s",
        source_kind="html",
        url="https://x.com/" + title,
        title=title,
        locations=(loc,),
        salary_text=pay,
        description_html=pay,
        posted_at=loc,
        valid_through=title,
        employment_type=pay,
    )
    p = build_posting(raw, NOW)
    assert p.fingerprint.startswith("v1:")


_ATS_HOSTS = ["greenhouse.io", "GreenHouse.IO", "lever.co", "ashbyhq.com", "workable.com",
              "WORKABLE.COM", "smartrecruiters.com", "recruitee.com", "example.com"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    host=st.sampled_from(_ATS_HOSTS),
    board=st.from_regex(r"[a-z]{1,8}", fullmatch=True),
    ident=st.one_of(
        st.from_regex(r"[0-9]{5,9}", fullmatch=True),
        st.from_regex(
            r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", fullmatch=True
        ),
        st.from_regex(r"[0-9A-Fa-f]{6,10}", fullmatch=True),
    ),
    middle=st.sampled_from(["/jobs/", "/", "/j/", "/o/", "/x/"]),
)
def test_ats_keys_host_precheck_changes_nothing(host, board, ident, middle):
    """The host text looked for before each ATS pattern never hides a match of the pattern."""
    from pipeline.dedupe import keys

    url = f"https://{board}.{host}/{board}{middle}{ident}"
    bare = [f"{name}:{m.group(1)}" for name, _, p in keys._ATS if (m := p.search(url))]
    got = [k for k in keys._keys_of.__wrapped__(url) if not k.startswith("url:")]
    assert got == bare, url
