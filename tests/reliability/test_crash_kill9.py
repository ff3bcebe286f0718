"""Crash safety: kill -9 at random moments, rerun normally, and the warehouse is as if nothing happened.

Three targets, each killed ``EOLIST_CRASH_ROUNDS`` times (default 2; the flow
``EOLIST_CRASH_FLOW_ROUNDS``, default 1: the suite's time is shared) at a
moment drawn uniformly over the uninterrupted duration of that step (seeded, so a failure can
be replayed with ``EOLIST_CRASH_SEED``):

* the crawl subprocess (``python -m spiders.run``): then a normal crawl and load;
* the load (``warehouse.load.load_batch`` in a subprocess): then a normal load;
* the whole ``eolist crawl`` run, its process group (the run and its crawl subprocesses):
  then ``eolist crawl`` again; once as a Prefect flow (the session's server configured), once
  in the foreground (no server configured: the same steps without Prefect).

After the rerun the warehouse's content (``support.snapshot``: postings, posting versions,
jobs, blog posts, without load timestamps) must equal that of one uninterrupted run: nothing
lost, nothing twice. Each round also checks that no half-written landing file was left under
a final name. The number of rounds survived is printed (``-s``) for the report.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sampleweb import SampleWeb
from tests.conftest import Server
from tests.reliability.support import (
    ROOT,
    classic_sources_toml,
    env_without_prefect_server,
    load_landing,
    run_crawl,
    snapshot,
)

pytestmark = pytest.mark.e2e

ROUNDS = int(os.environ.get("EOLIST_CRASH_ROUNDS", "2"))
FLOW_ROUNDS = int(os.environ.get("EOLIST_CRASH_FLOW_ROUNDS", "1"))
SEED = int(os.environ.get("EOLIST_CRASH_SEED", "11"))
LOAD_SCRIPT = (
    "import sys; from pathlib import Path; from warehouse import db;"
    " from warehouse.load import load_batch\n"
    "with db.session(Path(sys.argv[1])) as con:\n"
    "    load_batch(con, Path(sys.argv[2]))\n"
)


class World:
    def __init__(self, web: SampleWeb, base: Path):
        self.web, self.base = web, base
        self.config = base / "sources.toml"
        self.config.write_text(classic_sources_toml(web))
        ref = base / "reference"
        t0 = time.monotonic()
        crawl = run_crawl(self.config, ref / "landing", "ref", {"LOG_LEVEL": "ERROR"})
        self.crawl_s = time.monotonic() - t0
        assert crawl.returncode == 0, crawl.stderr[-3000:]
        self.landing_file = ref / "landing" / "ref.jsonl"
        t0 = time.monotonic()
        _run_load(ref / "ref.duckdb", self.landing_file)
        self.load_s = time.monotonic() - t0
        self.reference = snapshot(ref / "ref.duckdb")
        assert self.reference["postings"] and self.reference["blog_posts"]


def _run_load(db_path: Path, landing_file: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", LOAD_SCRIPT, str(db_path), str(landing_file)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Iterator[World]:
    with SampleWeb(seed=7, scale=1) as web:
        yield World(web, tmp_path_factory.mktemp("crash"))


def _kill_after(cmd: list[str], delay: float, env: dict[str, str] | None = None) -> bool:
    """Start ``cmd`` in its own process group, SIGKILL the group after ``delay`` seconds.

    True when the kill landed while it was still running (a real crash, not a late one)."""
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        return True


def _kill_during(cmd: list[str], delay: float, landing: Path) -> bool:
    """``_kill_after``, with up to two more tries at half the delay when the crawl was done
    before its kill: the reference crawl that sized the delay may have run beside other
    tests (two pytest workers share two cores) and this one alone, faster. A crawl that
    finished left a whole batch, removed so the round starts as it would have."""
    for _ in range(3):
        if _kill_after(cmd, delay):
            return True
        shutil.rmtree(landing)
        landing.mkdir()
        delay = max(0.3, delay / 2)
    return False


def _no_partial_landing(landing: Path) -> None:
    for path in landing.glob("*.jsonl"):
        last = path.read_text("utf-8").rstrip("\n").rsplit("\n", 1)[-1]
        assert '"record":"Batch"' in last, f"{path.name} is under its final name but not whole"


def _report(target: str, crashes: int) -> None:
    print(f"\n[crash] {target}: {ROUNDS} rounds survived, {crashes} killed mid-run")


def test_kill_crawl_subprocess(world: World):
    rng = random.Random(SEED)
    crashes = 0
    for i in range(ROUNDS):
        d = world.base / f"crawl-{i}"
        landing = d / "landing"
        landing.mkdir(parents=True)
        cmd = [sys.executable, "-m", "spiders.run", "--config", str(world.config),
               "--landing", str(landing), "--batch-id", "killed"]  # fmt: skip
        crashes += _kill_during(cmd, rng.uniform(0.5, world.crawl_s), landing)
        _no_partial_landing(landing)
        rerun = run_crawl(world.config, landing, "rerun", {"LOG_LEVEL": "ERROR"})
        assert rerun.returncode == 0, rerun.stderr[-3000:]
        load_landing(d / "w.duckdb", landing)
        assert snapshot(d / "w.duckdb") == world.reference, f"round {i}"
        shutil.rmtree(d)
    _report("crawl subprocess", crashes)
    assert crashes >= 1, "no kill landed while the crawl ran: the harness tested nothing"


def test_kill_load(world: World):
    rng = random.Random(SEED + 1)
    crashes = 0
    for i in range(ROUNDS):
        d = world.base / f"load-{i}"
        (d / "landing").mkdir(parents=True)
        batch = shutil.copy(world.landing_file, d / "landing" / "ref.jsonl")
        cmd = [sys.executable, "-c", LOAD_SCRIPT, str(d / "w.duckdb"), str(batch)]
        crashes += _kill_after(cmd, rng.uniform(0.3, world.load_s))
        load_landing(d / "w.duckdb", d / "landing")  # the normal rerun: pending batches
        assert snapshot(d / "w.duckdb") == world.reference, f"round {i}"
        load_landing(d / "w.duckdb", d / "landing")  # and once more: nothing twice
        assert snapshot(d / "w.duckdb") == world.reference, f"round {i}, second load"
        shutil.rmtree(d)
    _report("load", crashes)
    assert crashes >= 1, "no kill landed while the load ran: the harness tested nothing"


@pytest.fixture(scope="module")
def prefect_api(prefect_server: Server) -> dict[str, str]:
    """The session's Prefect server (tests/conftest.py): a flow then costs 1-2 s."""
    return prefect_server.env(EOLIST_NO_ARTIFACTS="1")


def test_kill_whole_flow(world: World, prefect_api: dict[str, str]):
    # the flow is its crawl and its load plus a few seconds of Prefect and process start
    _kill_runs(world, dict(prefect_api), world.crawl_s + world.load_s + 4.0, SEED + 2, "flow")


def test_kill_foreground_run(world: World, tmp_path: Path):
    """No Prefect server configured: ``eolist crawl`` runs the flow's steps itself."""
    env = env_without_prefect_server(tmp_path / "prefect")
    _kill_runs(world, env, world.crawl_s + world.load_s + 1.5, SEED + 3, "foreground")


def _kill_runs(world: World, env: dict[str, str], duration: float, seed: int, label: str) -> None:
    rng = random.Random(seed)
    crashes = 0

    def eolist(d: Path, *args: str) -> list[str]:
        return [sys.executable, "-m", "cli", "--config", str(world.config),
                "--db", str(d / "w.duckdb"), *args]  # fmt: skip

    for i in range(FLOW_ROUNDS):
        d = world.base / f"{label}-{i}"
        d.mkdir()
        env["EOLIST_LANDING"] = str(d / "landing")
        crashes += _kill_after(eolist(d, "crawl"), rng.uniform(1.0, duration), env)
        if (d / "landing").exists():
            _no_partial_landing(d / "landing")
        rerun = subprocess.run(eolist(d, "crawl", "--force"), cwd=ROOT, env=env,
                               capture_output=True, text=True, timeout=600)  # fmt: skip
        assert rerun.returncode == 0, rerun.stdout[-2000:] + rerun.stderr[-2000:]
        assert snapshot(d / "w.duckdb") == world.reference, f"round {i}"
        shutil.rmtree(d)
    print(
        f"\n[crash] eolist crawl {label}: {FLOW_ROUNDS} rounds survived, {crashes} killed mid-run"
    )
    assert crashes >= 1, f"no kill landed while the {label} run ran: the harness tested nothing"
