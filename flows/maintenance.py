"""The ``maintenance`` flow: nightly close of stale postings, CHECKPOINT, Parquet snapshot,
landing pruned.

The steps are ``ops.maintenance.run``'s, each a task here. They compose
``warehouse.maintenance`` (expiry and staleness by the written policy: only complete crawls
make a posting stale) and ``warehouse.export.snapshot`` (every table and view as Parquet in
``<data>/snapshots/<UTC date and time>/``, which appears only when whole).
Snapshots older than the newest ``keep`` are removed, so the folder does not grow forever;
landing batches loaded more than ``EOLIST_LANDING_KEEP_DAYS`` (14) days ago are removed too,
and never one that is not loaded (``ops.maintenance.prune_landing``).

Each step runs even when an earlier one failed; the flow ends Failed if any step failed, with
every step's outcome in its report and artifact.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from prefect import flow, task

from flows import publish
from flows.crawl import _DB_TASK
from ops import maintenance as ops_maintenance
from ops.maintenance import MaintenanceFailed
from ops.settings import resolve

__all__ = ["MaintenanceFailed", "maintenance_flow"]


@task(name="close-stale", **_DB_TASK)
def close_task(db: Path) -> dict[str, int]:
    return ops_maintenance.close_stale(db)


@task(name="checkpoint", **_DB_TASK)
def checkpoint_task(db: Path) -> None:
    ops_maintenance.checkpoint(db)


@task(name="parquet-snapshot", **_DB_TASK)
def snapshot_task(db: Path, folder: Path) -> str:
    return ops_maintenance.snapshot(db, folder)


@task(name="prune-landing", **_DB_TASK)
def prune_landing_task(db: Path, landing: Path | str, keep_days: float | None) -> str:
    return ops_maintenance.prune_landing(db, landing, keep_days)


# each step of ``ops.maintenance.run`` as its task (the snapshots' own prune is not one)
TASKS: dict[str, Callable[..., Any]] = {
    "close": close_task, "checkpoint": checkpoint_task, "snapshot": snapshot_task,
    "landing": prune_landing_task,
}  # fmt: skip


def _as_task(name: str, fn: Callable[..., Any], *args: Any) -> Any:
    return TASKS.get(name, fn)(*args)


@flow(name="maintenance")
def maintenance_flow(
    db: str | None = None,
    snapshots: str | None = None,
    keep: int = 7,
    landing: str | None = None,
    landing_keep_days: float | None = None,
) -> dict[str, Any]:
    """Close stale postings, checkpoint, snapshot to Parquet, prune loaded landing batches
    (older than ``landing_keep_days``, else ``EOLIST_LANDING_KEEP_DAYS``, else 14);
    returns each step's outcome."""
    settings = resolve(db=db, landing=landing)
    report = ops_maintenance.run(settings, snapshots, keep, landing_keep_days, _as_task)
    markdown, summary = ops_maintenance.report_markdown(
        report["closed"], report["snapshot"], report["pruned"], report["errors"], report["landing"]
    )
    publish.publish("maintenance-report", markdown, "eolist maintenance", summary)
    if (error := ops_maintenance.failed(report)) is not None:
        raise error
    return report
