"""Nightly maintenance, the plain part: which snapshots to keep, which loaded landing batches
to prune, and the report of the steps.

``flows.maintenance`` runs the steps (close stale postings, checkpoint, snapshot, prune, prune
landing) as Prefect tasks, each even when an earlier one failed, and publishes
``report_markdown``. Landing batches loaded more than ``EOLIST_LANDING_KEEP_DAYS`` (14) days
ago are removed, never one that is not loaded (``warehouse.landing_store.prune``).
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ops.summary import cell
from warehouse import landing_store
from warehouse.db import session


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
