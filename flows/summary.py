"""The crawl and load summary for people: fits 80 columns, loud about what is not ok.

A run over hundreds of sources must not bury its three failures in a 400-row table, nor cut
the names that tell them apart (``blog-…``). So the summary:

* counts the sources by status in one line, and says how many batches this run had (the
  warehouse's ``crawl_runs`` table holds one row per batch: ``reports.totals`` counts runs and
  batches apart);
* lists only the sources that are not ok -- failed, empty, suspect, skipped, or a partial
  listing -- unless ``show_all``; sources not tried because they wait out a backoff after
  failing are listed too, as ``failing``: a source is not well because it was not asked;
* never cuts a name: a long name folds over lines inside its cell, and each listed source
  gets a ``name: why`` line below the table, wrapped at the console's width (80 when the
  output is not a terminal, so logs and mails read the same as a narrow terminal);
* ends with one line when every source the run tried failed.
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline import lifecycle

WIDTH = 80  # columns of the summary when stdout is not a terminal
# statuses in the order they are counted on the headline
ORDER = ("ok", "not_modified", "failed", "empty", "suspect", "skipped")


def console() -> Console:
    """Stdout's console: the terminal's width, or ``WIDTH`` for pipes and logs."""
    return Console() if sys.stdout.isatty() else Console(width=WIDTH)


def status(row: dict[str, Any]) -> str:
    partial = row["status"] == "ok" and not row.get("complete", True)
    return row["status"] + (" (partial)" if partial else "")


def needs_a_look(row: dict[str, Any]) -> bool:
    """Not plainly ok: an alert status, ``skipped``, or an ok listing read only in part."""
    return status(row) not in ("ok", "not_modified")


def why(row: dict[str, Any]) -> str:
    # failures say what failed; empty, suspect and partial listings what was read
    text = row.get("error") if row["status"] in ("failed", "skipped") else row.get("diagnosis")
    return clean(str(text or ""))


def clean(text: str) -> str:
    """Scraped or remote text is shown as text: no rich markup, no control characters."""
    return escape("".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text))


def every_source_failed(result: dict[str, Any]) -> bool:
    """A source whose batch landed but could not be loaded (the warehouse was held: its
    error is the run's ``load_error``) did not fail: it loads at the next run."""
    stranded = result.get("load_error")
    rows = [r for r in result.get("sources", []) if not stranded or r.get("error") != stranded]
    return bool(rows) and all(r["status"] == "failed" for r in rows)


def headline(result: dict[str, Any]) -> str:
    """``12 sources tried: 9 ok, 2 failed, 1 empty``."""
    rows = result.get("sources", [])
    by = Counter(status(r).split(" ")[0] for r in rows)
    parts = [f"{by[s]} {s.replace('_', ' ')}" for s in ORDER if by.get(s)]
    parts += [f"{n} {s}" for s, n in sorted(by.items()) if s not in ORDER]
    partial = sum(1 for r in rows if status(r) == "ok (partial)")
    text = f"{len(rows)} sources tried" + (": " + ", ".join(parts) if parts else "")
    if partial:
        text += f" ({partial} ok in part)"
    return text


def waiting_line(result: dict[str, Any]) -> str | None:
    """``not tried: 3 waiting out a backoff (2 still failing)``."""
    waiting = result.get("waiting", [])
    if not waiting:
        return None
    failing = len(result.get("waiting_failing", []))
    return f"not tried: {len(waiting)} waiting out a backoff" + (
        f" ({failing} still failing)" if failing else ""
    )


def print_run(result: dict[str, Any], show_all: bool = False, out: Console | None = None) -> None:
    """The run's summary on stdout (``out``): headline, the rows to look at, the warehouse."""
    c = out or console()
    rows = result.get("sources", [])
    shown = rows if show_all else [r for r in rows if needs_a_look(r)]
    waiting_failing = result.get("waiting_failing", [])
    c.print(f"crawl summary: {headline(result)}")
    if waiting_line(result):
        c.print(waiting_line(result))
    batches = result.get("batches", [])
    if "run_id" in result:
        c.print(f"this run: {len(batches)} crawl batches (run {result['run_id']})")
    else:
        c.print(f"loaded {len(batches)} landing batches")
    if shown or waiting_failing:
        c.print(_table(shown, waiting_failing))
        for r in shown:
            if why(r):
                c.print(f"  {clean(r['source_name'])}: {why(r)}", overflow="fold")
        for h in waiting_failing:
            c.print(
                f"  {clean(h['name'])}: failing since {_when(h.get('failing_since'))}, next try"
                f" {_when(h.get('next_attempt_at'))}: {clean(h.get('problem') or '')}",
                overflow="fold",
            )
    elif rows:
        c.print("every source ok (--all lists them)")
    for problem in result.get("crashed_batches", []):
        c.print(f"[red]batch crashed:[/] {clean(problem)}", overflow="fold")
    for line in result.get("quarantined", []):  # one line each: its path is copied, not read
        c.print(f"[red]not loaded:[/] {clean(line)}", soft_wrap=True)
    if result.get("earlier_batches"):
        c.print(f"also loaded {len(result['earlier_batches'])} batch(es) of earlier runs")
    if result.get("load_error"):
        c.print(f"[red]not loaded:[/] {clean(result['load_error'])}", soft_wrap=True)
    totals = result.get("totals")
    if totals:
        c.print(_totals(totals))
    if every_source_failed(result):
        c.print(f"[red]every source this run tried failed ({len(rows)} of {len(rows)})[/]")


def _table(rows: list[dict[str, Any]], waiting_failing: list[dict[str, Any]]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("source", overflow="fold", min_width=12, ratio=1)
    table.add_column("kind", overflow="fold", max_width=16)
    table.add_column("status", no_wrap=True)
    for col in ("fetched", "new", "upd", "closed"):
        table.add_column(col, justify="right", no_wrap=True)
    for r in rows:
        table.add_row(
            clean(r["source_name"]), clean(r.get("source_kind") or ""), status(r),
            str(r["fetched"]), str(r["new"]), str(r["changed"]), str(r["closed"]),
        )  # fmt: skip
    for h in waiting_failing:  # not tried this run: still failing, waiting out its backoff
        table.add_row(clean(h["name"]), clean(h["kind"]), "failing", "-", "-", "-", "-")
    return table


def _totals(totals: dict[str, int]) -> str:
    """``warehouse: 8 sources, …`` and ``crawl runs loaded: 2 (6 batches)``."""
    runs = totals.get("crawl_runs")
    batches = totals.get("crawl_batches")
    rest = {k: n for k, n in totals.items() if k not in ("crawl_runs", "crawl_batches")}
    text = "warehouse: " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in rest.items())
    if runs is not None:  # a line of its own: runs and batches are not to be mixed up
        text += f"\ncrawl runs loaded: {runs}" + (f" ({batches} batches)" if batches else "")
    return text


def _when(value: Any) -> str:
    if not value:
        return "unknown"
    return str(value)[:16].replace("T", " ")


def failed(result: dict[str, Any]) -> bool:
    """Whether the run exits 1: a source failed, came back empty or suspect, or read its
    listing only in part (``lifecycle.alert``: a silent zero, or a silent part, is a failure),
    a source not tried is still failing (waiting out its backoff), a batch crashed, a landing
    file was set aside or could not load."""
    return (
        any(
            lifecycle.alert(r["status"], r.get("complete", True)) for r in result.get("sources", [])
        )
        or bool(result.get("waiting_failing"))
        or bool(result.get("crashed_batches"))
        or bool(result.get("quarantined"))
        or bool(result.get("load_error"))
    )
