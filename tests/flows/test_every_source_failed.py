"""A crawl where every source fails: the summary prints, one line says so, exit 1, and no
traceback (issue 21: it printed 66 lines of tracebacks and no summary)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from flows.serve import free_port

pytestmark = [pytest.mark.prefect]


def _dead(name: str) -> str:
    url = f"http://127.0.0.1:{free_port()}/greenhouse/v1/boards/{name}/jobs?content=true"
    return f'\n[[source]]\nname = "{name}"\nkind = "greenhouse"\nurl = "{url}"\n'


def test_every_source_failed_prints_the_summary_and_one_line(prefect_server, tmp_path):
    config = tmp_path / "sources.toml"
    config.write_text(_dead("gh-down-a") + _dead("gh-down-b"), encoding="utf-8")
    cmd = [sys.executable, "-m", "cli", "--db", str(tmp_path / "e.duckdb"),
           "--config", str(config), "crawl"]  # fmt: skip
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=600, env=prefect_server.env()
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "Traceback" not in out, out
    assert "crawl summary" in proc.stdout and "gh-down-a" in proc.stdout and "gh-down-b" in out
    assert "eolist: every source failed (2 tried)" in proc.stderr
