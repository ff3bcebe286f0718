"""Prefect for the flow tests, started once per session.

* ``harness``: ``prefect_test_harness`` (a temporary server and database) for tests that run
  flows in this process.
* ``prefect_server``: a real ``prefect server start`` on a free 127.0.0.1 port with its own
  PREFECT_HOME in a temp dir (analytics and UI off), the same ``LocalServer`` that
  ``eolist serve`` uses; ``deployed`` adds the ``eolist`` process pool and prefect.yaml's
  deployments. The integration and two-worker tests share them.
* ``sample_toml``: the sample web serving for the whole session, and its sources file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PREFECT_OFF = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "false"}


@pytest.fixture(scope="session")
def harness() -> Iterator[None]:
    for key, value in PREFECT_OFF.items():
        os.environ.setdefault(key, value)
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def sample_web() -> Iterator[object]:
    from sampleweb import SampleWeb

    with SampleWeb(seed=7, scale=1) as web:
        yield web


@pytest.fixture(scope="session")
def sample_toml(sample_web: object, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sampleweb") / "sources.toml"
    path.write_text(sample_web.sources_toml(), encoding="utf-8")  # type: ignore[attr-defined]
    return path


@dataclass
class Server:
    api_url: str
    home: Path

    def env(self, **extra: str) -> dict[str, str]:
        """Environment for a Prefect CLI or worker talking to this server."""
        env = dict(os.environ, PREFECT_API_URL=self.api_url, PREFECT_HOME=str(self.home))
        env.update(PREFECT_OFF)
        env.update(extra)
        return env

    def cli(self, *args: str, timeout: float = 180) -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "prefect", "--no-prompt", *args],
            cwd=ROOT, env=self.env(), capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
        assert proc.returncode == 0, f"prefect {' '.join(args)}:\n{proc.stdout}\n{proc.stderr}"
        return proc.stdout


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    from flows.serve import LocalServer

    home = tmp_path_factory.mktemp("prefect-home")
    # No scheduler: prefect.yaml's crons (feeds at :30) must not start runs mid-test.
    off = {"PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false"}
    with LocalServer(home, port=0, ui=False, env=off) as server:
        yield Server(server.api_url, home)


@pytest.fixture(scope="session")
def deployed(prefect_server: Server) -> Server:
    """The ``eolist`` process pool and every deployment of prefect.yaml, as an operator would."""
    prefect_server.cli("work-pool", "create", "eolist", "--type", "process")
    prefect_server.cli("deploy", "--all", "--prefect-file", str(ROOT / "prefect.yaml"))
    return prefect_server
