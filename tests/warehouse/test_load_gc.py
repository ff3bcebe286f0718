"""A load runs with the cyclic GC paused (``pipeline.bulk``), and leaves it as it found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.bulk import gc_paused
from tests.conftest import NOW, make_posting, outcome, write_batch
from warehouse import db
from warehouse.errors import LandingError
from warehouse.jobs_rebuild import rebuild_jobs
from warehouse.load import load_batch


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The generations the cyclic GC collected while the test ran."""
    seen: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(note)
    try:
        yield seen
    finally:
        gc.callbacks.remove(note)


def test_gc_paused_restores_what_it_found() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # the caller's choice stands
    finally:
        gc.enable()


def test_a_load_and_a_rebuild_run_no_collection(
    tmp_path: Path, db_path: Path, collections: list[int]
) -> None:
    # 600 postings from two sources, every other one a board's copy: thousands of row
    # tuples and items, far past the 700 allocations that start a collection
    postings = [make_posting(str(i)) for i in range(300)] + [
        make_posting(str(i), source="board", source_kind="jsonld") for i in range(300)
    ]
    batch = write_batch(tmp_path / "landing", "b1", [*postings, outcome(), outcome("board")])
    with db.session(db_path) as con:
        gc.collect()  # counts from zero: none falls due on the way into the load
        collections.clear()
        report = load_batch(con, batch, NOW)
        # at most the one that fell due while paused, run as the GC came back on
        assert len(collections) <= 1
        assert gc.isenabled()
        assert report.postings == 600
        gc.collect()
        collections.clear()
        rebuild_jobs(con, NOW)
        assert len(collections) <= 1
        assert gc.isenabled()
        shared = con.execute("SELECT count(*) FROM jobs WHERE posting_count = 2").fetchone()
    assert shared == (300,)  # the copies joined their employer's postings: real work was done


def test_a_failed_load_leaves_the_gc_on(tmp_path: Path, db_path: Path) -> None:
    bad = tmp_path / "landing" / "b2.jsonl"
    bad.parent.mkdir(parents=True)
    bad.write_text('{"record": "Posting", "posting_key": \n')
    with db.session(db_path) as con, pytest.raises(LandingError):
        load_batch(con, bad, NOW)
    assert gc.isenabled()
