"""Child processes for the crash and concurrency tests: ``python -m tests.warehouse.procs …``.

Each role opens the warehouse the way eolist does (``warehouse.db.session``, per operation)
and prints one line per finished operation, so the parent can time a kill or count work.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

from warehouse import db, query
from warehouse.load import load_batch


def load(path: str, now: str, *batches: str) -> None:
    for batch in batches:
        with db.session(path) as con:
            print("open", flush=True)
            report = load_batch(con, Path(batch), datetime.fromisoformat(now))
        print(f"loaded {report.batch_id} {report.postings}", flush=True)


def curate(path: str, count: str) -> None:
    """The curation page's writes: one short transaction per decision."""
    for i in range(int(count)):
        with db.session(path) as con:
            con.execute(
                "INSERT OR REPLACE INTO curation (job_id, status, note, decided_at)"
                " VALUES (?, 'approved', ?, now())",
                [f"j{i:04d}", f"decision {i}"],
            )
        print(f"decided {i}", flush=True)


def read(path: str, count: str) -> None:
    for _ in range(int(count)):
        result = query.run(path, "SELECT count(*) FROM postings, (SELECT count(*) FROM jobs)")
        print(f"read {result.rows[0][0]}", flush=True)


def hold(path: str, seconds: str, read_only: str = "0") -> None:
    with db.session(path, read_only=read_only == "1"):
        print("holding", flush=True)
        time.sleep(float(seconds))


if __name__ == "__main__":
    role, *args = sys.argv[1:]
    {"load": load, "curate": curate, "read": read, "hold": hold}[role](*args)
