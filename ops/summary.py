"""A run report as text for people: the one-line headline and the Markdown of a Prefect
artifact (``flows.publish`` publishes them), and the plain parts of the terminal summary
(``cli.report`` prints it; ``flows.alerts`` names the run's state with ``tried_line``).

Remote text (errors, diagnoses) is redacted again here: a crashed batch's log tail has not been
through the landing rules.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ops.report import Row, RunReport
from pipeline import lifecycle
from pipeline.safety import redact_text


def cell(value: Any) -> str:
    text = "" if value is None else redact_text(str(value))
    return " ".join(text.replace("|", "\\|").split())


def _why(r: Row) -> Any:
    """The error of a failure; for an empty, suspect or partial listing, its diagnosis."""
    return r.get("error") if r["status"] in ("failed", "skipped") else r.get("diagnosis")


def source_table(rows: list[Row]) -> str:
    """Markdown table, one row per source: status, fetched, new, changed, closed, why."""
    lines = [
        "| source | status | fetched | new | changed | closed | error |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        partial = r["status"] == "ok" and not r.get("complete", True)
        lines.append(
            f"| {cell(r['source_name'])} | {r['status']}{' (partial)' if partial else ''} |"
            f" {r['fetched']} | {r['new']} | {r['changed']} | {r['closed']} |"
            f" {cell(_why(r) or None)} |"
        )
    return "\n".join(lines)


def run_markdown(title: str, report: RunReport) -> str:
    """A crawl or load report as Markdown: headline, sources table, the run's own trouble."""
    parts = [
        f"# {title}",
        "",
        f"{len(report.sources)} sources, {report.count('failed')} failed,"
        f" {len(_alerts(report.sources))} empty, suspect or partial;"
        f" {len(report.batches)} batches.",
        "",
        source_table(report.sources),
    ]
    if report.waiting:
        parts += ["", "Waiting out a backoff (not tried): " + ", ".join(report.waiting)]
    for heading, lines in (
        ("Crashed batches:", report.crashed_batches),
        ("Landing batches set aside (not loaded):", report.quarantined),
    ):
        if lines:
            parts += ["", heading, "", *(f"- {cell(c)}" for c in lines)]
    if report.load_error:
        parts += ["", f"Loading stopped: {cell(report.load_error)}"]
    if report.totals:
        parts += ["", "Warehouse: " + ", ".join(f"{n} {k}" for k, n in report.totals.items())]
    return "\n".join(parts) + "\n"


def headline(report: RunReport) -> str:
    rows = report.sources
    new, changed, closed = (sum(r[k] for r in rows) for k in ("new", "changed", "closed"))
    failed = [r["source_name"] for r in rows if r["status"] == "failed"]
    empty = [f"{r['source_name']} ({alert(r)})" for r in _alerts(rows)]
    text = f"{len(rows)} sources: {new} new, {changed} changed, {closed} closed"
    text += f"; failed: {', '.join(failed)}" if failed else "; none failed"
    if report.quarantined:
        text += f"; {len(report.quarantined)} landing batch(es) set aside"
    if report.load_error:
        text += f"; {report.load_error}"
    return text + (f"; found nothing, too little or part: {', '.join(empty)}" if empty else "")


def alert(r: Row) -> str | None:
    """``lifecycle.alert`` of a row: its alert status, ``partial``, or None."""
    return lifecycle.alert(r["status"], r.get("complete", True))


def _alerts(rows: list[Row]) -> list[Row]:
    """Rows that found nothing, too little, or read their listing only in part."""
    return [r for r in rows if alert(r) in ("empty", "suspect", "partial")]


# The terminal summary (``cli.report``): statuses in the order the headline counts them.
ORDER = ("ok", "not_modified", "failed", "empty", "suspect", "skipped")


def status(row: Row) -> str:
    partial = row["status"] == "ok" and not row.get("complete", True)
    return row["status"] + (" (partial)" if partial else "")


def needs_a_look(row: Row) -> bool:
    """Not plainly ok: an alert status, ``skipped``, or an ok listing read only in part."""
    return status(row) not in ("ok", "not_modified")


def why(row: Row) -> str:
    """What failed; for an empty, suspect or partial listing, what was read (raw text: the
    printer makes it safe to show)."""
    return str(_why(row) or "")


def tried_line(report: RunReport) -> str:
    """``12 sources tried: 9 ok, 2 failed, 1 empty``."""
    by = Counter(status(r).split(" ")[0] for r in report.sources)
    parts = [f"{by[s]} {s.replace('_', ' ')}" for s in ORDER if by.get(s)]
    parts += [f"{n} {s}" for s, n in sorted(by.items()) if s not in ORDER]
    partial = sum(1 for r in report.sources if status(r) == "ok (partial)")
    text = f"{len(report.sources)} sources tried" + (": " + ", ".join(parts) if parts else "")
    return text + (f" ({partial} ok in part)" if partial else "")


def waiting_line(report: RunReport) -> str | None:
    """``not tried: 3 waiting out a backoff (2 still failing)``."""
    if not report.waiting:
        return None
    failing = len(report.waiting_failing)
    return f"not tried: {len(report.waiting)} waiting out a backoff" + (
        f" ({failing} still failing)" if failing else ""
    )


def totals_text(totals: dict[str, int]) -> str:
    """``warehouse: 8 sources, …`` and ``crawl runs loaded: 2 (6 batches)``."""
    runs = totals.get("crawl_runs")
    batches = totals.get("crawl_batches")
    rest = {k: n for k, n in totals.items() if k not in ("crawl_runs", "crawl_batches")}
    text = "warehouse: " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in rest.items())
    if runs is not None:  # a line of its own: runs and batches are not to be mixed up
        text += f"\ncrawl runs loaded: {runs}" + (f" ({batches} batches)" if batches else "")
    return text


def when(value: Any) -> str:
    return str(value)[:16].replace("T", " ") if value else "unknown"


def not_ok(report: RunReport) -> list[str]:
    """The sources a run should be looked at for: not plainly ok, or still failing unasked."""
    names = [r["source_name"] for r in report.sources if needs_a_look(r)]
    return names + [h["name"] for h in report.waiting_failing]
