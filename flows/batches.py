"""Crawl batches: each crawled in a warm crawl process (``ops.crawlpool``), here or on the pool.

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
  crawler (``ops.crawlhost``), so crawl processes outlive flow runs there too.

Retries, by what the caller should do: a batch whose process was killed by a signal (OOM
killer, a worker's machine going away) is transient and retried with backoff; a batch that
ends with an error is a bug or a bad config and is not retried. Network errors and 5xx never
reach this level: the spider retries them per request and reports a source as failed in the
landing file, which fails that source only.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.states import Completed, State
from prefect.tasks import exponential_backoff

from ops import crawlhost
from ops.batches import (
    alive_path,
    heartbeat,
    landed,
    landing_file,
    run_batch,
    silent_for,
    worker_name,
)
from ops.crawlpool import BatchCrashed
from ops.settings import Settings, resolve

__all__ = ["BatchCrashed", "crawl_batch", "crawl_batch_flow", "crawl_batch_warm", "dispatch_batch"]

# ``<flow name>/<deployment name>`` of the batch deployment in prefect.yaml.
BATCH_DEPLOYMENT = "crawl-batch/crawl-batch"


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
    """A batch run's batch: in its Prefect worker's warm crawler (``ops.crawlhost``), or in
    a crawl process of this run when it runs outside a worker. The crawl process's pid and
    batch count, for the batch's artifact."""
    return run_batch(settings, names, run_id, batch_id, state, crawlhost.owner())


def _wait_for(run_id: Any, batch_id: str, alive: Path, stale: float, limit: float) -> Any:
    """The final state of a batch's run on the pool; ``BatchCrashed`` when its heartbeat went
    quiet for ``stale`` seconds (the run is then marked Crashed) or after ``limit`` seconds."""
    from prefect import get_client
    from prefect.states import Crashed

    deadline = time.monotonic() + limit
    with get_client(sync_client=True) as client:
        while True:
            run = client.read_flow_run(run_id)
            state = run.state
            if state is not None and state.is_final():
                break
            if state is not None and state.is_running():
                quiet = silent_for(alive, run.start_time, time.time())
                if quiet > stale:
                    message = f"its worker stopped answering (no heartbeat for {quiet:.0f} s)"
                    client.set_flow_run_state(run_id, Crashed(message=message), force=True)
                    raise BatchCrashed(f"crawl batch {batch_id} given up: {message}")
            if time.monotonic() > deadline:
                name = state.name if state else "no state"
                raise BatchCrashed(
                    f"crawl batch {batch_id} still {name} on the pool after {limit:.0f} s"
                )
            time.sleep(min(2.0, stale / 4))
    return state


@task(name="crawl-batch-on-pool", cache_policy=NO_CACHE)
def dispatch_batch(deployment: str, parameters: dict[str, Any], settings: Settings) -> str:
    """Run one batch as a run of the batch deployment (any worker of the pool) and wait.

    Waits at most ``settings.batch_timeout_s`` in all, and gives up early on a running batch whose
    heartbeat (``<landing>/<batch_id>.alive``) is older than ``settings.batch_stale_s``: that
    run is marked Crashed and its sources are reported failed.
    """
    from prefect.client.schemas.objects import FlowRun
    from prefect.deployments import run_deployment

    batch_id = str(parameters["batch_id"])
    run = run_deployment(
        deployment, parameters=parameters, flow_run_name=f"batch-{batch_id}", timeout=0
    )
    assert isinstance(run, FlowRun)  # the sync call returns the run itself
    alive = alive_path(settings.landing, batch_id)
    state = _wait_for(run.id, batch_id, alive, settings.batch_stale_s, settings.batch_timeout_s)
    if not state.is_completed():
        message = state.message or ""
        raise BatchCrashed(
            f"crawl batch {batch_id} ended {state.name} on the pool: {message}".strip()
        )
    expected = landing_file(settings, batch_id)
    if not landed(settings, batch_id):  # e.g. a worker without EOLIST_LANDING landed it elsewhere
        raise BatchCrashed(
            f"crawl batch {batch_id}: {state.message or 'its worker finished'}, but the file never"
            f" arrived at {expected}: give every worker the same landing folder (EOLIST_LANDING)"
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
) -> State:
    """One batch, run by a worker: crawl ``names`` into ``<landing>/<batch_id>.jsonl``.

    Paths not given come from this worker's settings (EOLIST_CONFIG, EOLIST_LANDING), so
    each machine may mount the shared landing folder where it likes.
    """
    settings = resolve(config=config, landing=landing)
    who = worker_name()
    get_run_logger().info("batch %s (%s) on worker %s", batch_id, ", ".join(names), who)
    with heartbeat(alive_path(settings.landing, batch_id), settings.batch_heartbeat_s):
        crawled = crawl_batch_warm(settings, names, run_id, batch_id, state or {})
    where = landing_file(settings, batch_id)
    summary = {"batch_id": batch_id, "run_id": run_id, "sources": names, "worker": who,
               "crawl_pid": crawled["pid"], "crawl_batches": crawled["batches"]}  # fmt: skip
    if os.environ.get("EOLIST_NO_ARTIFACTS") != "1":
        create_markdown_artifact(
            markdown=(
                f"batch `{batch_id}` of run `{run_id}`\n\nworker: {who}\n\n"
                f"crawl process: {crawled['pid']} (its batch {crawled['batches']})\n\n"
                f"sources: {', '.join(names)}\n\nlanded: {where}\n"
            ),
            description="eolist crawl batch",
        )
    # the crawl run reads this message when the file is not where it looks (dispatch_batch)
    return Completed(message=f"worker {who} wrote {where}", data=summary)
