"""Crawl batches, the plain part: ids, splitting, running one in a warm crawl process, and the
heartbeat a batch on another machine leaves in the landing folder.

A crawl run splits its sources into batches. Each batch has an id chosen by the run before it
starts (``new_batch_id``) and lands as ``<landing>/<batch_id>.jsonl``, so the run knows which
landing files are its own whoever crawled them. ``flows.batches`` wraps these in Prefect tasks
(retries) and the ``crawl-batch`` deployment (a batch on the pool).
"""

from __future__ import annotations

import json
import os
import socket
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ops import crawlhost, crawlproc
from ops.crawlpool import POOL, BatchCrashed
from ops.settings import Settings
from spiders import landing_out

__all__ = [
    "BatchCrashed", "heartbeat", "landed", "landing_file", "new_batch_id", "run_batch", "split",
]  # fmt: skip


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
    if isinstance(settings.landing, Path):  # object storage needs no folder
        settings.landing.mkdir(parents=True, exist_ok=True)
    request = crawlproc.batch_request(settings, batch_id, names, run_id, state)
    if owner is not None:
        return crawlhost.run(request, settings.batch_timeout_s, settings.worker_batches, owner)
    pid, batches = POOL.run_as(request, settings.batch_timeout_s, settings.worker_batches)
    return {"pid": pid, "batches": batches}


def landing_file(settings: Settings, batch_id: str) -> Path | str:
    """Where a batch of this run must land (``spiders.pipelines`` writes it, whoever crawls):
    a local path, or a URL when landing is object storage."""
    if isinstance(settings.landing, str):
        return landing_out.final_url(settings.landing, batch_id)
    return settings.landing / f"{batch_id}.jsonl"


def land_records(
    settings: Settings, batch_id: str, records: list[dict[str, Any]], run_id: str, now: datetime
) -> None:
    """Land a batch file made here, not by a crawl (``ops.isolation.record_crashes``): the
    records, then the Batch record; written whole under a temporary name, then renamed (or
    published to object storage). ``OSError`` when the landing location refuses it."""
    closing = {"record": "Batch", "batch_id": batch_id, "run_id": run_id,
               "batch_started_at": now.isoformat(), "batch_finished_at": now.isoformat()}  # fmt: skip
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [*records, closing])
    if isinstance(settings.landing, str):
        with tempfile.TemporaryDirectory() as tmp:
            local = Path(tmp) / f"{batch_id}.jsonl"
            local.write_text(text, encoding="utf-8")
            landing_out.publish(local, settings.landing, batch_id)
        return
    settings.landing.mkdir(parents=True, exist_ok=True)
    part = settings.landing / f".{batch_id}.jsonl.tmp"
    with part.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(part, settings.landing / f"{batch_id}.jsonl")


def landed(settings: Settings, batch_id: str) -> bool:
    """Whether the batch's file is in landing under its final name (folder or URL)."""
    return landing_out.landed(settings.landing, batch_id)


def alive_path(landing: Path | str, batch_id: str) -> Path | str:
    """``<landing>/<batch_id>.alive``: a local path, or a URL when landing is object storage."""
    if isinstance(landing, str):
        return f"{landing.rstrip('/')}/{batch_id}.alive"
    return landing / f"{batch_id}.alive"


def _fs(url: str) -> tuple[Any, str]:
    import fsspec

    return fsspec.core.url_to_fs(url)  # type: ignore[no-any-return]


def _beats(path: Path | str, text: str) -> tuple[Callable[[], None], Callable[[], None]]:
    """Touch and remove for a heartbeat: a local file, or an object written again each beat
    (its modification time is the beat). The first beat is written here."""
    if isinstance(path, str):
        fs, key = _fs(path)
        fs.pipe_file(key, text.encode())
        return (lambda: fs.pipe_file(key, text.encode())), (lambda: fs.rm_file(key))
    local = path
    local.parent.mkdir(parents=True, exist_ok=True)
    local.write_text(text, encoding="utf-8")
    return (lambda: os.utime(local)), (lambda: local.unlink(missing_ok=True))


@contextmanager
def heartbeat(path: Path | str, every: float) -> Iterator[None]:
    """Touch ``path`` (it names the worker and process) every ``every`` seconds until the
    block ends, then remove it. A worker's machine that dies leaves it untouched: Prefect
    would show the batch's run Running for ever, the crawl run waiting for it sees this.
    ``path`` may be a URL on object storage (``alive_path``)."""
    touch, remove = _beats(path, f"{worker_name()} {os.getpid()}\n")
    done = threading.Event()

    def beat() -> None:
        while not done.wait(every):
            try:
                touch()
            except Exception:
                pass  # the shared folder or store hiccuped: the next beat tries again

    thread = threading.Thread(target=beat, name=f"heartbeat {path}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        try:
            remove()
        except Exception:
            pass  # left behind: a load removes heartbeat files a day old


def silent_for(alive: Path | str, running_since: datetime | None, now: float) -> float:
    """Seconds (to epoch time ``now``) since a running batch last showed life: its heartbeat
    file, else its start."""
    try:
        if isinstance(alive, str):
            from warehouse.landing_store import modified

            fs, key = _fs(alive)
            return now - modified(fs.info(key))
        return now - alive.stat().st_mtime
    except Exception:
        return 0.0 if running_since is None else now - running_since.timestamp()
