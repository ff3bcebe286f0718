"""The command line when a landing batch cannot be loaded: exit 1, one line, the rest loaded.

``eolist load`` and ``eolist crawl`` run as an operator runs them (subprocesses, a real local
Prefect server), over real DuckDB files and landing files written as crawls write them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import make_posting, outcome, write_batch
from warehouse import db

pytestmark = pytest.mark.prefect
ROOT = Path(__file__).resolve().parents[2]
BAD = '{"record": "Posting", "source_name": "gamma", "title": \n'


def _eolist(server, tmp_path: Path, config: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cli", "--db", str(tmp_path / "e.duckdb"),
         "--config", str(config), *args],
        cwd=tmp_path, env=server.env(), capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def _not_loaded(proc: subprocess.CompletedProcess) -> list[str]:
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return [ln for ln in proc.stdout.splitlines() if ln.startswith("not loaded:")]


def test_load_sets_a_bad_batch_aside_loads_the_rest_and_exits_1(prefect_server, tmp_path):
    landing = tmp_path / "landing"
    write_batch(landing, "b1", [make_posting("1"), outcome(fetched=1)])
    (landing / "b2.jsonl").write_text(BAD)
    write_batch(landing, "b3", [make_posting("3", source="beta"), outcome("beta", fetched=1)])
    for i, name in enumerate(("b1", "b2", "b3")):
        os.utime(landing / f"{name}.jsonl", (1_700_000_000 + i,) * 2)
    config = tmp_path / "sources.toml"
    config.write_text(
        "".join(
            f'[[source]]\nname = "{n}"\nkind = "greenhouse"\nurl = "https://example.test/{n}"\n'
            for n in ("acme", "beta", "gamma")
        )
    )

    proc = _eolist(prefect_server, tmp_path, config, "load")

    assert proc.returncode == 1, proc.stdout + proc.stderr
    [line] = _not_loaded(proc)
    assert "landing batch b2 (sources: gamma)" in line
    assert "not readable JSON Lines" in line and str(landing / "quarantine" / "b2.jsonl") in line
    assert not proc.stderr.strip(), proc.stderr
    assert (landing / "quarantine" / "b2.jsonl").read_text() == BAD  # kept as it was
    with db.session(tmp_path / "e.duckdb", read_only=True) as con:
        assert con.execute("SELECT count(*) FROM postings").fetchone() == (2,)

    listed = _eolist(prefect_server, tmp_path, config, "sources", "list")
    assert listed.returncode == 0, listed.stderr
    assert _not_loaded(listed) == [line]

    again = _eolist(prefect_server, tmp_path, config, "load")  # nothing left to set aside
    assert again.returncode == 0 and _not_loaded(again) == [], again.stdout + again.stderr


def test_crawl_with_a_bad_batch_pending_exits_1_not_2(prefect_server, sample_toml, tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "left-by-an-old-run.jsonl").write_text(BAD)

    proc = _eolist(prefect_server, tmp_path, sample_toml, "crawl", "--source", "jobfeed", "--all")

    assert proc.returncode == 1, proc.stdout + proc.stderr
    [line] = _not_loaded(proc)
    assert "landing batch left-by-an-old-run" in line
    [row] = [ln for ln in proc.stdout.splitlines() if "jobfeed" in ln]
    assert " ok " in row, proc.stdout  # the crawl itself went well and is loaded
    with db.session(tmp_path / "e.duckdb", read_only=True) as con:
        assert con.execute("SELECT count(*) FROM postings").fetchone()[0] > 0
        assert con.execute("SELECT count(*) FROM quarantined_batches").fetchone() == (1,)
