"""One crawl run as plain steps: choose the sources, plan the batches, and conclude (load what
landed, report on this run's own batches) — what ``eolist crawl``, the ``crawl`` flow and the
scheduled deployments share.

``select`` checks a selection against the sources file before anything starts: an unknown
source, kind or tier is a ``ConfigError`` naming the close matches, and a selection that
leaves nothing to crawl is one too (exit 2 on the command line, a Failed run on a schedule), so
a typo never crawls nothing and calls it a success.

``conclude`` accounts for every batch the run planned: a batch that crashed, or finished
without its landing file arriving in this run's landing folder, fails its sources, with the
reason (and, from the pool, the worker and the path it wrote) in their rows.

A crash isolates its culprit (``ops.isolation``): a source that hangs or kills its crawl
process fails alone, and the warehouse records its failure.

``crawl`` runs the steps in this process with a thread per batch (at most
``settings.concurrency``); the ``crawl`` flow runs the same steps as Prefect tasks.
"""

from __future__ import annotations

import difflib
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar

from ops import batches, isolation, progress
from ops.loading import Loaded, load_pending
from ops.report import RunReport, failed_row
from ops.runplan import BatchRunner, Plan
from ops.settings import Settings, check_landing, load_sources
from pipeline.sources import KINDS, ConfigError, SourceConfig
from warehouse import health, reports
from warehouse import sources as source_table
from warehouse.db import session
from warehouse.errors import DatabaseLocked

Family = Literal["jobs", "feeds"]
T = TypeVar("T")


@dataclass(frozen=True)
class Selection:
    """Which sources a run is for: every filter given must match (names, kinds, tier, family)."""

    sources: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    tier: str | None = None
    family: Family | None = None
    force: bool = False  # also sources waiting out a backoff


def _unknown(what: str, given: Sequence[str], known: Sequence[str], where: str) -> str | None:
    wrong = [g for g in given if g not in known]
    if not wrong:
        return None
    hints = []
    for g in wrong:
        close = difflib.get_close_matches(g, known, n=3, cutoff=0.6)
        hints.append(f"'{g}'" + (f" (did you mean {' or '.join(close)}?)" if close else ""))
    return f"unknown {what} {', '.join(hints)} in {where}"


def check_names(configs: list[SourceConfig], selection: Selection, where: str) -> None:
    """``ConfigError`` for a source, kind or tier the sources file does not know."""
    tiers = sorted({s.tier for s in configs})
    problems = [
        _unknown("source", selection.sources, [s.name for s in configs], where),
        _unknown("kind", selection.kinds, KINDS, "the known kinds (docs/sources.md)"),
        _unknown("tier", [selection.tier] if selection.tier else [], tiers, where),
    ]
    problem = next((p for p in problems if p), None)
    if problem:
        raise ConfigError(problem)


def select(configs: list[SourceConfig], selection: Selection, where: str) -> list[SourceConfig]:
    """The enabled sources the selection names; ``ConfigError`` for an unknown source, kind
    or tier, and for a selection that leaves nothing to crawl."""
    check_names(configs, selection, where)
    chosen = [
        s
        for s in configs
        if s.enabled
        and (not selection.sources or s.name in selection.sources)
        and (not selection.kinds or s.kind in selection.kinds)
        and (selection.tier is None or s.tier == selection.tier)
        and (selection.family is None or s.is_feed == (selection.family == "feeds"))
    ]
    if not chosen:
        asked = ", ".join(f"{k}={v}" for k, v in _asked(selection).items()) or "everything"
        raise ConfigError(f"nothing to crawl: no enabled source in {where} matches {asked}")
    return chosen


def _asked(selection: Selection) -> dict[str, Any]:
    given = {"source": ",".join(selection.sources), "kind": ",".join(selection.kinds),
             "tier": selection.tier, "family": selection.family}  # fmt: skip
    return {k: v for k, v in given.items() if v}


def check_deployments(settings: Settings, deployments: list[dict[str, Any]]) -> None:
    """Every crawl deployment's selection (``tier``, ``family``, ``sources``, ``kinds``) against
    the sources file, before a server starts: a bad ``tier:`` fails now, not on each run.
    (A family with no source yet is not refused here: its runs fail, loudly, until one is
    added.)"""
    configs = load_sources(settings.config)
    for d in deployments:
        if not str(d.get("entrypoint", "")).endswith(":crawl_flow"):
            continue
        params = d.get("parameters") or {}
        selection = Selection(tuple(params.get("sources") or ()), tuple(params.get("kinds") or ()),
                              params.get("tier"), params.get("family"))  # fmt: skip
        try:
            check_names(configs, selection, str(settings.config))
        except ConfigError as e:
            raise ConfigError(f"deployment {d.get('name')}: {e}") from e


def plan(settings: Settings, selection: Selection, now: datetime | None = None) -> Plan:
    """Read and check the sources file, mirror it into the warehouse, and split the chosen
    sources that are due (all of them with ``force``) into batches."""
    configs = load_sources(settings.config)
    chosen = select(configs, selection, str(settings.config))
    check_landing(settings)
    # read-only when the warehouse already holds sources.toml as it is: an analyst's
    # read-only session (which blocks writers, not readers) then delays nothing
    due, state = source_table.plan(
        settings.db, configs, [s.name for s in chosen], now or datetime.now(UTC)
    )
    names = [s.name for s in chosen if selection.force or s.name in due]
    waiting = sorted({s.name for s in chosen} - set(names))
    groups = batches.split(names, settings.batch_size)
    return Plan(
        run_id=uuid.uuid4().hex[:12],
        batches=[(batches.new_batch_id(), group) for group in groups],
        state={n: state[n] for n in names if n in state},
        waiting=waiting,
    )


def report(settings: Settings, batch_ids: list[str], loaded: Loaded, **extra: Any) -> RunReport:
    """The run report of ``batch_ids`` as the warehouse holds them, with the load's trouble."""
    with session(settings.db, read_only=True) as con:
        rows, totals = reports.run_report(con, batch_ids), reports.totals(con)
        # not tried this run, still failing: the run is not well (warehouse.health)
        failing = [h.as_json() for h in health.still_failing(con, extra.get("waiting", []))]
    return RunReport(
        sources=rows,
        batches=list(batch_ids),
        totals=totals,
        waiting_failing=failing,
        quarantined=list(loaded.quarantined.values()),
        load_error=loaded.stopped,
        **extra,
    )


def conclude(settings: Settings, plan: Plan, crashed: dict[str, str]) -> RunReport:
    """Load what landed and report on this run's batches; ``crashed`` is batch id -> why it
    did not finish. A batch that finished but whose landing file is not in this run's landing
    folder (and was not loaded) fails its sources too: nothing is silently zero."""
    ids = [b for b, _ in plan.batches] + isolation.record_crashes(settings, plan, crashed)
    loaded = load_or_leave(settings, ids)
    run = report(settings, ids, loaded, run_id=plan.run_id, waiting=plan.waiting)
    seen = {r["source_name"] for r in run.sources}
    final = isolation.final_batches(plan)
    problems: list[str] = []
    rows = []
    for batch_id, group in plan.batches:
        landed = batches.landing_file(settings, batch_id)
        why = crashed.get(batch_id) or loaded.quarantined.get(batch_id) or loaded.stopped
        if (
            why is None
            and batch_id not in loaded.batch_ids
            and not batches.landed(settings, batch_id)
        ):
            if not any(name in seen for name in group):
                why = f"crawl batch {batch_id} finished but its landing file {landed} never arrived"
        if why and batch_id not in loaded.batch_ids:
            if batch_id in crashed or "never arrived" in why:
                again = f"; its {len(group)} sources were crawled again, one per batch"
                problems.append(why + (again if batch_id in plan.retried else ""))
            # a batch given up on may still have landed and been loaded: its real rows win;
            # a source crawled again is reported from its last batch only
            rows += [
                failed_row(name, why)
                for name in group
                if name not in seen and final[name] == batch_id
            ]
    return RunReport(
        sources=rows + run.sources,
        batches=run.batches,
        totals=run.totals,
        run_id=run.run_id,
        waiting=run.waiting,
        waiting_failing=run.waiting_failing,
        crashed_batches=problems,
        quarantined=run.quarantined,
        load_error=run.load_error,
        earlier_batches=[b for b in loaded.batch_ids if b not in set(ids)],
    )


def load_or_leave(settings: Settings, batch_ids: list[str]) -> Loaded:
    """Load what is pending; a warehouse another process holds leaves the batches in landing.

    The load has waited its ``EOLIST_LOCK_WAIT_S`` already, and a stranded batch is safe in
    landing, where the next crawl run loads it first (``earlier_batches`` in its report) or
    ``eolist load`` does. Its sources' rows carry the line, which is the run's ``load_error``:
    they did not fail (``RunReport.every_source_failed``).
    """
    try:
        return load_pending(settings)
    except DatabaseLocked as e:
        return Loaded(
            stopped=f"{e}; this run's {len(batch_ids)} batch(es) stay in landing and load at"
            " the next run (or eolist load)"
        )


def run_here(settings: Settings, plan: Plan) -> dict[str, str]:
    """Every batch of ``plan`` in warm crawl processes of this one, ``settings.concurrency``
    at a time; batch id -> why, for those that did not finish."""

    def one(batch_id: str, group: list[str]) -> str | None:
        try:
            batches.run_batch(settings, group, plan.run_id, batch_id, plan.state)
        except batches.BatchCrashed as e:
            return str(e)
        return None

    listener = progress.start(plan.batches)  # `eolist crawl`'s display, when enabled
    with ThreadPoolExecutor(max_workers=max(1, settings.concurrency)) as pool:
        futures = {b: pool.submit(one, b, g) for b, g in plan.batches}
        for batch_id, group in plan.batches:
            landing = batches.landing_file(settings, batch_id)
            progress.watch(listener, futures[batch_id], landing, group)
    return {b: why for b, f in futures.items() if (why := f.result())}


def crawl(settings: Settings, selection: Selection, run: BatchRunner = run_here) -> RunReport:
    """One crawl run without Prefect: plan, crawl every batch (a crashed batch's sources
    again, one per batch), conclude. A warehouse another process holds is waited out as the
    ``crawl`` flow's tasks wait it out (``LOCK_RETRIES``), before planning and concluding."""
    chosen = waiting_out(plan, settings, selection)
    ran, crashed = isolation.run_isolating(settings, chosen, run)
    return waiting_out(conclude, settings, ran, crashed)


def load(settings: Settings) -> RunReport:
    """One load run without Prefect: every landing batch not yet loaded, and its report."""

    def loaded() -> RunReport:
        done = load_pending(settings)
        return report(settings, done.batch_ids, done)

    return waiting_out(loaded)


# Seconds between tries when the warehouse stays held past its own lock wait
# (``EOLIST_LOCK_WAIT_S``): the flows' tasks retry 3 times, 5, 10 and 20 s apart.
LOCK_RETRIES = (5.0, 10.0, 20.0)


def waiting_out(step: Callable[..., T], *args: Any) -> T:
    """``step(*args)``, tried again after each of ``LOCK_RETRIES`` while the warehouse is held."""
    for pause in (*LOCK_RETRIES, None):
        try:
            return step(*args)
        except DatabaseLocked:
            if pause is None:
                raise
            time.sleep(pause)
    raise AssertionError("unreachable")
