"""One bulk session kept across a run of short writes: a backlog of landing batches.

An open and a close of the warehouse cost ~50 ms (the attach, the schema check, the
checkpoint), as much as loading a batch in which nothing changed, so ``load_pending`` holds
one session across its batches. At each batch's end, ``between()`` closes it when another
eolist process waits for the file (``warehouse.lockholder``: a waiting open leaves a mark),
letting that one in first, or when it has been open ``HOLD_S``, so the checkpoint keeps the
log short; the next ``connection()`` opens it again.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

from warehouse import lockholder
from warehouse.db import connect

# A held session closes, checkpointing its log, after this many seconds.
HOLD_S = 5.0


class Held:
    """The session (the module docstring); ``hold_s`` overrides ``HOLD_S``."""

    def __init__(self, path: str | Path, hold_s: float | None = None) -> None:
        self.path, self.hold_s = path, HOLD_S if hold_s is None else hold_s
        self._con: duckdb.DuckDBPyConnection | None = None
        self._since = 0.0

    def connection(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            self._con = connect(self.path, bulk=True)
            self._since = time.monotonic()
        return self._con

    def between(self) -> None:
        if self._con is None:
            return
        waiting = lockholder.waiters(str(self.path))
        if waiting or time.monotonic() - self._since >= self.hold_s:
            self.close()
        if waiting:
            lockholder.let_in(str(self.path), patience_s=5.0)

    def close(self) -> None:
        con, self._con = self._con, None
        if con is not None:
            con.close()

    def __enter__(self) -> Held:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
