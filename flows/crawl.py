"""The ``crawl`` and ``load`` flows: thin composition of spiders/ and warehouse/.

``crawl``: read sources.toml, pick the sources asked for (names, kinds, ``family`` jobs/feeds,
``tier``) that are not waiting out a backoff, split them into batches of
``EOLIST_BATCH_SIZE``, crawl each batch (``flows.batches``: a subprocess here, or a run of the
``crawl-batch`` deployment on the pool when ``batch_deployment`` is set) with at most
``EOLIST_CONCURRENCY`` at once, then load every pending batch (as ``load`` does) and report
on this run's own batches, whoever loaded them.

``load``: load every landing batch not yet loaded, oldest first, including those a crashed run
left behind, each exactly once (``flows.loading``: ``landing_batches`` is the guard).

Outcomes: a source that failed fails alone (its row says why); a crashed batch fails only its
sources; the run ends Completed with the failures in its report (named ``Degraded`` when a
source failed, was empty or suspect, or is still failing in its backoff: ``flows.alerts``,
which also sends one Prefect event per source), and Failed only when every source it tried
failed. Retries are for transient trouble only: a warehouse held by another
process (``DatabaseLocked``) is waited out with backoff; bad configs and bugs are not retried.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.tasks import exponential_backoff

from flows import alerts, batches, progress, publish
from flows.loading import Loaded, load_pending
from flows.settings import Settings, load_sources, resolve
from pipeline.sources import ConfigError, SourceConfig
from warehouse import health, reports
from warehouse import sources as source_table
from warehouse.db import session
from warehouse.errors import DatabaseLocked

Family = Literal["jobs", "feeds"]


def _locked(task: Any, task_run: Any, state: Any) -> bool:
    return isinstance(state.result(raise_on_failure=False), DatabaseLocked)


# Tasks that open the warehouse wait out another writer (transient), nothing else.
_DB_TASK: dict[str, Any] = {
    "retries": 3,
    "retry_delay_seconds": exponential_backoff(backoff_factor=5),
    "retry_condition_fn": _locked,
    "cache_policy": NO_CACHE,
}


@task(name="load-pending", **_DB_TASK)
def load_pending_task(settings: Settings) -> Loaded:
    return load_pending(settings)


@task(name="run-report", **_DB_TASK)
def report_task(
    settings: Settings, batch_ids: list[str], waiting: list[str] | None = None
) -> dict[str, Any]:
    with session(settings.db, read_only=True) as con:
        return {"sources": reports.run_report(con, batch_ids), "totals": reports.totals(con),
                # not tried this run, still failing: the run is not well (warehouse.health)
                "waiting_failing": [h.as_json() for h in health.still_failing(con, waiting or [])]}  # fmt: skip


@task(name="plan-crawl", **_DB_TASK)
def plan_task(
    settings: Settings, configs: list[SourceConfig], chosen: list[str]
) -> tuple[set[str], dict[str, Any]]:
    """Mirror the config into ``sources`` (read-only when unchanged: ``sources.plan``);
    which chosen sources are due, and their validators."""
    return source_table.plan(settings.db, configs, chosen, datetime.now(UTC))


@flow(name="load")
def load_flow(db: str | None = None, landing: str | None = None) -> dict[str, Any]:
    """Load every landing batch not yet loaded; returns the run report of those batches."""
    settings = resolve(db=db, landing=landing)
    loaded = load_pending_task(settings)
    batch_ids = loaded.batch_ids
    report = {"batches": batch_ids, **report_task(settings, batch_ids), **_problems(loaded)}
    publish.publish(
        "load-report",
        publish.run_markdown("eolist load", report),
        "eolist load report",
        f"loaded {len(batch_ids)} batches; " + publish.headline(report),
    )
    return report


def _problems(loaded: Loaded) -> dict[str, Any]:
    """The load's own trouble for the report: batches set aside, a disk that refused."""
    return {"quarantined": list(loaded.quarantined.values()), "load_error": loaded.stopped}


def choose(
    configs: list[SourceConfig],
    sources: list[str] | None = None,
    kinds: list[str] | None = None,
    tier: str | None = None,
    family: Family | None = None,
) -> list[SourceConfig]:
    """The enabled sources matching every filter given; unknown names are a config error."""
    if sources:
        unknown = set(sources) - {s.name for s in configs}
        if unknown:
            raise ConfigError(
                f"unknown source(s): {', '.join(sorted(unknown))} (see eolist sources list)"
            )
    return [
        s
        for s in configs
        if s.enabled
        and (not sources or s.name in sources)
        and (not kinds or s.kind in kinds)
        and (tier is None or s.tier == tier)
        and (family is None or s.is_feed == (family == "feeds"))
    ]


def _concurrency() -> int:
    return max(1, int(os.environ.get("EOLIST_CONCURRENCY", "2")))


@flow(name="crawl", task_runner=ThreadPoolTaskRunner(max_workers=_concurrency()))
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
) -> Any:
    """One crawl run of the chosen sources, loaded into the warehouse; its result is the report.

    ``batch_deployment`` (``crawl-batch/crawl-batch``) sends each batch to the work pool
    instead of running it here; paths left empty come from the settings of the machine.
    """
    logger = get_run_logger()
    settings = resolve(db=db, config=config, landing=landing, batch_size=batch_size)
    configs = load_sources(settings.config)
    chosen = choose(configs, sources, kinds, tier, family)
    due, state = plan_task(settings, configs, [s.name for s in chosen])
    names = [s.name for s in chosen if force or s.name in due]
    waiting = sorted({s.name for s in chosen} - set(names))
    if waiting:
        logger.warning("waiting out backoff, not tried this run: %s", ", ".join(waiting))
    run_id = uuid.uuid4().hex[:12]
    plan = [(batches.new_batch_id(), group) for group in batches.split(names, settings.batch_size)]
    futures = []
    for batch_id, group in plan:
        if batch_deployment:
            params = {"names": group, "run_id": run_id, "batch_id": batch_id,
                      "state": {n: state.get(n) for n in group if n in state},
                      "config": config, "landing": landing}  # fmt: skip
            futures.append(batches.dispatch_batch.submit(batch_deployment, params, settings))
        else:
            futures.append(batches.crawl_batch.submit(settings, group, run_id, batch_id, state))
    progress.track(plan, futures, settings.landing)  # stderr of `eolist crawl` only
    crashed: list[str] = []
    crashed_rows: list[dict[str, Any]] = []
    for (_batch_id, group), future in zip(plan, futures, strict=True):
        try:
            future.result()
        except Exception as e:  # one crashed batch must not lose the others
            crashed.append(str(e))
            crashed_rows += [_crashed_row(name, str(e)) for name in group]
            logger.error("%s", e)
    loaded = _load_or_leave(settings, [b for b, _ in plan])
    report = report_task(settings, [b for b, _ in plan], waiting)
    report.update(
        run_id=run_id,
        batches=[b for b, _ in plan],
        earlier_batches=[b for b in loaded.batch_ids if b not in {p for p, _ in plan}],
        waiting=waiting,
        crashed_batches=crashed,
        **_problems(loaded),
    )
    # This run's batches that landed but are not loaded: their sources say why, not nothing.
    for batch_id, group in plan:
        why = loaded.quarantined.get(batch_id) or loaded.stopped
        if why and batch_id not in loaded.batch_ids:
            crashed_rows += [_crashed_row(name, why) for name in group]
    # A batch given up on may still have landed and been loaded: its real rows win.
    seen = {r["source_name"] for r in report["sources"]}
    report["sources"] = [r for r in crashed_rows if r["source_name"] not in seen] + report[
        "sources"
    ]
    title = " ".join(x for x in ("eolist crawl", family, tier) if x)
    publish.publish(
        publish.artifact_key("crawl-report", family, tier),
        publish.run_markdown(title, report),
        "eolist crawl report (per source: fetched, new, changed, closed, failed)",
        publish.headline(report),
    )
    return alerts.conclude(report)  # Completed, Completed "Degraded" or Failed; events sent


def _load_or_leave(settings: Settings, batch_ids: list[str]) -> Loaded:
    """Load what is pending; a warehouse another process holds leaves the batches in landing.

    No Prefect retries here (the ``load`` flow has them): the load has waited its
    ``EOLIST_LOCK_WAIT_S`` already, and a stranded batch is safe in landing, where the next
    crawl run loads it first (``earlier_batches`` in its report) or ``eolist load`` does.
    """
    try:
        return load_pending_task.with_options(retries=0)(settings)
    except DatabaseLocked as e:
        get_run_logger().warning("%s", e)
        return Loaded(
            stopped=f"{e}; this run's {len(batch_ids)} batch(es) stay in landing and load at"
            " the next run (or eolist load)"
        )


def _crashed_row(name: str, error: str) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(reports.REPORT_COLUMNS, 0)
    row.update(source_name=name, source_kind="", status="failed", complete=False, error=error)
    return row


def with_concurrency(concurrency: int) -> Any:
    """The crawl flow running at most ``concurrency`` batches at once."""
    return crawl_flow.with_options(
        task_runner=ThreadPoolTaskRunner(max_workers=max(1, concurrency))
    )
