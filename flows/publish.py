"""Publishing flow summaries: a line in the run's log and a Prefect artifact in the UI.

Artifact keys are lowercase letters, digits and dashes (Prefect's rule); a keyed artifact keeps
its history, so ``crawl-report-feeds`` in the UI shows every hourly feed crawl in turn.
``EOLIST_NO_ARTIFACTS=1`` turns artifacts off (tests that run flows without a server). The
text itself is ``ops.summary``'s.
"""

from __future__ import annotations

import os
import re

from prefect import get_run_logger
from prefect.artifacts import create_markdown_artifact

from ops import summary
from ops.report import RunReport

cell = summary.cell


def artifact_key(*parts: str | None) -> str:
    text = "-".join(p for p in parts if p)
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "-", text.lower())).strip("-")


def publish(key: str, markdown: str, description: str, headline: str) -> None:
    """Log the one-line headline and publish the Markdown as the artifact ``key``."""
    get_run_logger().info("%s", headline)
    if os.environ.get("EOLIST_NO_ARTIFACTS") != "1":
        create_markdown_artifact(key=key, markdown=markdown, description=description)


def report(key: str, title: str, run: RunReport, prefix: str = "") -> None:
    """A crawl or load run report: per source fetched, new, changed, closed, failed."""
    publish(key, summary.run_markdown(title, run), f"{title} report (per source)",
            prefix + summary.headline(run))  # fmt: skip
