"""Crawl progress on stderr while the batches run: a 7-minute crawl is not silent till the end.

What is shown, after each finished batch: batches done of the run's total, sources heard from
so far (ok, failed, other), and the time since the crawl started. On a terminal it is a rich
progress bar redrawn in place; anywhere else (a pipe, a log file, cron mail) one plain line
per finished batch, at most one every ``PLAIN_EVERY_S`` seconds (the first and the last batch
always get theirs), so 50 batches do not flood a log.

Only ``eolist crawl`` asks for it (``enable``): the flow itself runs under ``eolist serve`` and
on workers too, where its log and artifact are the report. The counts come from the batch's
own landing file (its ``SourceOutcome`` lines); a
batch whose file never came counts all its sources as failed, as the run report will.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

PLAIN_EVERY_S = 5.0
# ``record`` is the first key of every landing line (``pipeline.records.to_json``): a look at
# its head skips the postings without parsing them, whatever the separators
OUTCOME_TAG = '"SourceOutcome"'

_stream: TextIO | None = None


def enable(stream: TextIO) -> None:
    """Show the progress of crawl runs of this process on ``stream`` (stderr)."""
    global _stream
    _stream = stream


def outcomes(landing_file: Path, names: Sequence[str]) -> Counter[str]:
    """Sources of one finished batch by status: ``ok``, ``failed`` or another status."""
    found: dict[str, str] = {}
    try:
        with landing_file.open(encoding="utf-8") as fh:
            for line in fh:
                if OUTCOME_TAG in line[:40]:
                    row = json.loads(line)
                    if row.get("record") != "SourceOutcome":
                        continue
                    status = row.get("status", "failed")
                    found[row["source_name"]] = "ok" if status == "not_modified" else status
    except (OSError, ValueError):
        pass  # not there or not readable: its sources count as failed, as in the report
    return Counter(found.get(name, "failed") for name in names)


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

    def batch_done(self, landing_file: Path, names: Sequence[str]) -> None:
        counts = outcomes(landing_file, names)
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


def track(plan: Sequence[tuple[str, list[str]]], futures: Sequence[Any], landing: Path) -> None:
    """Report each batch of ``plan`` as its future finishes (when ``enable`` was called)."""
    if _stream is None or not plan:
        return
    tracker = Tracker(len(plan), sum(len(g) for _, g in plan), _stream)
    for (batch_id, group), future in zip(plan, futures, strict=True):
        path = landing / f"{batch_id}.jsonl"
        future.add_done_callback(lambda _f, p=path, g=group: tracker.batch_done(p, g))
