"""A crawl whose load meets an analyst's lock: it plans read-only, lands, leaves its batch in
landing with one line naming the holder, and the next run loads that batch first."""

from __future__ import annotations

import subprocess
import sys

import pytest

from warehouse import db

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("harness")]
SOURCE = "blog-hr-insights"


def test_a_locked_load_leaves_batches_that_the_next_run_loads(tmp_path, sample_toml, monkeypatch):
    from flows.crawl import crawl_flow

    path = tmp_path / "e.duckdb"
    args = {"config": str(sample_toml), "db": str(path), "sources": [SOURCE], "force": True}
    first = crawl_flow(**args)
    assert first.load_error is None
    # an analyst opens the warehouse read-only (plain DuckDB) and keeps it open
    code = (
        "import duckdb, sys, time\ncon = duckdb.connect(sys.argv[1], read_only=True)\n"
        "print('holding', flush=True)\ntime.sleep(120)\n"
    )
    analyst = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE,
                               text=True)  # fmt: skip
    try:
        assert analyst.stdout and analyst.stdout.readline().strip() == "holding"
        monkeypatch.setenv("EOLIST_LOCK_WAIT_S", "1")
        state = crawl_flow(**args, return_state=True)
        assert state.is_completed(), state.message  # not "every source failed"
        second = state.result()
    finally:
        analyst.kill()
        analyst.wait()
    [stranded] = second.batches
    line = second.load_error
    assert f"PID {analyst.pid}" in line and "another process" in line and "waited" in line
    assert "load at the next run" in line
    assert [r["error"] for r in second.sources] == [line]
    assert (tmp_path / "landing" / f"{stranded}.jsonl").exists()

    third = crawl_flow(**args)  # the analyst is gone: the stranded batch loads first
    assert third.earlier_batches == [stranded] and third.load_error is None
    with db.session(path, read_only=True) as con:
        loaded = {r[0] for r in con.execute("SELECT batch_id FROM landing_batches").fetchall()}
    assert {*first.batches, stranded, *third.batches} == loaded
