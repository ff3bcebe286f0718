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
from warehouse.db import session
from warehouse.landing import pending_batches


def load_pending(settings: Settings) -> list[str]:
    """Load every complete landing batch not yet loaded, oldest first; the ids loaded now."""
    loaded_now = []
    with session(settings.db) as con:
        loaded = {r[0] for r in con.execute("SELECT batch_id FROM landing_batches").fetchall()}
        for path in pending_batches(settings.landing, loaded):
            report = loader.load_batch(con, path)
            if not report.already_loaded:
                loaded_now.append(report.batch_id)
    return loaded_now
