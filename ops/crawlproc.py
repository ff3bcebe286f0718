"""The crawl process, started one way: the one place its command and its request are built.

A crawl batch runs in a separate process (Scrapy's reactor cannot restart): a warm
``spiders.worker`` that takes batch after batch (``ops.crawlpool``), or a one-batch
``spiders.run`` (``eolist sources check``, the quality benchmarks). Either takes the same
``spiders.batch.BatchRequest``: everything the batch needs (sources file, landing folder,
contact, Scrapy overrides, per-source state), built here from the resolved ``Settings`` and
handed over as one JSON document (a line on the worker's stdin, a file for ``spiders.run``),
never as arguments plus environment variables.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from ops.settings import Settings


def worker_command() -> list[str]:
    """A warm crawl process (``spiders.worker``): requests on stdin, replies on stdout."""
    return [sys.executable, "-m", "spiders.worker"]


def batch_command(request_file: Path) -> list[str]:
    """A one-batch crawl process (``spiders.run``) reading its request from ``request_file``."""
    return [sys.executable, "-m", "spiders.run", "--request", str(request_file)]


def batch_request(
    settings: Settings,
    batch_id: str,
    sources: list[str],
    run_id: str = "",
    state: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON form of ``spiders.batch.BatchRequest`` for one batch of ``sources``."""
    state = state or {}
    return {
        "config": str(settings.config), "landing": str(settings.landing),
        "batch_id": batch_id, "run_id": run_id, "sources": list(sources),
        "state": {n: state[n] for n in sources if n in state},
        "contact": settings.contact, "overrides": dict(settings.scrapy_overrides),
    }  # fmt: skip


class CrawlFailed(RuntimeError):
    """A one-batch crawl ended without its landing file; the message ends with its log."""


def crawl_once(
    settings: Settings, batch_id: str, sources: list[str], timeout: float = 1800
) -> Path:
    """Crawl ``sources`` as one batch in a fresh ``spiders.run``; the landing file it wrote
    (a local landing folder: this is the one-off path of tests and benches)."""
    if not isinstance(settings.landing, Path):
        raise CrawlFailed(f"crawl_once lands in a local folder, not {settings.landing}")
    settings.landing.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", prefix="eolist-batch-", suffix=".json", encoding="utf-8"
    ) as fh:
        json.dump(batch_request(settings, batch_id, sources), fh)
        fh.flush()
        proc = subprocess.run(
            batch_command(Path(fh.name)), capture_output=True, text=True, timeout=timeout
        )
    landed = settings.landing / f"{batch_id}.jsonl"
    if proc.returncode != 0 or not landed.exists():
        raise CrawlFailed(f"crawl batch {batch_id} did not land {landed}: {proc.stderr[-300:]}")
    return landed
