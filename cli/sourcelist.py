"""``eolist sources list`` printed: a table that fits 80 columns, or CSV or JSON for scripts.

The table's names fold inside their cell, never cut, and each source that is not well gets a
``name: problem`` line below it. CSV and JSON carry every field (times in ISO 8601, UTC); the
command sends its warnings to stderr so their stdout stays parseable. The rows are
``ops.sourcelist``'s.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import TextIO

from rich.console import Console
from rich.table import Table

from cli.report import WIDTH, clean
from ops.sourcelist import FIELDS, not_well
from warehouse import health, quarantine


def show(
    rows: Sequence[health.SourceHealth], fmt: str, now: datetime, out: TextIO | None = None
) -> None:
    # sys.stdout read now, not at import: a default bound at import keeps writing to whatever
    # stdout was then (a test runner's capture, a click runner's buffer long gone)
    out = out or sys.stdout
    if fmt == "json":
        json.dump([h.as_json() for h in rows], out, indent=2)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(h.as_json() for h in rows)
    else:
        _table(rows, now, out)


def _table(rows: Sequence[health.SourceHealth], now: datetime, out: TextIO) -> None:
    c = Console(file=out) if out.isatty() else Console(file=out, width=WIDTH)
    table = Table(box=None, pad_edge=False, padding=(0, 1))
    table.add_column("name", overflow="fold", min_width=12, ratio=1)
    table.add_column("kind", no_wrap=True)
    table.add_column("tier", overflow="fold", max_width=10)
    table.add_column("health", overflow="fold", min_width=7)
    for col in ("last ok", "failing since", "next try"):  # "11-26 12:00" may fold at its space
        table.add_column(col, overflow="fold", min_width=8)
    for h in rows:
        table.add_row(
            clean(h.name), h.kind, clean(h.tier or ""), h.health, _short(h.last_ok_at, "never"),
            _short(h.failing_since, ""), _next_try(h, now),
        )  # fmt: skip
    c.print(table)
    for h in rows:
        if h.problem and not_well(h):
            c.print(f"  {clean(h.name)}: {clean(h.problem)}", overflow="fold")
    if not rows:
        c.print("no sources match")


def _short(value: datetime | None, missing: str) -> str:
    """``11-26 12:00`` (UTC): the year is rarely the news, the columns are few."""
    return f"{value:%m-%d %H:%M}" if value else missing


def _next_try(h: health.SourceHealth, now: datetime) -> str:
    if not h.enabled:
        return "never"
    if h.next_attempt_at is None or h.next_attempt_at <= now:
        return "due"
    return _short(h.next_attempt_at, "")


def set_aside_lines(set_aside: Sequence[quarantine.Quarantined]) -> list[str]:
    return [f"not loaded: {q.line()}" for q in set_aside]
