"""The weekly digest as Markdown, in one call (``eolist demo`` writes it after its crawl).

The digest itself is ``curation.compose`` (what it holds) and ``curation.render`` (formats);
this keeps the one-call form for the demo: the current week's approved jobs, or, when nothing
is approved yet (a fresh demo database), a draft of the newest queued jobs, marked as such.
"""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb

from curation import compose, render
from curation import rules as rules_mod

DRAFT_SIZE = 40


def render_markdown(
    con: duckdb.DuckDBPyConnection,
    title: str | None = None,
    now: datetime | None = None,
) -> str:
    now = now or datetime.now(UTC)
    week = compose.week_of(now)
    rules_mod.seed(con, now)
    d = compose.compose(con, week, now)
    if not d.jobs:
        d = compose.compose(con, week, now, draft=DRAFT_SIZE)
        d.title = f"{d.title} (draft: nothing approved yet, newest jobs shown)"
    if title:
        d.title = title
    return render.markdown(d)
