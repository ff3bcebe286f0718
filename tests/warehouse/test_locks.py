"""A warehouse held by another process: one line naming its PID and how long eolist waited,
"another eolist process" only when it is one; planning an unchanged crawl needs no write lock."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipeline.sources import parse_sources
from warehouse import db, lockholder
from warehouse.errors import DatabaseLocked

TOML = """
[[source]]
name = "acme"
kind = "greenhouse"
url = "https://example.test/acme"
"""


def _analyst(path: Path, read_only: bool = True) -> subprocess.Popen:
    """A plain DuckDB session, as an analyst's notebook holds it (no eolist code at all)."""
    code = (
        "import duckdb, sys, time\n"
        f"con = duckdb.connect(sys.argv[1], read_only={read_only})\n"
        "print('holding', flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE,
                            text=True)  # fmt: skip
    assert proc.stdout and proc.stdout.readline().strip() == "holding"
    return proc


def test_a_lock_held_by_an_analyst_names_its_pid_and_the_wait_in_one_line(db_path, caplog):
    holder = _analyst(db_path)
    try:
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="warehouse.db"):
            with pytest.raises(DatabaseLocked) as info:
                db.connect(db_path, wait_s=1)
        # backoff 0.05 s doubling, each sleep jittered to 50-100%: 0.375 s at the least
        assert 0.35 < time.monotonic() - started < 4
        line = str(info.value)
        assert "\n" not in line
        assert f"PID {holder.pid} (" in line and "import duckdb" in line
        first = float(re.search(r"waited (\d+\.\d) s", line).group(1))
        assert 0.3 < first <= 1.0
        assert "another eolist process" not in line and "another process" in line
        assert any("waiting up to 1 s" in r.getMessage() for r in caplog.records)
        # a second attempt (a retried task) reports the whole wait, not its own
        with pytest.raises(DatabaseLocked) as again:
            db.connect(db_path, wait_s=1)
        assert float(re.search(r"waited (\d+\.\d) s", str(again.value)).group(1)) > first
    finally:
        holder.kill()
        holder.wait()
    db.connect(db_path).close()  # free again: the tally starts over
    assert str(db_path) not in lockholder._waited


def test_only_eolist_command_lines_are_called_eolist():
    assert lockholder.is_eolist(["/srv/eolist/.venv/bin/python", "/srv/.venv/bin/eolist", "crawl"])
    assert lockholder.is_eolist(["/usr/bin/eolist", "load"])
    assert lockholder.is_eolist(["python", "-m", "spiders.worker"])
    assert lockholder.is_eolist(["python3", "-m", "cli", "load"])
    assert lockholder.is_eolist(["python3", "-m", "ops.crawlproc"])
    # an analyst's notebook running in eolist's own virtualenv is still not eolist
    assert not lockholder.is_eolist(["/home/a/eolist/.venv/bin/python", "-m", "jupyter"])
    assert not lockholder.is_eolist(["duckdb", "-readonly", "data/eolist.duckdb"])


def test_a_lock_held_by_eolist_says_so(db_path):
    """A process whose command line is eolist's own script (argv[0] ``eolist``)."""
    code = "import duckdb, sys, time\ncon = duckdb.connect(sys.argv[1])\nprint('holding', flush=True)\ntime.sleep(60)\n"
    # argv[0] "eolist" hides the virtualenv from Python: give it duckdb's folder directly
    env = dict(os.environ, PYTHONPATH=str(Path(duckdb.__file__).parents[1]))
    proc = subprocess.Popen(["eolist", "-c", code, str(db_path)], executable=sys.executable,
                            stdout=subprocess.PIPE, text=True, env=env)  # fmt: skip
    try:
        assert proc.stdout and proc.stdout.readline().strip() == "holding"
        with pytest.raises(DatabaseLocked) as info:
            db.connect(db_path, read_only=True, wait_s=0.3)
    finally:
        proc.kill()
        proc.wait()
    assert f"locked by another eolist process, PID {proc.pid} (eolist -c" in str(info.value)


def test_planning_an_unchanged_crawl_needs_no_write_lock(db_path, monkeypatch):
    from datetime import UTC, datetime

    from warehouse.sources import plan

    def plan_task(path, configs, chosen):  # what ops.crawl.plan asks of the warehouse
        return plan(path, configs, chosen, datetime(2026, 12, 7, tzinfo=UTC))

    configs = parse_sources(TOML, "sources.toml")
    due, state = plan_task(db_path, configs, ["acme"])  # first plan: writes the sources
    assert due == {"acme"} and "acme" in state
    holder = _analyst(db_path)  # an analyst's read-only session, open for hours
    try:
        monkeypatch.setenv("EOLIST_LOCK_WAIT_S", "2")
        started = time.monotonic()
        due, state = plan_task(db_path, configs, ["acme"])
        assert due == {"acme"} and state["acme"]["url"] == "https://example.test/acme"
        assert time.monotonic() - started < 1.5  # read-only beside the analyst: no wait
        changed = parse_sources(TOML.replace("/acme", "/acme2"), "sources.toml")
        with pytest.raises(DatabaseLocked, match=f"PID {holder.pid}"):
            plan_task(db_path, changed, ["acme"])  # a changed config must be written
    finally:
        holder.kill()
        holder.wait()
