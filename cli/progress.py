"""Crawl progress on stderr while the batches run: a 7-minute crawl is not silent till the end.

What is shown, after each finished batch: batches done of the run's total, sources heard from
so far (ok, failed, other), and the time since the crawl started. On a terminal it is a rich
progress bar redrawn in place; anywhere else (a pipe, a log file, cron mail) one plain line
per finished batch, at most one every ``PLAIN_EVERY_S`` seconds (the first and the last batch
always get theirs), so 50 batches do not flood a log. ``ops.progress`` says when a batch is
done and what its landing file holds; this module draws it.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from ops import progress

PLAIN_EVERY_S = 5.0


def enable(stream: TextIO) -> None:
    """Show the progress of crawl runs of this process on ``stream`` (stderr)."""
    progress.enable(lambda batches, sources: Tracker(batches, sources, stream))


class Tracker:
    """Counts finished batches and their sources; draws a bar or writes plain lines."""

    def __init__(
        self,
        batches: int,
        sources: int,
        stream: TextIO,
        tty: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
        every_s: float = PLAIN_EVERY_S,
    ) -> None:
        self.batches, self.sources, self.stream = batches, sources, stream
        self.clock, self.every_s = clock, every_s
        self.started = clock()
        self.done = 0
        self.by_status: Counter[str] = Counter()
        self._last_line: float | None = None
        self._lock = threading.Lock()
        self._bar: Any = None
        if stream.isatty() if tty is None else tty:
            self._start_bar()

    def _start_bar(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._bar = Progress(
            TextColumn("crawl batches"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[sources]}"), TimeElapsedColumn(),
            console=Console(file=self.stream), transient=False,
        )  # fmt: skip
        self._task = self._bar.add_task("crawl", total=self.batches, sources=self.sources_text())
        self._bar.start()

    def sources_text(self) -> str:
        ok, failed = self.by_status["ok"], self.by_status["failed"]
        other = sum(self.by_status.values()) - ok - failed
        text = f"sources {sum(self.by_status.values())}/{self.sources}: {ok} ok, {failed} failed"
        return text + (f", {other} other" if other else "")

    def line(self) -> str:
        elapsed = int(self.clock() - self.started)
        return (
            f"crawl: batch {self.done}/{self.batches} done; {self.sources_text()};"
            f" {elapsed // 60}:{elapsed % 60:02d} elapsed"
        )

    def batch_done(self, landing_file: Path | str, names: Sequence[str]) -> None:
        counts = progress.outcomes(landing_file, names)
        with self._lock:
            self.done += 1
            self.by_status.update(counts)
            if self._bar is not None:
                self._bar.update(self._task, advance=1, sources=self.sources_text())
                if self.done >= self.batches:
                    self._bar.stop()
                return
            now = self.clock()
            due = self._last_line is None or now - self._last_line >= self.every_s
            if due or self.done >= self.batches:
                self._last_line = now
                print(self.line(), file=self.stream, flush=True)
