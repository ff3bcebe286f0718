"""Nightly maintenance, the plain part: which snapshots to keep, which loaded landing batches
to prune, and the report of the steps.

``run`` composes the steps (close stale postings, checkpoint, snapshot, prune, prune landing),
each even when an earlier one failed; ``flows.maintenance`` runs them as Prefect tasks and
publishes ``report_markdown``, ``eolist maintenance`` with no Prefect server calls them here. Landing batches loaded more than ``EOLIST_LANDING_KEEP_DAYS`` (14) days
ago are removed, never one that is not loaded (``warehouse.landing_store.prune``).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ops.settings import Settings
from ops.summary import cell
from warehouse import landing_store, maintenance
from warehouse.db import session


class MaintenanceFailed(RuntimeError):
    """One or more maintenance steps failed; the message names them."""


# how a face runs one step: (its name, the function, its arguments) -> its result
Step = Callable[..., Any]


def close_stale(db: Path) -> dict[str, int]:
    with session(db) as con:
        return dict(maintenance.close_stale(con))


def checkpoint(db: Path) -> None:
    with session(db) as con:
        maintenance.checkpoint(con)


def snapshot(db: Path, folder: Path) -> str:
    from warehouse import export

    with session(db, read_only=True) as con:
        return str(export.snapshot(con, folder))


def run(
    settings: Settings,
    snapshots: str | None,
    keep: int,
    landing_keep_days: float | None,
    step: Step,
) -> dict[str, Any]:
    """Close stale postings, checkpoint, snapshot to Parquet under ``snapshots`` (else
    ``<data>/snapshots``), keep the newest ``keep`` snapshots, prune loaded landing batches;
    each step through ``step(name, function, *args)``, each even when one before failed.
    The report: each step's outcome and ``errors`` (step -> why)."""
    root = Path(snapshots) if snapshots else settings.data_dir / "snapshots"
    folder = root / f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
    errors: dict[str, str] = {}

    def attempt(name: str, default: Any, fn: Callable[..., Any], *args: Any) -> Any:
        try:
            return step(name, fn, *args)
        except Exception as e:  # every step runs; the report names what failed
            errors[name] = f"{type(e).__name__}: {e}"
            return default

    db = settings.db
    closed = attempt("close", {}, close_stale, db)
    attempt("checkpoint", None, checkpoint, db)
    made = attempt("snapshot", None, snapshot, db, folder)
    pruned = attempt("prune", [], prune, root, keep)
    landing = attempt("landing", "", prune_landing, db, settings.landing, landing_keep_days)
    return {"closed": closed, "snapshot": made, "pruned": pruned, "landing": landing,
            "errors": errors}  # fmt: skip


def failed(report: dict[str, Any]) -> MaintenanceFailed | None:
    """The error that ends a maintenance run whose steps did not all succeed."""
    errors = report["errors"]
    if not errors:
        return None
    return MaintenanceFailed("; ".join(f"{step}: {error}" for step, error in errors.items()))


def prune(root: Path, keep: int) -> list[str]:
    """Remove all but the newest ``keep`` whole snapshots (names sort by time)."""
    if not root.exists():
        return []
    whole = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.endswith(".partial"))
    gone = whole[: max(0, len(whole) - keep)]
    for p in gone:
        shutil.rmtree(p)
    return [p.name for p in gone]


def prune_landing(db: Path, landing: Path | str, keep_days: float | None = None) -> str:
    """Remove loaded landing batches older than ``keep_days`` (else
    ``EOLIST_LANDING_KEEP_DAYS``, else 14), in a folder or on object storage; one line saying
    what left and what was kept."""
    days = landing_store.keep_days() if keep_days is None else keep_days
    with session(db, read_only=True) as con:
        loaded = dict(con.execute("SELECT batch_id, loaded_at FROM landing_batches").fetchall())
    store = landing_store.open_store(landing)
    return landing_store.prune(store, loaded, datetime.now(UTC), days).line(days)


def report_markdown(
    closed: dict[str, int],
    snapshot: Any,
    pruned: list[str],
    errors: dict[str, str],
    landing: str = "",
) -> tuple[str, str]:
    """(the artifact's Markdown table of steps and outcomes, the one-line summary)."""
    total = sum(closed.values())
    outcomes = {
        "close": f"{total} postings closed" + "".join(f", {n} {s}" for s, n in closed.items()),
        "checkpoint": "done",
        "snapshot": f"written to {snapshot}",
        "prune": f"removed {len(pruned)} older snapshots",
        "landing": landing,
    }
    lines = ["# eolist maintenance", "", "| step | outcome |", "|---|---|"]
    lines += [f"| {step} | {cell(errors.get(step, o))} |" for step, o in outcomes.items()]
    summary = f"maintenance: {total} closed, snapshot {snapshot}" + (
        f"; failed: {', '.join(errors)}" if errors else ""
    )
    return "\n".join(lines) + "\n", summary
