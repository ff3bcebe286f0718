"""How a crawl run tells Prefect what went wrong: its final state and one event per source.

Prefect users watch states and automate on events, so a run that lost sources must not end
plain **Completed** (the issue's "quiet exactly when it should be loud"):

* final state (``conclude``): **Completed** when every source answered ok; **Completed**
  named ``Degraded`` (Prefect's public ``Completed(name=…)``; the UI shows the name and the
  server emits ``prefect.flow-run.Degraded``) when a source failed, came back empty or
  suspect, is still failing while it waits out its backoff, a batch crashed or a landing
  file could not load; **Failed** when every source the run tried failed. The state's
  message is the run's headline; its result is the report either way, so ``eolist crawl``
  prints the summary of a failed run instead of a traceback.
* events (``emit``, ``prefect.events.emit_event``): one per source the run tried, on the
  resource ``eolist.source.<name>``: ``eolist.source.ok`` / ``.failed`` / ``.empty`` /
  ``.suspect`` / ``.skipped``; a source not tried because it waits out a backoff after
  failing gets ``eolist.source.failed`` again (payload ``waiting: true``), so it stays
  failing for whoever listens. ``eolist.run.degraded`` / ``eolist.run.failed`` name the run
  (resource ``eolist.run.<run id>``) with the failing sources in the payload. A load run
  (``conclude_load``) sends the same source events for the batches it loaded and
  ``eolist.load.degraded`` (resource ``eolist.load.<flow run id>``) when one holds a failed
  source or a landing file was set aside.
  docs/operations.md, "Alerting", has the Automation recipes built on these names.

Events are sent through Prefect's client without waiting; with no server (no API URL) they
go nowhere, which is what a test without Prefect wants.
"""

from __future__ import annotations

from typing import Any

from prefect.events import emit_event
from prefect.states import Completed, Failed, State

from ops import summary
from ops.report import Row, RunReport

DEGRADED = "Degraded"


def source_resource(name: str) -> dict[str, str]:
    return {"prefect.resource.id": f"eolist.source.{name}", "prefect.resource.name": name}


def emit(report: RunReport) -> None:
    """One event per source of the run (and the waiting failing ones), one for the run."""
    for row in report.sources:
        _emit_source(row, report.run_id)
    for h in report.waiting_failing:
        _emit_waiting(h, report.run_id)
    verdict = _verdict(report)
    if verdict != "ok":
        emit_event(
            event=f"eolist.run.{verdict}",
            resource={"prefect.resource.id": f"eolist.run.{report.run_id}"},
            payload={"headline": summary.tried_line(report), "sources": summary.not_ok(report)},
        )


def _emit_source(row: Row, run_id: str) -> None:
    status = "ok" if row["status"] == "not_modified" else row["status"]
    emit_event(
        event=f"eolist.source.{status}",
        resource={
            **source_resource(row["source_name"]),
            "eolist.kind": str(row.get("source_kind") or ""),
        },  # fmt: skip
        payload={
            "status": status,
            "complete": bool(row.get("complete", True)),
            "fetched": row.get("fetched"),
            "new": row.get("new"),
            "closed": row.get("closed"),
            "error": row.get("error"),
            "diagnosis": row.get("diagnosis"),
            "run_id": run_id,
        },  # fmt: skip
    )


def _emit_waiting(h: Row, run_id: str) -> None:
    """A source not tried, still failing: ``eolist.source.failed`` again (``waiting``)."""
    emit_event(
        event="eolist.source.failed",
        resource={**source_resource(h["name"]), "eolist.kind": str(h.get("kind") or "")},
        payload={
            "status": "failed",
            "waiting": True,
            "error": h.get("problem"),
            "failing_since": h.get("failing_since"),
            "next_try": h.get("next_attempt_at"),
            "consecutive_failures": h.get("consecutive_failures"),
            "run_id": run_id,
        },  # fmt: skip
    )


def conclude(report: RunReport) -> State[Any]:
    """The crawl run's final state, its result the report (events sent first)."""
    emit(report)
    verdict = _verdict(report)
    message = "; ".join(x for x in (summary.tried_line(report), summary.waiting_line(report)) if x)
    if verdict == "failed":
        first = next((r.get("error") for r in report.sources if r.get("error")), None)
        return Failed(message=f"every source failed; first: {first}", data=report)
    if verdict == "degraded":
        return Completed(name=DEGRADED, message=f"degraded: {message}", data=report)
    return Completed(message=message, data=report)


def conclude_load(report: RunReport, run: str) -> State[Any]:
    """A load run's final state (``run``: its name, the flow run's id): **Completed**, or
    **Completed** "Degraded" when a batch it loaded holds a source that failed, came back empty
    or suspect, or a landing file was set aside or could not load; never Failed (the load
    itself ran). Events as a crawl run's: one per source of the batches it loaded (a crashed
    run's sources are heard of here first), and ``eolist.load.degraded`` on the resource
    ``eolist.load.<run>``. The report is its result either way."""
    for row in report.sources:
        _emit_source(row, report.run_id)
    n = len(report.batches)
    message = f"loaded {n} batch" + ("" if n == 1 else "es")
    if report.sources:
        message += f"; {summary.tried_line(report)}"
    if not report.failed:
        return Completed(message=message, data=report)
    emit_event(
        event="eolist.load.degraded",
        resource={"prefect.resource.id": f"eolist.load.{run}"},
        payload={"headline": message, "sources": summary.not_ok(report),
                 "set_aside": report.quarantined, "load_error": report.load_error},
    )  # fmt: skip
    return Completed(name=DEGRADED, message=f"degraded: {message}", data=report)


def _verdict(report: RunReport) -> str:
    if report.every_source_failed:
        return "failed"
    return "degraded" if report.failed else "ok"
