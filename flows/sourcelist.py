"""``eolist sources list``: every configured source with its health, as a table, CSV or JSON.

The configuration says which sources exist (sources.toml); the warehouse says how they are
doing (``warehouse.health``: health, last ok, failing since, next try, failures, the last
problem). A source the warehouse has not seen yet is ``never_ok`` with nothing else known. A
warehouse that cannot be opened (none yet, or held by a crawl for more than a few seconds)
leaves the health unknown and says so on stderr rather than failing the listing.

The table fits 80 columns: names fold inside their cell, never cut, and each source that is
not well gets a ``name: problem`` line below it. CSV and JSON carry every field (times in ISO
8601, UTC) for scripts; their warnings go to stderr so stdout stays parseable.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import TextIO

from rich.console import Console
from rich.table import Table

from flows.settings import Settings
from flows.summary import WIDTH, clean
from pipeline.safety import redact_url
from pipeline.sources import SourceConfig
from warehouse import db, health, quarantine
from warehouse.errors import WarehouseError

FORMATS = ("table", "csv", "json")
# health values that need the operator: failing, or answering with nothing or too little
NOT_WELL = frozenset({"failing", "empty", "suspect", "suspect_empty"})
FIELDS = [f.name for f in dataclasses.fields(health.SourceHealth)]


def gather(
    settings: Settings, configs: Sequence[SourceConfig]
) -> tuple[list[health.SourceHealth], list[quarantine.Quarantined], str | None]:
    """Health of every configured source, the batches set aside, and why health is unknown."""
    known: dict[str, health.SourceHealth] = {}
    set_aside: list[quarantine.Quarantined] = []
    unknown = None
    try:
        with db.session(settings.db, read_only=True, wait_s=5) as con:
            known = {h.name: h for h in health.read(con)}
            set_aside = quarantine.listed(con)
    except WarehouseError as e:
        unknown = str(e)
    rows = []
    for s in configs:
        h = known.get(s.name)
        new = health.SourceHealth(
            s.name, s.kind, s.tier, s.enabled, "never_ok" if s.enabled else "disabled",
            None, None, None, 0, None, redact_url(s.url),
        )  # fmt: skip
        # the configuration is the truth for what a source is; the warehouse for how it does
        rows.append(new if h is None else dataclasses.replace(
            h, kind=s.kind, tier=s.tier, enabled=s.enabled, url=redact_url(s.url)))  # fmt: skip
    return rows, set_aside, unknown


def select(
    rows: Sequence[health.SourceHealth], failing: bool, kinds: Sequence[str]
) -> list[health.SourceHealth]:
    return [
        h
        for h in rows
        if (not failing or h.health in NOT_WELL or h.failing) and (not kinds or h.kind in kinds)
    ]


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
        if h.problem and (h.health in NOT_WELL or h.failing):
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
