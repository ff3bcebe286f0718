"""Who holds the warehouse: the one line a user reads when eolist gave up waiting for the file.

DuckDB's own error names the holder (``Conflicting lock is held in /usr/bin/python3.11 (PID
2913)``); eolist keeps that PID, adds the holder's command line where the system shows it
(``/proc/<pid>/cmdline`` on Linux), and calls it "another eolist process" only when that
command is one of eolist's own (the ``eolist`` script, ``python -m flows.…`` or
``spiders.…``, a Prefect flow run started by ``eolist serve``). Anything else (a notebook, the
``duckdb`` shell, a script) is "another process": telling an analyst that eolist holds their
file would send them looking in the wrong place.

How long eolist waited is summed over every attempt of one process since its last
successful open (``waited``), so a load retried by Prefect reports its whole wait, not its
last 30 s.

Who waits: an eolist open that finds the file locked leaves a mark (an empty file named by
its process and thread in ``<warehouse>.waiting/``) until it opens or gives up. A load that
holds the file across batches (``warehouse.held``) looks for marks at each batch's end
and lets the file go while one is there: DuckDB queues nobody, and a waiter retrying with
backoff would otherwise hardly ever find the file free between two batches. A waiter
touches its mark at every try (2 s apart at most); a mark untouched for ``MARK_FRESH_S`` or
whose process is gone is ignored and removed, so a waiter killed mid-wait (its PID reused by
another process) holds up no load for long.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import threading
import time
from pathlib import Path

_PID = re.compile(r"held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")
_OWN_MODULES = ("cli.", "ops.", "flows.", "spiders.", "prefect.engine")
# waits that ended in a lock error, per database path, since its last successful open
_waited: dict[str, float] = {}
# a waiter's mark older than this is stale (a waiter tries again within 2 s)
MARK_FRESH_S = 5.0


def add_wait(target: str, seconds: float) -> float:
    """Add one attempt's wait; the total waited for ``target`` so far."""
    _waited[target] = _waited.get(target, 0.0) + seconds
    return _waited[target]


def opened(target: str) -> None:
    _waited.pop(target, None)


def _marks(target: str) -> Path:
    return Path(target + ".waiting")


def mark_waiting(target: str) -> Path | None:
    """Say (again, at each try) that this thread waits for ``target``; the mark, or None
    where it cannot be written (a read-only folder: the wait goes on unannounced)."""
    mark = _marks(target) / f"{os.getpid()}-{threading.get_ident()}"
    try:
        mark.parent.mkdir(exist_ok=True)
        mark.touch()
    except OSError:
        return None
    return mark


def unmark(mark: Path | None) -> None:
    if mark is not None:
        with contextlib.suppress(OSError):
            mark.unlink()


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists (one of another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process
    return True


def waiters(target: str) -> int:
    """How many threads (of any process) wait for ``target`` now; stale marks go."""
    try:
        names = os.listdir(_marks(target))
    except OSError:
        return 0
    live = 0
    now = time.time()
    for name in names:
        mark = _marks(target) / name
        pid = name.split("-", 1)[0]
        try:
            fresh = now - mark.stat().st_mtime < MARK_FRESH_S
        except OSError:
            continue  # gone meanwhile: that one got in or gave up
        if fresh and pid.isdigit() and alive(int(pid)):
            live += 1
        else:
            unmark(mark)
    return live


def let_in(target: str, patience_s: float) -> None:
    """Wait (the file let go) until no one waits for ``target`` or ``patience_s`` passed: a
    waiter retries every 2 s at most, so a few seconds let it in."""
    deadline = time.monotonic() + patience_s
    while waiters(target) and time.monotonic() < deadline:
        time.sleep(0.02)


def _cmdline(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return [a.decode(errors="replace") for a in raw.split(b"\0") if a]


def is_eolist(argv: list[str]) -> bool:
    """Whether a command line is one of eolist's own processes."""
    if any(Path(a).name == "eolist" for a in argv[:2]):
        return True
    for flag, module in zip(argv, argv[1:], strict=False):
        if flag == "-m" and (module in ("flows", "cli") or module.startswith(_OWN_MODULES)):
            return True
    return False


def _seconds(s: float) -> str:
    return f"{s:.0f} s" if s >= 10 else f"{s:.1f} s"


def describe(error_text: str, target: str, waited_s: float) -> str:
    """One line: whose lock, how long eolist waited, what to do."""
    m = _PID.search(error_text)
    waited = _seconds(waited_s)
    if "different configuration" in error_text:
        who = "this eolist process itself, opened in the other mode (read-only or read-write)"
        return f"the warehouse {target} is busy: held by {who}; waited {waited}"
    if not m:
        return (
            f"the warehouse {target} is locked by another process; waited {waited},"
            " try again when it finishes"
        )
    pid = int(m.group("pid"))
    argv = _cmdline(pid)
    shown = " ".join((shlex.join(argv) if argv else m.group("program")).split())  # one line
    if len(shown) > 80:
        shown = shown[:77] + "..."
    if argv is not None and is_eolist(argv):
        who, hint = "another eolist process", "it lets go when it finishes"
    else:
        who = "another process"
        hint = "if that is a DuckDB session, close it (for long analysis use eolist snapshot)"
    return (
        f"the warehouse {target} is locked by {who}, PID {pid} ({shown});"
        f" waited {waited} and gave up: {hint}"
    )
