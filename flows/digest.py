"""The ``digest`` flow: the week's list as Markdown, written beside the warehouse and published.

Thin: ``curation.digest.render_markdown`` decides what the list holds and how it reads; this
flow picks the week, writes ``<data>/digests/digest-<week>.md`` (temporary name, then rename)
and publishes the same text as the ``digest`` artifact, so the list owner can read it in the
Prefect UI. Scheduled Mondays 07:00 Toronto time (prefect.yaml).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, task

from flows import publish
from flows.crawl import _DB_TASK
from ops.settings import resolve
from warehouse.db import session


def iso_week(now: datetime) -> str:
    year, week, _ = now.isocalendar()
    return f"{year}-W{week:02d}"


@task(name="render-digest", **_DB_TASK)
def render_task(db: Path) -> str:
    from curation.digest import render_markdown

    with session(db) as con:
        return render_markdown(con)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@flow(name="digest")
def digest_flow(db: str | None = None, out: str | None = None) -> dict[str, Any]:
    """Render this week's digest; returns where it went and how long it is."""
    settings = resolve(db=db)
    week = iso_week(datetime.now(UTC))
    text = render_task(settings.db)
    path = Path(out) if out else settings.data_dir / "digests" / f"digest-{week}.md"
    _write(path, text)
    items = sum(1 for line in text.splitlines() if line.startswith("- "))
    summary = {"week": week, "path": str(path), "items": items, "chars": len(text)}
    publish.publish(
        "digest", text, f"eolist digest {week}", f"digest {week}: {items} items -> {path}"
    )
    return summary
