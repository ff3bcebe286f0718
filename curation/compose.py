"""A week's list: which approved jobs and blog posts it holds.

Jobs: approved (featured first), still open, never in a list that stands (themselves or a job
merged into them), not hidden by her rules; at most ``employer_cap`` jobs of one employer **in
the week**, counting the lists already sent that week (featured first, then newest); the rest
wait as ``held`` and stay approved for next week. Order: featured, then by category
(``fmt.CATEGORY_LABELS`` order) and region, newest first.

A week has one list. Once it is out, the week is shown as published; a second list that week is
a deliberate ``supplement`` with its own title, under the same per-week cap. A list taken back
(``curation.publishing.unpublish``) no longer stands: its jobs and posts are offered again.

Blog round-up: the candidates are posts no standing list rounded up, dated (published, else
first seen) within ``post_window_days`` before the week's end or now, whichever is earlier
(a week she skipped still has a round-up, and a post from last weekend is not lost). Each is
included unless she excludes it; featured ones come first; at most ``MAX_POSTS`` go out.

Publishing a composed list, taking it back and reading what went out are
``curation.publishing``.

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
MAX_CANDIDATES = 60  # posts listed on the Digest page to choose from
WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")
KINDS = ("list", "supplement")
STANDING = "SELECT digest_id FROM digests WHERE unpublished_at IS NULL"


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
    featured: bool = False


@dataclass(frozen=True)
class Candidate:
    """A blog post she may send this week, and her choice on it (include, exclude, feature)."""

    post: DigestPost
    dated: datetime | None
    choice: str  # "include" | "exclude" | "feature"


@dataclass(frozen=True)
class Voice:
    """How the list sounds: her words around the jobs, and her time zone (``rules.DEFAULTS``)."""

    tagline: str = ""
    intro: str = ""
    footer_forward: str = ""
    footer_suggest: str = ""
    footer_unsubscribe: str = ""
    timezone: str = "UTC"

    @classmethod
    def of(cls, settings: dict[str, str]) -> Voice:
        return cls(**{k: settings.get(k, "") for k in cls.__dataclass_fields__})

    @property
    def footer(self) -> list[str]:
        return [t for t in (self.footer_forward, self.footer_suggest, self.footer_unsubscribe) if t]


@dataclass(frozen=True)
class Sent:
    """A list of the week that stands (published, not taken back)."""

    digest_id: str
    kind: str
    title: str
    published_at: datetime
    job_count: int
    post_count: int


@dataclass
class Digest:
    week: str
    title: str
    jobs: list[DigestJob]
    posts: list[DigestPost]
    digest_id: str | None = None
    published_at: datetime | None = None
    held: list[DigestJob] = field(default_factory=list)
    kind: str = "list"
    voice: Voice = field(default_factory=Voice)
    candidates: list[Candidate] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)  # the week's standing lists, oldest first

    @property
    def featured(self) -> list[DigestJob]:
        return [j for j in self.jobs if j.featured]

    @property
    def heading(self) -> str:
        """``Week of November 23, 2026``."""
        return fmt.week_heading(parse_week(self.week))

    @property
    def published_local(self) -> str:
        return fmt.local_time(self.published_at, fmt.zone(self.voice.timezone))

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


def week_of(when: datetime, timezone: str | None = None) -> str:
    """The ISO week ``when`` falls in, on her calendar (``timezone``) when given: Sunday 9 pm
    in Toronto is still Sunday's week although it is Monday in UTC."""
    if timezone and when.tzinfo is not None:
        when = when.astimezone(fmt.zone(timezone))
    year, week, _ = when.isocalendar()
    return f"{year}-W{week:02d}"


def this_week(con: duckdb.DuckDBPyConnection, now: datetime) -> str:
    return week_of(now, rules_mod.settings(con)["timezone"])


def standing(con: duckdb.DuckDBPyConnection, week: str) -> list[Sent]:
    """The week's lists that stand, oldest first."""
    rows = con.execute(
        "SELECT digest_id, coalesce(kind, 'list'), title, published_at, job_count, post_count"
        " FROM digests WHERE week = ? AND unpublished_at IS NULL ORDER BY published_at, digest_id",
        [week],
    ).fetchall()
    return [Sent(*r) for r in rows]


def _sent_per_employer(con: duckdb.DuckDBPyConnection, week: str) -> dict[str, int]:
    """Jobs of each employer in the week's standing lists: the cap is per week, not per list."""
    rows = con.execute(
        f"""SELECT coalesce(j.company_normalized, lower(j.company), lower(dj.company), dj.job_id),
                   count(*)
            FROM digest_jobs dj JOIN digests d USING (digest_id) LEFT JOIN jobs j USING (job_id)
            WHERE d.week = ? AND dj.digest_id IN ({STANDING}) GROUP BY 1""",
        [week],
    ).fetchall()
    return {r[0]: int(r[1]) for r in rows}


def compose(
    con: duckdb.DuckDBPyConnection, week: str, now: datetime, draft: int = 0,
    kind: str | None = None,
) -> Digest:  # fmt: skip
    """The list the week would send if published now (not written anywhere).

    ``kind``: ``list``, ``supplement``, or ``None`` for whichever comes next (the list, or a
    supplement once the list is out). ``draft=N`` instead lists the newest N queued jobs that
    are not rejected, approved or not: a sample of what the list could be (``eolist demo``,
    before any review).
    """
    monday = parse_week(week)
    settings = rules_mod.settings(con)
    rules = rules_mod.load(con)
    sent = standing(con, week)
    kind = kind or ("supplement" if sent else "list")
    if kind not in KINDS:
        raise DigestError(f"a list is one of {', '.join(KINDS)}, not {kind!r}")
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
    per_employer = _sent_per_employer(con, week)
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
    candidates = post_candidates(con, monday, now, settings)
    chosen = [c for c in candidates if c.choice != "exclude"][:MAX_POSTS]
    return Digest(
        week=week,
        title=safe_text(_title(settings["list_title"], monday, kind, sent)),
        jobs=[j for _, j in kept],
        posts=[c.post for c in chosen],
        held=held,
        kind=kind,
        voice=Voice.of(settings),
        candidates=candidates,
        sent=sent,
    )


def _title(list_title: str, monday: datetime, kind: str, sent: list[Sent]) -> str:
    title = f"{list_title} — {fmt.week_heading(monday)}"
    if kind == "list":
        return title
    n = sum(1 for s in sent if s.kind == "supplement") + 1
    return f"{title}: supplement" + (f" {n}" if n > 1 else "")


def post_candidates(
    con: duckdb.DuckDBPyConnection, monday: datetime, now: datetime, settings: dict[str, str]
) -> list[Candidate]:
    """Posts not rounded up by a standing list and recent (module docstring), with her choice:
    featured first, then newest."""
    end = min(now, monday + timedelta(days=7))
    start = end - timedelta(days=rules_mod.number(settings, "post_window_days"))
    rows = con.execute(
        f"""SELECT b.entry_key, b.title, coalesce(b.blog_title, b.source_name), b.url,
                   coalesce(nullif(b.summary_text, ''), left(b.content_text, 1000)),
                   coalesce(b.published_at, b.first_seen_at) AS dated,
                   coalesce(pc.choice, 'include') AS choice
            FROM blog_posts b LEFT JOIN post_choices pc USING (entry_key)
            WHERE coalesce(b.published_at, b.first_seen_at) >= ?
              AND coalesce(b.published_at, b.first_seen_at) < ?
              AND b.entry_key NOT IN (SELECT entry_key FROM digest_posts
                                      WHERE digest_id IN ({STANDING}))
            ORDER BY coalesce(pc.choice = 'feature', false) DESC, dated DESC, b.entry_key LIMIT ?""",
        [start, monday + timedelta(days=7), MAX_CANDIDATES],
    ).fetchall()
    return [
        Candidate(
            safe_record(
                DigestPost(
                    key,
                    " ".join((title or "").split()),
                    blog,
                    fmt.safe_url(url),
                    fmt.two_lines(s),
                    choice == "feature",
                )
            ),  # fmt: skip
            dated,
            choice,
        )
        for key, title, blog, url, s, dated, choice in rows
    ]


def choose_post(con: duckdb.DuckDBPyConnection, entry_key: str, choice: str, now: datetime) -> None:
    """Her choice on a candidate post: include (the default), exclude or feature."""
    if choice not in ("include", "exclude", "feature"):
        raise DigestError(f"a post is included, excluded or featured, not {choice!r}")
    if not con.execute("SELECT 1 FROM blog_posts WHERE entry_key = ?", [entry_key]).fetchone():
        raise DigestError(f"no blog post {entry_key}")
    if choice == "include":
        con.execute("DELETE FROM post_choices WHERE entry_key = ?", [entry_key])
    else:
        con.execute(
            "INSERT OR REPLACE INTO post_choices VALUES (?, ?, ?)", [entry_key, choice, now]
        )
