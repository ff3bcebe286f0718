"""Warm crawl processes (``spiders.worker`` via ``ops.crawlpool``), end to end on 127.0.0.1.

One process crawls batch after batch (start-up paid once) and lands what a fresh
``python -m spiders.run`` lands; and what a process per batch guaranteed still holds: a batch
whose process is killed, hangs past its timeout or fails ends alone, is reported, and the
next batch runs in a fresh process.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from ops import crawlhost
from ops.crawlpool import BatchCrashed, WorkerPool, crawl_env
from sampleweb import SampleWeb

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120.0


@pytest.fixture
def pool() -> Iterator[WorkerPool]:
    pool = WorkerPool()
    yield pool
    pool.close()


def _request(config: Path, landing: Path, batch_id: str, *names: str) -> dict[str, Any]:
    return {"config": str(config), "landing": str(landing), "batch_id": batch_id,
            "run_id": "r1", "sources": list(names)}  # fmt: skip


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _landed(path: Path) -> tuple[set[tuple[str, str]], dict[str, tuple[str, bool, int]]]:
    """(posting key, fingerprint) of each posting; (status, complete, pages) of each source."""
    records = _records(path)
    postings = {(r["posting_key"], r["fingerprint"]) for r in records if r["record"] == "Posting"}
    outcomes = {
        r["source_name"]: (r["status"], r["complete"], r["pages"])
        for r in records
        if r["record"] == "SourceOutcome"
    }
    return postings, outcomes


def _prefix(web: SampleWeb, name: str) -> str:
    url = next(s["url"] for s in web.sources() if s["name"] == name)
    return urlsplit(url).path


def _in_thread(pool: WorkerPool, request: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Run the batch in a thread; the dict gets its pid or its error when it ends."""
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["pid"] = pool.run(request, timeout, max_batches=50)
        except BatchCrashed as e:
            out["error"] = e

    out["thread"] = threading.Thread(target=run)
    out["thread"].start()
    return out


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_one_process_crawls_batch_after_batch_as_fresh_processes_do(web, pool, tmp_path):
    web_, config = web
    landing = tmp_path / "warm"
    names = ["gh-maplewoodsoftware", "jobsite", "blog-hr-insights"]
    pids = [
        pool.run(_request(config, landing, f"w{i}", name), TIMEOUT, max_batches=50)
        for i, name in enumerate(names)
    ]
    assert len(set(pids)) == 1, f"every batch in one warm process, got pids {pids}"
    assert pool.idle() == 1
    for i, name in enumerate(names[:2]):  # the same batches, one fresh process each
        cold = tmp_path / "cold"
        cmd = [sys.executable, "-m", "spiders.run", "--config", str(config), "--landing",
               str(cold), "--batch-id", f"c{i}", "--run-id", "r1", "--source", name]  # fmt: skip
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, timeout=TIMEOUT)
        warm_postings, warm_outcomes = _landed(landing / f"w{i}.jsonl")
        cold_postings, cold_outcomes = _landed(cold / f"c{i}.jsonl")
        assert warm_postings and warm_postings == cold_postings, name
        assert warm_outcomes == cold_outcomes and warm_outcomes[name][:2] == ("ok", True)
    blog = _records(landing / "w2.jsonl")
    assert any(r["record"] == "BlogPost" for r in blog), "the third batch landed its own kind"


def test_a_worker_retires_after_its_batches(web, pool, tmp_path):
    _, config = web
    landing = tmp_path / "landing"
    pids = [
        pool.run(_request(config, landing, f"b{i}", "gh-redpinemedia"), TIMEOUT, max_batches=2)
        for i in range(3)
    ]
    assert pids[0] == pids[1] != pids[2], pids
    assert _gone(pids[0])


def test_a_worker_killed_mid_batch_fails_that_batch_alone(web, pool, tmp_path):
    web_, config = web
    landing = tmp_path / "landing"
    pid = pool.run(_request(config, landing, "warm", "gh-redpinemedia"), TIMEOUT, 50)
    web_.set_fault(_prefix(web_, "lever-westmounthealth"), "delay:20")
    try:
        slow = _in_thread(pool, _request(config, landing, "killed", "lever-westmounthealth"), 60)
        time.sleep(2.0)  # the batch is in the warm process, its request in flight
        os.kill(pid, signal.SIGKILL)
        slow["thread"].join(30)
    finally:
        web_.clear_faults()
    error = slow.get("error")
    assert isinstance(error, BatchCrashed), slow
    assert error.transient, "killed from outside: the crawl run retries it"
    assert f"crawl batch killed exited {-signal.SIGKILL}" in str(error)
    assert not (landing / "killed.jsonl").exists()
    after = pool.run(_request(config, landing, "after", "gh-redpinemedia"), TIMEOUT, 50)
    assert after != pid and (landing / "after.jsonl").exists()


def test_a_stuck_batch_times_out_and_its_process_is_replaced(web, pool, tmp_path):
    web_, config = web
    landing = tmp_path / "landing"
    pid = pool.run(_request(config, landing, "warm", "gh-redpinemedia"), TIMEOUT, 50)
    web_.set_fault(_prefix(web_, "lever-westmounthealth"), "delay:30")
    try:
        with pytest.raises(BatchCrashed) as info:
            pool.run(_request(config, landing, "stuck", "lever-westmounthealth"), 3.0, 50)
    finally:
        web_.clear_faults()
    assert str(info.value) == "crawl batch stuck timed out after 3 s"
    assert not info.value.transient
    assert _gone(pid), "the stuck process is killed, not reused"
    after = pool.run(_request(config, landing, "after", "gh-redpinemedia"), TIMEOUT, 50)
    assert after != pid and (landing / "after.jsonl").exists()


def test_a_batch_with_a_bad_config_fails_in_one_line_and_retires_its_process(web, pool, tmp_path):
    _, config = web
    landing = tmp_path / "landing"
    pid = pool.run(_request(config, landing, "warm", "gh-redpinemedia"), TIMEOUT, 50)
    bad = tmp_path / "bad.toml"
    bad.write_text("[[source]]\nname = 'x'\nkind = 'nosuchkind'\nurl = 'http://127.0.0.1:9/'\n")
    with pytest.raises(BatchCrashed) as info:
        pool.run(_request(bad, landing, "bad", "x"), TIMEOUT, 50)
    message = str(info.value)
    assert message.startswith("crawl batch bad failed (2): ") and str(bad) in message, message
    assert "\n" not in message and "Traceback" not in message
    assert not info.value.transient
    after = pool.run(_request(config, landing, "after", "gh-redpinemedia"), TIMEOUT, 50)
    assert after != pid


def test_sigterm_to_a_warm_process_lands_its_batch_incomplete(web, pool, tmp_path):
    web_, config = web
    landing = tmp_path / "landing"
    pid = pool.run(_request(config, landing, "warm", "gh-redpinemedia"), TIMEOUT, 50)
    web_.set_fault(_prefix(web_, "lever-westmounthealth"), "delay:20")
    try:
        slow = _in_thread(pool, _request(config, landing, "cut", "lever-westmounthealth"), 60)
        time.sleep(2.0)
        t0 = time.monotonic()
        os.kill(pid, signal.SIGTERM)
        slow["thread"].join(30)
        took = time.monotonic() - t0
    finally:
        web_.clear_faults()
    error = slow.get("error")
    assert isinstance(error, BatchCrashed) and error.transient, slow
    assert took < 10.0, took
    outcomes = {
        r["source_name"]: r
        for r in _records(landing / "cut.jsonl")
        if r["record"] == "SourceOutcome"
    }
    cut = outcomes["lever-westmounthealth"]
    assert cut["complete"] is False
    assert cut["error"] == "the crawl was stopped (SIGTERM) before it finished"


def test_a_warm_crawler_outlives_its_callers_and_kills_a_batch_whose_caller_hung_up(web, tmp_path):
    """``ops.crawlhost``, as batch runs on a Prefect worker use it: each batch comes on a
    connection of its own (a fresh flow-run process in production) and the crawl process
    outlives them; a caller that hangs up mid-batch (a cancelled or killed run) takes that
    batch's crawl process with it, and the next batch gets a fresh one."""
    web_, config = web
    landing = tmp_path / "landing"
    owner = os.getpid()  # the host ends with its owner: here, this test process
    address = crawlhost.address(owner)
    try:
        one = crawlhost.run(_request(config, landing, "h1", "gh-redpinemedia"), TIMEOUT, 50, owner)
        two = crawlhost.run(_request(config, landing, "h2", "gh-redpinemedia"), TIMEOUT, 50, owner)
        assert one["pid"] == two["pid"] and (one["batches"], two["batches"]) == (1, 2)
        assert (landing / "h1.jsonl").exists() and (landing / "h2.jsonl").exists()
        web_.set_fault(_prefix(web_, "lever-westmounthealth"), "delay:20")
        message = {"request": _request(config, landing, "h3", "lever-westmounthealth"),
                   "timeout": 60, "max_batches": 50, "env": crawl_env(), "cwd": os.getcwd()}  # fmt: skip
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(str(address))
            conn.sendall((json.dumps(message) + "\n").encode())
            time.sleep(2.0)  # the batch is crawling in the warm process
        deadline = time.monotonic() + 15
        while not _gone(one["pid"]) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _gone(one["pid"]), "the hung-up batch's crawl process is killed"
        web_.clear_faults()
        after = crawlhost.run(
            _request(config, landing, "h4", "gh-redpinemedia"), TIMEOUT, 50, owner
        )
        assert after["pid"] != one["pid"] and after["batches"] == 1
        assert not (landing / "h3.jsonl").exists() and (landing / "h4.jsonl").exists()
    finally:
        web_.clear_faults()
        host = address.with_suffix(".lock").read_text().strip()
        if host:
            os.kill(int(host), signal.SIGTERM)
