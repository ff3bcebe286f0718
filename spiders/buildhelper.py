"""Pages read and postings built in a process of their own, beside a warm crawl process
(``spiders.worker``).

A job crawl is CPU-bound in one process. Reading each fetched page (lxml, JSON-LD, a feed's
parser: ``spiders.protocol.read_whole_page``) and building each posting (``pipeline.build``:
normalizing, classifying, the place gazetteer) are a third or more of that CPU. A batch that
crawls alone (one big board, a run's last batch, a source crawled by itself) leaves the
machine's other core idle. So the worker starts this helper first thing, before it imports
Scrapy: the helper's imports and gazetteer overlap the worker's. While the crawl runs, the
spider (``spiders.crawler``) sends each page it admits here and awaits its reading, and
``spiders.pipelines.NormalizePipeline`` sends each ``RawPosting`` and awaits its ``Posting``,
with the posting's landing line (``pipeline.records.landing_line``), which the landing writer
then writes as it is. What the helper decides (the reading or posting, an error it raised, the
CPU it took) comes back unchanged, so a batch lands the same records either way.

The helper never costs a page or a posting:

- Until its pipes are attached to the crawl's event loop (``attach``, at the reactor's
  start), or once it has gone (crashed, killed, its pipe closed), pages are read and postings
  built in the crawl process as before, those in flight included.
- It ends at EOF on its stdin, and with the crawl process: the kernel kills it when its parent
  dies (Linux ``PR_SET_PDEATHSIG``), so a worker killed for a stuck batch leaves no orphan.
- ``EOLIST_BUILD_HELPER=0`` turns it off; it is off with one core to run on (the CPUs the
  process may use, or a container's CPU quota under 2), where it would only add the pipe's
  cost.

Protocol, both ways, frames of a 4-byte big-endian length and a pickle. To the helper
``(seq, op, args)``: ``("build", (raw_posting, now))`` or ``("read", (source, spec, role, url,
body, stamps))``. Back ``(seq, value, error, cpu_s, extra)``: ``value`` the posting or the
page's ``PageReading`` (``None`` when it raised ``error``), ``cpu_s`` the work's thread CPU
time, ``extra`` a posting's landing line, or the traceback of a reading's error.
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import asyncio
    from datetime import datetime

    from pipeline.records import Posting, RawPosting
    from pipeline.sources import SourceConfig
    from spiders.kinds import RequestSpec
    from spiders.protocol import PageReading

_HEAD = struct.Struct(">I")
ENV = "EOLIST_BUILD_HELPER"
# (posting, error, cpu_s, landing line); all empty: the helper is gone, build it yourself
Answer = tuple["Posting | None", "BaseException | None", float, "str | None"]
# (what the page holds, the error its reading raised, cpu_s, that error's traceback)
Reading = tuple["PageReading | None", "BaseException | None", float, "str | None"]
NO_ANSWER: Answer = (None, None, 0.0, None)  # a Reading's too


def wanted(
    env: dict[str, str] | None = None,
    cgroups: Path = Path("/sys/fs/cgroup"),
    membership: Path = Path("/proc/self/cgroup"),
) -> bool:
    """Whether a crawl process should start a helper: a second core to run it on (the CPUs
    it may run on, and its cgroup's CPU quota if it has one), and not turned off
    (``EOLIST_BUILD_HELPER=0``)."""
    setting = (os.environ if env is None else env).get(ENV, "1")
    if setting.strip().lower() in ("0", "false", "no", "off"):
        return False
    try:
        cores: float = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    quota = cpu_quota(cgroups, membership)
    return min(cores, quota if quota is not None else cores) >= 2


def cpu_quota(cgroups: Path, membership: Path) -> float | None:
    """The cores a CPU quota lets this process use (a container limited to 1.5 CPUs: 1.5),
    the smallest along its cgroup's path; ``None`` when none is set or none can be read.
    cgroup v2 (``cpu.max``) and v1 (``cpu.cfs_quota_us`` / ``cpu.cfs_period_us``)."""
    try:
        lines = membership.read_text().splitlines()
    except OSError:
        return None
    found: list[float] = []
    for line in lines:
        _, controllers, path = (line.split(":", 2) + ["", ""])[:3]
        if controllers == "":  # v2: one hierarchy
            tops, files = [cgroups, cgroups / "unified"], ("cpu.max",)
        elif "cpu" in controllers.split(","):
            tops, files = [cgroups / controllers, cgroups / "cpu"], ("cpu.cfs_quota_us",)
        else:
            continue
        for top in tops:
            here = top / path.strip("/")
            while True:
                found += [q for q in (_quota(here, f) for f in files) if q is not None]
                if here == top or top not in here.parents:
                    break
                here = here.parent
    return min(found) if found else None


def _quota(folder: Path, name: str) -> float | None:
    try:
        if name == "cpu.max":
            limit, period = (folder / name).read_text().split()[:2]
        else:
            limit = (folder / name).read_text().strip()
            period = (folder / "cpu.cfs_period_us").read_text().strip()
        if limit in ("max", "-1"):
            return None
        return int(limit) / int(period)
    except (OSError, ValueError, ZeroDivisionError):
        return None


class Helper:
    """The crawl process's side: the helper process, and the builds awaiting its answer."""

    def __init__(self) -> None:
        # stderr is inherited: the helper's warnings go to the worker's log
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "spiders.buildhelper"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.gone: str | None = None  # why builds stopped going to the helper
        self._writer: asyncio.WriteTransport | None = None
        self._pending: dict[int, asyncio.Future[Answer]] = {}
        self._seq = 0
        self._buffer = bytearray()
        self._outbox: list[bytes] = []  # frames written together at the loop's next turn

    async def attach(self) -> None:
        """Connect the helper's pipes to the running event loop (the crawl's reactor)."""
        import asyncio

        loop = asyncio.get_running_loop()
        helper = self

        class Answers(asyncio.Protocol):
            def data_received(self, data: bytes) -> None:
                helper._received(data)

            def connection_lost(self, exc: Exception | None) -> None:
                helper._lost("its output ended")

        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self._writer, _ = await loop.connect_write_pipe(asyncio.BaseProtocol, self.proc.stdin)
            await loop.connect_read_pipe(Answers, self.proc.stdout)
        except OSError as e:
            self._lost(f"its pipes could not be attached: {e}")

    def build(self, raw: RawPosting, now: datetime) -> asyncio.Future[Answer] | None:
        """The future ``(posting, error, cpu_s, landing line)`` of ``raw``, or ``None`` when the
        caller must build it itself (the helper is not attached, or gone)."""
        return self._call("build", (raw, now))

    def read(
        self,
        source: SourceConfig,
        spec: RequestSpec,
        role: str,
        url: str,
        body: bytes,
        stamps: bool,
    ) -> asyncio.Future[Reading] | None:
        """The future ``(reading, error, cpu_s, traceback)`` of a fetched page
        (``spiders.protocol.read_whole_page``), or ``None``: read it yourself."""
        return self._call("read", (source, spec, role, url, body, stamps))

    def _call(self, op: str, args: tuple[Any, ...]) -> asyncio.Future[Any] | None:
        writer = self._writer
        if writer is None or self.gone or writer.is_closing():
            return None
        import asyncio

        self._seq += 1
        body = pickle.dumps((self._seq, op, args), protocol=pickle.HIGHEST_PROTOCOL)
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        self._pending[self._seq] = future
        if not self._outbox:
            loop.call_soon(self._send)
        self._outbox += (_HEAD.pack(len(body)), body)
        return future

    def _send(self) -> None:
        """One write for the frames of one turn of the loop (pages, a response's postings)."""
        frames, self._outbox = self._outbox, []
        if self._writer is not None and not self._writer.is_closing():
            self._writer.write(b"".join(frames))

    def _received(self, data: bytes) -> None:
        buf = self._buffer
        buf += data
        start = 0
        while len(buf) - start >= 4:
            (size,) = _HEAD.unpack_from(buf, start)
            if len(buf) - start - 4 < size:
                break
            try:
                seq, *answer = pickle.loads(buf[start + 4 : start + 4 + size])
            except Exception as e:  # a garbled frame: nothing after it can be trusted
                self.proc.kill()
                self._lost(f"its answer could not be read ({type(e).__name__}: {e})")
                return
            start += 4 + size
            future = self._pending.pop(seq, None)
            if future is not None and not future.done():
                future.set_result(tuple(answer))  # type: ignore[arg-type]
        del buf[:start]

    def _lost(self, why: str) -> None:
        """The helper is gone: every build awaiting it gets ``NO_ANSWER`` (the caller builds
        it), and later builds are never sent."""
        if self.gone is None:
            code = self.proc.poll()
            self.gone = why if code is None else f"{why} (exit {code})"
            if self._pending:
                print(
                    f"eolist crawl: the build helper stopped ({self.gone}); "
                    f"{len(self._pending)} postings and pages in flight and the rest are built"
                    " and read in the crawl process",
                    file=sys.stderr,
                )
        if self._writer is not None:
            self._writer.close()
        pending, self._pending = self._pending, {}
        for future in pending.values():
            if not future.done():
                future.set_result(NO_ANSWER)

    def close(self) -> None:
        """End the helper (EOF on its input) and answer whatever still waits for it."""
        self._lost("closed")
        if self.proc.stdin is not None and self._writer is None:
            self.proc.stdin.close()


_running: Helper | None = None


def start() -> Helper | None:
    """Start this process's helper when one is wanted (``wanted``); ``None`` otherwise."""
    global _running
    if _running is None and wanted():
        try:
            _running = Helper()
        except OSError as e:
            print(f"eolist crawl: no posting build helper ({e})", file=sys.stderr)
    return _running


def running() -> Helper | None:
    """This process's helper, if one was started and is not gone."""
    return _running if _running is not None and _running.gone is None else None


def helpers_of(pid: int, proc: Path = Path("/proc")) -> list[int]:
    """The pids of the build helpers the crawl process ``pid`` started (Linux ``/proc``; empty
    elsewhere): what a bench or a test looks at from outside the crawl process."""
    found = []
    for entry in proc.iterdir() if proc.is_dir() else []:
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:  # ended while we looked
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid and b"spiders.buildhelper" in cmdline:
            found.append(int(entry.name))
    return found


def _die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent (the crawl process) dies."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the request took hold
        os._exit(0)


def _read_exact(stream: Any, size: int) -> bytes | None:
    data = stream.read(size)
    return data if len(data) == size else None


def _portable(error: BaseException) -> BaseException:
    """``error`` if it survives a pickle round trip, else a RuntimeError that says what it was."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")


def main() -> int:
    import gc
    import time
    import traceback

    gc.disable()
    _die_with_parent()
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print goes to the log, never into a frame
    requests = sys.stdin.buffer
    from pipeline.build import build_posting
    from pipeline.normalize.location import warm_up
    from pipeline.records import landing_line
    from spiders.protocol import read_whole_page

    warm_up()  # the gazetteer, read (or built) while the crawl process imports Scrapy
    gc.freeze()
    gc.enable()
    while True:
        head = _read_exact(requests, 4)
        body = head and _read_exact(requests, _HEAD.unpack(head)[0])
        if not body:
            return 0
        seq, op, args = pickle.loads(body)
        started = time.thread_time()
        value: Any = None
        error: BaseException | None = None
        extra: str | None = None
        try:
            value = build_posting(*args) if op == "build" else read_whole_page(*args)
        except Exception as e:  # the crawl process raises it, as its own build would
            error = _portable(e)
            extra = traceback.format_exc() if op == "read" else None
        cpu_s = time.thread_time() - started
        if op == "build" and value is not None:
            extra = landing_line(value)
        try:
            out = pickle.dumps((seq, value, error, cpu_s, extra), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as e:  # it cannot travel: the crawl process does this one itself
            print(f"eolist crawl: a {op} answer could not be sent back ({e})", file=sys.stderr)
            out = pickle.dumps((seq, *NO_ANSWER), protocol=pickle.HIGHEST_PROTOCOL)
        answers.write(_HEAD.pack(len(out)) + out)
        answers.flush()


if __name__ == "__main__":
    sys.exit(main())
