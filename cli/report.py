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

What is said is ``ops.summary``'s (plain text from a ``RunReport``); this module draws it.
"""

from __future__ import annotations

import sys

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ops import summary
from ops.report import Row, RunReport

WIDTH = 80  # columns of the summary when stdout is not a terminal

# Pipes and CI logs get an 80-column console: what a narrow terminal shows, names folded.
console = Console() if sys.stdout.isatty() else Console(width=WIDTH)


def clean(text: str) -> str:
    """Scraped or remote text is shown as text: no rich markup, no control characters."""
    return escape("".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text))


def print_run(result: RunReport, show_all: bool = False, out: Console | None = None) -> None:
    """The run's summary on stdout (``out``): headline, the rows to look at, the warehouse."""
    c = out or console
    rows = result.sources
    shown = rows if show_all else [r for r in rows if summary.needs_a_look(r)]
    c.print(f"crawl summary: {summary.tried_line(result)}")
    waiting = summary.waiting_line(result)
    if waiting:
        c.print(waiting)
    if result.run_id:
        c.print(f"this run: {len(result.batches)} crawl batches (run {result.run_id})")
    else:
        c.print(f"loaded {len(result.batches)} landing batches")
    if shown or result.waiting_failing:
        _print_looks(c, shown, result.waiting_failing)
    elif rows:
        c.print("every source ok (--all lists them)")
    _print_trouble(c, result)
    if result.every_source_failed:
        c.print(f"[red]every source this run tried failed ({len(rows)} of {len(rows)})[/]")


def _print_looks(c: Console, shown: list[Row], waiting_failing: list[Row]) -> None:
    """The table of sources to look at, then a ``name: why`` line for each."""
    c.print(_table(shown, waiting_failing))
    for r in shown:
        if summary.why(r):
            c.print(f"  {clean(r['source_name'])}: {clean(summary.why(r))}", overflow="fold")
    for h in waiting_failing:
        c.print(
            f"  {clean(h['name'])}: failing since {summary.when(h.get('failing_since'))},"
            f" next try {summary.when(h.get('next_attempt_at'))}:"
            f" {clean(h.get('problem') or '')}",
            overflow="fold",
        )


def _print_trouble(c: Console, result: RunReport) -> None:
    """The run's own trouble (no source row holds it), then the warehouse's totals."""
    for problem in result.crashed_batches:
        c.print(f"[red]batch crashed:[/] {clean(problem)}", overflow="fold")
    for line in result.quarantined:  # one line each: its path is copied, not read
        c.print(f"[red]not loaded:[/] {clean(line)}", soft_wrap=True)
    if result.earlier_batches:
        c.print(f"also loaded {len(result.earlier_batches)} batch(es) of earlier runs")
    if result.load_error:
        c.print(f"[red]not loaded:[/] {clean(result.load_error)}", soft_wrap=True)
    if result.totals:
        c.print(summary.totals_text(result.totals))


def _table(rows: list[Row], waiting_failing: list[Row]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("source", overflow="fold", min_width=12, ratio=1)
    table.add_column("kind", overflow="fold", max_width=16)
    table.add_column("status", no_wrap=True)
    for col in ("fetched", "new", "upd", "closed"):
        table.add_column(col, justify="right", no_wrap=True)
    for r in rows:
        table.add_row(
            clean(r["source_name"]), clean(r.get("source_kind") or ""), summary.status(r),
            str(r["fetched"]), str(r["new"]), str(r["changed"]), str(r["closed"]),
        )  # fmt: skip
    for h in waiting_failing:  # not tried this run: still failing, waiting out its backoff
        table.add_row(clean(h["name"]), clean(h["kind"]), "failing", "-", "-", "-", "-")
    return table
