"""The ``digest`` flow: Monday's list, by the same path as ``eolist digest`` (``ops.digest``).

It writes this week's list as the list owner will see it (the published list, or the preview
of what publishing now would send: ``<data>/digests/preview-<week>.*``) and publishes its
Markdown as the ``digest`` artifact, so she can read it in the Prefect UI. Publishing stays
hers (``eolist digest --publish`` or the curation page). Scheduled Mondays 07:00 Toronto time
(prefect.yaml).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from prefect import flow, task

from flows import publish
from flows.crawl import _DB_TASK
from ops import digest
from ops.settings import Settings, resolve


@task(name="write-digest", **_DB_TASK)
def write_task(settings: Settings, out: str | None) -> digest.Written:
    folder = digest.out_folder(settings, out)
    return digest.write_week(settings, None, list(digest.ALL_FORMATS), folder, datetime.now(UTC))


@flow(name="digest")
def digest_flow(db: str | None = None, out: str | None = None) -> dict[str, Any]:
    """Write this week's list; returns what was written and where."""
    done = write_task(resolve(db=db), out)
    md = next(str(p) for p in done.paths if p.suffix == ".md")
    publish.publish("digest", done.markdown, "eolist digest",
                    f"{done.what}: {done.jobs} jobs, {done.posts} posts -> {md}")  # fmt: skip
    return {"what": done.what, "path": md, "jobs": done.jobs, "posts": done.posts}
