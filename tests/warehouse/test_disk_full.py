"""A disk that refuses the warehouse's writes: one line naming the OS's reason, nothing lost.

Two real ways for a write to fail, no mocks: ``RLIMIT_FSIZE`` on the loading process (the
kernel answers EFBIG, "File too large"), and, where unprivileged user namespaces allow it, a
real 48 MB tmpfs filled up (ENOSPC, "No space left on device"). Each time the load stops at
the batch it could not write, keeps it in landing (it is not the file's fault: never set
aside), and loads it once there is room; the batch loaded before it is untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import make_posting, outcome, write_batch
from warehouse import db

ROOT = Path(__file__).resolve().parents[2]


def _in_order(landing: Path, *names: str) -> None:
    for i, name in enumerate(names):  # landing files load oldest first (by mtime)
        os.utime(landing / f"{name}.jsonl", (1_700_000_000 + i,) * 2)


def _landing(folder: Path) -> Path:
    landing = folder / "landing"
    write_batch(landing, "b1", [make_posting("1"), outcome(fetched=1)])
    # about 6 MB of descriptions: the write-ahead log of this load outgrows the room left
    big = [make_posting(f"big{i}", description_text=f"{i} " + "duty " * 4000) for i in range(300)]
    write_batch(landing, "b2", [*big, outcome(fetched=300)])
    _in_order(landing, "b1", "b2")
    return landing


def _check(lines: list[str], reason: str, landing: Path) -> None:
    first, then, postings = (json.loads(line) for line in lines[-3:])
    (b1, n1, stop1, q1), (b2, _, stop2, q2) = first["batches"]
    assert (b1, n1, stop1, q1) == ("b1", 1, None, False)
    assert b2 == "b2" and not q2, first  # the disk's fault, not the file's: never set aside
    assert reason in stop2 and "b2" in stop2 and "\n" not in stop2, stop2
    assert "cannot rollback" not in stop2 and "no transaction" not in stop2
    assert first["wal_bytes"] < 2_000_000  # the failed commit's log did not stay on the disk
    assert then["batches"] == [["b2", 300, None, False]]  # room made: it loads
    assert postings == [301]
    assert (landing / "b2.jsonl").exists() and not (landing / "quarantine").exists()


def _load_under_size_limit(path: Path, landing: Path) -> list[str]:
    """Load ``landing`` into ``path`` in a process whose files may grow 2 MB past the
    warehouse's size now, then again without the limit: that process's printed lines."""
    proc = subprocess.run(
        [sys.executable, "-m", "tests.warehouse.procs", "full_disk", str(path), str(landing),
         "fsize", str(path.stat().st_size + 2_000_000)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_file_size_limit_stops_the_load_with_the_os_reason(tmp_path):
    landing = _landing(tmp_path)
    path = tmp_path / "e.duckdb"
    with db.session(path):
        pass  # migrated before the limit: about 0.8 MB
    _check(_load_under_size_limit(path, landing), "File too large", landing)


def _user_namespaces() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-Urm", "true"], capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.mark.skipif(not _user_namespaces(), reason="needs unshare -Urm (user namespaces)")
def test_full_disk_stops_the_load_with_no_space_left(tmp_path):
    landing = _landing(tmp_path)
    disk = tmp_path / "disk"
    disk.mkdir()
    path = disk / "e.duckdb"
    script = (
        f"mount -t tmpfs -o size=48m tmpfs {disk} && exec {sys.executable} -m"
        f" tests.warehouse.procs full_disk {path} {landing} filler {disk / 'filler'}"
    )
    proc = subprocess.run(
        ["unshare", "-Urm", "sh", "-c", script],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    _check(proc.stdout.splitlines(), "No space left on device", landing)


def test_a_disk_that_fills_inside_the_postings_insert_stops_with_the_os_reason(tmp_path):
    # A batch of more than a row group (warehouse.db.BULK_ROW_GROUP rows) is written to the
    # file while the insert runs, so the disk refuses that statement itself, inside the
    # load's planner switch (warehouse.merge._file_probed): the reason is still the OS's.
    from warehouse.db import BULK_ROW_GROUP

    landing = tmp_path / "landing"
    write_batch(landing, "b1", [make_posting("1"), outcome(fetched=1)])
    n = BULK_ROW_GROUP + 600
    text = "Run payroll for every region. " * 30
    big = [make_posting(f"r{i}", description_text=f"{i} {text}") for i in range(n)]
    write_batch(landing, "b2", [*big, outcome(fetched=n)])
    _in_order(landing, "b1", "b2")
    path = tmp_path / "e.duckdb"
    with db.session(path):
        pass
    lines = _load_under_size_limit(path, landing)
    first, then, postings = (json.loads(line) for line in lines[-3:])
    (b1, n1, _, _), (b2, _, stop2, q2) = first["batches"]
    assert (b1, n1) == ("b1", 1)
    assert b2 == "b2" and not q2
    assert "File too large" in stop2 and "aborted" not in stop2, stop2
    assert then["batches"] == [["b2", n, None, False]]
    assert postings == [n + 1]
