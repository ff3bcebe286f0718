"""Warm crawl processes (``spiders.worker``), kept between batches and replaced when in doubt.

A crawl run's threads (``flows.batches``) each take a worker from ``POOL``, hand it one batch
and give it back, so start-up is paid once per worker instead of once per batch. What a fresh
process per batch guaranteed still holds, because a worker is replaced rather than trusted:

* a worker that dies mid-batch (a crash, the OOM killer, a signal) fails that batch alone:
  ``BatchCrashed``, transient when it was killed by a signal, as before;
* a batch past its timeout has its worker killed (SIGKILL, as ``subprocess.run`` did);
* a worker that reports a failed batch (status 1 or 2) is ended, not reused;
* a worker retires after ``max_batches`` batches (``EOLIST_WORKER_BATCHES``; 1 gives a fresh
  process per batch) and when it has idled ``IDLE_S``: memory a crawl leaves behind is bounded;
* a worker is reused only by a caller with the same environment and working folder it was
  started with, as a fresh process would have inherited them.

Workers stay in the process group of the run that started them (a ``kill`` of the run's group
takes them too) and end by themselves at EOF on stdin, so a parent that dies leaves none.
The worker's log (stderr) goes to a file of its own; a failed batch's message is the worker's
one-line reason, else the last lines the worker logged during that batch.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from ops import crawlproc


class BatchCrashed(RuntimeError):
    """A batch ended without landing its file; its sources count as failed.

    ``transient`` is true when the process was killed from outside (a signal), the one case
    worth retrying.
    """

    def __init__(self, message: str, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


IDLE_S = 600.0  # a worker unused this long is ended rather than reused


def crawl_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment a crawl process gets: the caller's, less Prefect's per-run variables
    (``PREFECT__FLOW_RUN_ID`` and its kind, which differ on every flow run and which a crawl
    never reads), so consecutive flow runs on one Prefect worker can share a warm process."""
    env = dict(os.environ if env is None else env)
    return {k: v for k, v in env.items() if not k.startswith("PREFECT__")}


def _identity(env: dict[str, str] | None = None, cwd: str | None = None) -> int:
    return hash((cwd or os.getcwd(), tuple(sorted(crawl_env(env).items()))))


class CrawlWorker:
    """One ``python -m spiders.worker`` process and its log file."""

    def __init__(self, env: dict[str, str] | None = None, cwd: str | None = None) -> None:
        self.identity = _identity(env, cwd)
        fd, log = tempfile.mkstemp(prefix="eolist-worker-", suffix=".log")
        os.close(fd)
        self.log = Path(log)
        with self.log.open("ab") as err:
            self.proc = subprocess.Popen(
                crawlproc.worker_command(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                env=crawl_env(env),
                cwd=cwd,
            )
        self.batches = 0
        self.idle_since = time.monotonic()
        self._buffer = b""

    def run(self, request: dict[str, Any], timeout: float, abort: int | None = None) -> None:
        """Crawl one batch; raises ``BatchCrashed`` (and leaves this worker dead) on failure.

        ``abort``: a descriptor (the caller's connection, ``ops.crawlhost``) whose EOF means
        nobody waits for this batch any more: the worker is killed, as the batch's own process
        would have been with its caller."""
        batch_id = request["batch_id"]
        logged = self.log.stat().st_size
        self.batches += 1
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write((json.dumps(request) + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # it died while idle: the read below sees EOF and says how it ended
        line = self._read_line(time.monotonic() + timeout, abort)
        if line == b"abort":
            self.kill()
            raise BatchCrashed(f"crawl batch {batch_id} abandoned: its caller went away", True)
        if line is None:  # timed out: the batch is stuck, and so is this process
            self.kill()
            raise BatchCrashed(f"crawl batch {batch_id} timed out after {timeout:.0f} s")
        if line == b"":  # EOF: the worker ended mid-batch
            code = self.proc.wait()
            raise BatchCrashed(
                f"crawl batch {batch_id} exited {code}: {self._tail(logged)}", transient=code < 0
            )
        reply = json.loads(line)
        self.idle_since = time.monotonic()
        if reply["status"] != 0:
            self.close()
            reason = reply["reason"] or self._tail(logged)
            raise BatchCrashed(f"crawl batch {batch_id} failed ({reply['status']}): {reason}")

    def _read_line(self, deadline: float, abort: int | None = None) -> bytes | None:
        """One reply line; ``b""`` at EOF, ``None`` past ``deadline``, ``b"abort"`` when
        ``abort`` became readable (the caller hung up: it sends nothing else)."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        watch = [fd] if abort is None else [fd, abort]
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            ready = select.select(watch, [], [], left)[0] if left > 0 else []
            if not ready:
                return None
            if abort is not None and abort in ready and fd not in ready:
                return b"abort"
            chunk = os.read(fd, 65536)
            if not chunk:
                return b""
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def _tail(self, offset: int) -> str:
        """What the worker logged since ``offset``: its ``eolist crawl:`` line, or the last 3."""
        try:
            with self.log.open("rb") as fh:
                fh.seek(offset)
                lines = fh.read().decode(errors="replace").strip().splitlines()
        except OSError:
            return "(its log is gone)"
        said = [ln.removeprefix("eolist crawl: ") for ln in lines if ln.startswith("eolist crawl:")]
        return " | ".join(said[-1:] or lines[-3:]) or "no output"

    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self, wait: float = 10.0) -> None:
        """End the worker: EOF on its stdin (it finishes and exits), killed if it lingers."""
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            self.proc.wait(timeout=wait)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()
        self._forget()

    def kill(self) -> None:
        if self.alive():
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self._forget()

    def _forget(self) -> None:
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                try:
                    pipe.close()
                except OSError:
                    pass
        self.log.unlink(missing_ok=True)


class WorkerPool:
    """Idle warm workers, shared by the threads of this process (one batch per worker)."""

    def __init__(self) -> None:
        self._idle: list[CrawlWorker] = []
        self._lock = threading.Lock()

    def run(self, request: dict[str, Any], timeout: float, max_batches: int) -> int:
        """Crawl one batch in a warm worker (a new one if none fits); the worker's pid."""
        return self.run_as(request, timeout, max_batches)[0]

    def run_as(
        self,
        request: dict[str, Any],
        timeout: float,
        max_batches: int,
        env: dict[str, str] | None = None,
        cwd: str | None = None,
        abort: int | None = None,
    ) -> tuple[int, int]:
        """``run`` for a caller with its own environment and folder (``ops.crawlhost``):
        the worker's pid and how many batches it has crawled, this one included."""
        worker = self._take(_identity(env, cwd)) or CrawlWorker(env, cwd)
        worker.run(request, timeout, abort)  # on BatchCrashed the worker is already gone
        if worker.batches >= max(1, max_batches):
            worker.close()
        else:
            with self._lock:
                self._idle.append(worker)
        return worker.proc.pid, worker.batches

    def _take(self, me: int) -> CrawlWorker | None:
        now = time.monotonic()
        stale: list[CrawlWorker] = []
        found = None
        with self._lock:
            for worker in list(self._idle):
                if not worker.alive() or now - worker.idle_since > IDLE_S:
                    self._idle.remove(worker)
                    stale.append(worker)
                elif found is None and worker.identity == me:
                    self._idle.remove(worker)
                    found = worker
        for worker in stale:
            worker.close()
        return found

    def close(self) -> None:
        """End every idle worker (at exit; a run in progress keeps the ones it holds)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.close()

    def idle(self) -> int:
        with self._lock:
            return len(self._idle)


POOL = WorkerPool()
atexit.register(POOL.close)
