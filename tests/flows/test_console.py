"""The operator's console, run as an operator runs it: ``eolist crawl`` and ``eolist sources
list`` in subprocesses, against the sample web and the session's Prefect server.

Progress on stderr while the batches run, a summary that fits 80 columns and lists only what
is not ok, a source still failing in its backoff keeping the exit code at 1, a run where every
source fails ending in its summary instead of a traceback, and the source list's health.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cli.progress import Tracker
from tests.conftest import ROOT, Server

pytestmark = pytest.mark.prefect
# long enough that an 80-column table must fold it; the unique part is at the end
LONG = "blog-northern-lights-people-and-culture-team-careers-west"


def _dead(name: str) -> str:
    from flows.serve import free_port  # nothing listens there: connection refused

    url = f"http://127.0.0.1:{free_port()}/greenhouse/v1/boards/{name}/jobs?content=true"
    return f'\n[[source]]\nname = "{name}"\nkind = "greenhouse"\nurl = "{url}"\n'


def _eolist(server: Server, tmp: Path, config: Path, *args: str, **env: str):
    return subprocess.run(
        [sys.executable, "-m", "cli", "--db", str(tmp / "e.duckdb"),
         "--config", str(config), *args],
        cwd=ROOT, env=server.env(**env), capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def _first_column(out: str) -> str:
    """The summary table's first column read down, folded pieces joined: a name folded over
    three lines reads whole again, so a cut name would show as missing."""
    lines = out.splitlines()
    head = next(i for i, ln in enumerate(lines) if ln.startswith("source "))
    width = lines[head].index(" kind")
    body = []
    for ln in lines[head + 2 :]:
        if not ln.strip() or ln.startswith("  "):  # the table ended: why lines follow
            break
        body.append(ln[:width].strip())
    return "".join(body)


def _clean(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr


def test_crawl_progress_summary_backoff_and_source_list(prefect_server, sample_toml, tmp_path):
    config = tmp_path / "sources.toml"
    config.write_text(sample_toml.read_text() + _dead(LONG))
    ok_names = re.findall(r'^name = "(.+)"$', sample_toml.read_text(), re.M)
    n = len(ok_names)  # the sample web's sources, all answering
    b = -(-(n + 1) // 3)  # batches of 3, the dead source included

    first = _eolist(prefect_server, tmp_path, config, "crawl", EOLIST_BATCH_SIZE="3")

    _clean(first)
    assert first.returncode == 1, first.stdout + first.stderr
    # progress: plain lines on a pipe; the first batch and the last always get theirs
    lines = [ln for ln in first.stderr.splitlines() if ln.startswith("crawl: batch ")]
    assert lines[0].startswith(f"crawl: batch 1/{b} done; sources 3/{n + 1}: "), first.stderr
    assert re.fullmatch(
        rf"crawl: batch {b}/{b} done; sources {n + 1}/{n + 1}: {n} ok, 1 failed; \d+:\d\d elapsed",
        lines[-1],
    ), first.stderr
    out = first.stdout
    assert all(len(ln) <= 80 for ln in out.splitlines()), out
    assert "…" not in out  # nothing cut, names least of all
    assert f"crawl summary: {n + 1} sources tried: {n} ok, 1 failed" in out
    assert f"this run: {b} crawl batches" in out
    assert (
        f"\ncrawl runs loaded: 1 ({b} batches)\n" in out
    )  # runs counted as runs, batches beside them
    assert f"  {LONG}: " in out  # its "why" line, name whole
    assert not [n for n in ok_names if n in out]  # only what is not ok is listed

    # the dead source now waits out its backoff: not tried, still failing, still exit 1
    second = _eolist(prefect_server, tmp_path, config, "crawl", "--all", EOLIST_BATCH_SIZE="3")

    _clean(second)
    assert second.returncode == 1, second.stdout + second.stderr
    out = second.stdout
    # nothing changed at the sample web: the sources answer 304, counted as such
    assert f"crawl summary: {n} sources tried: {n} not modified\n" in out
    assert "\nnot tried: 1 waiting out a backoff (1 still failing)\n" in out
    assert f"\ncrawl runs loaded: 2 ({b + -(-n // 3)} batches)\n" in out
    names = _first_column(out)
    assert all(n in names for n in ok_names)  # --all: every row, each name whole (folded)
    assert f"  {LONG}: failing since " in out and "next try" in out
    assert all(len(ln) <= 80 for ln in out.splitlines()), out

    listed = _eolist(prefect_server, tmp_path, config, "sources", "list")
    assert listed.returncode == 0, listed.stderr
    assert all(len(ln) <= 80 for ln in listed.stdout.splitlines()), listed.stdout
    assert "failing" in listed.stdout and f"  {LONG}: " in listed.stdout

    as_json = _eolist(prefect_server, tmp_path, config, "sources", "list", "--format", "json")
    rows = {r["name"]: r for r in json.loads(as_json.stdout)}
    assert set(rows) == {*ok_names, LONG}
    dead = rows[LONG]
    assert dead["health"] == "failing" and dead["consecutive_failures"] == 1
    assert dead["failing_since"] and dead["last_ok_at"] is None
    assert dead["next_attempt_at"] > dead["failing_since"]  # 15 min of backoff after it
    assert "Connection refused" in dead["problem"] or "refused" in dead["problem"].lower()
    assert all(rows[n]["health"] == "ok" and rows[n]["failing_since"] is None for n in ok_names)
    assert all(rows[n]["last_ok_at"] for n in ok_names)

    failing = _eolist(
        prefect_server, tmp_path, config, "sources", "list", "--failing", "--format", "csv"
    )
    assert [r["name"] for r in csv.DictReader(io.StringIO(failing.stdout))] == [LONG]
    feeds = _eolist(prefect_server, tmp_path, config, "sources", "list", "--kind", "blog-feed",
                    "--format", "json")  # fmt: skip
    kinds = {r["kind"] for r in json.loads(feeds.stdout)}
    assert kinds == {"blog-feed"}


def test_a_crawl_where_every_source_fails_prints_its_summary(prefect_server, tmp_path):
    config = tmp_path / "sources.toml"
    config.write_text(_dead("gh-a") + _dead("gh-b"))

    proc = _eolist(prefect_server, tmp_path, config, "crawl")

    _clean(proc)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "crawl summary: 2 sources tried: 2 failed" in proc.stdout
    assert "  gh-a: " in proc.stdout and "  gh-b: " in proc.stdout
    said = [ln for ln in proc.stdout.splitlines() if "every source" in ln]
    assert said == ["every source this run tried failed (2 of 2)"], proc.stdout


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_plain_progress_is_one_line_per_batch_at_most_every_few_seconds(tmp_path):
    from tests.conftest import outcome, write_batch

    clock, out = Clock(), io.StringIO()
    tracker = Tracker(4, 4, out, tty=False, clock=clock, every_s=5.0)
    for i, status in enumerate(("ok", "failed", "ok", "empty")):
        write_batch(tmp_path, f"b{i}", [outcome(f"s{i}", status=status)])
    clock.now = 101
    tracker.batch_done(tmp_path / "b0.jsonl", ["s0"])  # the first: printed
    clock.now = 103
    tracker.batch_done(tmp_path / "b1.jsonl", ["s1"])  # 2 s later: held back
    clock.now = 107
    tracker.batch_done(tmp_path / "b2.jsonl", ["s2"])  # 6 s after the last line: printed
    clock.now = 108
    tracker.batch_done(tmp_path / "gone.jsonl", ["s3"])  # the last, never landed: printed
    assert out.getvalue().splitlines() == [
        "crawl: batch 1/4 done; sources 1/4: 1 ok, 0 failed; 0:01 elapsed",
        "crawl: batch 3/4 done; sources 3/4: 2 ok, 1 failed; 0:07 elapsed",
        "crawl: batch 4/4 done; sources 4/4: 2 ok, 2 failed; 0:08 elapsed",
    ]
    bar = io.StringIO()
    drawn = Tracker(1, 1, bar, tty=True, clock=clock)
    drawn.batch_done(tmp_path / "b3.jsonl", ["s3"])
    assert "crawl batches" in bar.getvalue() and "1/1" in bar.getvalue()
    assert "1 other" in bar.getvalue()  # the empty listing: neither ok nor failed
