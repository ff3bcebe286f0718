"""bench/bench_load.py's rows: medians of the alternating rounds, every round kept.

Nothing is measured here (``make bench`` measures); the rounds are written by hand.
"""

from __future__ import annotations

import json

from bench import bench_load


def _rows(capsys) -> dict[str, dict]:
    lines = capsys.readouterr().out.splitlines()
    rows = [json.loads(line[6:]) for line in lines if line.startswith("BENCH ")]
    return {r["figure"]: r for r in rows}


def test_rows_report_the_median_of_each_side_and_keep_every_round(capsys):
    runs = {
        "eolist": [
            {"merge": 0.30, "jobs": 0.20, "whole": 0.50, "session": 0.80},
            {"merge": 0.20, "jobs": 0.40, "whole": 0.60, "session": 0.90},
            {"merge": 0.25, "jobs": 0.30, "whole": 0.55, "session": 0.70},
        ],
        "duckdb-append-floor": [{"s": 0.15}, {"s": 0.20}, {"s": 0.10}],
        "dlt-arrow": [{"s": 1.0}, {"s": 1.4}, {"s": 1.2}],
        "dlt-records": [{"s": 9.0}],  # once: never the peer while dlt-arrow ran
    }
    bench_load.report(1000, runs, 0.5)
    rows = _rows(capsys)
    merged = rows["load: landing file to merged postings"]
    assert merged["seconds"] == 0.25  # the median merge, not the first round's 0.30
    assert merged["rounds_seconds"] == [0.3, 0.2, 0.25]
    assert merged["peer"] == "dlt-arrow" and merged["rounds_peer_seconds"] == [1.0, 1.4, 1.2]
    assert merged["ratio"] == round(1.2 / 0.25, 3)
    whole = rows["load: whole load incl. cross-source jobs"]
    # each figure's own median: the whole load's (0.55), the jobs' (0.30)
    assert (whole["seconds"], whole["jobs_seconds"]) == (0.55, 0.3)
    assert whole["ratio"] == round(1.2 / 0.55, 3)
    floor = rows["load: merged postings vs DuckDB's bare append"]
    assert floor["ratio"] == round(0.15 / 0.25, 3)
    assert floor["rounds_peer_seconds"] == [0.15, 0.2, 0.1]
    assert rows["load peer: dlt-records merge"]["rounds_seconds"] == [9.0]
