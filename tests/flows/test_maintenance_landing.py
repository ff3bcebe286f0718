"""The maintenance flow prunes loaded landing batches and says how many files and bytes."""

from __future__ import annotations

import pytest

from tests.conftest import make_posting, outcome, write_batch
from warehouse import db
from warehouse.load import load_batch

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("harness")]


def test_maintenance_prunes_loaded_landing_and_keeps_what_is_not_loaded(tmp_path):
    from flows.maintenance import maintenance_flow

    landing = tmp_path / "landing"
    done = write_batch(landing, "b1", [make_posting("1"), outcome(fetched=1)])
    waiting = write_batch(landing, "b2", [make_posting("2"), outcome(fetched=1)])
    with db.session(tmp_path / "e.duckdb") as con:
        load_batch(con, done)  # loaded now; b2 never loaded (a stranded batch)
    size = done.stat().st_size
    report = maintenance_flow(
        db=str(tmp_path / "e.duckdb"), snapshots=str(tmp_path / "snaps"),
        landing=str(landing), landing_keep_days=0,
    )  # fmt: skip
    assert report["errors"] == {}
    assert report["landing"].startswith(f"pruned 1 loaded landing file(s), {size:,} bytes")
    assert "kept 1 not yet loaded" in report["landing"]
    assert not done.exists() and waiting.exists()
