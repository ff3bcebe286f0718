"""Scraped text that a spreadsheet would run as a formula is neutralized in every CSV we write."""

from __future__ import annotations

import csv

from tests.conftest import make_posting, outcome, write_batch
from warehouse import db
from warehouse.export import export
from warehouse.load import load_batch
from warehouse.query import Result, to_csv

PAYLOADS = ['=HYPERLINK("http://evil.test","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]


def test_query_csv_neutralizes_formulas():
    text = to_csv(Result(["title"], [(p,) for p in PAYLOADS] + [("Recruiter",)]))
    cells = [row[0] for row in csv.reader(text.splitlines())][1:]
    assert cells[-1] == "Recruiter"
    assert all(c.startswith("'") for c in cells[:-1]), cells


def test_export_csv_neutralizes_formulas(tmp_path, db_path):
    postings = [make_posting(str(i), title=p) for i, p in enumerate(PAYLOADS)]
    batch = write_batch(tmp_path / "landing", "b1", [*postings, outcome(fetched=len(postings))])
    with db.session(db_path) as con:
        load_batch(con, batch)
        export(con, tmp_path / "out", "csv")
    with (tmp_path / "out" / "postings.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    titles = sorted(r["title"] for r in rows)
    assert len(titles) == len(PAYLOADS)
    assert all(t.startswith("'") for t in titles), titles
