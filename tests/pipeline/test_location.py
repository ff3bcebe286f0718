"""parse_location: table tests and the labeled set of real-world location strings."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.normalize import parse_location
from pipeline.records import Location

LABELS = Path(__file__).parents[1] / "data" / "labels" / "locations.csv"


def _rows() -> list[dict[str, str]]:
    with LABELS.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [
        ("Toronto, ON", "CA", Location("Toronto", "Ontario", "CA")),
        ("London, UK", "CA", Location("London", "England", "GB")),
        ("London, ON", None, Location("London", "Ontario", "CA")),
        ("Remote - Canada", None, Location(None, None, "CA", "remote")),
        ("Anywhere in United States", None, Location(None, None, "US", "remote")),
        ("Remote, anywhere in the US", None, Location(None, None, "US", "remote")),
        ("Hybrid (Ottawa)", "CA", Location("Ottawa", "Ontario", "CA", "hybrid")),
        ("GTA", "CA", Location("Toronto", "Ontario", "CA")),
        ("San Francisco, CA", None, Location("San Francisco", "California", "US")),
        ("St. John's, NL", None, Location("St. John's", "Newfoundland and Labrador", "CA")),
        ("Amsterdam, NL", None, Location("Amsterdam", None, "NL")),
        # a bare name that is also a region: the region, unless the city is big or at home
        ("Ontario", None, Location(None, "Ontario", "CA")),
        ("Remote - Ontario", None, Location(None, "Ontario", "CA", "remote")),
        ("Ontario, California", None, Location("Ontario", "California", "US")),
        ("Victoria", None, Location(None, "Victoria", "AU")),
        ("Victoria", "CA", Location("Victoria", "British Columbia", "CA")),
        ("Bremen", None, Location("Bremen", None, "DE")),
        ("New York", None, Location("New York", "New York", "US")),
        ("New York, NY", None, Location("New York", "New York", "US")),
        ("NYC", None, Location("New York", "New York", "US")),
        ("Multiple locations", "CA", None),
        ("", None, None),
        ("x" * 1000, None, None),
        ("🙂🙂🙂", None, None),
    ],
)
def test_parse_location_table(text: str, default: str | None, expected: Location | None) -> None:
    assert parse_location(text, default) == expected


def test_labeled_locations_exact_match() -> None:
    rows = _rows()
    assert len(rows) >= 150
    ok = 0
    misses = []
    for r in rows:
        fields = (r["city"], r["region"], r["country"], r["workplace"])
        want = Location(*(f or None for f in fields)) if any(fields) else None
        got = parse_location(r["text"], r["default_country"] or None)
        if got == want:
            ok += 1
        else:
            misses.append(f"{r['text']!r} ({r['default_country']}): want {want}, got {got}")
    rate = ok / len(rows)
    print(f"\nlocations: n={len(rows)} exact={rate:.3f}")
    for m in misses:
        print("  miss:", m)
    assert rate >= 0.97
