"""maintenance prunes loaded landing batches past the retention, never an unloaded one."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest

from tests.conftest import NOW, make_posting, outcome, write_batch
from warehouse import db, landing_store
from warehouse.errors import WarehouseError
from warehouse.load import load_batch


def test_prune_removes_only_loaded_batches_past_retention_and_counts_bytes(db_path, tmp_path):
    landing = tmp_path / "landing"
    old = write_batch(landing, "b-old", [make_posting("1"), outcome(fetched=1)])
    recent = write_batch(landing, "b-recent", [make_posting("2"), outcome(fetched=1)])
    stranded = write_batch(landing, "b-stranded", [make_posting("3"), outcome(fetched=1)])
    ancient = NOW - timedelta(days=400)
    os.utime(stranded, (ancient.timestamp(), ancient.timestamp()))  # old, but never loaded
    (landing / "quarantine").mkdir()
    aside = landing / "quarantine" / "b-bad.jsonl"
    aside.write_text("not json\n")
    tmp = landing / ".b-dead.jsonl.tmp"
    tmp.write_text('{"record":')
    os.utime(tmp, (ancient.timestamp(), ancient.timestamp()))
    with db.session(db_path) as con:
        load_batch(con, old, NOW - timedelta(days=20))
        load_batch(con, recent, NOW - timedelta(days=2))
        loaded = dict(con.execute("SELECT batch_id, loaded_at FROM landing_batches").fetchall())
    size = old.stat().st_size

    pruned = landing_store.prune(landing_store.open_store(landing), loaded, NOW, keep=14)
    assert pruned == landing_store.Pruned(files=1, bytes=size, unloaded_kept=1, leftovers=1)
    assert not old.exists() and recent.exists() and stranded.exists() and aside.exists()
    assert not tmp.exists()
    line = pruned.line(14)
    assert f"pruned 1 loaded landing file(s), {size:,} bytes" in line
    assert "kept 1 not yet loaded" in line
    # keep=0: every loaded batch goes; the stranded one still stays
    again = landing_store.prune(landing_store.open_store(landing), loaded, NOW, keep=0)
    assert (again.files, again.unloaded_kept) == (1, 1) and stranded.exists()


def test_retention_setting_is_read_and_checked(monkeypatch):
    monkeypatch.delenv("EOLIST_LANDING_KEEP_DAYS", raising=False)
    assert landing_store.keep_days() == 14
    monkeypatch.setenv("EOLIST_LANDING_KEEP_DAYS", "3.5")
    assert landing_store.keep_days() == 3.5
    monkeypatch.setenv("EOLIST_LANDING_KEEP_DAYS", "a week")
    with pytest.raises(WarehouseError, match="EOLIST_LANDING_KEEP_DAYS='a week'"):
        landing_store.keep_days()
