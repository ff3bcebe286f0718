"""Loading what landed: every complete landing batch not yet loaded, each exactly once.

``landing_batches`` is the guard: ``warehouse.load.load_batch`` records a batch there in the
transaction that loads it and skips a batch already recorded, and DuckDB admits one writer
process at a time, so loaders running at once (two crawl runs ending together, a crashed run's
batches picked up by the next) never load a batch twice. No Prefect here: the ``load`` flow
wraps it with retries.
"""

from __future__ import annotations

from flows.settings import Settings
from warehouse import load as loader


def load_pending(settings: Settings) -> list[str]:
    """Load every complete landing batch not yet loaded, oldest first; the ids loaded now.

    One warehouse session per batch (``warehouse.load.load_pending``), so the curation page
    and ``eolist query`` get the file between batches instead of waiting for the backlog.
    """
    reports = loader.load_pending(settings.db, settings.landing)
    return [r.batch_id for r in reports if not r.already_loaded]
