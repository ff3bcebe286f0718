"""``eolist serve`` makes schedules really fire: a scheduled run is created and completes.

Prefect's temporary server schedules nothing, so this runs ``eolist serve`` as a user would,
with no PREFECT_API_URL and a fresh data folder: it must start its own server. prefect.yaml is
copied with one change, the feeds crawl every 5 s instead of hourly (and no other schedule),
so the test need not wait for a cron minute.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time

import pytest
import yaml

from tests.conftest import PREFECT_OFF, ROOT
from warehouse import db

pytestmark = [pytest.mark.e2e, pytest.mark.prefect]


def test_serve_fires_a_scheduled_crawl(tmp_path, sample_toml):
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    for d in spec["deployments"]:
        d["schedules"] = [{"interval": 5}] if d["name"] == "crawl-feeds" else []
    prefect_file = tmp_path / "prefect.yaml"
    prefect_file.write_text(yaml.safe_dump(spec))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_OFF, PREFECT_RUNNER_POLL_FREQUENCY="1", PYTHONUNBUFFERED="1")
    dbp = tmp_path / "data" / "eolist.duckdb"
    cmd = [sys.executable, "-m", "cli", "--config", str(sample_toml), "--db", str(dbp),
           "serve", "--prefect-file", str(prefect_file), "--port", "0", "--no-ui"]  # fmt: skip
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        run = _first_completed_run(log, proc, deadline=time.monotonic() + 240)
    finally:
        proc.send_signal(signal.SIGTERM)  # as systemd stops it: serve stops runner, then server
        try:
            proc.wait(timeout=90)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # anything left of this test
            proc.wait()
    assert proc.returncode == 0, log.read_text()[-3000:]
    assert run.auto_scheduled, "the run was not created by the scheduler"
    assert (tmp_path / "data" / "prefect-serve" / "server.log").exists()  # its own server, own home
    with db.session(dbp, read_only=True) as con:
        kinds = {r[0] for r in con.execute("SELECT source_kind FROM source_runs").fetchall()}
        posts = con.execute("SELECT count(*) FROM blog_posts").fetchone()[0]
    assert kinds == {"blog-feed", "job-feed"} and posts > 0


def _first_completed_run(log, proc, deadline: float):
    from prefect.client.orchestration import SyncPrefectClient
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterName,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType

    api = None
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()[-3000:]
        if api is None:
            found = re.search(r"Prefect server at (http://127\.0\.0\.1:\d+/api)", log.read_text())
            api = found.group(1) if found else None
        if api:
            with SyncPrefectClient(api=api) as client:
                runs = client.read_flow_runs(
                    deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=["crawl-feeds"])),
                    flow_run_filter=FlowRunFilter(
                        state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.COMPLETED, StateType.FAILED, StateType.CRASHED]))
                    ),
                )  # fmt: skip
            if runs:
                assert runs[0].state.is_completed(), f"{runs[0].state}\n{log.read_text()[-3000:]}"
                return runs[0]
        time.sleep(1)
    raise AssertionError("no scheduled run completed in time\n" + log.read_text()[-3000:])
