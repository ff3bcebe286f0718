"""Real processes on one file: a load killed with SIGKILL, and writers and readers at once.

DuckDB lets one process hold a file read-write and then no other process can open it, not
even read-only; eolist opens per operation and waits out the lock (``warehouse.db``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest

from tests.conftest import NOW, make_posting, outcome, write_batch
from warehouse import db
from warehouse.errors import DatabaseLocked

ROOT = Path(__file__).resolve().parents[2]
LATER = NOW + timedelta(hours=6)
TABLES = {
    "postings": "posting_key", "posting_versions": "posting_key, version", "jobs": "job_id",
    "crawl_runs": "batch_id", "source_runs": "batch_id, source_name",
    "landing_batches": "batch_id", "sources": "name", "posting_signatures": "posting_key",
    "jobs_stale": "job_id",
}  # fmt: skip
# What a load's second transaction (settling the jobs) writes: a load killed between its two
# commits leaves every other table as the finished load would.
SETTLED_BY_JOBS = {"jobs", "posting_signatures", "jobs_stale"}


def child(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.warehouse.procs", *args], cwd=ROOT, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def finish(proc: subprocess.Popen[str], timeout: float = 120) -> list[str]:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err
    return out.splitlines()


def dump(path: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            # job_id last, whatever columns later migrations appended after it
            t: con.execute(
                f"SELECT * EXCLUDE (job_id), job_id FROM {t} ORDER BY {k}"
                if t == "postings"
                else f"SELECT * FROM {t} ORDER BY {k}"
            ).fetchall()
            for t, k in TABLES.items()
        }


def merged_not_settled(state: dict, expected: dict) -> bool:
    """Postings committed, jobs not settled yet: equal to ``expected`` but for the jobs."""

    def without_jobs(d: dict) -> dict:
        rest = {t: rows for t, rows in d.items() if t not in SETTLED_BY_JOBS}
        rest["postings"] = [row[:-1] for row in d["postings"]]  # job_id is the last column
        return rest

    return without_jobs(state) == without_jobs(expected)


def posting(i: int):
    """Postings of 300 employers with distinct descriptions (so dedup has little to match)."""
    words = " ".join(f"w{(i * 7 + k * 13) % 997}" for k in range(40))
    return make_posting(str(i), source=f"s{i % 20}", company_normalized=f"co{i % 300}",
                        description_text=words, title=f"HR Partner {i}")  # fmt: skip


@pytest.fixture(scope="module")
def batches(tmp_path_factory) -> tuple[Path, Path]:
    """A first batch of 1,000 postings, then 3,000 (a third changed, two thirds new) over 20 sources."""
    folder = tmp_path_factory.mktemp("landing")
    first = [posting(i) for i in range(1000)]
    second = [replace(p, fetched_at=LATER, title=p.title + " (changed)" if i % 3 == 0 else p.title,
                      fingerprint=p.fingerprint + ("x" if i % 3 == 0 else ""))
              for i, p in enumerate(first)]  # fmt: skip
    second += [replace(posting(i), fetched_at=LATER) for i in range(1000, 3000)]
    outcomes = [outcome(source=f"s{i}") for i in range(20)]
    return (
        write_batch(folder, "first", [*first, *outcomes]),
        write_batch(folder, "second", [*second, *outcomes]),
    )


@pytest.mark.e2e
def test_kill_9_during_load_then_reload_equals_uninterrupted(tmp_path, batches):
    first, second = batches
    reference = tmp_path / "reference.duckdb"
    finish(child("load", str(reference), NOW.isoformat(), str(first)))
    proc = child("load", str(reference), LATER.isoformat(), str(second))
    started = time.monotonic()
    assert proc.stdout and proc.stdout.readline().strip() == "open"
    finish(proc)
    took = time.monotonic() - started
    expected = dump(reference)

    crashed = tmp_path / "crashed.duckdb"
    finish(child("load", str(crashed), NOW.isoformat(), str(first)))
    before = dump(crashed)
    killed_mid_load = 0
    # two kills, then earlier ones while none has landed mid-load: the reference load that
    # sized them may have run beside another pytest worker and these alone, faster
    for n, fraction in enumerate((0.3, 0.7, 0.15, 0.05)):
        if n >= 2 and killed_mid_load:
            break
        proc = child("load", str(crashed), LATER.isoformat(), str(second))
        assert proc.stdout and proc.stdout.readline().strip() == "open"
        time.sleep(took * fraction)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        state = dump(crashed)
        assert state in (before, expected) or merged_not_settled(state, expected), (
            "a killed load left a partial batch"
        )
        killed_mid_load += state != expected
        if state == expected:  # the kill came too late: start again from the first batch
            for path in tmp_path.glob("crashed.duckdb*"):
                path.unlink()
            finish(child("load", str(crashed), NOW.isoformat(), str(first)))
    assert killed_mid_load, f"every kill came after the last commit (load took {took:.1f} s)"
    finish(child("load", str(crashed), LATER.isoformat(), str(second)))
    assert dump(crashed) == expected


@pytest.mark.e2e
def test_loads_curation_and_queries_at_once_in_separate_processes(tmp_path, batches):
    """A load, the curation page's writes and eolist query, concurrently: nothing fails or is lost."""
    first, second = batches
    path = tmp_path / "shared.duckdb"
    with db.session(path):
        pass
    procs = [
        child("load", str(path), LATER.isoformat(), str(first), str(second)),
        child("curate", str(path), "15"),
        child("read", str(path), "15"),
        child("read", str(path), "15"),
    ]
    outputs = [finish(p, timeout=300) for p in procs]
    assert [line.split()[1] for line in outputs[0] if line.startswith("loaded")] == [
        "first",
        "second",
    ]
    assert len(outputs[1]) == 15 and all(len(o) == 15 for o in outputs[2:])
    with db.session(path, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM curation").fetchone() == (15,)
        assert con.execute("SELECT count(*) FROM landing_batches").fetchone() == (2,)
        assert con.execute("SELECT count(*) FROM postings").fetchone() == (3000,)
    cli = subprocess.run(
        [str(Path(sys.executable).parent / "eolist"), "--db", str(path), "query",
         "SELECT count(*) AS n FROM curation", "--format", "csv"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert cli.returncode == 0 and cli.stdout.split() == ["n", "15"], cli.stderr


def test_readers_and_writers_wait_for_a_writer_then_give_up_clearly(tmp_path):
    path = tmp_path / "locked.duckdb"
    with db.session(path):
        pass
    holder = child("hold", str(path), "1.5")
    assert holder.stdout and holder.stdout.readline().strip() == "holding"
    started = time.monotonic()
    with db.session(path, read_only=True, wait_s=20) as con:  # waits, then opens
        assert con.execute("SELECT count(*) FROM jobs").fetchone() == (0,)
    assert time.monotonic() - started > 0.5
    finish(holder)
    holder = child("hold", str(path), "5")
    assert holder.stdout and holder.stdout.readline().strip() == "holding"
    for read_only in (True, False):
        started = time.monotonic()
        with pytest.raises(DatabaseLocked, match=rf"PID {holder.pid} .*; waited \d\.\d s"):
            db.connect(path, read_only=read_only, wait_s=1)
        assert 0.35 < time.monotonic() - started < 3  # jittered backoff: 0.375 s at least
    holder.kill()
    holder.wait()


def test_a_reader_blocks_writers_but_not_readers(tmp_path):
    path = tmp_path / "read.duckdb"
    with db.session(path):
        pass
    holder = child("hold", str(path), "5", "1")
    assert holder.stdout and holder.stdout.readline().strip() == "holding"
    with db.session(path, read_only=True, wait_s=0.5) as con:
        assert con.execute("SELECT 1").fetchone() == (1,)
    with pytest.raises(DatabaseLocked):
        db.connect(path, wait_s=0.5)
    holder.kill()
    holder.wait()


def test_in_one_process_a_reader_waits_for_a_thread_that_writes(tmp_path):
    """The curation page serves requests in threads: a read-only open meets a writer's."""
    import threading

    path = tmp_path / "threads.duckdb"
    with db.session(path):
        pass
    writer = db.connect(path)
    threading.Timer(0.5, writer.close).start()
    started = time.monotonic()
    with db.session(path, read_only=True, wait_s=10) as con:
        assert con.execute("SELECT count(*) FROM jobs").fetchone() == (0,)
    assert time.monotonic() - started >= 0.4
