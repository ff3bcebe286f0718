"""Loading what landed: every complete landing batch not yet loaded, each exactly once.

``landing_batches`` is the guard: ``warehouse.load.load_batch`` records a batch there in the
transaction that loads it and skips a batch already recorded, and DuckDB admits one writer
process at a time, so loaders running at once (two crawl runs ending together, a crashed run's
batches picked up by the next) never load a batch twice. No Prefect here: the ``load`` flow
wraps it with retries.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ops.settings import Settings
from warehouse import load as loader

# A batch's heartbeat file (flows.batches) or temporary landing file (spiders.pipelines)
# untouched this long belongs to a batch whose process or machine died (a batch times out
# after an hour): the crawl run gave up on it long ago, and a temp file only fills the disk.
HEARTBEAT_LEFT_S = 86_400.0
_LEFTOVERS = ("*.alive", ".*.jsonl.tmp")


def sweep_heartbeats(landing: Path, now: float | None = None) -> list[str]:
    """Remove heartbeat and temporary landing files untouched for a day; the names removed."""
    now = time.time() if now is None else now
    gone = []
    found = [p for pattern in _LEFTOVERS for p in landing.glob(pattern)] if landing.is_dir() else []
    for path in found:
        try:
            if now - path.stat().st_mtime > HEARTBEAT_LEFT_S:
                path.unlink()
                gone.append(path.name)
        except OSError:
            continue  # removed by another loader meanwhile
    return gone


@dataclass(frozen=True)
class Loaded:
    """What one pass over the landing folder did."""

    batch_ids: list[str] = field(default_factory=list)  # loaded now
    quarantined: dict[str, str] = field(default_factory=dict)  # batch id -> one line
    stopped: str | None = None  # the disk refused a write: why (one line)

    @property
    def problems(self) -> list[str]:
        return [*self.quarantined.values(), *([self.stopped] if self.stopped else [])]


def load_pending(settings: Settings) -> Loaded:
    """Load every complete landing batch not yet loaded, oldest first.

    One warehouse session across the batches, let go at a batch's end when the curation
    page or ``eolist query`` waits for the file (``warehouse.load.load_pending``), so they
    wait for one batch instead of the backlog. A
    batch refused whole is set aside and the rest load; a full disk stops the pass. Both come
    back as one line each, for the run report. Heartbeat files that dead machines left behind
    go too (``sweep_heartbeats``).
    """
    reports = loader.load_pending(settings.db, settings.landing)
    if isinstance(settings.landing, Path):
        sweep_heartbeats(settings.landing)
    return Loaded(
        batch_ids=[
            r.batch_id for r in reports if not (r.already_loaded or r.quarantined or r.stopped)
        ],
        quarantined={r.batch_id: r.quarantined.line() for r in reports if r.quarantined},
        stopped=next((r.stopped for r in reports if r.stopped), None),
    )
