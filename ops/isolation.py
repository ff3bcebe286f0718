"""A crash isolates its culprit: one source that hangs or kills its crawl process fails alone.

``run_isolating`` runs a plan's batches, then crawls the sources of each crashed batch of
several again in the same run, one per batch, when the crash may be one of its sources' doing
(``isolable``: the crawl process hung past the batch timeout or died, here or on the pool;
not a machine that stopped answering, a caller that went away, a landing file the disk
refused or a bad sources file). So a poison source no longer fails its batch-mates, run after
run. ``record_crashes`` then lands a failed outcome (``<batch id>-crashed.jsonl``) for each
source whose batch of one crashed while another batch of the run finished: the warehouse
counts its failure (``source_health``, its backoff) as for any other failing source. When
every batch crashed, nothing is blamed on a source (the machine, the pool or the landing folder
is the likelier cause) and nothing is recorded.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

from ops import batches
from ops.runplan import BatchRunner, Plan
from ops.settings import Settings, load_sources
from pipeline.records import SourceOutcome, to_json
from pipeline.sources import ConfigError

# Crashes that point at what a batch crawled (see the module docstring).
_CONTENT_CRASH = re.compile(r"timed out after|\bexited -?\d+|on the pool after \d+ s")


def isolable(why: str) -> bool:
    """Whether a batch's crash may be one of its sources' doing (``_CONTENT_CRASH``)."""
    return _CONTENT_CRASH.search(why) is not None


def final_batches(plan: Plan) -> dict[str, str]:
    """Each source's last batch of the run (its second-round batch when it was crawled again)."""
    return {name: batch_id for batch_id, group in plan.batches for name in group}


def isolate(plan: Plan, crashed: dict[str, str]) -> Plan:
    """The second round: each source of a batch of several whose crash may be one of its
    sources' doing (``isolable``), in a batch of its own; ``retried`` names those batches."""
    retried = tuple(
        b for b, group in plan.batches if len(group) > 1 and isolable(crashed.get(b, ""))
    )
    again = [(batches.new_batch_id(), [name]) for b, group in plan.batches
             if b in retried for name in group]  # fmt: skip
    state = {name: plan.state[name] for _, (name,) in again if name in plan.state}
    return replace(plan, batches=again, state=state, waiting=[], retried=retried)


def run_isolating(
    settings: Settings, chosen: Plan, run: BatchRunner
) -> tuple[Plan, dict[str, str]]:
    """Run the plan's batches with ``run``, then the sources of crashed batches of several
    again, one per batch (``isolate``). The plan as run (both rounds) and batch id -> why,
    for every batch of either round that did not finish."""
    crashed = run(settings, chosen)
    again = isolate(chosen, crashed)
    if not again.batches:
        return chosen, crashed
    crashed = {**crashed, **run(settings, again)}
    return replace(chosen, batches=chosen.batches + again.batches, retried=again.retried), crashed


def record_crashes(settings: Settings, plan: Plan, crashed: dict[str, str]) -> list[str]:
    """Land a failed outcome for each source whose crawl crashed alone (hung or died:
    ``isolable``), in its last batch, while another batch of the run finished. The ids of
    the landing files written (``<batch id>-crashed``)."""
    if all(batch_id in crashed for batch_id, _ in plan.batches):
        return []  # nothing finished: more likely the machine or the pool than a source
    final = final_batches(plan)
    culprits = [
        (batch_id, group[0])
        for batch_id, group in plan.batches
        if len(group) == 1 and isolable(crashed.get(batch_id, ""))
        and final[group[0]] == batch_id and not batches.landed(settings, batch_id)
    ]  # fmt: skip
    if not culprits:
        return []
    try:
        kinds = {s.name: (s.kind, s.url) for s in load_sources(settings.config)}
    except ConfigError:
        kinds = {}
    now = datetime.now(UTC)
    written = []
    for batch_id, name in culprits:
        kind, url = kinds.get(name, ("unknown", ""))
        outcome = SourceOutcome(
            source_name=name, source_kind=kind, source_url=url, status="failed",
            complete=False, error=f"its crawl crashed, alone, while the run's other batches"
            f" finished: {crashed[batch_id]}", started_at=now, finished_at=now,
        )  # fmt: skip
        record_id = f"{batch_id}-crashed"
        try:
            batches.land_records(settings, record_id, [to_json(outcome)], plan.run_id, now)
        except OSError:
            continue  # the report still fails the source (its row from ``ops.crawl.conclude``)
        written.append(record_id)
    return written
