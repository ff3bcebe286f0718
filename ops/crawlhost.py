"""A Prefect worker's warm crawler: batch runs on the pool crawl in long-lived processes.

A Prefect process worker starts every flow run in a fresh process, so each run of the
``crawl-batch`` deployment used to start its own crawl process too (``ops.crawlpool``'s pool
lives in the process that holds it): ~1.5-2 s of start-up per batch, the cost warm crawl
processes removed from ``eolist crawl``. Here one long-lived host process per Prefect worker
keeps that pool: a batch's flow run connects to it over a Unix socket, hands it the batch and
waits for the verdict, so consecutive batches on a worker share one warm ``spiders.worker``.

The first batch on a worker starts the host (a session of its own, so the cancellation of one
flow run, which kills that run's process group, cannot take the host and the other batches
with it). The host ends when its Prefect worker (the flow run's parent process) has gone, or
after ``IDLE_S`` without a batch. Two flow runs that start it at once are settled by a lock
file: the second host exits and both runs use the first.

Isolation is the pool's, unchanged: a crawl process that dies, hangs past the batch timeout
or reports a failure fails that batch alone (``BatchCrashed``, reported by the flow run) and
is replaced; and a flow run that goes away mid-batch (cancelled, killed with its machine)
closes its connection, on which the host kills that batch's crawl process, as the end of the
run's own process group would have. A host that dies fails the batches in hand as transient
(retried: the retry starts a new host). Crawl processes get the flow run's environment (less
Prefect's per-run variables) and working folder, and are shared only between runs whose
environment and folder match (the socket's name is a digest of both).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from ops.crawlpool import IDLE_S, BatchCrashed, WorkerPool, crawl_env
from warehouse.lockholder import alive

START_S = 60.0  # a host not answering this long after its start is reported, not waited for
REPLY_GRACE_S = 120.0  # beyond the batch timeout, which the host enforces itself


def owner() -> int | None:
    """The Prefect worker that started this flow run (its parent), or None outside one."""
    parent = os.getppid()
    return parent if os.environ.get("PREFECT__FLOW_RUN_ID") and parent > 1 else None


def address(owner: int, env: dict[str, str] | None = None, cwd: str | None = None) -> Path:
    """The host's socket for this worker, interpreter, folder and environment."""
    key = json.dumps([sys.executable, cwd or os.getcwd(), sorted(crawl_env(env).items())])
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / f"eolist-crawlhost-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / f"{owner}-{digest}.sock"


def run(request: dict[str, Any], timeout: float, max_batches: int, owner: int) -> dict[str, int]:
    """Crawl one batch in the worker's warm host: ``{"pid", "batches"}`` of the crawl process
    that did it; raises ``BatchCrashed`` as ``WorkerPool.run`` does."""
    path = address(owner)
    conn = _connect(path) or _start(path, owner, request["batch_id"])
    message = {"request": request, "timeout": timeout, "max_batches": max_batches,
               "env": crawl_env(), "cwd": os.getcwd()}  # fmt: skip
    with conn:
        conn.sendall((json.dumps(message) + "\n").encode())
        conn.settimeout(timeout + REPLY_GRACE_S)
        try:
            line = conn.makefile("rb").readline()
        except (TimeoutError, OSError) as e:
            raise BatchCrashed(f"crawl batch {request['batch_id']}: no word from the warm "
                               f"crawler ({e})") from e  # fmt: skip
    if not line:
        raise BatchCrashed(
            f"crawl batch {request['batch_id']}: the warm crawler ended mid-batch "
            f"(its log: {path.with_suffix('.log')})",
            transient=True,
        )
    reply = json.loads(line)
    if "error" in reply:
        raise BatchCrashed(reply["error"], transient=reply["transient"])
    return {"pid": int(reply["pid"]), "batches": int(reply["batches"])}


def _connect(path: Path) -> socket.socket | None:
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(str(path))
    except OSError:
        conn.close()
        return None
    return conn


def _start(path: Path, owner: int, batch_id: str) -> socket.socket:
    with path.with_suffix(".log").open("ab") as log:
        subprocess.Popen(
            [sys.executable, "-m", "ops.crawlhost", str(path), str(owner)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        conn = _connect(path)
        if conn is not None:
            return conn
        time.sleep(0.05)
    raise BatchCrashed(
        f"crawl batch {batch_id}: the warm crawler did not start within {START_S:.0f} s "
        f"(its log: {path.with_suffix('.log')})",
        transient=True,
    )


class Host:
    """The serving side: one thread per connected flow run, one shared ``WorkerPool``."""

    def __init__(self, path: Path, owner: int) -> None:
        self.path, self.owner = path, owner
        self.pool = WorkerPool()
        self.busy = 0
        self.last = time.monotonic()
        self.stop = threading.Event()  # SIGTERM: stop taking batches (those in hand finish)
        self._lock = threading.Lock()

    def serve(self) -> int:
        lock = self.path.with_suffix(".lock").open("a+")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            return 0  # another host serves this address: the callers connect to it
        lock.truncate(0)
        lock.write(f"{os.getpid()}\n")  # who serves it, for an operator (or a test) to find
        lock.flush()
        self.path.unlink(missing_ok=True)  # a dead host's socket
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(self.path))
        listener.listen(64)
        listener.settimeout(1.0)
        try:
            while self._wanted():
                try:
                    conn, _ = listener.accept()
                except TimeoutError:
                    continue
                conn.settimeout(None)
                with self._lock:
                    self.busy += 1
                threading.Thread(target=self._handle, args=(conn,), daemon=True).start()
        finally:
            self.path.unlink(missing_ok=True)
            listener.close()
            self.pool.close()
            if not alive(self.owner):  # no caller can come for a worker that has gone
                self.path.with_suffix(".log").unlink(missing_ok=True)
                self.path.with_suffix(".lock").unlink(missing_ok=True)
            lock.close()
        return 0

    def _wanted(self) -> bool:
        if self.stop.is_set():
            return False
        with self._lock:
            busy, last = self.busy, self.last
        if busy:
            return True
        return alive(self.owner) and time.monotonic() - last < IDLE_S

    def _handle(self, conn: socket.socket) -> None:
        reply: dict[str, Any]
        try:
            with conn:
                line = conn.makefile("rb").readline()
                try:
                    message = json.loads(line)
                    pid, batches = self.pool.run_as(
                        message["request"], float(message["timeout"]),
                        int(message["max_batches"]), env=message["env"], cwd=message["cwd"],
                        abort=conn.fileno(),
                    )  # fmt: skip
                    reply = {"pid": pid, "batches": batches}
                except BatchCrashed as e:
                    reply = {"error": str(e), "transient": e.transient}
                except (ValueError, KeyError, TypeError, OSError) as e:
                    reply = {"error": f"warm crawler: {type(e).__name__}: {e}", "transient": False}
                try:
                    conn.sendall((json.dumps(reply) + "\n").encode())
                except OSError:
                    pass  # the caller went away: nobody to tell
        finally:
            with self._lock:
                self.busy -= 1
                self.last = time.monotonic()


def main(argv: list[str]) -> int:
    host = Host(Path(argv[0]), int(argv[1]))
    signal.signal(signal.SIGTERM, lambda *_: host.stop.set())
    return host.serve()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
