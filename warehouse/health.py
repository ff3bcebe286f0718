"""Source health as an operator reads it: one row per configured source (``eolist sources
list``, the crawl summary, Prefect alerts).

The ``source_health`` view holds the state (health, last ok, backoff, consecutive failures);
this module adds what the view cannot say without the run history: *failing since*, the end
of the first failed crawl of the current streak. The streak starts after the last crawl that
answered (``ok``, ``not_modified``, ``empty``, ``suspect``: the statuses that reset
``sources.consecutive_failures`` in ``warehouse.load_record``); ``skipped`` crawls neither
start nor end it. A source whose failures came only from crashed batches (no ``source_runs``
row) has no failing-since date: shown empty, never invented.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import duckdb

# statuses that reset the failure count (warehouse.load_record): they end a failing streak
ANSWERED = ("ok", "not_modified", "empty", "suspect")

_QUERY = f"""
WITH runs AS (
    SELECT sr.source_name, sr.status, coalesce(sr.finished_at, c.loaded_at) AS ended
    FROM source_runs sr JOIN crawl_runs c USING (batch_id)
), answered AS (
    SELECT source_name, max(ended) AS ended FROM runs
    WHERE status IN ({", ".join(f"'{s}'" for s in ANSWERED)}) GROUP BY source_name
), streak AS (
    SELECT r.source_name, min(r.ended) AS failing_since
    FROM runs r LEFT JOIN answered a USING (source_name)
    WHERE r.status = 'failed' AND (a.ended IS NULL OR r.ended > a.ended)
    GROUP BY r.source_name
)
SELECT h.source_name, h.kind, h.tier, h.enabled, h.health, h.last_ok_at,
       CASE WHEN h.consecutive_failures > 0 THEN streak.failing_since END,
       h.next_attempt_at, h.consecutive_failures,
       coalesce(h.last_error, h.last_diagnosis), s.url
FROM source_health h JOIN sources s ON s.name = h.source_name
LEFT JOIN streak ON streak.source_name = h.source_name
"""


@dataclass(frozen=True)
class SourceHealth:
    """One source's health; ``problem`` is the last error, or what an empty, suspect or
    partial crawl read (``source_runs.diagnosis``)."""

    name: str
    kind: str
    tier: str | None
    enabled: bool
    health: str
    last_ok_at: datetime | None
    failing_since: datetime | None
    next_attempt_at: datetime | None
    consecutive_failures: int
    problem: str | None
    url: str

    @property
    def failing(self) -> bool:
        return self.consecutive_failures > 0

    def as_json(self) -> dict[str, Any]:
        return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in asdict(self).items()}


def read(con: duckdb.DuckDBPyConnection, names: Iterable[str] | None = None) -> list[SourceHealth]:
    """Health of the sources in the warehouse (all, or those named), by name."""
    rows = con.execute(_QUERY + " ORDER BY h.source_name").fetchall()
    wanted = None if names is None else set(names)
    return [SourceHealth(*r) for r in rows if wanted is None or r[0] in wanted]


def still_failing(con: duckdb.DuckDBPyConnection, names: Iterable[str]) -> list[SourceHealth]:
    """Of ``names`` (sources a run did not try: waiting out a backoff), those failing."""
    return [h for h in read(con, names) if h.failing]
