"""The ``maintenance`` flow: nightly close of stale postings, CHECKPOINT, Parquet snapshot,
landing pruned.

Thin composition of ``warehouse.maintenance`` (expiry and staleness by the written policy:
only complete crawls make a posting stale) and ``warehouse.export.snapshot`` (every table and
view as Parquet in ``<data>/snapshots/<UTC date and time>/``, which appears only when whole).
Snapshots older than the newest ``keep`` are removed, so the folder does not grow forever;
landing batches loaded more than ``EOLIST_LANDING_KEEP_DAYS`` (14) days ago are removed too,
and never one that is not loaded (``ops.maintenance.prune_landing``).

Each step runs even when an earlier one failed; the flow ends Failed if any step failed, with
every step's outcome in its report and artifact.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, task

from flows import publish
from flows.crawl import _DB_TASK
from ops import maintenance as ops_maintenance
from ops.settings import resolve
from warehouse import maintenance
from warehouse.db import session


class MaintenanceFailed(RuntimeError):
    """One or more maintenance steps failed; the message names them."""


@task(name="close-stale", **_DB_TASK)
def close_task(db: Path) -> dict[str, int]:
    with session(db) as con:
        return dict(maintenance.close_stale(con))


@task(name="checkpoint", **_DB_TASK)
def checkpoint_task(db: Path) -> None:
    with session(db) as con:
        maintenance.checkpoint(con)


@task(name="parquet-snapshot", **_DB_TASK)
def snapshot_task(db: Path, folder: Path) -> str:
    from warehouse import export

    with session(db, read_only=True) as con:
        return str(export.snapshot(con, folder))


@task(name="prune-landing", **_DB_TASK)
def prune_landing_task(db: Path, landing: Path | str, keep_days: float | None) -> str:
    return ops_maintenance.prune_landing(db, landing, keep_days)


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
    root = Path(snapshots) if snapshots else settings.data_dir / "snapshots"
    folder = root / f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
    errors: dict[str, str] = {}

    def attempt(step: str, fn: Callable[[], Any], default: Any = None) -> Any:
        try:
            return fn()
        except Exception as e:  # every step runs; the report names what failed
            errors[step] = f"{type(e).__name__}: {e}"
            return default

    closed: dict[str, int] = attempt("close", lambda: close_task(settings.db), {})
    attempt("checkpoint", lambda: checkpoint_task(settings.db))
    snapshot = attempt("snapshot", lambda: snapshot_task(settings.db, folder))
    pruned: list[str] = attempt("prune", lambda: ops_maintenance.prune(root, keep), [])
    landing_line = attempt(
        "landing", lambda: prune_landing_task(settings.db, settings.landing, landing_keep_days), ""
    )
    report = {"closed": closed, "snapshot": snapshot, "pruned": pruned, "landing": landing_line,
              "errors": errors}  # fmt: skip
    markdown, summary = ops_maintenance.report_markdown(
        closed, snapshot, pruned, errors, landing_line
    )
    publish.publish("maintenance-report", markdown, "eolist maintenance", summary)
    if errors:
        raise MaintenanceFailed("; ".join(f"{step}: {error}" for step, error in errors.items()))
    return report
