"""Her decisions on a job, written in one short transaction each (the file is shared with loads).

``curation`` holds one row per job she touched: ``status`` is ``undecided`` (only a note or an
edited title so far), ``approved`` or ``rejected``; ``featured`` implies approved. Featuring
toggles. An edited title replaces the scraped one in the queue and the digest; an empty edit
(or the original title) removes it. When dedup merges the job into another later, the decision
follows it (``warehouse.jobs.follow``).
"""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb

ACTIONS = ("approve", "reject", "feature", "undo")
MAX_TEXT = 500


class UnknownJob(LookupError):
    """No job with that id (it may have been merged: see ``job_merges``)."""


def _current(
    con: duckdb.DuckDBPyConnection, job_id: str
) -> tuple[str, bool, str | None, str | None]:
    if not con.execute("SELECT 1 FROM jobs WHERE job_id = ?", [job_id]).fetchone():
        raise UnknownJob(job_id)
    row = con.execute(
        "SELECT status, featured, note, edited_title FROM curation WHERE job_id = ?", [job_id]
    ).fetchone()
    return row if row else ("undecided", False, None, None)


def _write(
    con: duckdb.DuckDBPyConnection, job_id: str, values: tuple[str, bool, str | None, str | None],
    now: datetime | None,
) -> dict[str, object]:  # fmt: skip
    status, featured, note, edited = values
    con.execute(
        "INSERT OR REPLACE INTO curation VALUES (?, ?, ?, ?, ?, ?)",
        [job_id, status, featured, note, edited, now or datetime.now(UTC)],
    )
    return {"job_id": job_id, "status": status, "featured": featured, "note": note,
            "edited_title": edited}  # fmt: skip


def decide(
    con: duckdb.DuckDBPyConnection, job_id: str, action: str, now: datetime | None = None
) -> dict[str, object]:
    """Apply approve / reject / feature (toggle) / undo; returns the job's decision."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r} (one of {', '.join(ACTIONS)})")
    con.execute("BEGIN TRANSACTION")
    try:
        status, featured, note, edited = _current(con, job_id)
        if action == "approve":
            status = "approved"
        elif action == "reject":
            status, featured = "rejected", False
        elif action == "feature":
            featured = not featured
            status = "approved" if featured else status
        else:
            status, featured = "undecided", False
        out = _write(con, job_id, (status, featured, note, edited), now)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return out


def annotate(
    con: duckdb.DuckDBPyConnection,
    job_id: str,
    *,
    title: str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> dict[str, object]:
    """Set the edited title and/or the note (``None`` leaves one as it is; "" clears it)."""
    con.execute("BEGIN TRANSACTION")
    try:
        status, featured, old_note, edited = _current(con, job_id)
        if title is not None:
            title = " ".join(title.split())[:MAX_TEXT]
            original = con.execute("SELECT title FROM jobs WHERE job_id = ?", [job_id]).fetchone()
            edited = title if title and (original is None or title != original[0]) else None
        if note is not None:
            old_note = note.strip()[:MAX_TEXT] or None
        out = _write(con, job_id, (status, featured, old_note, edited), now)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return out
