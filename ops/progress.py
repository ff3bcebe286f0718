"""Crawl progress while the batches run, the plain part: who listens, and what a finished
batch's landing file says about its sources.

Only ``eolist crawl`` listens (``enable``, with ``cli.progress.Tracker``): the flow itself runs
under ``eolist serve`` and on workers too, where its log and artifact are the report. The
``crawl`` flow calls ``start`` once it has its plan and ``watch`` for each batch it submits.
The counts come from the batch's own landing file (its ``SourceOutcome`` lines); a batch whose
file never came counts all its sources as failed, as the run report will.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import fsspec

# ``record`` is the first key of every landing line (``pipeline.records.to_json``): a look at
# its head skips the postings without parsing them, whatever the separators
OUTCOME_TAG = '"SourceOutcome"'


class Listener(Protocol):
    def batch_done(self, landing_file: Path | str, names: Sequence[str]) -> None: ...


# (batches, sources) -> the listener of one run
Factory = Callable[[int, int], Listener]

_factory: Factory | None = None


def enable(factory: Factory | None) -> None:
    """Show the progress of crawl runs of this process (``None``: stop showing it)."""
    global _factory
    _factory = factory


def outcomes(landing_file: Path | str, names: Sequence[str]) -> Counter[str]:
    """Sources of one finished batch by status: ``ok``, ``failed`` or another status
    (``landing_file`` a local path, or a URL on object storage)."""
    found: dict[str, str] = {}
    try:
        with fsspec.open(str(landing_file), "rt", encoding="utf-8") as fh:
            for line in fh:
                if OUTCOME_TAG in line[:40]:
                    row = json.loads(line)
                    if row.get("record") != "SourceOutcome":
                        continue
                    status = row.get("status", "failed")
                    found[row["source_name"]] = "ok" if status == "not_modified" else status
    except Exception:
        pass  # not there or not readable: its sources count as failed, as in the report
    return Counter(found.get(name, "failed") for name in names)


def start(batches: Sequence[tuple[str, list[str]]]) -> Listener | None:
    """The listener of a run with these batches, when progress is enabled."""
    if _factory is None or not batches:
        return None
    return _factory(len(batches), sum(len(g) for _, g in batches))


def watch(
    listener: Listener | None, future: Any, landing_file: Path | str, names: list[str]
) -> None:
    """Tell ``listener`` when ``future`` (a batch) finishes, whatever its end."""
    if listener is not None:
        future.add_done_callback(lambda _f: listener.batch_done(landing_file, names))
