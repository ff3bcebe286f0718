"""Publishing flow summaries: a line in the run's log and a Prefect artifact in the UI.

Artifact keys are lowercase letters, digits and dashes (Prefect's rule); a keyed artifact keeps
its history, so ``crawl-report-feeds`` in the UI shows every hourly feed crawl in turn.
``EOLIST_NO_ARTIFACTS=1`` turns artifacts off (tests that run flows without a server).
"""

from __future__ import annotations

import os
import re
from typing import Any

from prefect import get_run_logger
from prefect.artifacts import create_markdown_artifact

from pipeline import lifecycle
from pipeline.safety import redact_text


def artifact_key(*parts: str | None) -> str:
    text = "-".join(p for p in parts if p)
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "-", text.lower())).strip("-")


def cell(value: Any) -> str:
    # redacted again here: a crashed batch's stderr tail has not been through the landing rules
    text = "" if value is None else redact_text(str(value))
    return " ".join(text.replace("|", "\\|").split())


def source_table(rows: list[dict[str, Any]]) -> str:
    """Markdown table, one row per source: status, fetched, new, changed, closed, and the
    error -- or, for an empty, suspect or partial listing, its diagnosis."""
    lines = [
        "| source | status | fetched | new | changed | closed | error |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        status = r["status"] + (
            "" if r.get("complete", True) or r["status"] != "ok" else " (partial)"
        )
        why = r.get("error") if r["status"] in ("failed", "skipped") else r.get("diagnosis")
        lines.append(
            f"| {cell(r['source_name'])} | {status} | {r['fetched']} | {r['new']} |"
            f" {r['changed']} | {r['closed']} | {cell(why or None)} |"
        )
    return "\n".join(lines)


def run_markdown(title: str, report: dict[str, Any]) -> str:
    """A crawl or load report as Markdown: headline, sources table, waiting and crashed."""
    rows = report.get("sources", [])
    failed = [r for r in rows if r["status"] == "failed"]
    empty = [r for r in rows if lifecycle.alert(r["status"], r["complete"]) not in (None, "failed")]
    parts = [
        f"# {title}",
        "",
        f"{len(rows)} sources, {len(failed)} failed, {len(empty)} empty, suspect or partial;"
        f" {len(report.get('batches', []))} batches.",
        "",
        source_table(rows),
    ]
    if report.get("waiting"):
        parts += ["", "Waiting out a backoff (not tried): " + ", ".join(report["waiting"])]
    if report.get("crashed_batches"):
        parts += ["", "Crashed batches:", ""]
        parts += [f"- {cell(c)}" for c in report["crashed_batches"]]
    if report.get("quarantined"):
        parts += ["", "Landing batches set aside (not loaded):", ""]
        parts += [f"- {cell(c)}" for c in report["quarantined"]]
    if report.get("load_error"):
        parts += ["", f"Loading stopped: {cell(report['load_error'])}"]
    totals = report.get("totals")
    if totals:
        parts += ["", "Warehouse: " + ", ".join(f"{n} {k}" for k, n in totals.items())]
    return "\n".join(parts) + "\n"


def headline(report: dict[str, Any]) -> str:
    rows = report.get("sources", [])
    new = sum(r["new"] for r in rows)
    changed = sum(r["changed"] for r in rows)
    closed = sum(r["closed"] for r in rows)
    failed = [r["source_name"] for r in rows if r["status"] == "failed"]
    empty = [f"{r['source_name']} ({lifecycle.alert(r['status'], r['complete'])})" for r in rows
             if lifecycle.alert(r["status"], r["complete"]) in ("empty", "suspect", "partial")]  # fmt: skip
    text = f"{len(rows)} sources: {new} new, {changed} changed, {closed} closed"
    text += f"; failed: {', '.join(failed)}" if failed else "; none failed"
    if report.get("quarantined"):
        text += f"; {len(report['quarantined'])} landing batch(es) set aside"
    if report.get("load_error"):
        text += f"; {report['load_error']}"
    return text + (f"; found nothing, too little or part: {', '.join(empty)}" if empty else "")


def publish(key: str, markdown: str, description: str, summary: str) -> None:
    """Log the one-line summary and publish the Markdown as the artifact ``key``."""
    get_run_logger().info("%s", summary)
    if os.environ.get("EOLIST_NO_ARTIFACTS") != "1":
        create_markdown_artifact(key=key, markdown=markdown, description=description)
