"""The ``sources`` table: configuration mirrored from sources.toml, plus health.

``sync`` writes what the operator configured (keeping health columns, and the conditional-GET
validators unless the URL changed), the URL redacted (``user:password@`` and secret query values
stay in sources.toml: this table is shown on the page, exported and queried); ``crawl_state`` is what
a crawl process needs to ask politely (ETag, Last-Modified, content hash of the first page) and
to skip a sitemap's unchanged posting pages (the last complete crawl, the open postings' pages);
``due`` says which sources may be tried now (failing sources wait out their backoff).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from pipeline.normalize import canonical_url
from pipeline.safety import redact_url
from pipeline.sources import SourceConfig
from warehouse.db import schema_current, session


def sync(con: duckdb.DuckDBPyConnection, configs: Iterable[SourceConfig]) -> None:
    for s in configs:
        con.execute(
            "INSERT INTO sources (name, kind, url, company, country, tier, enabled)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, url = excluded.url,"
            " company = excluded.company, country = excluded.country, tier = excluded.tier,"
            " enabled = excluded.enabled,"
            # Validators belong to the URL they came from: a new URL is fetched in full.
            " etag = CASE WHEN sources.url = excluded.url THEN sources.etag END,"
            " last_modified = CASE WHEN sources.url = excluded.url THEN sources.last_modified END,"
            " content_hash = CASE WHEN sources.url = excluded.url THEN sources.content_hash END",
            [s.name, s.kind, redact_url(s.url), s.company, s.country, s.tier, s.enabled],
        )


# kinds whose listing may be a sitemap with lastmod (spiders.jsonld): only they need the pages
SITEMAP_KINDS = ("jsonld",)
# A source whose crawl reads more than its first page is read in full at least this often,
# whatever its first page's validators say (``crawl_state``).
FULL_READ_EVERY = timedelta(hours=24)


def in_sync(con: duckdb.DuckDBPyConnection, configs: Iterable[SourceConfig]) -> bool:
    """Whether ``sync`` would change nothing: every configured source is stored as configured."""
    wanted = {
        (s.name, s.kind, redact_url(s.url), s.company, s.country, s.tier, s.enabled)
        for s in configs
    }
    if not wanted:
        return True
    stored = set(
        con.execute(
            "SELECT name, kind, url, company, country, tier, enabled FROM sources"
            " WHERE name IN (SELECT unnest(?::VARCHAR[]))",
            [[w[0] for w in wanted]],
        ).fetchall()
    )
    return wanted <= stored


def plan(
    path: str | Path, configs: list[SourceConfig], chosen: Iterable[str], now: datetime
) -> tuple[set[str], dict[str, dict[str, Any]]]:
    """Which chosen sources are due, and their validators, for a crawl run.

    Read-only when the warehouse is current and already holds sources.toml as it is: an
    analyst's read-only session (which blocks writers, not readers) then delays nothing.
    Only a changed config, a new file or a pending migration takes the write lock.
    """
    names = list(chosen)
    if Path(path).exists():
        with session(path, read_only=True) as con:
            if schema_current(con) and in_sync(con, configs):
                return due(con, names, now), crawl_state(con, now)
    with session(path) as con:
        sync(con, configs)
        return due(con, names, now), crawl_state(con, now)


def crawl_state(
    con: duckdb.DuckDBPyConnection, now: datetime | None = None
) -> dict[str, dict[str, Any]]:
    """Per source: its validators, when its last complete crawl started (``last_complete_at``,
    ISO 8601, or ``None``) and, for kinds whose listing may be a sitemap, the pages of its open
    postings (``known_pages``: canonical URL -> posting keys). With a sitemap's ``lastmod``,
    the last two say which detail pages need no fetch (``pipeline.recrawl``).

    With ``now`` (a crawl run's plan): a source whose crawl reads more than its first page
    (later listing pages, detail pages) and that was last read in full more than
    ``FULL_READ_EVERY`` ago gets no validators. An unchanged first page says nothing of the
    pages after it (a posting closed on page 3, one edited on its own page), so such a source
    is read in full at least that often, however often its first page answers 304."""
    rows = con.execute(
        "SELECT name, kind, url, etag, last_modified, content_hash FROM sources"
    ).fetchall()
    if now is not None:
        stale = _due_full_read(con, now)
        rows = [(r[0], r[1], r[2], None, None, None) if r[0] in stale else r for r in rows]
    # any complete crawl fetched every page its listing named (a suspect or empty one too)
    last = dict(
        con.execute(
            "SELECT source_name, max(started_at) FROM source_runs WHERE complete"
            " GROUP BY source_name HAVING max(started_at) IS NOT NULL"
        ).fetchall()
    )
    pages = _known_pages(con, [r[0] for r in rows if r[0] in last and r[1] in SITEMAP_KINDS])
    return {
        name: {
            "url": url, "etag": etag, "last_modified": lm, "content_hash": ch,
            "last_complete_at": last[name].isoformat() if name in last else None,
            "known_pages": pages.get(name, {}),
        }
        for name, _kind, url, etag, lm, ch in rows
    }  # fmt: skip


def _due_full_read(con: duckdb.DuckDBPyConnection, now: datetime) -> set[str]:
    """Sources of more than one request whose last full read is older than FULL_READ_EVERY."""
    rows = con.execute(
        """SELECT source_name, arg_max(pages, started_at), max(started_at) FROM source_runs
        WHERE complete AND status <> 'not_modified' AND started_at IS NOT NULL
        GROUP BY source_name""",
    ).fetchall()
    return {name for name, pages, read in rows if pages > 1 and now - read > FULL_READ_EVERY}


def _known_pages(con: duckdb.DuckDBPyConnection, names: list[str]) -> dict[str, dict[str, list]]:
    """Source -> canonical URL of an open posting -> the keys of the open postings there."""
    out: dict[str, dict[str, list]] = {}
    if not names:
        return out
    rows = con.execute(
        "SELECT source_name, url, posting_key FROM postings"
        " WHERE closed_at IS NULL AND source_name IN (SELECT unnest(?::VARCHAR[]))",
        [names],
    ).fetchall()
    for name, url, key in rows:
        out.setdefault(name, {}).setdefault(canonical_url(url), []).append(key)
    return out


def due(con: duckdb.DuckDBPyConnection, names: Iterable[str], now: datetime) -> set[str]:
    """Names among ``names`` not waiting out a backoff (unknown sources are due)."""
    waiting = {
        r[0]
        for r in con.execute("SELECT name FROM sources WHERE next_attempt_at > ?", [now]).fetchall()
    }
    return {n for n in names if n not in waiting}


def forget_validators(con: duckdb.DuckDBPyConnection, names: Iterable[str]) -> None:
    """Drop stored ETag/Last-Modified/hash so the next crawl fetches and parses in full."""
    for name in names:
        con.execute(
            "UPDATE sources SET etag = NULL, last_modified = NULL, content_hash = NULL"
            " WHERE name = ?",
            [name],
        )
