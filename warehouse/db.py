"""Opening the warehouse: migrations on open, short-lived connections, waiting out the lock.

DuckDB allows one read-write process per file, and while it holds the file no other process
can open it, not even read-only. So every operation opens, works briefly and closes
(``session``), and an open that finds the file locked waits with a bounded, growing backoff
before it fails with ``DatabaseLocked``: a clear sentence, never a corrupt file. A load of
many batches keeps one session (``warehouse.held``) and lets the file go between two batches
when an open waits for it.

Every connection has DuckDB's extension autoloading and autoinstalling off: eolist reaches the
network only to crawl, and a file DuckDB cannot read alone (a SQLite file given as ``--db``)
is one clear sentence instead of a download attempt. ``external_access=False`` (``eolist
query``) also forbids reading or writing any other file, and locks the configuration so a
statement cannot switch it back.

A load opens with ``bulk=True``: the file is attached with row groups of ``BULK_ROW_GROUP``
rows instead of DuckDB's 122,880, and DuckDB writes an insert's full row groups straight
into the file, compressed, while the statement runs ("optimistic writes"), where otherwise
the whole insert went to the write-ahead log at COMMIT and was written a second time by the
checkpoint at close. Only the size of new row groups differs: any open reads the file.
A bulk open never migrates: pending migrations are applied through a plain open first,
because DuckDB 2.0 breaks a table that gains a column under the smaller row groups at the
session's first small append.

Migrations are ``migrations/NNNN_name.sql``, applied in order inside one transaction each and
recorded in ``schema_migrations``; a database newer than this code is refused.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import re
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import duckdb

from warehouse import lockholder
from warehouse.errors import DatabaseLocked, WarehouseError

_log = logging.getLogger(__name__)

MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
# Waiting for another process's lock: 0.05 s doubling to 2 s, for at most LOCK_WAIT_S in all
# (EOLIST_LOCK_WAIT_S overrides it).
LOCK_WAIT_S = 30.0
NO_EXTENSION_DOWNLOADS = {"autoload_known_extensions": False, "autoinstall_known_extensions": False}
# Row groups a bulk open writes (``connect(bulk=True)``): an insert of at least this many rows
# skips the write-ahead log. At 100k postings, half new: open + load + close 8.6 s -> 5.4-5.8 s.
BULK_ROW_GROUP = 16_384


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every migration file, in order."""
    found = []
    for entry in resources.files("warehouse.migrations").iterdir():
        m = MIGRATION_NAME.match(entry.name)
        if m:
            found.append((int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(con: duckdb.DuckDBPyConnection, upto: int | None = None) -> list[int]:
    """Apply pending migrations (up to ``upto``); returns the versions applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
    )
    rows = con.execute("SELECT version FROM schema_migrations").fetchall()
    done = {r[0] for r in rows}
    known = migrations()
    newest = max((v for v, _, _ in known), default=0)
    if done and max(done) > newest:
        raise WarehouseError(
            f"the database is at schema version {max(done)}, newer than this eolist ({newest}); "
            "upgrade eolist"
        )
    applied = []
    for version, name, sql in known:
        if version in done or (upto is not None and version > upto):
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, now())",
                [version, name],
            )
            con.execute("COMMIT")
        except Exception:
            rollback(con)
            raise
        applied.append(version)
    return applied


def schema_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether every migration is applied (a read-only open cannot apply them)."""
    newest = max((v for v, _, _ in migrations()), default=0)
    try:
        row = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
    except duckdb.CatalogException:
        return False
    return bool(row and row[0] is not None and row[0] >= newest)


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back after an error, keeping that error the one the caller sees.

    A COMMIT that fails to write (disk full) ends the transaction itself; a ROLLBACK then
    raises "cannot rollback - no transaction is active", which would hide the real cause.
    """
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


# The OS's words for a write the disk refused, as DuckDB passes them on ("Could not write file
# "x.wal": No space left on device"); RLIMIT_FSIZE gives "File too large".
_STORAGE_WORDS = (
    "No space left on device",
    "Disk quota exceeded",
    "File too large",
    "Read-only file system",
    "Input/output error",
)


def storage_problem(exc: BaseException) -> str | None:
    """One line saying why a write failed, when the disk under it is the cause; else None."""
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror or exc}{where}"
    text = " ".join(str(exc).split())
    if isinstance(exc, duckdb.IOException) or (
        isinstance(exc, duckdb.Error) and any(w in text for w in _STORAGE_WORDS)
    ):
        # "TransactionContext Error: Failed to commit: Could not write file ...": the tail
        # is the part that says what and where.
        return text.split("Failed to commit: ", 1)[-1]
    return None


def _is_lock_error(exc: Exception) -> bool:
    """Another holder of the file, as DuckDB 2.0 words it.

    Another process: ``IO Error: Could not set lock on file "…": Conflicting lock is held in
    … (PID n)`` (for readers and writers alike). This process, with the other mode (a
    read-only open while a thread holds it read-write, or the reverse): ``Connection Error:
    Can't open a connection to same database file with a different configuration``, or
    ``Unique file handle conflict`` beside a bulk open (``_attach``). All clear when the
    holder closes its connection, so all are waited out.
    """
    text = str(exc)
    if "different configuration" in text or _in_use_here(exc):
        return True
    return "lock" in text.lower() and ("Conflicting" in text or "Could not set lock" in text)


# A warehouse another process is creating this moment: DuckDB has made the file but not yet
# written its header, and an open then reads "not a valid DuckDB database file". Such a file
# is young and small; it is waited for like a lock. An old or large one is what it says.
_CREATING_S = 10.0
_CREATING_BYTES = 1 << 20


def _being_created(target: str, exc: Exception) -> bool:
    if "not a valid DuckDB database file" not in str(exc):
        return False
    try:
        st = os.stat(target)
        with open(target, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return True  # gone again: its creator gave up, the next try creates it
    # nothing written yet, zeros, or DuckDB's magic ("DUCK" after the checksum) with the rest
    # still to come; a file of another kind ("not a DuckDB file") is said at once
    started = not head.strip(b"\0") or head[8:12] == b"DUCK"
    young = time.time() - st.st_mtime < _CREATING_S
    return started and young and st.st_size < _CREATING_BYTES


def _first(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0].split(". However", 1)[0] if str(exc) else ""


def _open_problem(target: str, exc: Exception) -> str:
    """One line for a file DuckDB cannot open (its own messages run to several lines)."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "extension" in str(exc).lower():
        return (
            f"cannot open the warehouse {target}: it is not a DuckDB database file (DuckDB "
            "would need an extension to read it, and eolist never downloads extensions)"
        )
    return f"cannot open the warehouse {target}: {first}"


def lock_wait_s() -> float:
    """How long an open waits for another process's lock: ``EOLIST_LOCK_WAIT_S`` or 30 s."""
    try:
        return max(0.0, float(os.environ.get("EOLIST_LOCK_WAIT_S", LOCK_WAIT_S)))
    except ValueError:
        return LOCK_WAIT_S


def connect(
    path: str | Path,
    read_only: bool = False,
    wait_s: float | None = None,
    external_access: bool = True,
    bulk: bool = False,
) -> duckdb.DuckDBPyConnection:
    """Open the database (creating and migrating it when writable), waiting out another writer.

    Gives up with ``DatabaseLocked`` naming the holder's PID and the time waited
    (``warehouse.lockholder``); the first wait says so at once on the log (a warning), so a
    crawl that waits is never silent. ``bulk``: for large writes (the module docstring); a
    file this process already has open is opened as usual instead."""
    wait_s = lock_wait_s() if wait_s is None else wait_s
    target = str(path)
    if target != ":memory:":
        p = Path(target)
        if read_only and not p.exists():
            raise WarehouseError(f"no warehouse at {p}: run a crawl first (eolist crawl)")
        p.parent.mkdir(parents=True, exist_ok=True)
    config: dict[str, str | bool | int | float | list[str]] = dict(NO_EXTENSION_DOWNLOADS)
    if not external_access:
        config["enable_external_access"] = False
    bulky = bulk and not read_only and external_access and target != ":memory:"
    con, attached = _open_waiting(target, read_only, config, bulky, wait_s)
    con.execute("SET TimeZone = 'UTC'")
    if not external_access:
        con.execute("SET lock_configuration = true")
    if attached and not schema_current(con):
        # Never migrate under the bulk attach: DuckDB 2.0 breaks a table that gains a column
        # under a smaller ROW_GROUP_SIZE than its row group holds, at the session's first
        # small append ("Corrupted segment tree", FATAL at COMMIT). Migrate in a plain open,
        # then attach again (tests/warehouse/test_bulk_open.py). DuckDB fixed the same failure
        # without the new column (duckdb/duckdb#22109, in 2.0.1); this path it still has.
        con.close()
        connect(path, wait_s=wait_s, external_access=external_access).close()
        return connect(path, wait_s=wait_s, external_access=external_access, bulk=True)
    if not read_only:
        try:
            migrate(con)
        except Exception:
            con.close()
            raise
    return con


def _open_waiting(
    target: str, read_only: bool, config: dict, bulky: bool, wait_s: float
) -> tuple[duckdb.DuckDBPyConnection, bool]:
    """The connection (and whether it is a bulk attach), waiting out another writer's lock
    with a growing backoff; the wait is marked for a load holding the file (``warehouse.held``)."""
    started = time.monotonic()
    deadline = started + wait_s
    delay = 0.05
    mark = None
    try:
        while True:
            try:
                con = _attach(target, config) if bulky else None
                attached = con is not None
                con = con or duckdb.connect(target, read_only=read_only, config=config)
                lockholder.opened(target)
                return con, attached
            except duckdb.Error as e:
                # other errors: a file that is not a DuckDB database, one DuckDB cannot read
                if not _waits(target, e):
                    raise WarehouseError(_open_problem(target, e)) from e
                if delay == 0.05:
                    _log.warning("waiting up to %.0f s for the warehouse: %s", wait_s, _first(e))
                mark = lockholder.mark_waiting(target)
                if time.monotonic() + delay > deadline:
                    waited = lockholder.add_wait(target, time.monotonic() - started)
                    raise DatabaseLocked(lockholder.describe(str(e), target, waited)) from e
                # Jitter, so processes that queued behind one writer do not retry in step.
                time.sleep(delay * random.uniform(0.5, 1.0))
                delay = min(delay * 2, 2.0)
    finally:
        lockholder.unmark(mark)


def _waits(target: str, exc: duckdb.Error) -> bool:
    """A lock (or a file being created) worth waiting for."""
    waits = duckdb.IOException | duckdb.ConnectionException | duckdb.ResourceInUseException
    return isinstance(exc, waits) and (_is_lock_error(exc) or _being_created(target, exc))


def _attach(target: str, config: dict) -> duckdb.DuckDBPyConnection | None:
    """``target`` attached with ``BULK_ROW_GROUP`` row groups as the default catalog, or
    ``None`` when this process has the file open already (DuckDB allows one handle a
    process; that open's instance is shared as usual)."""
    con = duckdb.connect(":memory:", config=config)
    quoted = target.replace("'", "''")
    try:
        con.execute(f"ATTACH '{quoted}' AS warehouse (ROW_GROUP_SIZE {BULK_ROW_GROUP})")
        con.execute("USE warehouse")
    except duckdb.Error as e:
        con.close()
        if _in_use_here(e):
            return None
        raise
    return con


def _in_use_here(exc: Exception) -> bool:
    """DuckDB refusing a second handle on a file this process holds."""
    return "Unique file handle conflict" in str(exc)


@contextlib.contextmanager
def session(
    path: str | Path,
    read_only: bool = False,
    wait_s: float | None = None,
    external_access: bool = True,
    bulk: bool = False,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection: open, use, close (releasing the file for other processes)."""
    con = connect(
        path, read_only=read_only, wait_s=wait_s, external_access=external_access, bulk=bulk
    )
    try:
        yield con
    finally:
        con.close()
