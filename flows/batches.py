"""Crawl batches: each crawled in a warm crawl process (``flows.crawlpool``), here or on the pool.

A crawl run splits its sources into batches. Each batch has an id chosen by the run before it
starts (``new_batch_id``) and lands as ``<landing>/<batch_id>.jsonl``, so the run knows which
landing files are its own whoever crawled them.

Two ways to run a batch, same crawl process either way:

* **here** (``crawl_batch`` task): a thread of the crawl flow hands the batch to a warm
  ``spiders.worker`` process (started once, reused for up to ``EOLIST_WORKER_BATCHES``
  batches, replaced after a failed batch); the flow's thread pool is the concurrency limit. Used by ``eolist crawl``, ``eolist serve`` and demo.
* **on the pool** (``dispatch_batch`` task): the run asks Prefect for a run of the
  ``crawl-batch`` deployment, which any worker serving the pool's ``crawl`` queue picks up.
  Workers on several machines share a run's batches this way (docs/scaling.md). Prefect
  starts each such run in a fresh process; the run hands its batch to its worker's warm
  crawler (``flows.crawlhost``), so crawl processes outlive flow runs there too.

Retries, by what the caller should do: a batch whose process was killed by a signal (OOM
killer, a worker's machine going away) is transient and retried with backoff; a batch that
ends with an error is a bug or a bad config and is not retried. Network errors and 5xx never
reach this level: the spider retries them per request and reports a source as failed in the
landing file, which fails that source only.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from flows import crawlhost
from flows.crawlpool import POOL, BatchCrashed
from flows.settings import Settings, resolve

__all__ = ["BatchCrashed", "crawl_batch", "crawl_batch_flow", "dispatch_batch", "run_batch"]

BATCH_TIMEOUT_S = 3600
# ``<flow name>/<deployment name>`` of the batch deployment in prefect.yaml.
BATCH_DEPLOYMENT = "crawl-batch/crawl-batch"


def new_batch_id() -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"


def split(names: list[str], size: int) -> list[list[str]]:
    size = max(1, size)
    return [names[i : i + size] for i in range(0, len(names), size)]


def worker_name() -> str:
    """Who ran a batch, for reports: ``EOLIST_WORKER_NAME`` or the host name."""
    return os.environ.get("EOLIST_WORKER_NAME") or socket.gethostname()


def run_batch(
    settings: Settings,
    names: list[str],
    run_id: str,
    batch_id: str,
    state: dict[str, Any],
    owner: int | None = None,
) -> dict[str, int]:
    """Crawl one batch in a warm crawl process; raises ``BatchCrashed`` when it did not land.

    ``owner``: the Prefect worker whose warm crawler (``flows.crawlhost``) takes the batch;
    None for this process's own pool. Returns the crawl process's ``pid`` and ``batches``."""
    if isinstance(settings.landing, Path):  # object storage needs no folder
        settings.landing.mkdir(parents=True, exist_ok=True)
    request = {
        "config": str(settings.config), "landing": str(settings.landing),
        "batch_id": batch_id, "run_id": run_id, "sources": names,
        "state": {n: state[n] for n in names if n in state},
        "contact": settings.contact, "overrides": settings.scrapy_overrides,
    }  # fmt: skip
    if owner is not None:
        return crawlhost.run(request, BATCH_TIMEOUT_S, settings.worker_batches, owner)
    pid, batches = POOL.run_as(request, BATCH_TIMEOUT_S, settings.worker_batches)
    return {"pid": pid, "batches": batches}


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
    """Run one batch in a warm crawl process of this flow run; returns the batch id."""
    run_batch(settings, names, run_id, batch_id, state)
    return batch_id


@task(
    name="crawl-batch-warm",
    retries=2,
    retry_delay_seconds=exponential_backoff(backoff_factor=10),
    retry_condition_fn=_transient,
    cache_policy=NO_CACHE,
)
def crawl_batch_warm(
    settings: Settings, names: list[str], run_id: str, batch_id: str, state: dict[str, Any]
) -> dict[str, int]:
    """A batch run's batch: in its Prefect worker's warm crawler (``flows.crawlhost``), or in
    a crawl process of this run when it runs outside a worker. The crawl process's pid and
    batch count, for the batch's artifact."""
    return run_batch(settings, names, run_id, batch_id, state, crawlhost.owner())


def alive_path(landing: Path | str, batch_id: str) -> Path | str:
    """``<landing>/<batch_id>.alive``: a local path, or a URL when landing is object storage."""
    if isinstance(landing, str):
        return f"{landing.rstrip('/')}/{batch_id}.alive"
    return landing / f"{batch_id}.alive"


def _fs(url: str) -> tuple[Any, str]:
    import fsspec

    return fsspec.core.url_to_fs(url)  # type: ignore[no-any-return]


@contextmanager
def heartbeat(path: Path | str, every: float) -> Iterator[None]:
    """Touch ``path`` (it names the worker and process) every ``every`` seconds until the
    block ends, then remove it. A worker's machine that dies leaves it untouched: Prefect
    would show the batch's run Running for ever, the crawl run waiting for it sees this.
    On object storage (a URL) each beat writes the object again: its modification time is
    the beat."""
    text = f"{worker_name()} {os.getpid()}\n"
    if isinstance(path, str):
        fs, key = _fs(path)

        def touch() -> None:
            fs.pipe_file(key, text.encode())

        def remove() -> None:
            fs.rm_file(key)

    else:
        local = path

        def touch() -> None:
            os.utime(local)

        def remove() -> None:
            local.unlink(missing_ok=True)

        local.parent.mkdir(parents=True, exist_ok=True)
        local.write_text(text, encoding="utf-8")
    if isinstance(path, str):
        touch()  # the first beat: the object exists before the batch starts
    done = threading.Event()

    def beat() -> None:
        while not done.wait(every):
            try:
                touch()
            except Exception:
                pass  # the shared folder or store hiccuped: the next beat tries again

    thread = threading.Thread(target=beat, name=f"heartbeat {path}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        try:
            remove()
        except Exception:
            pass  # left behind: a load removes heartbeat files a day old


def silent_for(alive: Path | str, running_since: datetime | None, now: float) -> float:
    """Seconds (to epoch time ``now``) since a running batch last showed life: its heartbeat
    file, else its start."""
    try:
        if isinstance(alive, str):
            from warehouse.landing_store import modified

            fs, key = _fs(alive)
            return now - modified(fs.info(key))
        return now - alive.stat().st_mtime
    except Exception:
        return 0.0 if running_since is None else now - running_since.timestamp()


@task(name="crawl-batch-on-pool", cache_policy=NO_CACHE)
def dispatch_batch(deployment: str, parameters: dict[str, Any], settings: Settings) -> str:
    """Run one batch as a run of the batch deployment (any worker of the pool) and wait.

    Waits at most BATCH_TIMEOUT_S in all, and gives up early on a running batch whose
    heartbeat (``<landing>/<batch_id>.alive``) is older than ``settings.batch_stale_s``: that
    run is marked Crashed and its sources are reported failed.
    """
    from prefect import get_client
    from prefect.client.schemas.objects import FlowRun
    from prefect.deployments import run_deployment
    from prefect.states import Crashed

    batch_id = str(parameters["batch_id"])
    stale = settings.batch_stale_s
    alive = alive_path(settings.landing, batch_id)
    run = run_deployment(
        deployment, parameters=parameters, flow_run_name=f"batch-{batch_id}", timeout=0
    )
    assert isinstance(run, FlowRun)  # the sync call returns the run itself
    deadline = time.monotonic() + BATCH_TIMEOUT_S
    with get_client(sync_client=True) as client:
        while True:
            run = client.read_flow_run(run.id)
            state = run.state
            if state is not None and state.is_final():
                break
            if state is not None and state.is_running():
                quiet = silent_for(alive, run.start_time, time.time())
                if quiet > stale:
                    message = f"its worker stopped answering (no heartbeat for {quiet:.0f} s)"
                    client.set_flow_run_state(run.id, Crashed(message=message), force=True)
                    raise BatchCrashed(f"crawl batch {batch_id} given up: {message}")
            if time.monotonic() > deadline:
                name = state.name if state else "no state"
                raise BatchCrashed(
                    f"crawl batch {batch_id} still {name} on the pool after {BATCH_TIMEOUT_S} s"
                )
            time.sleep(min(2.0, stale / 4))
    if not state.is_completed():
        message = state.message or ""
        raise BatchCrashed(
            f"crawl batch {batch_id} ended {state.name} on the pool: {message}".strip()
        )
    return batch_id


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
    with heartbeat(alive_path(settings.landing, batch_id), settings.batch_heartbeat_s):
        crawled = crawl_batch_warm(settings, names, run_id, batch_id, state or {})
    summary = {"batch_id": batch_id, "run_id": run_id, "sources": names, "worker": who,
               "crawl_pid": crawled["pid"], "crawl_batches": crawled["batches"]}  # fmt: skip
    if os.environ.get("EOLIST_NO_ARTIFACTS") != "1":
        create_markdown_artifact(
            markdown=(
                f"batch `{batch_id}` of run `{run_id}`\n\nworker: {who}\n\n"
                f"crawl process: {crawled['pid']} (its batch {crawled['batches']})\n\n"
                f"sources: {', '.join(names)}\n\nlanded: {settings.landing}/{batch_id}.jsonl\n"
            ),
            description="eolist crawl batch",
        )
    return summary
