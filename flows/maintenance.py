"""The ``maintenance`` flow: nightly close of stale postings, CHECKPOINT, Parquet snapshot,
landing pruned.

Thin composition of ``warehouse.maintenance`` (expiry and staleness by the written policy:
only complete crawls make a posting stale) and ``warehouse.export.snapshot`` (every table and
view as Parquet in ``<data>/snapshots/<UTC date and time>/``, which appears only when whole).
Snapshots older than the newest ``keep`` are removed, so the folder does not grow forever;
landing batches loaded more than ``EOLIST_LANDING_KEEP_DAYS`` (14) days ago are removed too,
and never one that is not loaded (``warehouse.landing_store.prune``).

Each step runs even when an earlier one failed; the flow ends Failed if any step failed, with
every step's outcome in its report and artifact.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, task

from flows import publish
from flows.crawl import _DB_TASK
from flows.settings import resolve
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
def prune_landing_task(db: Path, landing: Path | str, keep_days: float) -> str:
    """Loaded landing batches older than ``keep_days`` go (``warehouse.landing_store.prune``)."""
    from warehouse import landing_store

    with session(db, read_only=True) as con:
        loaded = dict(con.execute("SELECT batch_id, loaded_at FROM landing_batches").fetchall())
    store = landing_store.open_store(landing)
    return landing_store.prune(store, loaded, datetime.now(UTC), keep_days).line(keep_days)


def prune(root: Path, keep: int) -> list[str]:
    """Remove all but the newest ``keep`` whole snapshots (names sort by time)."""
    if not root.exists():
        return []
    whole = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.endswith(".partial"))
    gone = whole[: max(0, len(whole) - keep)]
    for p in gone:
        shutil.rmtree(p)
    return [p.name for p in gone]


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
    from warehouse import landing_store

    settings = resolve(db=db, landing=landing)
    days = landing_keep_days if landing_keep_days is not None else landing_store.keep_days()
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
    pruned: list[str] = attempt("prune", lambda: prune(root, keep), [])
    landing_line = attempt(
        "landing", lambda: prune_landing_task(settings.db, settings.landing, days), ""
    )
    report = {"closed": closed, "snapshot": snapshot, "pruned": pruned, "landing": landing_line,
              "errors": errors}  # fmt: skip
    lines = ["# eolist maintenance", "", "| step | outcome |", "|---|---|"]
    total = sum(closed.values())
    outcomes = {
        "close": f"{total} postings closed" + "".join(f", {n} {s}" for s, n in closed.items()),
        "checkpoint": "done",
        "snapshot": f"written to {snapshot}",
        "prune": f"removed {len(pruned)} older snapshots",
        "landing": landing_line,
    }
    for step, outcome in outcomes.items():
        lines.append(f"| {step} | {publish.cell(errors.get(step, outcome))} |")
    summary = f"maintenance: {total} closed, snapshot {snapshot}" + (
        f"; failed: {', '.join(errors)}" if errors else ""
    )
    publish.publish("maintenance-report", "\n".join(lines) + "\n", "eolist maintenance", summary)
    if errors:
        raise MaintenanceFailed("; ".join(f"{step}: {error}" for step, error in errors.items()))
    return report
