"""employment_type: English, French and ATS enum spellings."""

from __future__ import annotations

import pytest

from pipeline.normalize import employment_type
from pipeline.records import EMPLOYMENT_TYPES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Full-time", "FULL_TIME"),
        ("Full Time", "FULL_TIME"),
        ("FullTime", "FULL_TIME"),
        ("FULL_TIME", "FULL_TIME"),
        ("Permanent, Full-time", "FULL_TIME"),
        ("Permanent", "FULL_TIME"),
        ("Regular", "FULL_TIME"),
        ("Temps plein", "FULL_TIME"),
        ("Permanent - Temps plein", "FULL_TIME"),
        ("CDI", "FULL_TIME"),
        ("Part-time", "PART_TIME"),
        ("PartTime", "PART_TIME"),
        ("Regular Part-Time", "PART_TIME"),
        ("Temps partiel", "PART_TIME"),
        ("Contract", "CONTRACTOR"),
        ("Contractor", "CONTRACTOR"),
        ("Freelance", "CONTRACTOR"),
        ("Full-time Contract (12 months)", "CONTRACTOR"),
        ("Contractuel", "CONTRACTOR"),
        ("Temporary", "TEMPORARY"),
        ("Temporary Full-Time", "TEMPORARY"),
        ("Fixed Term", "TEMPORARY"),
        ("Maternity Leave Contract", "TEMPORARY"),
        ("Temporaire", "TEMPORARY"),
        ("Seasonal", "TEMPORARY"),
        ("Casual", "PER_DIEM"),
        ("Per Diem", "PER_DIEM"),
        ("On-call", "PER_DIEM"),
        ("Co-op", "INTERN"),
        ("Internship", "INTERN"),
        ("Intern", "INTERN"),
        ("Summer Student", "INTERN"),
        ("Stage", "INTERN"),
        ("Volunteer", "VOLUNTEER"),
        ("Bénévole", "VOLUNTEER"),
        ("Other", "OTHER"),
        ("", None),
        ("whenever", None),
        ("x" * 1000, None),
    ],
)
def test_employment_type_table(text: str, expected: str | None) -> None:
    got = employment_type(text)
    assert got == expected
    assert got is None or got in EMPLOYMENT_TYPES


def test_non_string() -> None:
    assert employment_type(None) is None  # type: ignore[arg-type]
