"""Her saved queue views ("Toronto, not agencies, has pay"), kept in ``saved_filters``.

A view is the queue's own query string, normalized through ``queue.Filters`` so a saved view
holds only filters the queue knows; the page lists them above the queue (keys 1-9 open them).
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qsl

import duckdb

from curation.queue import Filters

MAX_NAME = 60
MAX_VIEWS = 30


def listing(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, query string) of every saved view, in the order she saved them."""
    return [
        (name, query)
        for name, query in con.execute(
            "SELECT name, query FROM saved_filters ORDER BY saved_at, name"
        ).fetchall()
    ]


def save(con: duckdb.DuckDBPyConnection, name: str, query: str, now: datetime | None = None) -> str:
    """Save (or replace) a view; returns its normalized query. A name is required, and a view
    with no filter at all is the plain queue: nothing to save."""
    name = " ".join(name.split())[:MAX_NAME]
    if not name:
        raise ValueError("give the filter a name")
    normalized = Filters.from_query(dict(parse_qsl(query.lstrip("?")))).query()
    if not normalized:
        raise ValueError("choose at least one filter before saving it")
    count = con.execute("SELECT count(*) FROM saved_filters WHERE name <> ?", [name]).fetchone()
    if count and count[0] >= MAX_VIEWS:
        raise ValueError(f"at most {MAX_VIEWS} saved filters: delete one first")
    con.execute(
        "INSERT OR REPLACE INTO saved_filters VALUES (?, ?, ?)",
        [name, normalized, now or datetime.now(UTC)],
    )
    return normalized


def delete(con: duckdb.DuckDBPyConnection, name: str) -> None:
    con.execute("DELETE FROM saved_filters WHERE name = ?", [name])
