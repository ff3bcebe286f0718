"""parse_salary, salary_from_structured, annualize."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.normalize import annualize, parse_salary, salary_from_structured
from pipeline.normalize import salary as salary_module
from pipeline.records import Salary

LABELS = Path(__file__).parents[1] / "data" / "labels" / "salaries.csv"


def _f(value: str) -> float | None:
    return float(value) if value else None


def _rows() -> list[dict[str, str]]:
    with LABELS.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [
        ("$123,833.00 - $170,184.00", "CAD", Salary(123833.0, 170184.0, "CAD", "YEAR")),
        ("80-100k", "CAD", Salary(80000.0, 100000.0, "CAD", "YEAR")),
        ("Up to £40,000 per year", None, Salary(None, 40000.0, "GBP", "YEAR")),
        ("From $70K", "CAD", Salary(70000.0, None, "CAD", "YEAR")),
        ("€45.000 - €55.000", None, Salary(45000.0, 55000.0, "EUR", "YEAR")),
        ("35 $ de l'heure", "CAD", Salary(35.0, 35.0, "CAD", "HOUR")),
        ("60 000 $ à 70 000 $ par année", "CAD", Salary(60000.0, 70000.0, "CAD", "YEAR")),
        ("$25 - $30 per hour", None, Salary(25.0, 30.0, "USD", "HOUR")),
        ("C$85,000–C$95,000", None, Salary(85000.0, 95000.0, "CAD", "YEAR")),
        ("Competitive", "CAD", None),
        ("DOE", None, None),
        ("negotiable", None, None),
        ("401(k)", "USD", None),
        ("", None, None),
        ("$9,999,999,999,999", None, None),
    ],
)
def test_parse_salary_table(text: str, default: str | None, expected: Salary | None) -> None:
    assert parse_salary(text, default) == expected


def test_labeled_salaries_exact_match() -> None:
    rows = _rows()
    assert len(rows) >= 150
    ok = 0
    misses = []
    for r in rows:
        want = None
        if r["min"] or r["max"]:
            want = Salary(_f(r["min"]), _f(r["max"]), r["currency"] or None, r["period"] or None)
        got = parse_salary(r["text"], r["default_currency"] or None)
        if got == want:
            ok += 1
        else:
            misses.append(f"{r['text']!r}: want {want}, got {got}")
    rate = ok / len(rows)
    print(f"\nsalaries: n={len(rows)} exact={rate:.3f}")
    for m in misses:
        print("  miss:", m)
    assert rate >= 0.97


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        (
            {
                "@type": "MonetaryAmount",
                "currency": "CAD",
                "value": {
                    "@type": "QuantitativeValue",
                    "minValue": 70000,
                    "maxValue": 85000,
                    "unitText": "YEAR",
                },
            },
            Salary(70000.0, 85000.0, "CAD", "YEAR"),
        ),
        (
            {"currency": "USD", "value": {"value": 40.0, "unitText": "HOUR"}},
            Salary(40.0, 40.0, "USD", "HOUR"),
        ),
        ({"currency": "USD", "value": "55000"}, Salary(55000.0, 55000.0, "USD", "YEAR")),
        (
            {
                "compensationTierSummary": "$81K – $87K",
                "summaryComponents": [
                    {
                        "compensationType": "Salary",
                        "interval": "1 YEAR",
                        "currencyCode": "USD",
                        "minValue": 81000,
                        "maxValue": 87000,
                    }
                ],
            },
            Salary(81000.0, 87000.0, "USD", "YEAR"),
        ),
        (
            {"compensationTierSummary": None, "compensationTiers": [], "summaryComponents": []},
            None,
        ),
        (
            {"scrapeableCompensationSalarySummary": "$81K - $87K", "summaryComponents": []},
            Salary(81000.0, 87000.0, "USD", "YEAR"),
        ),
        ({}, None),
        ({"value": {"minValue": "n/a"}}, None),
        ({"value": None, "currency": 5}, None),
    ],
)
def test_salary_from_structured(obj: dict[str, object], expected: Salary | None) -> None:
    assert salary_from_structured(obj) == expected


def test_salary_from_structured_garbage() -> None:
    assert salary_from_structured("nope") is None  # type: ignore[arg-type]
    assert salary_from_structured({"summaryComponents": "x"}) is None


def test_annualize_uses_country_table(monkeypatch: pytest.MonkeyPatch) -> None:
    assert annualize(Salary(30.0, 40.0, "USD", "HOUR"), "US") == (62400.0, 83200.0)
    assert annualize(Salary(30.0, None, "CAD", "HOUR"), "CA") == (58500.0, None)
    assert annualize(Salary(500.0, 500.0, "GBP", "DAY"), "GB") == (130000.0, 130000.0)
    assert annualize(Salary(4000.0, 5000.0, "EUR", "MONTH"), "DE") == (48000.0, 60000.0)
    assert annualize(Salary(1.0, 2.0, None, None), None) == (None, None)
    monkeypatch.setitem(salary_module.HOURS_PER_WEEK, "CA", 40.0)
    assert annualize(Salary(30.0, None, "CAD", "HOUR"), "CA") == (62400.0, None)
