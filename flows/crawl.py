"""The ``crawl`` and ``load`` flows: Prefect's face of ``ops.crawl`` and ``ops.loading``.

What a run does is written once in ``ops.crawl`` (choose, plan, conclude); this module only
adds what Prefect is for: retries, the batches as tasks (here, or runs of the ``crawl-batch``
deployment on the pool when ``batch_deployment`` is set), at most ``concurrency`` in flight,
and the report published as an artifact.

Outcomes: a source that failed fails alone (its row says why); a crashed batch fails only its
sources; the run ends Completed with the failures in its report (named ``Degraded`` when a
source failed, was empty or suspect, or is still failing in its backoff: ``flows.alerts``,
which also sends one Prefect event per source), and Failed (with the report as its result, no
traceback) only when every source it tried failed. Retries are for transient trouble only: a
warehouse held by another process (``DatabaseLocked``) is waited out with backoff; bad
configs and bugs are not retried.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import wait
from prefect.runtime import flow_run
from prefect.states import State
from prefect.tasks import exponential_backoff

from flows import alerts, batches, publish
from ops import crawl as ops_crawl
from ops import loading, progress
from ops.crawl import Family, Plan, Selection
from ops.isolation import run_isolating
from ops.report import RunReport
from ops.settings import Settings, resolve
from warehouse.errors import DatabaseLocked


def _locked(task: Any, task_run: Any, state: Any) -> bool:
    return isinstance(state.result(raise_on_failure=False), DatabaseLocked)


# Tasks that open the warehouse wait out another writer (transient), nothing else.
_DB_TASK: dict[str, Any] = {
    "retries": 3,
    "retry_delay_seconds": exponential_backoff(backoff_factor=5),
    "retry_condition_fn": _locked,
    "cache_policy": NO_CACHE,
}


@task(name="plan-crawl", **_DB_TASK)
def plan_task(settings: Settings, selection: Selection) -> Plan:
    return ops_crawl.plan(settings, selection)


@task(name="load-and-report", **_DB_TASK)
def conclude_task(settings: Settings, plan: Plan, crashed: dict[str, str]) -> RunReport:
    return ops_crawl.conclude(settings, plan, crashed)


@task(name="load-pending", **_DB_TASK)
def load_task(settings: Settings) -> RunReport:
    loaded = loading.load_pending(settings)
    return ops_crawl.report(settings, loaded.batch_ids, loaded)


@flow(name="load")
def load_flow(db: str | None = None, landing: str | None = None) -> State[Any]:
    """Load every landing batch not yet loaded. Ends Completed, or Completed "Degraded" with
    events (``flows.alerts.conclude_load``); its result is the run report of those batches."""
    report = load_task(resolve(db=db, landing=landing))
    publish.report("load-report", "eolist load", report, f"loaded {len(report.batches)} batches; ")
    return alerts.conclude_load(report, str(flow_run.id or "local"))


def _run_batches(
    settings: Settings, plan: Plan, batch_deployment: str | None, paths: dict[str, str | None]
) -> dict[str, str]:
    """Every batch as a task, at most ``settings.concurrency`` in flight; batch id -> why,
    for those that did not finish (one crashed batch never loses the others)."""
    futures: list[tuple[str, Any]] = []
    pending: list[Any] = []
    listener = progress.start(plan.batches)  # stderr of `eolist crawl` only
    for batch_id, group in plan.batches:
        while len(pending) >= max(1, settings.concurrency):
            pending = list(wait(pending, timeout=1.0).not_done)
        if batch_deployment:
            params = {"names": group, "run_id": plan.run_id, "batch_id": batch_id,
                      "state": {n: plan.state[n] for n in group if n in plan.state}, **paths}  # fmt: skip
            future = batches.dispatch_batch.submit(batch_deployment, params, settings)
        else:
            future = batches.crawl_batch.submit(settings, group, plan.run_id, batch_id, plan.state)
        progress.watch(listener, future, batches.landing_file(settings, batch_id), group)
        futures.append((batch_id, future))
        pending.append(future)
    crashed: dict[str, str] = {}
    for batch_id, future in futures:
        try:
            future.result()
        except Exception as e:  # noqa: BLE001 - the batch's sources fail, the others go on
            crashed[batch_id] = str(e)
    return crashed


@flow(name="crawl")
def crawl_flow(
    config: str | None = None,
    db: str | None = None,
    landing: str | None = None,
    sources: list[str] | None = None,
    kinds: list[str] | None = None,
    tier: str | None = None,
    family: Family | None = None,
    force: bool = False,
    batch_size: int | None = None,
    batch_deployment: str | None = None,
    concurrency: int | None = None,
) -> State:
    """One crawl run of the chosen sources, loaded into the warehouse; its result is the report.

    ``batch_deployment`` (``crawl-batch/crawl-batch``) sends each batch to the work pool
    instead of running it here; paths left empty come from the settings of the machine.
    """
    logger = get_run_logger()
    settings = resolve(db=db, config=config, landing=landing, batch_size=batch_size,
                       concurrency=concurrency)  # fmt: skip
    selection = Selection(tuple(sources or ()), tuple(kinds or ()), tier, family, force)
    plan = plan_task(settings, selection)
    if plan.waiting:
        logger.warning("waiting out backoff, not tried this run: %s", ", ".join(plan.waiting))
    # paths as given (often none): each worker resolves its own, the files must meet here
    paths = {"config": config, "landing": landing}
    plan, crashed = run_isolating(
        settings, plan, lambda s, p: _run_batches(s, p, batch_deployment, paths)
    )
    for why in crashed.values():
        logger.error("%s", why)
    report = conclude_task(settings, plan, crashed)
    title = " ".join(x for x in ("eolist crawl", family, tier) if x)
    publish.report(publish.artifact_key("crawl-report", family, tier), title, report)
    return alerts.conclude(report)  # Completed, Completed "Degraded" or Failed; events sent
