"""Her rules and the shared formatting: table-driven, including garbage."""

from __future__ import annotations

from datetime import timedelta

import pytest

from curation import fmt, render
from curation.rules import Rules
from tests.conftest import NOW

RULES = Rules.of(
    [
        ("blocked_employer", "Acme Inc."),
        ("blocked_keyword", "intern"),
        ("blocked_keyword", "night shift"),
        ("agency", "Robert Half"),
        ("agency_phrase", "our client"),
        ("other", "ignored"),
    ]
)


@pytest.mark.parametrize(
    ("company", "title", "hidden"),
    [
        ("ACME", "HR Manager", True),
        ("Acme Incorporated", "HR Manager", True),
        ("Acme Foods", "HR Manager", False),
        ("Beta", "HR Intern", True),
        ("Beta", "International HR Lead", False),
        ("Beta", "HR Advisor (Night  Shift)", True),
        (None, None, False),
    ],
)
def test_hidden(company, title, hidden):
    assert RULES.hidden(company, title) is hidden


@pytest.mark.parametrize(
    ("company", "title", "text", "agency"),
    [
        ("Robert Half Inc.", "Recruiter", None, True),
        ("Beta", "Recruiter", "On behalf of OUR CLIENT, a bank.", True),
        ("Beta", "Recruiter", "Our clientele is global.", False),
        ("Beta", "Recruiter", "", False),
    ],
)
def test_agency(company, title, text, agency):
    assert RULES.agency(company, title, text) is agency


def test_no_rules_match_nothing():
    assert not Rules.of([]).hidden("Acme", "HR Intern")
    assert not Rules.of([]).agency("Randstad", "x", "our client")


@pytest.mark.parametrize(
    ("args", "text"),
    [
        ((80000.0, 95000.0, "CAD", "YEAR", "structured"), "CAD 80,000–95,000 a year"),
        ((25.5, 30.0, "CAD", "HOUR", "text"), "CAD 25.5–30 an hour"),
        ((60000.0, None, "USD", "YEAR", "structured"), "USD from 60,000 a year"),
        ((None, 70000.0, None, None, "structured"), "up to 70,000"),
        ((80000.0, 95000.0, "CAD", "YEAR", "estimate"), None),
        ((None, None, "CAD", "YEAR", "structured"), None),
    ],
)
def test_salary_text(args, text):
    assert fmt.salary_text(*args) == text


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://jobs.example.test/1", True),
        ("http://x.test/a?b=c", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//evil.test/x", False),
        ("https://", False),
        ("", False),
        (None, False),
        ("http://[::1", False),
    ],
)
def test_safe_url(url, safe):
    assert (fmt.safe_url(url) is not None) is safe


@pytest.mark.parametrize(
    ("days", "key"),
    [
        (0, "new"),
        (7, "new"),
        (8, "recent"),
        (30, "recent"),
        (31, "old"),
        (60, "old"),
        (61, "stale"),
    ],
)
def test_age_badges(days, key):
    assert fmt.age_badge(NOW - timedelta(days=days), NOW)[0] == key


def test_age_unknown_and_future():
    assert fmt.age_badge(None, NOW)[0] == "unknown"
    assert fmt.age_badge(NOW + timedelta(days=3), NOW)[0] == "new"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1 555", "'+1 555"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("HR Manager", "HR Manager"),
        (3, 3),
        (None, None),
    ],
)
def test_csv_cells_never_formulas(value, cell):
    assert render.cell(value) == cell


def test_two_lines_cuts_on_words():
    text = "word " * 100
    out = fmt.two_lines(text, 50)
    assert out.endswith("…") and len(out) <= 51 and "  " not in out
    assert fmt.two_lines(None) == ""
