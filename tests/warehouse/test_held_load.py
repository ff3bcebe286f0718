"""A backlog of landing batches loads in one held session (``warehouse.held``), which lets
the file go at a batch's end when another eolist process waits for it
(``warehouse.lockholder``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import replace
from datetime import timedelta

import duckdb

from tests.conftest import NOW, make_posting, outcome, write_batch
from tests.warehouse.test_processes import child, dump, finish
from warehouse import db, held, lockholder
from warehouse.load import load_pending

LATER = NOW + timedelta(hours=6)


def _backlog(folder) -> None:
    """Five batches whose loads depend on each other: new, changed, missing, seen again by a
    304, a cross-post from a board, a broken file, and a posting back after a miss."""
    acme = [make_posting(str(i), description_text=f"Partner with team {i} on people plans.")
            for i in range(10)]  # fmt: skip
    write_batch(folder, "b1", [*acme, outcome(fetched=10)])
    changed = [replace(p, description_text=p.description_text + " Now hybrid.",
                       fingerprint=p.fingerprint + "x") if i < 3 else p
               for i, p in enumerate(acme[:8])]  # fmt: skip
    board = replace(acme[1], source_name="board", source_kind="jobfeed",
                    posting_key="board:1", url="https://board.test/1")  # fmt: skip
    write_batch(folder, "b2", [*changed, board, outcome(fetched=8),
                               outcome("board", "jobfeed", fetched=1)])  # fmt: skip
    write_batch(folder, "b3", [outcome(status="not_modified", fetched=0, not_modified=1)])
    (folder / "b4.jsonl").write_text('{"record": "Posting", "posting_key": \n')
    write_batch(folder, "b5", [*changed, acme[8], outcome(fetched=9)])


def test_a_held_backlog_loads_as_a_session_per_batch_does(tmp_path, db_path, monkeypatch):
    landing = tmp_path / "landing"
    _backlog(landing)
    kept = tmp_path / "kept"
    shutil.copytree(landing, kept)
    fresh = tmp_path / "fresh.duckdb"
    shutil.copy(db_path, fresh)  # an empty migrated warehouse, as db_path is
    kept_open = [(r.batch_id, r.postings, bool(r.quarantined)) for r in
                 load_pending(db_path, landing, LATER)]  # fmt: skip
    shutil.rmtree(landing)
    shutil.copytree(kept, landing)
    with db.session(db_path, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM postings").fetchone() == (11,)
    monkeypatch.setattr(held, "HOLD_S", 0.0)  # closed and opened again between every batch
    reopened = [(r.batch_id, r.postings, bool(r.quarantined)) for r in
                load_pending(fresh, landing, LATER)]  # fmt: skip
    assert kept_open == reopened == [("b1", 10, False), ("b2", 9, False), ("b3", 0, False),
                                ("b4", 0, True), ("b5", 9, False)]  # fmt: skip
    assert dump(db_path) == dump(fresh)


def test_a_waiting_reader_gets_the_file_between_batches(tmp_path, db_path):
    landing = tmp_path / "landing"
    total = 30
    for b in range(total):
        posts = [make_posting(f"{b}-{i}", description_text=f"Lead payroll {b} and {i} well.")
                 for i in range(200)]  # fmt: skip
        write_batch(landing, f"b{b:02d}", [*posts, outcome(fetched=200)])
    loader = child("pending", str(db_path), str(landing), LATER.isoformat())
    assert loader.stdout and loader.stdout.readline().strip() == "start"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # until the loader holds the file
        try:
            duckdb.connect(str(db_path), read_only=True).close()
        except duckdb.Error:
            break
        time.sleep(0.01)
    started = time.monotonic()
    with db.session(db_path, read_only=True, wait_s=60) as con:
        waited = time.monotonic() - started
        seen = con.execute("SELECT count(*) FROM landing_batches").fetchone()
    lines = finish(loader)
    # a batch here takes ~0.1-0.3 s: the reader got in at a batch's end, long before the last
    assert seen is not None and seen[0] < total - 5, (seen, waited)
    assert waited < 10, waited
    assert len(lines) == total and all(line.endswith(" 200") for line in lines)
    with db.session(db_path, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM postings").fetchone() == (total * 200,)
    assert not os.listdir(str(db_path) + ".waiting")  # the reader's mark went with its wait


def test_marks_of_waits_count_only_live_processes_that_tried_lately(tmp_path):
    target = str(tmp_path / "w.duckdb")
    assert lockholder.waiters(target) == 0  # no folder yet
    mark = lockholder.mark_waiting(target)
    assert mark is not None and lockholder.waiters(target) == 1
    gone = subprocess.Popen(["true"])
    gone.wait()
    dead = tmp_path / "w.duckdb.waiting" / f"{gone.pid}-1"
    dead.touch()
    assert lockholder.waiters(target) == 1  # the dead process's mark is not a waiter...
    assert not dead.exists()  # ...and is removed
    old = time.time() - lockholder.MARK_FRESH_S - 1
    os.utime(mark, (old, old))  # a live process's mark, untouched for too long
    assert lockholder.waiters(target) == 0 and not mark.exists()
    mark = lockholder.mark_waiting(target)
    assert lockholder.waiters(target) == 1
    lockholder.unmark(mark)
    assert lockholder.waiters(target) == 0
    started = time.monotonic()
    lockholder.let_in(target, patience_s=5)  # no one waits: at once
    assert time.monotonic() - started < 0.5
