"""Two processes that open a warehouse nobody has made yet: one creates it, and the other may
open it in the instant DuckDB has made the file but not written its header ("not a valid
DuckDB database file"). That file is waited for, like a lock; a file of another kind, or an
old broken one, is said at once (real files, real DuckDB)."""

from __future__ import annotations

import os
import threading
import time

import duckdb
import pytest

from warehouse import db
from warehouse.errors import WarehouseError


def test_a_warehouse_being_created_is_waited_for(tmp_path):
    path = tmp_path / "e.duckdb"
    path.write_bytes(b"\0" * 16)  # the file as its creator has just made it
    made = tmp_path / "made.duckdb"
    duckdb.connect(str(made)).close()

    def finish() -> None:
        time.sleep(0.5)
        os.replace(made, path)  # its creator wrote the header

    threading.Thread(target=finish).start()
    started = time.monotonic()
    with db.session(path, wait_s=10) as con:
        assert con.execute("SELECT count(*) FROM landing_batches").fetchone() == (0,)
    assert time.monotonic() - started < 8


def test_a_file_of_another_kind_is_said_at_once(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("these are my notes, not a warehouse\n" * 20)
    started = time.monotonic()
    with pytest.raises(WarehouseError, match="cannot open the warehouse"):
        db.connect(path, wait_s=10)
    assert time.monotonic() - started < 3


def test_an_old_broken_warehouse_is_said_at_once(tmp_path):
    path = tmp_path / "e.duckdb"
    duckdb.connect(str(path)).close()
    path.write_bytes(path.read_bytes()[:100])  # DuckDB's magic, the rest lost
    hour_ago = time.time() - 3600
    os.utime(path, (hour_ago, hour_ago))
    started = time.monotonic()
    with pytest.raises(WarehouseError, match="cannot open the warehouse"):
        db.connect(path, wait_s=10)
    assert time.monotonic() - started < 3
