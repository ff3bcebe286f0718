"""A source that hangs its crawl process fails alone (``ops.isolation``): its
batch-mates are crawled again one per batch and land in the same run, the culprit's failure is
recorded in the warehouse (health, backoff), so the next run does not try it with the others.
Real crawl processes, the sample web on 127.0.0.1 (one site made to hang), a real DuckDB file."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from ops.crawl import Plan, Selection, crawl
from ops.isolation import isolable, isolate, record_crashes
from ops.settings import resolve
from warehouse import db

pytestmark = pytest.mark.e2e
MATES = ("gh-redpinemedia", "gh-maplewoodsoftware")
CULPRIT = "lever-westmounthealth"


def test_a_source_that_hangs_its_batch_fails_alone_and_backs_off(web, db_path, tmp_path):
    sample, config = web
    url = next(s["url"] for s in sample.sources() if s["name"] == CULPRIT)
    sample.set_fault(urlsplit(url).path, "delay:120")  # answers long after the batch timeout
    # 10 s: a warm crawl of one sample-web board takes ~1-2 s, under load a few more
    settings = resolve(db=db_path, config=config, landing=tmp_path / "landing", batch_size=3,
                       concurrency=2, batch_timeout_s=10)  # fmt: skip
    try:
        report = crawl(settings, Selection(sources=(*MATES, CULPRIT)))
    finally:
        sample.clear_faults()
    rows = {r["source_name"]: r for r in report.sources}
    assert sorted(rows) == sorted((*MATES, CULPRIT))  # each source once, from its last batch
    for mate in MATES:
        assert rows[mate]["status"] == "ok" and rows[mate]["new"] > 0, rows[mate]
    assert rows[CULPRIT]["status"] == "failed"
    assert (
        "crashed, alone" in rows[CULPRIT]["error"]
        and "timed out after 10 s" in rows[CULPRIT]["error"]
    )
    first, again = report.crashed_batches
    assert "timed out after 10 s" in first and "its 3 sources were crawled again" in first
    assert "timed out" in again and "crawled again" not in again
    assert report.failed and not report.every_source_failed
    with db.session(db_path, read_only=True) as con:
        health = dict(
            con.execute(
                "SELECT name, consecutive_failures FROM sources WHERE name IN (?, ?, ?)",
                [*MATES, CULPRIT],
            ).fetchall()
        )
        postings = con.execute(
            "SELECT count(*) FROM postings WHERE source_name IN (?, ?)", list(MATES)
        ).fetchone()[0]
    assert health == {MATES[0]: 0, MATES[1]: 0, CULPRIT: 1}
    assert postings == sum(rows[m]["new"] for m in MATES)

    # the next run: the culprit waits out its backoff, its old batch-mates crawl together
    later = crawl(settings, Selection(sources=(*MATES, CULPRIT)))
    assert later.waiting == [CULPRIT] and not later.crashed_batches
    assert len(later.batches) == 1  # both in one batch again
    # unchanged boards since the first run: answered 304, not crawled again
    assert {r["source_name"]: r["status"] for r in later.sources} == {
        MATES[0]: "not_modified", MATES[1]: "not_modified"
    }  # fmt: skip


def test_when_every_batch_crashed_no_source_is_blamed(db_path, tmp_path):
    """Nothing finished: the pool, the machine or the landing folder is the likelier cause, so
    no failure is recorded against a source (the report still fails them all)."""
    settings = resolve(db=db_path, config=tmp_path / "none.toml", landing=tmp_path / "landing")
    plan = Plan(run_id="r1", batches=[("b1", ["a", "b"]), ("b2", ["a"]), ("b3", ["b"])],
                retried=("b1",))  # fmt: skip
    crashed = {b: f"crawl batch {b} timed out after 5 s" for b in ("b1", "b2", "b3")}
    assert record_crashes(settings, plan, crashed) == []
    assert not (tmp_path / "landing").exists() or not list((tmp_path / "landing").iterdir())
    # one batch finished: the source whose batch of one crashed is the culprit
    plan = Plan(run_id="r1", batches=[("b1", ["a", "b"]), ("b2", ["a"]), ("b3", ["b"])],
                retried=("b1",))  # fmt: skip
    crashed = {"b1": "crawl batch b1 timed out after 5 s", "b3": "crawl batch b3 exited -11"}
    assert record_crashes(settings, plan, crashed) == ["b3-crashed"]
    text = (tmp_path / "landing" / "b3-crashed.jsonl").read_text()
    assert '"source_name": "b"' in text and '"status": "failed"' in text
    assert text.rstrip().endswith("}") and '"record": "Batch"' in text


def test_only_crashes_that_may_be_a_sources_doing_are_isolated():
    hung = "crawl batch b1 timed out after 3600 s"
    died = "crawl batch b1 exited -11: Fatal Python error: Segmentation fault"
    remote = "crawl batch b1 ended Failed on the pool: crawl batch b1 exited 1: MemoryError"
    stuck = "crawl batch b1 still Running on the pool after 3600 s"
    for why in (hung, died, remote, stuck):
        assert isolable(why), why
    machine = "crawl batch b1 given up: its worker stopped answering (no heartbeat for 6 s)"
    disk = "crawl batch b1 failed (1): landing file x could not be written: No space left"
    caller = "crawl batch b1 abandoned: its caller went away"
    for why in (machine, disk, caller):
        assert not isolable(why), why
    plan = Plan(run_id="r", batches=[("b1", ["a", "b"]), ("b2", ["c"]), ("b3", ["d", "e"])])
    again = isolate(plan, {"b1": hung, "b2": died, "b3": machine})
    assert [g for _, g in again.batches] == [["a"], ["b"]]  # b2 is alone already, b3 no fault
    assert len({b for b, _ in again.batches} | {"b1", "b2", "b3"}) == 5  # new batch ids
