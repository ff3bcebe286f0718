"""``eolist serve``: prefect.yaml's deployments, on their schedules, in one process.

The light way to run eolist on one machine (docs/operations.md). prefect.yaml is the one place
schedules are written: this module reads its deployments (entrypoint, parameters, schedules,
tags, concurrency limit) and serves them with ``prefect.serve``; nothing is repeated here.

Why a server of its own: Prefect has no server-less mode, and the temporary server a flow
starts when ``PREFECT_API_URL`` is unset runs no scheduler, so a served cron never fires. So
unless ``PREFECT_API_URL`` points at a server already, ``LocalServer`` starts
``prefect server start`` on 127.0.0.1 with its home beside the database
(``<data>/prefect-serve``), waits for ``/api/health`` and points the runner at it; stopping serve
stops it. The UI, when on, is at the printed address.

Served on one machine, crawl batches run as subprocesses of their crawl run (the parameter
``batch_deployment`` is dropped): there is no pool to share them with.
"""

from __future__ import annotations

import importlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import yaml

from pipeline.sources import ConfigError

SERVER_ENV = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_UI_ENABLED": "false",
}
STARTUP_TIMEOUT_S = 180.0


def _die_with_parent() -> None:
    """In the server's process, before exec: on Linux, SIGTERM it when its parent dies."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, 15)  # PR_SET_PDEATHSIG, SIGTERM
    except (OSError, AttributeError):
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def healthy(api_url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=timeout) as resp:
            return resp.status == 200
    except OSError:
        return False


class LocalServer:
    """``prefect server start`` on 127.0.0.1 with its own home; a context manager.

    ``port=0`` picks a free port; ``env`` adds server settings. Output goes to
    ``<home>/server.log``.
    """

    def __init__(
        self, home: Path, port: int = 4200, ui: bool = False, env: dict[str, str] | None = None
    ) -> None:
        self.home = home
        self.extra_env = env or {}
        self.port = port or free_port()
        self.ui = ui
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        self.proc: subprocess.Popen[bytes] | None = None

    def env(self) -> dict[str, str]:
        env = dict(os.environ, PREFECT_HOME=str(self.home), **SERVER_ENV)
        env["PREFECT_UI_ENABLED"] = "true" if self.ui else "false"
        env.pop("PREFECT_API_URL", None)
        env.update(self.extra_env)
        return env

    def start(self) -> LocalServer:
        if healthy(self.api_url, timeout=0.5):
            raise ConfigError(
                f"a server already answers on 127.0.0.1:{self.port}; use another --port, or set"
                f" PREFECT_API_URL={self.api_url} to serve against it"
            )
        self.home.mkdir(parents=True, exist_ok=True)
        log = (self.home / "server.log").open("ab")
        cmd = [sys.executable, "-m", "prefect", "server", "start",
               "--host", "127.0.0.1", "--port", str(self.port)]  # fmt: skip
        # Its own session: Ctrl-C in a terminal reaches serve only, which stops the runner
        # first (it still needs the API to shut down cleanly) and then this server.
        self.proc = subprocess.Popen(
            cmd, env=self.env(), stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=_die_with_parent,
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not healthy(self.api_url):
            if self.proc.poll() is not None:
                raise ConfigError(
                    f"prefect server exited {self.proc.returncode} on start;"
                    f" see {self.home / 'server.log'}"
                )
            if time.monotonic() > deadline:
                self.stop()
                raise ConfigError(f"prefect server did not answer in {STARTUP_TIMEOUT_S:.0f} s")
            time.sleep(0.25)
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def read_deployments(prefect_file: Path) -> list[dict[str, Any]]:
    """The ``deployments`` of a prefect.yaml; a missing or broken file is a ConfigError."""
    try:
        data = yaml.safe_load(prefect_file.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise ConfigError(f"{prefect_file}: no such file (use --prefect-file)") from e
    except (OSError, yaml.YAMLError) as e:
        raise ConfigError(f"{prefect_file}: cannot read it: {e}") from e
    deployments = data.get("deployments") if isinstance(data, dict) else None
    if not isinstance(deployments, list) or not deployments:
        raise ConfigError(f"{prefect_file}: no 'deployments' list")
    for d in deployments:
        if not isinstance(d, dict) or not d.get("name") or ":" not in str(d.get("entrypoint")):
            raise ConfigError(f"{prefect_file}: each deployment needs a name and an entrypoint")
    return deployments


def load_entrypoint(entrypoint: str) -> Any:
    """``flows/crawl.py:crawl_flow`` -> the flow object (imported as a module, not a file)."""
    path, _, attr = entrypoint.partition(":")
    module = path.removesuffix(".py").replace("/", ".")
    return getattr(importlib.import_module(module), attr)


def schedule(entry: dict[str, Any], where: str) -> Any:
    """One ``schedules:`` entry of prefect.yaml (``cron``, ``interval`` seconds or ``rrule``,
    with ``timezone``, ``active``, ``parameters``) as Prefect's public ``prefect.schedules``."""
    from prefect.schedules import Cron, Interval, RRule

    common = {k: entry[k] for k in ("timezone", "active", "parameters") if k in entry}
    if "cron" in entry:
        return Cron(entry["cron"], day_or=entry.get("day_or", True), **common)
    if "interval" in entry:
        return Interval(entry["interval"], anchor_date=entry.get("anchor_date"), **common)
    if "rrule" in entry:
        return RRule(entry["rrule"], **common)
    raise ConfigError(f"{where}: a schedule needs cron, interval or rrule: {entry}")


def runner_deployments(prefect_file: Path) -> list[Any]:
    """prefect.yaml's deployments as Prefect runner deployments, schedules as written."""
    out = []
    for d in read_deployments(prefect_file):
        params = dict(d.get("parameters") or {})
        params.pop("batch_deployment", None)  # one machine: batches run here
        where = f"{prefect_file}: deployment {d['name']}"
        schedules = [schedule(s, where) for s in d.get("schedules") or []]
        out.append(
            load_entrypoint(d["entrypoint"]).to_deployment(
                name=d["name"],
                description=d.get("description"),
                tags=d.get("tags"),
                parameters=params,
                schedules=schedules,
                concurrency_limit=d.get("concurrency_limit"),
            )
        )
    return out


def serve(prefect_file: Path, limit: int = 4) -> None:
    """Serve every deployment of ``prefect_file`` until interrupted (PREFECT_API_URL set)."""
    from prefect import serve as prefect_serve

    prefect_serve(*runner_deployments(prefect_file), limit=limit)
