"""bench/bench_views.py's generated warehouse still fits the schema.

Its inserts name their columns, so a migration that adds one cannot break them silently
(one did: ``make bench-quick`` failed on "44 columns but 39 values" until then). This runs
the benchmark's own generator on a small warehouse and reads every view it times.
"""

from __future__ import annotations

import duckdb
import pytest

from bench.bench_views import QUERIES, generate
from warehouse import db


def test_generated_warehouse_fills_every_timed_view(tmp_path) -> None:
    path = tmp_path / "w.duckdb"
    generate(path, 500)
    with db.session(path, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM postings").fetchone() == (500,)
        # every fifth posting shares its job with the one before: 400 jobs
        assert con.execute("SELECT count(*) FROM jobs").fetchone() == (400,)
        for view, sql in QUERIES.items():
            try:
                con.execute(sql).fetchall()
            except duckdb.Error as exc:  # pragma: no cover - the failure is the message
                pytest.fail(f"{view}: {exc}")
            assert con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] > 0, view
