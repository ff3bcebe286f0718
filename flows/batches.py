"""Crawl batches: one ``python -m spiders.run`` subprocess each, here or on a worker of the pool.

A crawl run splits its sources into batches. Each batch has an id chosen by the run before it
starts (``new_batch_id``) and lands as ``<landing>/<batch_id>.jsonl``, so the run knows which
landing files are its own whoever crawled them.

Two ways to run a batch, same subprocess either way:

* **here** (``crawl_batch`` task): a thread of the crawl flow starts the subprocess; the flow's
  thread pool is the concurrency limit. Used by ``eolist crawl``, ``eolist serve`` and demo.
* **on the pool** (``dispatch_batch`` task): the run asks Prefect for a run of the
  ``crawl-batch`` deployment, which any worker serving the pool's ``crawl`` queue picks up.
  Workers on several machines share a run's batches this way (docs/scaling.md).

Retries, by what the caller should do: a batch whose subprocess was killed by a signal (OOM
killer, a worker's machine going away) is transient and retried with backoff; a subprocess that
exits with an error is a bug or a bad config and is not retried. Network errors and 5xx never
reach this level: the spider retries them per request and reports a source as failed in the
landing file, which fails that source only.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import uuid
from datetime import UTC, datetime
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from flows.settings import Settings, resolve

BATCH_TIMEOUT_S = 3600
# ``<flow name>/<deployment name>`` of the batch deployment in prefect.yaml.
BATCH_DEPLOYMENT = "crawl-batch/crawl-batch"


class BatchCrashed(RuntimeError):
    """A batch subprocess ended without landing its file; its sources count as failed.

    ``transient`` is true when the process was killed from outside (a signal), the one case
    worth retrying.
    """

    def __init__(self, message: str, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


def new_batch_id() -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"


def split(names: list[str], size: int) -> list[list[str]]:
    size = max(1, size)
    return [names[i : i + size] for i in range(0, len(names), size)]


def worker_name() -> str:
    """Who ran a batch, for reports: ``EOLIST_WORKER_NAME`` or the host name."""
    return os.environ.get("EOLIST_WORKER_NAME") or socket.gethostname()


def run_subprocess(
    settings: Settings, names: list[str], run_id: str, batch_id: str, state: dict[str, Any]
) -> None:
    """Crawl one batch in a subprocess; raises ``BatchCrashed`` when it did not land."""
    settings.landing.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="eolist-batch-") as tmp:
        state_path = os.path.join(tmp, "state.json")
        with open(state_path, "w", encoding="utf-8") as fh:
            json.dump({n: state[n] for n in names if n in state}, fh)
        cmd = [
            sys.executable, "-m", "spiders.run",
            "--config", str(settings.config), "--landing", str(settings.landing),
            "--batch-id", batch_id, "--run-id", run_id, "--state", state_path,
        ]  # fmt: skip
        if settings.contact:
            cmd += ["--contact", settings.contact]
        for name in names:
            cmd += ["--source", name]
        for key, value in settings.scrapy_overrides.items():
            cmd += ["--setting", f"{key}={json.dumps(value)}"]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=BATCH_TIMEOUT_S)
        except subprocess.TimeoutExpired as e:
            raise BatchCrashed(f"crawl batch {batch_id} timed out after {e.timeout:.0f} s") from e
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise BatchCrashed(
            f"crawl batch {batch_id} exited {proc.returncode}: {' | '.join(tail)}",
            transient=proc.returncode < 0,
        )


def _transient(task: Any, task_run: Any, state: Any) -> bool:
    error = state.result(raise_on_failure=False)
    return isinstance(error, BatchCrashed) and error.transient


@task(
    name="crawl-batch-here",
    retries=2,
    retry_delay_seconds=exponential_backoff(backoff_factor=10),
    retry_condition_fn=_transient,
    cache_policy=NO_CACHE,
)
def crawl_batch(
    settings: Settings, names: list[str], run_id: str, batch_id: str, state: dict[str, Any]
) -> str:
    """Run one batch in a subprocess of this flow run; returns the batch id."""
    run_subprocess(settings, names, run_id, batch_id, state)
    return batch_id


@task(name="crawl-batch-on-pool", cache_policy=NO_CACHE)
def dispatch_batch(deployment: str, parameters: dict[str, Any]) -> str:
    """Run one batch as a run of the batch deployment (any worker of the pool) and wait."""
    from prefect.deployments import run_deployment

    run = run_deployment(
        deployment,
        parameters=parameters,
        flow_run_name=f"batch-{parameters['batch_id']}",
        poll_interval=2,
        timeout=BATCH_TIMEOUT_S,
    )
    state = run.state
    if state is None or not state.is_completed():
        name = state.name if state else "no state"
        message = state.message if state and state.message else ""
        raise BatchCrashed(
            f"crawl batch {parameters['batch_id']} ended {name} on the pool: {message}".strip()
        )
    return str(parameters["batch_id"])


@flow(name="crawl-batch")
def crawl_batch_flow(
    names: list[str],
    run_id: str,
    batch_id: str,
    state: dict[str, Any] | None = None,
    config: str | None = None,
    landing: str | None = None,
) -> dict[str, Any]:
    """One batch, run by a worker: crawl ``names`` into ``<landing>/<batch_id>.jsonl``.

    Paths not given come from this worker's settings (EOLIST_CONFIG, EOLIST_LANDING), so
    each machine may mount the shared landing folder where it likes.
    """
    settings = resolve(config=config, landing=landing)
    who = worker_name()
    get_run_logger().info("batch %s (%s) on worker %s", batch_id, ", ".join(names), who)
    crawl_batch(settings, names, run_id, batch_id, state or {})
    summary = {"batch_id": batch_id, "run_id": run_id, "sources": names, "worker": who}
    if os.environ.get("EOLIST_NO_ARTIFACTS") != "1":
        create_markdown_artifact(
            markdown=(
                f"batch `{batch_id}` of run `{run_id}`\n\nworker: {who}\n\n"
                f"sources: {', '.join(names)}\n\nlanded: {settings.landing / batch_id}.jsonl\n"
            ),
            description="eolist crawl batch",
        )
    return summary
