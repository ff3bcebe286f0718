"""``eolist sources list``, the plain part: every configured source with its health.

The configuration says which sources exist (sources.toml); the warehouse says how they are
doing (``warehouse.health``: health, last ok, failing since, next try, failures, the last
problem). A source the warehouse has not seen yet is ``never_ok`` with nothing else known. A
warehouse that cannot be opened (none yet, or held by a crawl for more than a few seconds)
leaves the health unknown and says why, rather than failing the listing. ``cli.sourcelist``
prints the rows as a table, CSV or JSON.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ops.settings import Settings
from pipeline.safety import redact_url
from pipeline.sources import SourceConfig
from warehouse import db, health, quarantine
from warehouse.errors import WarehouseError

FORMATS = ("table", "csv", "json")
# health values that need the operator: failing, or answering with nothing or too little
NOT_WELL = frozenset({"failing", "empty", "suspect", "suspect_empty"})
FIELDS = [f.name for f in dataclasses.fields(health.SourceHealth)]


def gather(
    settings: Settings, configs: Sequence[SourceConfig]
) -> tuple[list[health.SourceHealth], list[quarantine.Quarantined], str | None]:
    """Health of every configured source, the batches set aside, and why health is unknown."""
    known: dict[str, health.SourceHealth] = {}
    set_aside: list[quarantine.Quarantined] = []
    unknown = None
    try:
        with db.session(settings.db, read_only=True, wait_s=5) as con:
            known = {h.name: h for h in health.read(con)}
            set_aside = quarantine.listed(con)
    except WarehouseError as e:
        unknown = str(e)
    rows = []
    for s in configs:
        h = known.get(s.name)
        new = health.SourceHealth(
            s.name, s.kind, s.tier, s.enabled, "never_ok" if s.enabled else "disabled",
            None, None, None, 0, None, redact_url(s.url),
        )  # fmt: skip
        # the configuration is the truth for what a source is; the warehouse for how it does
        rows.append(new if h is None else dataclasses.replace(
            h, kind=s.kind, tier=s.tier, enabled=s.enabled, url=redact_url(s.url)))  # fmt: skip
    return rows, set_aside, unknown


def not_well(h: health.SourceHealth) -> bool:
    return h.health in NOT_WELL or h.failing


def select(
    rows: Sequence[health.SourceHealth], failing: bool, kinds: Sequence[str]
) -> list[health.SourceHealth]:
    return [h for h in rows if (not failing or not_well(h)) and (not kinds or h.kind in kinds)]
