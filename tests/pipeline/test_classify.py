"""HR taxonomy: table tests plus the labeled title set (precision/recall/accuracy targets)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.classify import CATEGORIES, SENIORITIES, hr_category, seniority

LABELS = Path(__file__).parents[1] / "data" / "labels" / "titles.csv"


def _rows() -> list[dict[str, str]]:
    with LABELS.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("People Manager, Engineering", None),
        ("Medical Benefits Billing Clerk", None),
        ("Human Resources Software Sales", None),
        ("Resource Planner", None),
        ("Recruiting Coordinator", "talent_acquisition"),
        ("Total Rewards Analyst", "compensation_benefits"),
        ("Workday HCM Analyst", "hris_people_analytics"),
        ("Conseiller en ressources humaines", "hr_generalist"),
        ("Chief People Officer", "hr_leadership"),
        ("Senior HR Business Partner (m/f/d)", "hr_business_partner"),
        ("Payroll Specialist", "payroll"),
        ("Labour Relations Advisor", "employee_labour_relations"),
        ("DEI Specialist", "dei"),
        ("Health & Safety Coordinator", "health_safety_wellness"),
        ("HR Assistant", "hr_operations_admin"),
        ("Learning & Development Specialist", "learning_development"),
        ("Junior Onboarding Coordinator", "hr_operations_admin"),
        ("Offboarding Specialist", "hr_operations_admin"),
        ("Customer Onboarding Specialist", None),
        ("KYC Onboarding Analyst", None),
        ("", None),
        ("   ", None),
        ("!!!", None),
    ],
)
def test_hr_category_table(title: str, expected: str | None) -> None:
    assert hr_category(title) == expected


def test_bare_title_uses_description() -> None:
    desc = "You will support human resources: employee relations, onboarding, payroll."
    assert hr_category("Business Partner", desc) == "hr_business_partner"
    assert hr_category("Business Partner", "Partner with finance on budgets.") is None


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("HR Intern", "intern"),
        ("Co-op Student, Talent Acquisition", "intern"),
        ("Junior Recruiter", "junior"),
        ("HR Generalist", "intermediate"),
        ("Senior Payroll Analyst", "senior"),
        ("Sr. HRBP", "senior"),
        ("Talent Acquisition Manager", "manager"),
        ("Senior Manager, Total Rewards", "manager"),
        ("Director of Human Resources", "director"),
        ("Head of People", "director"),
        ("VP, People", "executive"),
        ("Chief Human Resources Officer", "executive"),
        ("Directrice des ressources humaines", "director"),
        ("Stagiaire RH", "intern"),
        ("", None),
    ],
)
def test_seniority_table(title: str, expected: str | None) -> None:
    assert seniority(title) == expected


def test_outputs_are_in_the_vocabulary() -> None:
    for row in _rows():
        assert hr_category(row["title"]) in (*CATEGORIES, None)
        assert seniority(row["title"]) in SENIORITIES


def test_labeled_titles_meet_targets() -> None:
    rows = _rows()
    assert len(rows) >= 600
    hr = [r for r in rows if r["category"]]
    assert len(rows) - len(hr) >= len(hr), "at least as many non-HR titles as HR"
    assert {r["category"] for r in hr} == set(CATEGORIES)
    tp = fp = fn = correct = sen_ok = 0
    misses: list[str] = []
    for r in rows:
        got = hr_category(r["title"])
        want = r["category"] or None
        if got and want:
            tp += 1
            correct += got == want
        elif got and not want:
            fp += 1
        elif want and not got:
            fn += 1
        if got != want:
            misses.append(f"{r['title']!r}: want {want}, got {got}")
        sen_ok += seniority(r["title"]) == r["seniority"]
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    accuracy = correct / tp
    print(
        f"\ntitles: n={len(rows)} hr={len(hr)} precision={precision:.3f} recall={recall:.3f} "
        f"category_accuracy={accuracy:.3f} seniority_accuracy={sen_ok / len(rows):.3f}"
    )
    for m in misses:
        print("  miss:", m)
    assert precision >= 0.97
    assert recall >= 0.95
    assert accuracy >= 0.90
    assert sen_ok / len(rows) >= 0.85
