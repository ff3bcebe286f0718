"""Helpers shared by the reliability tests: run a crawl subprocess, load it, snapshot a warehouse.

A snapshot is every content column of ``postings``, ``posting_versions``, ``jobs`` and
``blog_posts``, leaving out only *when* things were seen or loaded (``*_at`` columns other than
the content's own dates, batch ids): two warehouses with equal snapshots hold the same data.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CONTENT_DATES = {"posted_at", "valid_through", "published_at", "updated_at"}
SNAPSHOT_TABLES = ("postings", "posting_versions", "jobs", "blog_posts")


@dataclass
class CrawlResult:
    returncode: int
    stderr: str
    max_rss_mb: float
    landing: Path | None

    def records(self) -> list[dict[str, Any]]:
        assert self.landing is not None, self.stderr[-2000:]
        return [json.loads(line) for line in self.landing.read_text("utf-8").splitlines()]

    def outcomes(self) -> dict[str, dict[str, Any]]:
        return {r["source_name"]: r for r in self.records() if r["record"] == "SourceOutcome"}


def run_crawl(
    config: Path,
    landing: Path,
    batch_id: str,
    settings: dict[str, Any] | None = None,
    timeout: float = 300,
) -> CrawlResult:
    """``python -m spiders.run`` as the crawl flow runs it; measures the child's peak memory."""
    cmd = [sys.executable, "-m", "spiders.run", "--config", str(config),
           "--landing", str(landing), "--batch-id", batch_id]  # fmt: skip
    for name, value in (settings or {}).items():
        cmd += ["--setting", f"{name}={json.dumps(value)}"]
    err_path = landing.parent / f"{batch_id}.stderr"
    landing.mkdir(parents=True, exist_ok=True)
    with err_path.open("w") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
        timer = threading.Timer(timeout, proc.kill)  # bounded: a hung crawl is killed
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)  # reaps it, with its own peak memory
        finally:
            timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss / 1024  # KiB on Linux
    path = landing / f"{batch_id}.jsonl"
    return CrawlResult(
        proc.returncode, err_path.read_text(errors="replace"), rss, path if path.exists() else None
    )


def classic_sources_toml(web: Any) -> str:
    """The sample web's classic seven sources (Greenhouse, Lever, the job site, the job feed,
    the blogs) as sources.toml: what the flow and crash tests count and compare. The
    small-business ATS boards the sample web also lists by default (``sampleweb.routes_smb``)
    cross-post to the job site, which makes the jobs depend on the order batches load in;
    their own tests crawl them."""
    from sampleweb.routes_smb import SMB_KINDS

    head, *blocks = web.sources_toml().split("[[source]]\n")
    kept = [b for b in blocks if not any(f'kind = "{k}"' in b for k in SMB_KINDS)]
    return head + "".join("[[source]]\n" + b for b in kept)


def snapshot(db_path: Path, ignore: tuple[str, ...] = ()) -> dict[str, list[tuple[Any, ...]]]:
    from warehouse import db

    out: dict[str, list[tuple[Any, ...]]] = {}
    with db.session(db_path) as con:
        for table in SNAPSHOT_TABLES:
            columns = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns"
                    " WHERE table_name = ? ORDER BY ordinal_position",
                    [table],
                ).fetchall()
            ]
            kept = [
                c
                for c in columns
                if c not in ("batch_id", *ignore) and (not c.endswith("_at") or c in CONTENT_DATES)
            ]
            rows = con.execute(f"SELECT {', '.join(kept)} FROM {table}").fetchall()
            out[table] = sorted((_hashable(r) for r in rows), key=repr)
    return out


def _hashable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


def load_landing(db_path: Path, landing: Path) -> None:
    """The production load of a landing folder (``warehouse.load.load_pending``)."""
    from warehouse.load import load_pending

    load_pending(db_path, landing)


def env_without_prefect_server(home: Path) -> dict[str, str]:
    env = dict(os.environ, PREFECT_HOME=str(home), EOLIST_NO_ARTIFACTS="1")
    env.pop("PREFECT_API_URL", None)
    return env
