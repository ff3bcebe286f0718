"""The full setup, as an operator runs it: server, process pool, ``prefect deploy --all`` from
prefect.yaml, workers; a crawl deployment triggered against the sample web.

Shares one real Prefect server per session (tests/flows/conftest.py). Workers poll every second.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from ops.loading import load_pending
from ops.settings import resolve
from tests.conftest import ROOT, Server
from warehouse import db

pytestmark = [pytest.mark.e2e, pytest.mark.prefect]


@contextmanager
def workers(server: Server, data: Path, config: Path, specs: list[tuple[str, list[str], int | None]],
            **env: str) -> Iterator[dict[str, subprocess.Popen]]:  # fmt: skip
    """Start ``prefect worker start`` processes (name, queues, limit); stop them after.

    Yields each worker's process by name."""
    procs = []
    for name, queues, limit in specs:
        cmd = [sys.executable, "-m", "prefect", "worker", "start", "--pool", "eolist",
               "--name", f"{name}-{os.getpid()}-{data.name}"]  # fmt: skip
        for q in queues:
            cmd += ["--work-queue", q]
        if limit:
            cmd += ["--limit", str(limit)]
        worker_env = server.env(
            EOLIST_DB=str(data / "eolist.duckdb"), EOLIST_CONFIG=str(config),
            EOLIST_LANDING=str(data / "landing"), EOLIST_WORKER_NAME=name,
            EOLIST_CONCURRENCY="2", PREFECT_WORKER_QUERY_SECONDS="1", **env,
        )  # fmt: skip
        log = (data / f"worker-{name}.log").open("wb")
        procs.append(subprocess.Popen(cmd, cwd=ROOT, env=worker_env, stdout=log,
                                      stderr=subprocess.STDOUT, start_new_session=True))  # fmt: skip
    try:
        _wait_online(server, [f"{name}-{os.getpid()}-{data.name}" for name, _, _ in specs], data)
        yield {name: p for (name, _, _), p in zip(specs, procs, strict=True)}
    finally:
        for p in procs:
            _signal(p, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                _signal(p, signal.SIGKILL)
                p.wait()


def _signal(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass  # the test killed it already


def _wait_online(server: Server, names: list[str], data: Path, timeout: float = 180) -> None:
    """Trigger nothing before every worker polls, so none can miss its share of batches."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with client(server) as c:
            online = {w.name for w in c.read_workers_for_work_pool("eolist")}
        if set(names) <= online:
            return
        time.sleep(0.5)
    raise AssertionError(f"workers not online after {timeout:.0f} s\n{logs(data)}")


def run(server: Server, deployment: str, timeout: float = 600) -> Any:
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        return run_deployment(deployment, timeout=timeout, poll_interval=1, as_subflow=False)


def client(server: Server) -> Any:
    from prefect.client.orchestration import SyncPrefectClient

    return SyncPrefectClient(api=server.api_url)


def logs(data: Path) -> str:
    return "\n".join(p.read_text(errors="replace")[-3000:] for p in data.glob("worker-*.log"))


def batch_runs(server: Server) -> dict[str, Any]:
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName

    with client(server) as c:
        runs = c.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=["crawl-batch"])))
    return {str(r.id): r for r in runs}


def test_crawl_deployment_runs_on_a_worker(deployed, sample_toml, tmp_path):
    with workers(deployed, tmp_path, sample_toml, [("solo", [], None)]):
        flow_run = run(deployed, "crawl/crawl-jobs")
    assert flow_run.state.is_completed(), f"{flow_run.state}\n{logs(tmp_path)}"
    landed = sorted(p.stem for p in (tmp_path / "landing").glob("*.jsonl"))
    assert len(landed) == 1  # 4 job sources, one batch of EOLIST_BATCH_SIZE (8)
    with db.session(tmp_path / "eolist.duckdb", read_only=True) as con:
        assert [
            r[0] for r in con.execute("SELECT batch_id FROM landing_batches").fetchall()
        ] == landed
        kinds = {r[0] for r in con.execute("SELECT DISTINCT source_kind FROM postings").fetchall()}
        postings = con.execute("SELECT count(*) FROM postings").fetchone()[0]
        jobs = con.execute("SELECT count(*) FROM jobs").fetchone()[0]
    assert postings > 50 and jobs > 20
    assert not kinds & {"blog-feed", "job-feed"} and {"greenhouse", "lever", "jsonld"} <= kinds
    with client(deployed) as c:
        art = c.read_artifacts()
    report = [a for a in art if a.key == "crawl-report-jobs" and a.flow_run_id == flow_run.id]
    assert report and "| gh-maplewoodsoftware | ok |" in str(report[0].data)


def test_two_workers_share_the_batches_of_a_run(deployed, sample_web, sample_toml, tmp_path):
    before = set(batch_runs(deployed))
    specs = [("home", ["warehouse"], None), ("a", ["crawl"], 1), ("b", ["crawl"], 1)]
    # The ATS boards (one request each) answer after 4 s, so the first batch is still crawling
    # when the second is queued (workers poll every second): a worker limited to one run
    # cannot take both. A warm crawl finishes a batch of two boards in well under a second,
    # and worker "a" used to take the second batch too once the first had ended.
    for source in sample_web.sources():
        if source["kind"] in ("greenhouse", "lever"):
            sample_web.set_fault(urlsplit(source["url"]).path, "delay:4")
    try:
        with workers(deployed, tmp_path, sample_toml, specs, EOLIST_BATCH_SIZE="2"):
            flow_run = run(deployed, "crawl/crawl-jobs")
    finally:
        sample_web.clear_faults()
    assert flow_run.state.is_completed(), f"{flow_run.state}\n{logs(tmp_path)}"
    mine = {k: r for k, r in batch_runs(deployed).items() if k not in before}
    assert len(mine) == 2 and all(r.state.is_completed() for r in mine.values())
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with client(deployed) as c:
        arts = c.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=list(mine)))
        )
    who = [re.search(r"worker: (\w+)", str(a.data)).group(1) for a in arts]
    assert sorted(who) == ["a", "b"], who  # each crawl worker took one of the two batches
    landed = sorted(p.stem for p in (tmp_path / "landing").glob("*.jsonl"))
    assert len(landed) == 2
    with db.session(tmp_path / "eolist.duckdb", read_only=True) as con:
        loaded = [r[0] for r in con.execute("SELECT batch_id FROM landing_batches").fetchall()]
        runs = [r[0] for r in con.execute("SELECT batch_id FROM crawl_runs").fetchall()]
        per_source = con.execute(
            "SELECT source_name, count(*) FROM source_runs GROUP BY ALL HAVING count(*) > 1"
        ).fetchall()
    assert sorted(loaded) == landed and sorted(runs) == landed  # each batch loaded once
    assert per_source == []
    settings = resolve(db=tmp_path / "eolist.duckdb", landing=tmp_path / "landing")
    assert load_pending(settings).batch_ids == []  # nothing left, nothing loaded again


def _wait(what: str, check: Any, timeout: float, data: Path) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = check()
        if got:
            return got
        time.sleep(0.25)
    raise AssertionError(f"{what} not within {timeout:.0f} s\n{logs(data)}")


def test_a_dead_crawl_worker_is_given_up_on_not_waited_for(
    deployed, sample_web, sample_toml, tmp_path
):
    """A crawl machine dies mid-batch (kill -9 of its worker and everything it started): the
    crawl run notices the batch's heartbeat stopped, marks that batch run Crashed, reports its
    sources failed and finishes with the other batch loaded, in seconds instead of an hour."""
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    jobsite = next(s for s in sample_web.sources() if s["kind"] == "jsonld")
    path = urlsplit(jobsite["url"]).path
    sample_web.set_fault(path, "delay:60")  # its batch is still crawling when its machine dies
    landing = tmp_path / "landing"
    specs = [("home", ["warehouse"], None), ("a", ["crawl"], 1), ("b", ["crawl"], 1)]
    env = {"EOLIST_BATCH_SIZE": "2", "EOLIST_BATCH_HEARTBEAT_S": "0.5", "EOLIST_BATCH_STALE_S": "5"}
    try:
        with workers(deployed, tmp_path, sample_toml, specs, **env) as procs:
            with temporary_settings(updates={PREFECT_API_URL: deployed.api_url}):
                flow_run = run_deployment("crawl/crawl-jobs", timeout=0, as_subflow=False)

            # the fast batch landed; the slow one is alive on some worker
            def crawling() -> list[Path]:
                landed = {p.stem for p in landing.glob("*.jsonl")}
                live = [p for p in landing.glob("*.alive") if p.stem not in landed]
                return live if landed else []

            alive = _wait("a landed batch and a live one", crawling, 180, tmp_path)[0]
            owner, pid = alive.read_text().split()
            killed_at = time.monotonic()
            # the machine goes: its worker, and the batch's flow run, which Prefect starts in
            # a session of its own (with the crawl subprocess in it)
            os.killpg(int(pid), signal.SIGKILL)
            os.killpg(procs[owner].pid, signal.SIGKILL)
            with client(deployed) as c:
                done = _wait(
                    "the crawl run's end",
                    lambda: (r := c.read_flow_run(flow_run.id)).state.is_final() and r,
                    300,
                    tmp_path,
                )
            took = time.monotonic() - killed_at
    finally:
        sample_web.faults.pop(path, None)
    assert done.state.is_completed(), f"{done.state}\n{logs(tmp_path)}"
    assert took < 45, took  # 5 s of silence, then the load and the report (an hour before)
    slow = alive.name.removesuffix(".alive")
    runs = [r for r in batch_runs(deployed).values() if r.name == f"batch-{slow}"]
    assert len(runs) == 1 and runs[0].state.type.value == "CRASHED", runs
    assert "stopped answering" in (runs[0].state.message or "")
    with client(deployed) as c:
        art = c.read_artifacts()
    report = [a for a in art if a.key == "crawl-report-jobs" and a.flow_run_id == flow_run.id]
    text = str(report[0].data)
    row = next((line for line in text.splitlines() if line.startswith("| jobsite |")), "")
    assert "| failed |" in row, text
    assert "stopped answering" in text, text
    with db.session(tmp_path / "eolist.duckdb", read_only=True) as con:
        loaded = [r[0] for r in con.execute("SELECT batch_id FROM landing_batches").fetchall()]
    assert loaded and slow not in loaded  # the other batch was loaded


def test_a_crawl_worker_crawls_batch_after_batch_in_one_warm_process(
    deployed, sample_toml, tmp_path
):
    """Prefect starts each batch run in a fresh process; the crawl process is not: the four
    batches of a run on one crawl worker are crawled by one ``spiders.worker`` process (start-up
    paid once, not four times), which ends with its Prefect worker."""
    before = set(batch_runs(deployed))
    specs = [("home", ["warehouse"], None), ("a", ["crawl"], 1)]
    with workers(deployed, tmp_path, sample_toml, specs, EOLIST_BATCH_SIZE="1"):
        flow_run = run(deployed, "crawl/crawl-jobs")
        assert flow_run.state.is_completed(), f"{flow_run.state}\n{logs(tmp_path)}"
        mine = [k for k in batch_runs(deployed) if k not in before]
        from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

        with client(deployed) as c:
            arts = c.read_artifacts(
                artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=mine))
            )
        crawled = [re.search(r"crawl process: (\d+) \(its batch (\d+)\)", str(a.data))
                   for a in arts]  # fmt: skip
        assert len(mine) == 4 and all(crawled), [str(a.data) for a in arts]
        pids = {int(m.group(1)) for m in crawled if m}
        assert len(pids) == 1, pids  # one process start for four batches (four before)
        assert sorted(int(m.group(2)) for m in crawled if m) == [1, 2, 3, 4]
        pid = pids.pop()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        assert b"spiders.worker" in cmdline, cmdline  # still warm, waiting for a next batch
    _wait("the warm crawl process's end with its worker", lambda: not Path(f"/proc/{pid}").exists(),
          30, tmp_path)  # fmt: skip
    assert len(list((tmp_path / "landing").glob("*.jsonl"))) == 4
