"""The ``crawl`` and ``load`` flows: thin composition of spiders/ and warehouse/.

``crawl``: read sources.toml, pick the sources that are due, split them into batches, run each
batch as its own ``python -m spiders.run`` subprocess (at most ``concurrency`` at once), then
run ``load``. ``load``: load every landing batch not yet loaded, oldest first, including those
a crashed run left behind. Both return their report and publish it as a Prefect artifact.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from flows.settings import Settings, load_sources, resolve
from warehouse import load as loader
from warehouse import reports
from warehouse import sources as source_table
from warehouse.db import session
from warehouse.landing import pending_batches

BATCH_TIMEOUT_S = 3600


def _batches(names: list[str], size: int) -> list[list[str]]:
    return [names[i : i + size] for i in range(0, len(names), size)]


@task(name="crawl-batch", retries=1, retry_delay_seconds=5, cache_policy=NO_CACHE)
def crawl_batch(settings: Settings, names: list[str], run_id: str, state_path: str) -> str:
    """Run one batch in a subprocess; returns the batch id (the landing file's stem)."""
    batch_id = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    cmd = [
        sys.executable, "-m", "spiders.run",
        "--config", str(settings.config), "--landing", str(settings.landing),
        "--batch-id", batch_id, "--run-id", run_id, "--state", state_path,
    ]  # fmt: skip
    if settings.contact:
        cmd += ["--contact", settings.contact]
    for name in names:
        cmd += ["--source", name]
    for key, value in settings.scrapy_overrides.items():
        cmd += ["--setting", f"{key}={json.dumps(value)}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=BATCH_TIMEOUT_S)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"crawl batch {batch_id} exited {proc.returncode}: {' | '.join(tail)}")
    return batch_id


@flow(name="load")
def load_flow(db: str | None = None, landing: str | None = None) -> dict[str, Any]:
    """Load every landing batch not yet loaded; returns the run report of those batches."""
    settings = resolve(db=db, landing=landing)
    with session(settings.db) as con:
        loaded = {r[0] for r in con.execute("SELECT batch_id FROM landing_batches").fetchall()}
        batch_ids = []
        for path in pending_batches(settings.landing, loaded):
            report = loader.load_batch(con, path)
            if not report.already_loaded:
                batch_ids.append(report.batch_id)
        rows = reports.run_report(con, batch_ids)
        totals = reports.totals(con)
    return {"batches": batch_ids, "sources": rows, "totals": totals}


@flow(name="crawl", task_runner=ThreadPoolTaskRunner(max_workers=2))
def crawl_flow(
    config: str | None = None,
    db: str | None = None,
    landing: str | None = None,
    sources: list[str] | None = None,
    kinds: list[str] | None = None,
    tier: str | None = None,
    force: bool = False,
) -> dict[str, Any]:
    """One crawl run of the chosen sources, loaded into the warehouse; returns the report."""
    logger = get_run_logger()
    settings = resolve(db=db, config=config, landing=landing)
    configs = load_sources(settings.config)
    chosen = [
        s
        for s in configs
        if s.enabled
        and (not sources or s.name in sources)
        and (not kinds or s.kind in kinds)
        and (tier is None or s.tier == tier)
    ]
    if sources:
        unknown = set(sources) - {s.name for s in configs}
        if unknown:
            raise ValueError(f"unknown source(s): {', '.join(sorted(unknown))}")
    run_id = uuid.uuid4().hex[:12]
    settings.landing.mkdir(parents=True, exist_ok=True)
    with session(settings.db) as con:
        source_table.sync(con, configs)
        due = source_table.due(con, [s.name for s in chosen], datetime.now(UTC))
        state = source_table.crawl_state(con)
    names = [s.name for s in chosen if force or s.name in due]
    waiting = sorted({s.name for s in chosen} - set(names))
    if waiting:
        logger.warning("waiting out backoff, not tried this run: %s", ", ".join(waiting))
    state_path = settings.landing / f".state-{run_id}.json"
    state_path.write_text(json.dumps(state))
    try:
        futures = [
            crawl_batch.submit(settings, batch, run_id, str(state_path))
            for batch in _batches(names, settings.batch_size)
        ]
        crashed = []
        for future in futures:
            try:
                future.result()
            except Exception as e:  # one crashed batch must not lose the others
                crashed.append(str(e))
                logger.error("%s", e)
    finally:
        state_path.unlink(missing_ok=True)
    report = load_flow(str(settings.db), str(settings.landing))
    report["waiting"] = waiting
    report["crashed_batches"] = crashed
    _publish(report)
    failed = [r for r in report["sources"] if r["status"] == "failed"]
    if names and (crashed and not report["sources"] or (failed and len(failed) == len(names))):
        raise RuntimeError(f"every source failed: {failed[0]['error'] if failed else crashed[0]}")
    return report


def _publish(report: dict[str, Any]) -> None:
    lines = [
        "| source | status | fetched | new | changed | closed | error |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for r in report["sources"]:
        error = (r["error"] or "").replace("|", "\\|")
        lines.append(
            f"| {r['source_name']} | {r['status']} | {r['fetched']} | {r['new']} |"
            f" {r['changed']} | {r['closed']} | {error} |"
        )
    if os.environ.get("EOLIST_NO_ARTIFACTS") != "1":
        create_markdown_artifact(
            key="crawl-report", markdown="\n".join(lines), description="eolist crawl report"
        )


def with_concurrency(concurrency: int) -> Any:
    """The crawl flow running at most ``concurrency`` batch subprocesses at once."""
    return crawl_flow.with_options(
        task_runner=ThreadPoolTaskRunner(max_workers=max(1, concurrency))
    )
