"""Scores of the description readers on the labelled real snippets (docs/quality.md).

Run: ``.venv/bin/python -m tests.pipeline.text_scores`` prints precision and recall.
Precision counts a field as right only when every value matches (pay: min, max, currency,
period); a value where the label has none is a false positive.

Each row names the ``batch`` it was drawn in (tests/data/labels/text_sets.md): batch 2 was
frozen before any rule was changed for it, so its "before" figures are held-out figures.
``--batch N`` scores one batch alone (``--batch 1,2`` several).
"""

from __future__ import annotations

import csv
from pathlib import Path

from pipeline.normalize.paytext import pay_from_text
from pipeline.normalize.terms import read_terms
from pipeline.records import Salary

LABELS = Path(__file__).parents[1] / "data" / "labels"


def rows(name: str, batch: str | None = None) -> list[dict[str, str]]:
    with (LABELS / name).open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if batch is None or r["batch"] in batch.split(",")]


def _f(v: str) -> float | None:
    return float(v) if v else None


def pay_scores(batch: str | None = None) -> tuple[int, float, float, list[str]]:
    produced = correct = stated = 0
    misses = []
    data = rows("pay_text.csv", batch)
    for r in data:
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
    return len(data), correct / max(produced, 1), correct / max(stated, 1), misses


def terms_scores(batch: str | None = None) -> dict[str, tuple[float, float]]:
    fields = {"workplace": "workplace", "employment_type": "employment_type",
              "contract_months": "contract_months", "office_days": "office_days"}  # fmt: skip
    out = {}
    data = rows("terms_text.csv", batch)
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


def terms_misses(batch: str | None = None) -> list[str]:
    out = []
    for r in rows("terms_text.csv", batch):
        t = read_terms(r["text"])
        want = (r["workplace"], r["office_days"], r["employment_type"], r["contract_months"])
        got = tuple(
            "" if v is None else str(v)
            for v in (t.workplace, t.office_days, t.employment_type, t.contract_months)
        )
        if want != got:
            out.append(f"{r['text'][:70]!r}: want {want}, got {got}")
    return out


def main(argv: list[str] | None = None) -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batch", help="score some batches of rows alone (1, 2, 3 or e.g. 1,2)")
    ap.add_argument("--misses", action="store_true", help="print the rows read wrong")
    args = ap.parse_args(argv)
    n, p, rc, misses = pay_scores(args.batch)
    print(f"pay: n={n} precision={p:.3f} recall={rc:.3f}")
    for m in misses if args.misses else ():
        print("  miss:", m)
    print(f"terms: n={len(rows('terms_text.csv', args.batch))}")
    for name, (p, rc) in terms_scores(args.batch).items():
        print(f"  {name}: precision={p:.3f} recall={rc:.3f}")
    for m in terms_misses(args.batch) if args.misses else ():
        print("  miss:", m)


if __name__ == "__main__":
    main()
