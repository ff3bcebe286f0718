"""Her decisions on a job, written in one short transaction each (the file is shared with loads).

``curation`` holds one row per job she touched: ``status`` is ``undecided`` (only a note or an
edited title so far), ``approved`` or ``rejected``; ``featured`` implies approved. Featuring
toggles. An edited title replaces the scraped one in the queue and the digest; an empty edit
(or the original title) removes it. When dedup merges the job into another later, the decision
follows it (``warehouse.jobs.follow``).

Every change is logged (``curation_log``) with the state it replaced, in *groups*: one key
press or click is one group, a bulk decision of 12 jobs too. Undo restores the latest group
not undone yet to exactly its previous states (an approve, a feature, a rejection), so undo is
a stack, and it never depends on where the page's cursor is. The largest log ``seq`` is the
desk's version: another tab asks for the changes after the version it has.

A stale tab never overwrites silently: a decision may carry the state the page showed
(``expect``); when the job has changed since (another tab, an undo), nothing is written and
``Conflict`` says what the job is now. Undo checks the same: it restores only jobs still in the
state the group left them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import duckdb

ACTIONS = ("approve", "reject", "feature", "undo")
DECIDING = ("approve", "reject", "feature", "employer")  # logged actions that undo reverts
MAX_TEXT = 500
MAX_BULK = 1000

State = tuple[str, bool]  # (status, featured)


class UnknownJob(LookupError):
    """No job with that id (it may have been merged: see ``job_merges``)."""


class NothingToUndo(LookupError):
    """No decision left to undo (for this job, or at all)."""


class Conflict(RuntimeError):
    """The job is not in the state the page showed: changed elsewhere, nothing written."""

    def __init__(self, current: list[dict[str, Any]]) -> None:
        self.current = current
        names = ", ".join(f"{c['title']!r} is now {state_text(c)}" for c in current[:3])
        super().__init__(f"changed in another tab or window: {names}; nothing was overwritten")


def state_text(row: Mapping[str, Any]) -> str:
    return str(row["status"]) + (" and featured" if row["featured"] else "")


def parse_state(value: str | None) -> State | None:
    """The page's ``expect`` field: ``approved``, ``approved+featured``, ``undecided`` ..."""
    if not value:
        return None
    status, _, flag = value.partition("+")
    if status not in ("undecided", "approved", "rejected"):
        raise ValueError(f"unknown state {value!r}")
    return status, flag == "featured"


def _row(con: duckdb.DuckDBPyConnection, job_id: str) -> tuple[str, bool, str | None, str | None]:
    row = con.execute(
        "SELECT status, featured, note, edited_title FROM curation WHERE job_id = ?", [job_id]
    ).fetchone()
    return row if row else ("undecided", False, None, None)


def _current(
    con: duckdb.DuckDBPyConnection, job_id: str
) -> tuple[str, bool, str | None, str | None]:
    if not con.execute("SELECT 1 FROM jobs WHERE job_id = ?", [job_id]).fetchone():
        raise UnknownJob(job_id)
    return _row(con, job_id)


def shown(con: duckdb.DuckDBPyConnection, job_ids: Iterable[str]) -> list[dict[str, Any]]:
    """Jobs as the page shows their decision (the state a conflict reports)."""
    ids = list(dict.fromkeys(job_ids))
    if not ids:
        return []
    rows = con.execute(
        "SELECT j.job_id, coalesce(c.status, 'undecided'), coalesce(c.featured, false), c.note,"
        " c.edited_title, coalesce(c.edited_title, j.title)"
        " FROM jobs j LEFT JOIN curation c USING (job_id) WHERE list_contains(?, j.job_id)",
        [ids],
    ).fetchall()
    keys = ("job_id", "status", "featured", "note", "edited_title", "title")
    by_id = {r[0]: dict(zip(keys, r, strict=True)) for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def version(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT coalesce(max(seq), 0) FROM curation_log").fetchone()
    return int(row[0]) if row else 0


def _next(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    row = con.execute(
        "SELECT coalesce(max(seq), 0) + 1, coalesce(max(grp), 0) + 1 FROM curation_log"
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


class _Writer:
    """Writes curation rows and their log entries for one group, inside the caller's
    transaction."""

    def __init__(self, con: duckdb.DuckDBPyConnection, now: datetime | None) -> None:
        self.con = con
        self.now = now or datetime.now(UTC)
        self.seq, self.grp = _next(con)

    def write(
        self,
        job_id: str,
        action: str,
        old: tuple[str, bool, str | None, str | None],
        new: tuple[str, bool, str | None, str | None],
    ) -> None:
        status, featured, note, edited = new
        self.con.execute(
            "INSERT OR REPLACE INTO curation VALUES (?, ?, ?, ?, ?, ?)",
            [job_id, status, featured, note, edited, self.now],
        )
        self.con.execute(
            "INSERT INTO curation_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
            [self.seq, self.grp, job_id, action, old[0], old[1], status, featured, self.now],
        )
        self.seq += 1


def _transaction(con: duckdb.DuckDBPyConnection, work: Any) -> Any:
    con.execute("BEGIN TRANSACTION")
    try:
        out = work()
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return out


def _applied(action: str, status: str, featured: bool) -> State:
    if action == "approve":
        return "approved", featured
    if action == "reject":
        return "rejected", False
    featured = not featured  # feature toggles; featuring approves, un-featuring keeps approval
    return ("approved" if featured else status), featured


def _answer(con: duckdb.DuckDBPyConnection, job_ids: list[str], grp: int) -> dict[str, Any]:
    jobs = shown(con, job_ids)
    return {"group": grp, "jobs": jobs, "version": version(con)}


def decide_many(
    con: duckdb.DuckDBPyConnection,
    job_ids: list[str],
    action: str,
    now: datetime | None = None,
    expect: Mapping[str, State | None] | None = None,
    action_name: str | None = None,
) -> dict[str, Any]:
    """Approve / reject / feature several jobs as one group (one undo restores them all).

    ``expect`` maps a job to the state the page showed; when any differs, nothing is written
    (``Conflict``), so a bulk decision is all or nothing. ``action_name`` is what the log
    calls it (``employer`` for an always-approve rule's approvals)."""
    if action not in ("approve", "reject", "feature"):
        raise ValueError(f"unknown action {action!r} (one of approve, reject, feature)")
    ids = list(dict.fromkeys(job_ids))
    if not ids or len(ids) > MAX_BULK:
        raise ValueError(f"choose between 1 and {MAX_BULK} jobs")
    expect = expect or {}

    def work() -> dict[str, Any]:
        rows = {job_id: _current(con, job_id) for job_id in ids}
        stale = [j for j, r in rows.items() if expect.get(j) not in (None, (r[0], r[1]))]
        if stale:
            raise Conflict(shown(con, stale))
        w = _Writer(con, now)
        for job_id, old in rows.items():
            status, featured = _applied(action, old[0], old[1])
            w.write(job_id, action_name or action, old, (status, featured, old[2], old[3]))
        return _answer(con, ids, w.grp)

    return _transaction(con, work)  # type: ignore[no-any-return]


def decide(
    con: duckdb.DuckDBPyConnection,
    job_id: str,
    action: str,
    now: datetime | None = None,
    expect: State | None = None,
) -> dict[str, object]:
    """Apply approve / reject / feature (toggle) / undo (this job's latest decision) to one
    job; returns the job's decision with the log ``group`` and the desk's ``version``."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r} (one of {', '.join(ACTIONS)})")
    if action == "undo":
        out = undo(con, job_id=job_id, now=now)
    else:
        out = decide_many(con, [job_id], action, now, {job_id: expect})
    job = out["jobs"][0] if out["jobs"] else {"job_id": job_id}
    return {**job, "group": out["group"], "version": out["version"]}


def undo(
    con: duckdb.DuckDBPyConnection,
    group: int | None = None,
    job_id: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Restore the state before a group of decisions: ``group``, else the latest group not
    undone (of ``job_id`` when given: its own latest decision only)."""

    def work() -> dict[str, Any]:
        where, args = "undone_by IS NULL AND list_contains(?, action)", [list(DECIDING)]
        if job_id is not None:
            _current(con, job_id)
            where += " AND job_id = ?"
            args.append(job_id)
        if group is None:
            row = con.execute(f"SELECT max(grp) FROM curation_log WHERE {where}", args).fetchone()
            target = row[0] if row else None
        else:
            target = group
        if target is None:
            raise NothingToUndo("nothing left to undo" + (f" for job {job_id}" if job_id else ""))
        entries = con.execute(
            "SELECT seq, job_id, old_status, old_featured, new_status, new_featured"
            f" FROM curation_log WHERE grp = ? {'AND job_id = ?' if job_id else ''}"
            " AND list_contains(?, action) AND undone_by IS NULL ORDER BY seq DESC",
            [target, *([job_id] if job_id else []), list(DECIDING)],
        ).fetchall()
        if not entries:  # a job of it undone alone (the job page) leaves the others to undo
            raise NothingToUndo(f"decision group {target} is undone already, or never was")
        # a job twice in one group: restore the state before its first entry, and expect
        # the state after its last (entries are newest first: later assignments win)
        firsts = {e[1]: e for e in entries}
        lasts = {e[1]: e for e in reversed(entries)}
        ids = list(lasts)
        rows = {}
        for j in ids:
            try:
                rows[j] = _current(con, j)
            except UnknownJob:
                continue  # merged away since: its decision followed the job it joined
        stale = [j for j, r in rows.items() if (r[0], r[1]) != (lasts[j][4], lasts[j][5])]
        if stale:
            raise Conflict(shown(con, stale))
        w = _Writer(con, now)
        for j, old in rows.items():
            w.write(j, "undo", old, (firsts[j][2], firsts[j][3], old[2], old[3]))
        con.execute(
            "UPDATE curation_log SET undone_by = ? WHERE grp = ? AND undone_by IS NULL"
            f" {'AND job_id = ?' if job_id else ''}",
            [w.grp, target, *([job_id] if job_id else [])],
        )
        return _answer(con, list(rows), w.grp) | {"undone": target}

    return _transaction(con, work)  # type: ignore[no-any-return]


def changes(con: duckdb.DuckDBPyConnection, since: int) -> dict[str, Any]:
    """The jobs changed after log entry ``since``, as they are now, and the new version."""
    ids = [
        r[0]
        for r in con.execute(
            "SELECT job_id FROM curation_log WHERE seq > ? GROUP BY job_id ORDER BY max(seq)",
            [since],
        ).fetchall()
    ]
    return {"version": version(con), "jobs": shown(con, ids)}


def annotate(
    con: duckdb.DuckDBPyConnection,
    job_id: str,
    *,
    title: str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> dict[str, object]:
    """Set the edited title and/or the note (``None`` leaves one as it is; "" clears it)."""

    def work() -> dict[str, object]:
        old = _current(con, job_id)
        status, featured, new_note, edited = old
        if title is not None:
            text = " ".join(title.split())[:MAX_TEXT]
            original = con.execute("SELECT title FROM jobs WHERE job_id = ?", [job_id]).fetchone()
            edited = text if text and (original is None or text != original[0]) else None
        if note is not None:
            new_note = note.strip()[:MAX_TEXT] or None
        w = _Writer(con, now)
        w.write(job_id, "title" if title is not None else "note", old,
                (status, featured, new_note, edited))  # fmt: skip
        return {**shown(con, [job_id])[0], "group": w.grp, "version": version(con)}

    return _transaction(con, work)  # type: ignore[no-any-return]
