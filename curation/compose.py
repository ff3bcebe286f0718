"""A week's digest: which approved jobs and blog posts it holds, and publishing it.

Jobs: approved (featured first), still open, never published before (themselves or a job
merged into them), not hidden by her rules; at most ``employer_cap`` jobs of one employer
(featured first, then newest); the rest wait as ``held`` and stay approved for next week.
Order: featured, then by category (``fmt.CATEGORY_LABELS`` order) and region, newest first.

Blog round-up: posts dated (published, else first seen) from the Monday before the week to
the end of the week that no earlier digest rounded up, newest first, at most ``MAX_POSTS``;
the week before is included so a post from the weekend after last Friday's list is not lost.

Publishing writes a snapshot (``digests``, ``digest_jobs``, ``digest_posts``) in one
transaction: exports and the feed are rendered from it, so a published list never changes.
``record`` writes the rows inside a transaction its caller holds (``curation.export.publish``
commits them only once every file is in place); ``publish`` is the same in its own transaction.

Every text value of a digest goes through ``pipeline.safety.safe_text`` as it is read, so a
character XML or e-mail cannot carry (a ``\x00`` in a title from a warehouse filled before the
build took them out, or typed into an edited title) never reaches a feed or a mail.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import duckdb

from curation import fmt, queue
from curation import rules as rules_mod
from pipeline.safety import safe_record, safe_text

MAX_POSTS = 15
WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")


class DigestError(ValueError):
    """A digest request that cannot be met (bad week, nothing approved); one line for the user."""


@dataclass(frozen=True)
class DigestJob:
    job_id: str
    title: str
    company: str | None
    location: str | None
    category: str
    region: str
    salary: str | None
    apply_url: str | None
    featured: bool


@dataclass(frozen=True)
class DigestPost:
    entry_key: str
    title: str
    blog: str | None
    url: str | None
    summary: str


@dataclass
class Digest:
    week: str
    title: str
    jobs: list[DigestJob]
    posts: list[DigestPost]
    digest_id: str | None = None
    published_at: datetime | None = None
    held: list[DigestJob] = field(default_factory=list)

    @property
    def featured(self) -> list[DigestJob]:
        return [j for j in self.jobs if j.featured]

    def sections(self) -> Iterator[tuple[str, list[tuple[str, list[DigestJob]]]]]:
        """(category, [(region, jobs)]) for the jobs that are not featured, in list order."""
        groups: dict[str, dict[str, list[DigestJob]]] = {}
        for j in self.jobs:
            if not j.featured:
                groups.setdefault(j.category, {}).setdefault(j.region, []).append(j)
        for category, regions in groups.items():
            yield category, list(regions.items())


def parse_week(week: str) -> datetime:
    """Monday 00:00 UTC of an ISO week such as ``2026-W48``."""
    m = WEEK_RE.match(week.strip())
    if not m:
        raise DigestError(f"week must look like 2026-W48, got {week!r}")
    try:
        day = datetime.strptime(f"{m.group(1)}-W{m.group(2)}-1", "%G-W%V-%u")
    except ValueError as e:
        raise DigestError(f"no such ISO week: {week}") from e
    if day.isocalendar()[:2] != (int(m.group(1)), int(m.group(2))):
        raise DigestError(f"no such ISO week: {week}")
    return day.replace(tzinfo=UTC)


def week_of(when: datetime) -> str:
    year, week, _ = when.isocalendar()
    return f"{year}-W{week:02d}"


def compose(con: duckdb.DuckDBPyConnection, week: str, now: datetime, draft: int = 0) -> Digest:
    """The digest the week would be if published now (not written anywhere).

    ``draft=N`` instead lists the newest N queued jobs that are not rejected, approved or not:
    a sample of what the list could be (``eolist demo``, before any review).
    """
    monday = parse_week(week)
    settings = rules_mod.settings(con)
    rules = rules_mod.load(con)
    rows = con.execute(
        f"""SELECT j.job_id, coalesce(c.edited_title, j.title), j.company,
                   coalesce(j.company_normalized, lower(j.company), j.job_id),
                   j.location_city, j.location_region, j.location_country, j.workplace,
                   j.salary_min, j.salary_max, j.salary_currency, j.salary_period,
                   j.salary_origin, j.hr_category, j.apply_url, j.url, c.featured, j.title
            FROM open_jobs j LEFT JOIN curation c USING (job_id)
            WHERE {"coalesce(c.status, '') <> 'rejected'" if draft else "c.status = 'approved'"}
              AND j.job_id NOT IN ({queue.PUBLISHED})
              AND j.job_id NOT IN ({queue.GENERAL})
            ORDER BY c.featured DESC NULLS LAST, coalesce(j.posted_at, j.first_seen_at) DESC,
                     j.job_id
            {"LIMIT " + str(int(draft)) if draft else ""}"""
    ).fetchall()
    cap = rules_mod.employer_cap(settings)
    per_employer: dict[str, int] = {}
    kept: list[tuple[tuple[int, int, str, int], DigestJob]] = []
    held: list[DigestJob] = []
    for n, r in enumerate(rows):
        (job_id, title, company, employer, city, region, country, workplace, smin, smax, cur,
         period, origin, category, apply_url, url, featured, scraped_title) = r  # fmt: skip
        if rules.hidden(company, scraped_title):
            continue
        job = safe_record(DigestJob(
            job_id=job_id,
            title=title,
            company=company,
            location=fmt.location_text(city, region, country, workplace),
            category=fmt.category_label(category),
            region=fmt.region_label(region, country, workplace),
            salary=fmt.salary_text(smin, smax, cur, period, origin),
            apply_url=fmt.safe_url(apply_url) or fmt.safe_url(url),
            featured=bool(featured),
        ))  # fmt: skip
        per_employer[employer] = per_employer.get(employer, 0) + 1
        if cap and per_employer[employer] > cap:
            held.append(job)
            continue
        key = (0 if featured else 1, fmt.category_rank(category), job.region, n)
        kept.append((key, job))
    kept.sort(key=lambda kj: kj[0])
    return Digest(
        week=week,
        title=safe_text(f"{settings['list_title']} — {week}"),
        jobs=[j for _, j in kept],
        posts=_posts(con, monday),
        held=held,
    )


def _posts(con: duckdb.DuckDBPyConnection, monday: datetime) -> list[DigestPost]:
    rows = con.execute(
        """SELECT entry_key, title, coalesce(blog_title, source_name), url,
                  coalesce(nullif(summary_text, ''), left(content_text, 1000))
           FROM blog_posts
           WHERE coalesce(published_at, first_seen_at) >= ?
             AND coalesce(published_at, first_seen_at) < ?
             AND entry_key NOT IN (SELECT entry_key FROM digest_posts)
           ORDER BY coalesce(published_at, first_seen_at) DESC, entry_key LIMIT ?""",
        [monday - timedelta(days=7), monday + timedelta(days=7), MAX_POSTS],
    ).fetchall()
    return [
        safe_record(
            DigestPost(
                key, " ".join((title or "").split()), blog, fmt.safe_url(url), fmt.two_lines(s)
            )
        )
        for key, title, blog, url, s in rows
    ]


def publish(con: duckdb.DuckDBPyConnection, digest: Digest, now: datetime) -> Digest:
    """Record the digest and what it holds (one transaction); returns it with its id."""
    if not digest.jobs:
        raise DigestError(f"nothing to publish for {digest.week}: no approved jobs are waiting")
    con.execute("BEGIN TRANSACTION")
    try:
        digest_id = record(con, digest, now)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    digest.digest_id, digest.published_at = digest_id, now
    return digest


def record(con: duckdb.DuckDBPyConnection, digest: Digest, now: datetime) -> str:
    """Write the digest's rows in the caller's transaction; returns its new id."""
    if not digest.jobs:
        raise DigestError(f"nothing to publish for {digest.week}: no approved jobs are waiting")
    taken = {r[0] for r in con.execute(
        "SELECT digest_id FROM digests WHERE week = ?", [digest.week]).fetchall()}  # fmt: skip
    digest_id, n = digest.week, 1
    while digest_id in taken:
        n += 1
        digest_id = f"{digest.week}-{n}"
    con.execute(
        "INSERT INTO digests VALUES (?, ?, ?, ?, ?, ?)",
        [digest_id, digest.week, digest.title, now, len(digest.jobs), len(digest.posts)],
    )
    for pos, j in enumerate(digest.jobs, start=1):
        con.execute(
            "INSERT INTO digest_jobs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [digest_id, j.job_id, pos, j.featured, j.title, j.company, j.location,
             j.category, j.region, j.salary, j.apply_url],
        )  # fmt: skip
    for pos, p in enumerate(digest.posts, start=1):
        con.execute(
            "INSERT INTO digest_posts VALUES (?, ?, ?, ?, ?, ?, ?)",
            [digest_id, p.entry_key, pos, p.title, p.blog, p.url, p.summary],
        )
    return digest_id


def published(con: duckdb.DuckDBPyConnection, digest_id: str) -> Digest | None:
    """A published digest exactly as it was sent."""
    head = con.execute(
        "SELECT week, title, published_at FROM digests WHERE digest_id = ?", [digest_id]
    ).fetchone()
    if head is None:
        return None
    jobs = [
        safe_record(DigestJob(*r))
        for r in con.execute(
            "SELECT job_id, title, company, location, category, region, salary, apply_url,"
            " featured FROM digest_jobs WHERE digest_id = ? ORDER BY position",
            [digest_id],
        ).fetchall()
    ]
    posts = [
        safe_record(DigestPost(*r))
        for r in con.execute(
            "SELECT entry_key, title, blog, url, coalesce(summary, '') FROM digest_posts"
            " WHERE digest_id = ? ORDER BY position",
            [digest_id],
        ).fetchall()
    ]
    return Digest(week=head[0], title=safe_text(head[1]), jobs=jobs, posts=posts,
                  digest_id=digest_id, published_at=head[2])  # fmt: skip


def published_ids(con: duckdb.DuckDBPyConnection, week: str | None = None) -> list[str]:
    """Published digest ids, newest first (of one week when given)."""
    sql = "SELECT digest_id FROM digests"
    args: list[str] = []
    if week:
        sql += " WHERE week = ?"
        args.append(week)
    return [r[0] for r in con.execute(sql + " ORDER BY published_at DESC", args).fetchall()]
