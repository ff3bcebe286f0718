"""A run report as text for people: the one-line headline and the Markdown of a Prefect
artifact (``flows.publish`` publishes them; ``cli.report`` prints the terminal table).

Remote text (errors, diagnoses) is redacted again here: a crashed batch's log tail has not been
through the landing rules.
"""

from __future__ import annotations

from typing import Any

from ops.report import Row, RunReport
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
        f" {report.count('empty', 'suspect')} empty or suspect; {len(report.batches)} batches.",
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
    empty = [f"{r['source_name']} ({r['status']})" for r in rows
             if r["status"] in ("empty", "suspect")]  # fmt: skip
    text = f"{len(rows)} sources: {new} new, {changed} changed, {closed} closed"
    text += f"; failed: {', '.join(failed)}" if failed else "; none failed"
    if report.quarantined:
        text += f"; {len(report.quarantined)} landing batch(es) set aside"
    if report.load_error:
        text += f"; {report.load_error}"
    return text + (f"; found nothing or too little: {', '.join(empty)}" if empty else "")
