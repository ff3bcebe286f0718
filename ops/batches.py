"""Crawl batches, the plain part: ids, splitting, running one in a warm crawl process, and the
heartbeat a batch on another machine leaves in the landing folder.

A crawl run splits its sources into batches. Each batch has an id chosen by the run before it
starts (``new_batch_id``) and lands as ``<landing>/<batch_id>.jsonl``, so the run knows which
landing files are its own whoever crawled them. ``flows.batches`` wraps these in Prefect tasks
(retries) and the ``crawl-batch`` deployment (a batch on the pool).
"""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ops import crawlhost, crawlproc
from ops.crawlpool import POOL, BatchCrashed
from ops.settings import Settings

__all__ = ["BatchCrashed", "heartbeat", "landing_file", "new_batch_id", "run_batch", "split"]

BATCH_TIMEOUT_S = 3600


def new_batch_id() -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"


def split(names: list[str], size: int) -> list[list[str]]:
    size = max(1, size)
    return [names[i : i + size] for i in range(0, len(names), size)]


def worker_name() -> str:
    """Who ran a batch, for reports: ``EOLIST_WORKER_NAME`` or the host name."""
    return os.environ.get("EOLIST_WORKER_NAME") or socket.gethostname()


def run_batch(
    settings: Settings,
    names: list[str],
    run_id: str,
    batch_id: str,
    state: dict[str, Any],
    owner: int | None = None,
) -> dict[str, int]:
    """Crawl one batch in a warm crawl process; raises ``BatchCrashed`` when it did not land.

    ``owner``: the Prefect worker whose warm crawler (``ops.crawlhost``) takes the batch;
    None for this process's own pool. Returns the crawl process's ``pid`` and ``batches``."""
    settings.landing.mkdir(parents=True, exist_ok=True)
    request = crawlproc.batch_request(settings, batch_id, names, run_id, state)
    if owner is not None:
        return crawlhost.run(request, BATCH_TIMEOUT_S, settings.worker_batches, owner)
    pid, batches = POOL.run_as(request, BATCH_TIMEOUT_S, settings.worker_batches)
    return {"pid": pid, "batches": batches}


def landing_file(settings: Settings, batch_id: str) -> Path:
    """Where a batch of this run must land (``spiders.pipelines`` writes it, whoever crawls)."""
    return settings.landing / f"{batch_id}.jsonl"


def alive_path(landing: Path, batch_id: str) -> Path:
    return landing / f"{batch_id}.alive"


@contextmanager
def heartbeat(path: Path, every: float) -> Iterator[None]:
    """Touch ``path`` (it names the worker and process) every ``every`` seconds until the
    block ends, then remove it. A worker's machine that dies leaves it untouched: Prefect
    would show the batch's run Running for ever, the crawl run waiting for it sees this."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{worker_name()} {os.getpid()}\n", encoding="utf-8")
    done = threading.Event()

    def beat() -> None:
        while not done.wait(every):
            try:
                os.utime(path)
            except OSError:
                pass  # the shared folder hiccuped: the next beat tries again

    thread = threading.Thread(target=beat, name=f"heartbeat {path.name}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        path.unlink(missing_ok=True)


def silent_for(alive: Path, running_since: datetime | None, now: float) -> float:
    """Seconds (to epoch time ``now``) since a running batch last showed life: its heartbeat
    file, else its start."""
    try:
        return now - alive.stat().st_mtime
    except OSError:
        return 0.0 if running_since is None else now - running_since.timestamp()
