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


def pending(path: str, landing: str, now: str) -> None:
    """``load_pending`` over the landing folder: one line per batch loaded, in order."""
    from warehouse.load import load_pending

    print("start", flush=True)
    for r in load_pending(path, Path(landing), datetime.fromisoformat(now)):
        print(f"loaded {r.batch_id} {r.postings}", flush=True)


def full_disk(path: str, landing: str, how: str, arg: str) -> None:
    """Load the landing folder on a disk that refuses writes, then again once it has room.

    ``how`` is ``fsize`` (``arg``: RLIMIT_FSIZE in bytes, so a file growing past it gets
    EFBIG, "File too large") or ``filler`` (``arg``: a file to fill the disk with until 2 MB
    are left, so DuckDB gets ENOSPC; removed before the second load). Prints one JSON line
    per load: each batch's id, loaded postings, stopped and quarantined, and the WAL's size.
    """
    import json
    import os
    import resource

    from warehouse.load import load_pending

    if how == "fsize":
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (int(arg), hard))
    else:
        free = os.statvfs(Path(path).parent)
        with open(arg, "wb") as fh:
            fh.write(b"\0" * (free.f_bavail * free.f_frsize - 2_000_000))
    for attempt in range(2):
        reports = load_pending(path, Path(landing))
        wal = Path(path + ".wal")
        print(json.dumps({
            "batches": [[r.batch_id, r.postings, r.stopped, bool(r.quarantined)] for r in reports],
            "wal_bytes": wal.stat().st_size if wal.exists() else 0,
        }), flush=True)  # fmt: skip
        if attempt:
            break
        if how == "fsize":  # the operator made room
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        else:
            os.remove(arg)
    with db.session(path, read_only=True) as con:
        print(json.dumps(con.execute("SELECT count(*) FROM postings").fetchone()), flush=True)


if __name__ == "__main__":
    role, *args = sys.argv[1:]
    roles = {"load": load, "curate": curate, "read": read, "hold": hold, "full_disk": full_disk,
             "pending": pending}  # fmt: skip
    roles[role](*args)
