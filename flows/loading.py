"""Loading what landed: every complete landing batch not yet loaded, each exactly once.

``landing_batches`` is the guard: ``warehouse.load.load_batch`` records a batch there in the
transaction that loads it and skips a batch already recorded, and DuckDB admits one writer
process at a time, so loaders running at once (two crawl runs ending together, a crashed run's
batches picked up by the next) never load a batch twice. No Prefect here: the ``load`` flow
wraps it with retries.
"""

from __future__ import annotations

import time
from pathlib import Path

from flows.settings import Settings
from warehouse import load as loader

# A batch's heartbeat file (flows.batches) untouched this long belongs to a batch whose
# machine died: the crawl run gave up on it long ago.
HEARTBEAT_LEFT_S = 86_400.0


def sweep_heartbeats(landing: Path, now: float | None = None) -> list[str]:
    """Remove ``<batch_id>.alive`` files untouched for a day; the names removed."""
    now = time.time() if now is None else now
    gone = []
    for path in landing.glob("*.alive") if landing.is_dir() else ():
        try:
            if now - path.stat().st_mtime > HEARTBEAT_LEFT_S:
                path.unlink()
                gone.append(path.name)
        except OSError:
            continue  # removed by another loader meanwhile
    return gone


def load_pending(settings: Settings) -> list[str]:
    """Load every complete landing batch not yet loaded, oldest first; the ids loaded now.

    One warehouse session per batch (``warehouse.load.load_pending``), so the curation page
    and ``eolist query`` get the file between batches instead of waiting for the backlog.
    Heartbeat files that dead machines left behind go too (``sweep_heartbeats``).
    """
    reports = loader.load_pending(settings.db, settings.landing)
    sweep_heartbeats(settings.landing)
    return [r.batch_id for r in reports if not r.already_loaded]
