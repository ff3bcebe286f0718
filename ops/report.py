"""``RunReport``: what one crawl or load run did, typed, for the command line and the flows.

One row per source (``warehouse.reports.REPORT_COLUMNS``: status, counts, error, diagnosis, as
the warehouse recorded them), plus the run's own trouble that no source row can hold: batches
that crashed or never landed, landing files set aside, a load that stopped. Every reader
(``cli.report`` prints it, ``ops.summary`` writes the artifact's Markdown, the exit code) reads
the same fields; nothing is spliced in by string key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline import lifecycle
from warehouse import reports

Row = dict[str, Any]  # one source: warehouse.reports.REPORT_COLUMNS


@dataclass(frozen=True)
class RunReport:
    sources: list[Row] = field(default_factory=list)
    batches: list[str] = field(default_factory=list)  # this run's batch ids
    totals: dict[str, int] = field(default_factory=dict)  # the warehouse after the run
    run_id: str = ""
    waiting: list[str] = field(default_factory=list)  # sources waiting out a backoff
    # of those, the ones still failing (``warehouse.health.SourceHealth.as_json``): not tried
    # is not well, so they keep the run failed
    waiting_failing: list[Row] = field(default_factory=list)
    crashed_batches: list[str] = field(default_factory=list)  # one line each
    quarantined: list[str] = field(default_factory=list)  # landing files set aside
    load_error: str | None = None  # the disk refused a write, or the warehouse was held
    # batches of earlier runs this run loaded (they were left in landing: ``ops.crawl``)
    earlier_batches: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Whether the run exits 1: a source failed, came back empty or suspect, or read its
        listing only in part (``lifecycle.alert``: a silent zero, or a silent part, is a
        failure), a source not tried is still failing (waiting out its backoff), a batch
        crashed, a landing file was set aside or could not load."""
        return any(
            lifecycle.alert(r["status"], r.get("complete", True)) for r in self.sources
        ) or bool(
            self.waiting_failing or self.crashed_batches or self.quarantined or self.load_error
        )

    @property
    def every_source_failed(self) -> bool:
        """Sources were tried and not one of them succeeded. A source whose batch landed but
        could not be loaded (the warehouse was held: its error is the run's ``load_error``)
        did not fail: it loads at the next run."""
        held = self.load_error
        rows = [r for r in self.sources if not held or r.get("error") != held]
        return bool(rows) and all(r["status"] == "failed" for r in rows)

    def count(self, *statuses: str) -> int:
        return sum(1 for r in self.sources if r["status"] in statuses)


def failed_row(name: str, error: str) -> Row:
    """A source the warehouse has no row for this run (its batch crashed or never landed)."""
    row: Row = dict.fromkeys(reports.REPORT_COLUMNS, 0)
    row.update(source_name=name, source_kind="", status="failed", complete=False, error=error)
    return row
