"""Nightly maintenance, the plain part: which snapshots to keep, and the report of the steps.

``flows.maintenance`` runs the steps (close stale postings, checkpoint, snapshot, prune) as
Prefect tasks, each even when an earlier one failed, and publishes ``report_markdown``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from ops.summary import cell


def prune(root: Path, keep: int) -> list[str]:
    """Remove all but the newest ``keep`` whole snapshots (names sort by time)."""
    if not root.exists():
        return []
    whole = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.endswith(".partial"))
    gone = whole[: max(0, len(whole) - keep)]
    for p in gone:
        shutil.rmtree(p)
    return [p.name for p in gone]


def report_markdown(
    closed: dict[str, int], snapshot: Any, pruned: list[str], errors: dict[str, str]
) -> tuple[str, str]:
    """(the artifact's Markdown table of steps and outcomes, the one-line summary)."""
    total = sum(closed.values())
    outcomes = {
        "close": f"{total} postings closed" + "".join(f", {n} {s}" for s, n in closed.items()),
        "checkpoint": "done",
        "snapshot": f"written to {snapshot}",
        "prune": f"removed {len(pruned)} older snapshots",
    }
    lines = ["# eolist maintenance", "", "| step | outcome |", "|---|---|"]
    lines += [f"| {step} | {cell(errors.get(step, o))} |" for step, o in outcomes.items()]
    summary = f"maintenance: {total} closed, snapshot {snapshot}" + (
        f"; failed: {', '.join(errors)}" if errors else ""
    )
    return "\n".join(lines) + "\n", summary
