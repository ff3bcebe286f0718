"""Printing run reports and source lists for people (rich tables)."""

from __future__ import annotations

import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from flows.settings import Settings
from pipeline import lifecycle
from pipeline.safety import redact_url
from pipeline.sources import SourceConfig
from warehouse import db, quarantine
from warehouse.errors import WarehouseError

# Pipes and CI logs get a wide console, so source names and errors are not cut to "…".
console = Console() if sys.stdout.isatty() else Console(width=160)


def failed(result: dict[str, Any]) -> bool:
    """Whether the run exits 1: a source failed, a batch crashed, a landing file was set
    aside or could not load, or a listing came back empty or suspect
    (``pipeline.lifecycle.ALERT_STATUSES``): a silent zero is a failure."""
    return (
        any(r["status"] in lifecycle.ALERT_STATUSES for r in result["sources"])
        or bool(result.get("crashed_batches"))
        or bool(result.get("quarantined"))
        or bool(result.get("load_error"))
    )


def print_run(result: dict[str, Any]) -> None:
    table = Table(title="crawl summary", title_justify="left")
    numbers = ("fetched", "not HR", "new", "updated", "closed")
    for col in ("source", "kind", "status", "fetched", "not HR", "new", "updated", "closed",
                "failed / why"):  # fmt: skip
        table.add_column(col, justify="right" if col in numbers else "left")
    for r in result["sources"]:
        status = r["status"] + ("" if r["complete"] or r["status"] != "ok" else " (partial)")
        # failures say what failed; empty, suspect and partial listings what was read
        why = r["error"] if r["status"] in ("failed", "skipped") else r.get("diagnosis")
        table.add_row(
            r["source_name"], r["source_kind"], status, str(r["fetched"]),
            str(r.get("dropped_non_hr") or 0), str(r["new"]),
            str(r["changed"]), str(r["closed"]), _escape(str(why or "")),
        )  # fmt: skip
    console.print(table)
    for name in result.get("waiting", []):
        console.print(f"[yellow]waiting out backoff:[/] {_escape(name)}")
    for problem in result.get("crashed_batches", []):
        console.print(f"[red]batch crashed:[/] {_escape(problem)}")
    for line in result.get("quarantined", []):
        console.print(f"[red]not loaded:[/] {_escape(line)}", soft_wrap=True)
    if result.get("earlier_batches"):
        console.print(f"also loaded {len(result['earlier_batches'])} batch(es) of earlier runs")
    if result.get("load_error"):
        console.print(f"[red]not loaded:[/] {_escape(result['load_error'])}", soft_wrap=True)
    totals = result.get("totals")
    if totals:
        console.print(
            "warehouse: " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in totals.items())
        )


def print_sources(settings: Settings, configs: list[SourceConfig]) -> None:
    health: dict[str, tuple[Any, ...]] = {}
    set_aside: list[quarantine.Quarantined] = []
    try:
        with db.session(settings.db, read_only=True, wait_s=5) as con:
            for row in con.execute(
                "SELECT source_name, health, last_ok_at, consecutive_failures,"
                " coalesce(last_error, last_diagnosis) FROM source_health"
            ).fetchall():
                health[row[0]] = row[1:]
            set_aside = quarantine.listed(con)
    except WarehouseError:
        pass
    table = Table()
    # "last error": the failure, or what an empty, suspect or partial crawl read
    for col in ("name", "kind", "url", "health", "last ok", "failures", "last error"):
        table.add_column(col)
    for s in configs:
        state, last_ok, failures, error = health.get(s.name, ("never_ok", None, 0, None))
        table.add_row(
            s.name, s.kind, _escape(redact_url(s.url)), state,
            f"{last_ok:%Y-%m-%d %H:%M}" if last_ok else "never", str(failures),
            _escape(error or ""),
        )  # fmt: skip
    console.print(table)
    for q in set_aside:  # their postings are not in the warehouse: say so beside the health
        console.print(f"[red]not loaded:[/] {_escape(q.line())}", soft_wrap=True)


def _escape(text: str) -> str:
    """Scraped or remote text is shown as text: no rich markup, no control characters."""
    from rich.markup import escape

    cleaned = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    return escape(cleaned)
