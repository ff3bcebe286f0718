"""Scores of the description readers on the labelled real snippets (docs/quality.md).

Run: ``.venv/bin/python -m tests.pipeline.text_scores`` prints precision and recall.
Precision counts a field as right only when every value matches (pay: min, max, currency,
period); a value where the label has none is a false positive.
"""

from __future__ import annotations

import csv
from pathlib import Path

from pipeline.normalize.paytext import pay_from_text
from pipeline.normalize.terms import read_terms
from pipeline.records import Salary

LABELS = Path(__file__).parents[1] / "data" / "labels"


def rows(name: str) -> list[dict[str, str]]:
    with (LABELS / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _f(v: str) -> float | None:
    return float(v) if v else None


def pay_scores() -> tuple[int, float, float, list[str]]:
    produced = correct = stated = 0
    misses = []
    for r in rows("pay_text.csv"):
        want = None
        if r["min"] or r["max"]:
            want = Salary(_f(r["min"]), _f(r["max"]), r["currency"] or None, r["period"] or None)
            stated += 1
        found = pay_from_text(r["text"], r["default_currency"] or None)
        got = found.salary if found else None
        produced += got is not None
        correct += got is not None and got == want
        if got != want:
            misses.append(f"{r['text'][:70]!r}: want {want}, got {got}")
    n = len(rows("pay_text.csv"))
    return n, correct / max(produced, 1), correct / max(stated, 1), misses


def terms_scores() -> dict[str, tuple[float, float]]:
    fields = {"workplace": "workplace", "employment_type": "employment_type",
              "contract_months": "contract_months", "office_days": "office_days"}  # fmt: skip
    out = {}
    data = rows("terms_text.csv")
    read = [read_terms(r["text"]) for r in data]
    for name, attr in fields.items():
        produced = correct = stated = 0
        for r, t in zip(data, read, strict=True):
            want = r[name] or None
            got = getattr(t, attr)
            got = None if got is None else str(got)
            stated += want is not None
            produced += got is not None
            correct += got is not None and got == want
        out[name] = (correct / max(produced, 1), correct / max(stated, 1))
    return out


if __name__ == "__main__":
    n, p, rc, misses = pay_scores()
    print(f"pay: n={n} precision={p:.3f} recall={rc:.3f}")
    for m in misses:
        print("  miss:", m)
    print(f"terms: n={len(rows('terms_text.csv'))}")
    for name, (p, rc) in terms_scores().items():
        print(f"  {name}: precision={p:.3f} recall={rc:.3f}")
