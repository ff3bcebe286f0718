"""Publishing a composed week's list (``curation.compose``), taking it back, and reading
what went out.

Publishing writes a snapshot (``digests``, ``digest_jobs``, ``digest_posts``) in one
transaction: exports and the feed are rendered from it, so a published list never changes.
Each list gets a feed entry id of its own (``urn:uuid:``), kept in the warehouse, so a mail tool
reading the feed never sends a list twice because the public address changed.
``record`` writes the rows inside a transaction its caller holds (``curation.export.publish``
commits them only once every file is in place); ``publish`` is the same in its own transaction.

Within ``unpublish_grace_minutes`` a list can be taken back (``unpublish``): it leaves the feed
and its jobs and posts are offered again; the row stays, marked, so what happened can be read.
Every text value read back goes through ``pipeline.safety.safe_text`` (see ``curation.compose``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

import duckdb

from curation import rules as rules_mod
from curation.compose import Digest, DigestError, DigestJob, DigestPost, Sent, Voice, standing
from pipeline.safety import safe_record, safe_text

T = TypeVar("T")


def publish(con: duckdb.DuckDBPyConnection, digest: Digest, now: datetime) -> Digest:
    """Record the digest and what it holds (one transaction); returns it with its id."""
    check(con, digest)
    con.execute("BEGIN TRANSACTION")
    try:
        digest_id = record(con, digest, now)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    digest.digest_id, digest.published_at = digest_id, now
    return digest


def check(con: duckdb.DuckDBPyConnection, digest: Digest) -> None:
    """Refuse what must not go out: nothing to send, no public address yet (the feed's links
    would point nowhere), a second list in a week that was not asked for as a supplement."""
    if not digest.jobs:
        raise DigestError(f"nothing to publish for {digest.week}: no approved jobs are waiting")
    if not rules_mod.settings(con)["public_url"].strip():
        raise DigestError(
            "set the public address first (where the lists will be read: the Rules page, or "
            "eolist digest --public-url URL): the feed's links are made from it"
        )
    sent = standing(con, digest.week)
    if digest.kind == "list" and sent:
        raise DigestError(
            f"{digest.week} was already published ({sent[0].digest_id}); to send more that"
            " week, send a supplement"
        )
    if digest.kind == "supplement" and not sent:
        raise DigestError(f"{digest.week} has no list yet: publish the list, not a supplement")


def record(con: duckdb.DuckDBPyConnection, digest: Digest, now: datetime) -> str:
    """Write the digest's rows in the caller's transaction; returns its new id."""
    check(con, digest)
    taken = {r[0] for r in con.execute(
        "SELECT digest_id FROM digests WHERE week = ?", [digest.week]).fetchall()}  # fmt: skip
    digest_id, n = digest.week, 1
    while digest_id in taken:
        n += 1
        digest_id = f"{digest.week}-{n}"
    if not con.execute("SELECT 1 FROM curation_settings WHERE key = 'feed_id'").fetchone():
        con.execute("INSERT INTO curation_settings VALUES ('feed_id', ?)", [_new_id()])
    con.execute(
        "INSERT INTO digests (digest_id, week, title, published_at, job_count, post_count, kind,"
        " entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [digest_id, digest.week, digest.title, now, len(digest.jobs), len(digest.posts),
         digest.kind, _new_id()],
    )  # fmt: skip
    for pos, j in enumerate(digest.jobs, start=1):
        con.execute(
            "INSERT INTO digest_jobs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [digest_id, j.job_id, pos, j.featured, j.title, j.company, j.location,
             j.category, j.region, j.salary, j.apply_url],
        )  # fmt: skip
    for pos, p in enumerate(digest.posts, start=1):
        con.execute(
            "INSERT INTO digest_posts (digest_id, entry_key, position, title, blog, url, summary,"
            " featured) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [digest_id, p.entry_key, pos, p.title, p.blog, p.url, p.summary, p.featured],
        )
    return digest_id


def _new_id() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def unpublish(con: duckdb.DuckDBPyConnection, digest_id: str, now: datetime) -> None:
    """Take a list back within the grace period: out of the feed, its jobs and posts offered
    again. Past the grace period a mail tool may have sent it already, so it is refused."""
    row = con.execute(
        "SELECT published_at, unpublished_at FROM digests WHERE digest_id = ?", [digest_id]
    ).fetchone()
    if row is None:
        raise DigestError(f"no published list {digest_id}")
    if row[1] is not None:
        raise DigestError(f"{digest_id} was already taken back")
    grace = rules_mod.number(rules_mod.settings(con), "unpublish_grace_minutes")
    if now - row[0] > timedelta(minutes=grace):
        raise DigestError(
            f"{digest_id} went out more than {grace} minutes ago: mail tools reading the feed may"
            " have sent it already, so it stays published"
        )
    con.execute("UPDATE digests SET unpublished_at = ? WHERE digest_id = ?", [now, digest_id])


def can_unpublish(sent: Sent, now: datetime, settings: dict[str, str]) -> bool:
    grace = rules_mod.number(settings, "unpublish_grace_minutes")
    return now - sent.published_at <= timedelta(minutes=grace)


def _sent(
    con: duckdb.DuckDBPyConnection, kind: Callable[..., T], digest_id: str, sql: str
) -> list[T]:
    """The rows one published digest holds (``sql`` takes its id), made safe as records."""
    return [safe_record(kind(*r)) for r in con.execute(sql, [digest_id]).fetchall()]


def published(con: duckdb.DuckDBPyConnection, digest_id: str) -> Digest | None:
    """A published digest exactly as it was sent."""
    head = con.execute(
        "SELECT week, title, published_at, coalesce(kind, 'list') FROM digests WHERE digest_id = ?",
        [digest_id],
    ).fetchone()
    if head is None:
        return None
    jobs = _sent(con, DigestJob, digest_id,
                 "SELECT job_id, title, company, location, category, region, salary, apply_url,"
                 " featured FROM digest_jobs WHERE digest_id = ? ORDER BY position")  # fmt: skip
    posts = _sent(con, DigestPost, digest_id,
                  "SELECT entry_key, title, blog, url, coalesce(summary, ''),"
                  " coalesce(featured, false) FROM digest_posts WHERE digest_id = ?"
                  " ORDER BY position")  # fmt: skip
    return Digest(week=head[0], title=safe_text(head[1]), jobs=jobs, posts=posts, digest_id=digest_id,
                  published_at=head[2], kind=head[3],
                  voice=Voice.of(rules_mod.settings(con)))  # fmt: skip


def published_ids(con: duckdb.DuckDBPyConnection, week: str | None = None) -> list[str]:
    """Standing published digest ids, newest first (of one week when given)."""
    sql = "SELECT digest_id FROM digests WHERE unpublished_at IS NULL"
    args: list[str] = []
    if week:
        sql += " AND week = ?"
        args.append(week)
    return [
        r[0]
        for r in con.execute(sql + " ORDER BY published_at DESC, digest_id DESC", args).fetchall()
    ]


def entry_id(con: duckdb.DuckDBPyConnection, digest_id: str) -> str | None:
    row = con.execute("SELECT entry_id FROM digests WHERE digest_id = ?", [digest_id]).fetchone()
    return row[0] if row else None
