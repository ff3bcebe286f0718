"""The review queue: which jobs she is shown this week, filtered, with her rules applied.

In the queue: an open job (``open_jobs``: a posting still open) that no published digest
carried, neither itself nor a job merged into it (``job_merges``), and that is new since the
latest digest (first seen after it was published) or still waiting for her: undecided, or
approved but not sent (an approval held back by the employer cap stays). Only what she had
already rejected before the latest digest drops out ("All unpublished" shows it too). Newest
first (posted date, else first seen). A general application (``pipeline.general``: an "Open
Application" or "Talent Community" entry, no job) is never in it.

Filters narrow it in SQL; her rules then hide blocked employers and title words and flag
staffing agencies (``curation.rules``), which is why at most ``LIMIT`` rows are shown after
the rules, not before. Agency wording in descriptions is matched in SQL (DuckDB's RE2), so long
descriptions never travel to Python just to be searched.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import duckdb

from curation import decisions, fmt
from curation import rules as rules_mod
from curation.rules import Rules

LIMIT = 500  # rows built and shown at once (a week is ~300); "show more" raises it
MAX_LIMIT = 5000
STATUSES = ("undecided", "approved", "featured", "rejected")

# Jobs in a list that stands (a list taken back within its grace period offers its jobs again).
PUBLISHED = """
    SELECT job_id FROM digest_jobs
    WHERE digest_id IN (SELECT digest_id FROM digests WHERE unpublished_at IS NULL)
    UNION SELECT m.into_job_id FROM job_merges m JOIN digest_jobs d ON d.job_id = m.merged_job_id
    WHERE d.digest_id IN (SELECT digest_id FROM digests WHERE unpublished_at IS NULL)
"""
# general applications ("Open Application", "Talent Community"): kept, never queued
GENERAL = "SELECT job_id FROM general_application_jobs"
BASE = f"""
    FROM open_jobs j LEFT JOIN curation c USING (job_id)
    WHERE j.job_id NOT IN ({PUBLISHED})
      AND j.job_id NOT IN ({GENERAL})
      AND (? IS NULL OR j.first_seen_at > ?
           OR coalesce(c.status, 'undecided') IN ('undecided', 'approved'))
"""
COLUMNS = """
    j.job_id, j.title, j.company, j.location_city, j.location_region, j.location_country,
    j.workplace, j.salary_min, j.salary_max, j.salary_currency, j.salary_period, j.salary_origin,
    j.hr_category, j.posted_at, j.first_seen_at, j.source_names, j.url, j.apply_url,
    left(j.description_text, 600), c.status, coalesce(c.featured, false), c.note, c.edited_title,
    coalesce(regexp_matches(j.description_text, ?), false), j.seniority
"""


@dataclass(frozen=True)
class Filters:
    category: str = ""
    region: str = ""
    workplace: str = ""
    salary: bool = False
    source: str = ""
    q: str = ""
    status: str = ""  # one of STATUSES or "all"; "" shows all but the rejected
    agency: str = ""  # "", "hide" or "only"
    all_weeks: bool = False
    seniority: str = ""
    city: str = ""
    hidden: bool = False  # only the jobs her rules hide (to unhide one)

    @classmethod
    def from_query(cls, params: Any) -> Filters:
        def get(name: str) -> str:
            return str(params.get(name, "") or "").strip()[:200]

        return cls(
            category=get("category"),
            region=get("region"),
            workplace=get("workplace"),
            salary=get("salary") in ("1", "on", "yes"),
            source=get("source"),
            q=get("q"),
            status=get("status") if get("status") in STATUSES + ("all",) else "",
            agency=get("agency") if get("agency") in ("hide", "only") else "",
            all_weeks=get("weeks") == "all",
            seniority=get("seniority"),
            city=get("city"),
            hidden=get("hidden") in ("1", "on", "yes"),
        )

    def query(self) -> str:
        """The query string that gives these filters back (for saved filters and links)."""
        values = {
            "q": self.q, "category": self.category, "region": self.region, "city": self.city,
            "workplace": self.workplace, "seniority": self.seniority, "source": self.source,
            "salary": "1" if self.salary else "", "status": self.status, "agency": self.agency,
            "weeks": "all" if self.all_weeks else "", "hidden": "1" if self.hidden else "",
        }  # fmt: skip
        return urlencode({k: v for k, v in values.items() if v})

    def where(self) -> tuple[str, list[Any]]:
        sql: list[str] = []
        args: list[Any] = []
        for column, value in (
            ("j.hr_category", self.category), ("j.workplace", self.workplace),
            ("j.seniority", self.seniority), ("j.location_city", self.city),
        ):  # fmt: skip
            if value:
                sql.append(f"{column} = ?")
                args.append(value)
        if self.region:
            sql.append("coalesce(j.location_region, j.location_country, '') = ?")
            args.append(self.region)
        if self.salary:
            sql.append(
                "j.salary_origin IN ('structured', 'text')"
                " AND coalesce(j.salary_min, j.salary_max) IS NOT NULL"
            )
        if self.source:
            sql.append("list_contains(j.source_names, ?)")
            args.append(self.source)
        if self.q:
            sql.append(
                "contains(lower(concat_ws(' ', j.title, c.edited_title, j.company,"
                " j.location_city, j.description_text)), lower(?))"
            )
            args.append(self.q)
        status = {
            "undecided": "coalesce(c.status, 'undecided') = 'undecided'",
            "approved": "c.status = 'approved'",
            "featured": "c.featured",
            "rejected": "c.status = 'rejected'",
            "all": "true",
        }.get(self.status, "coalesce(c.status, '') <> 'rejected'")
        sql.append(status)
        return " AND ".join(f"({s})" for s in sql), args


@dataclass(frozen=True)
class QueueJob:
    job_id: str
    title: str
    original_title: str
    company: str | None
    location: str
    workplace: str | None
    salary: str | None
    category: str | None
    category_label: str
    posted_at: datetime | None
    age: tuple[str, str, int | None]
    sources: tuple[str, ...]
    url: str | None
    status: str | None
    featured: bool
    note: str | None
    agency: bool
    snippet: str
    seniority: str | None = None
    pay: str = ""  # the short pay for the one-line row
    place: str = ""  # the short place for the one-line row: city, else region, else country
    hidden_by: str | None = None  # the rule that hides it (listed under "hidden" only)
    always_approved: bool = False  # her always-approve rule names the employer


@dataclass
class Queue:
    jobs: list[QueueJob]
    matched: int
    hidden: int
    since: datetime | None
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    last_published: datetime | None = None
    version: int = 0


SHORT_PERIODS = {"HOUR": "/h", "DAY": "/day", "WEEK": "/wk", "MONTH": "/mo", "YEAR": "/yr"}


def short_pay(
    smin: float | None, smax: float | None, currency: str | None, period: str | None
) -> str:
    """``80k–95k CAD/yr`` for the one-line row (the full ``fmt.salary_text`` is its tooltip
    and the preview's); call only when ``salary_text`` shows a salary."""

    def k(x: float) -> str:
        return f"{x / 1000:.0f}k" if x >= 10_000 else f"{x:,.0f}" if x >= 100 else f"{x:g}"

    values = [k(v) for v in dict.fromkeys(v for v in (smin, smax) if v is not None)]
    amount = "–".join(values)
    if smin is None or smax is None:  # "up to" / "from" one figure
        amount = f"≤{amount}" if smin is None else f"{amount}+"
    return f"{amount} {currency or ''}{SHORT_PERIODS.get(period or '', '')}".strip()


def last_published(con: duckdb.DuckDBPyConnection) -> datetime | None:
    row = con.execute(
        "SELECT max(published_at) FROM digests WHERE unpublished_at IS NULL"
    ).fetchone()
    return row[0] if row else None


def review_queue(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    rules: Rules,
    now: datetime,
    limit: int = LIMIT,
) -> Queue:
    """The queue with these filters: at most ``limit`` jobs built for display, all counted.

    ``filters.hidden`` turns it round: only the jobs her rules hide (and those she unhid),
    each with the rule, so a rule that caught too much is seen and undone job by job."""
    latest = last_published(con)
    since = None if filters.all_weeks else latest
    extra, args = filters.where()
    rows = con.execute(
        f"SELECT {COLUMNS} {BASE} AND {extra}"
        " ORDER BY coalesce(j.posted_at, j.first_seen_at) DESC, j.job_id",
        [rules.phrase_pattern_re2(), since, since, *args],
    ).fetchall()
    jobs: list[QueueJob] = []
    matched = hidden = 0
    for r in rows:
        (job_id, title, company, city, region, country, workplace, smin, smax, cur, period,
         origin, category, posted, first_seen, source_names, url, apply_url, text, status,
         featured, note, edited, agency_words, seniority) = r  # fmt: skip
        hidden_by = rules.hidden_by(company, title)
        is_hidden = hidden_by is not None and rules.hidden(company, title)
        hidden += is_hidden
        if (hidden_by is None) if filters.hidden else is_hidden:
            continue
        if not filters.agency and len(jobs) >= limit:
            matched += 1  # counted, not shown: skip the formatting
            continue
        agency = agency_words or rules.agency(company, title, None)
        if (filters.agency == "hide" and agency) or (filters.agency == "only" and not agency):
            continue
        matched += 1
        if len(jobs) >= limit:
            continue
        salary = fmt.salary_text(smin, smax, cur, period, origin)
        jobs.append(
            QueueJob(
                job_id=job_id,
                title=edited or title,
                original_title=title,
                company=company,
                location=fmt.location_text(city, region, country, workplace),
                workplace=workplace,
                salary=salary,
                category=category,
                category_label=fmt.category_label(category),
                posted_at=posted or first_seen,
                age=fmt.age_badge(posted or first_seen, now),
                sources=tuple(source_names or ()),
                url=fmt.safe_url(apply_url) or fmt.safe_url(url),
                status=status,
                featured=bool(featured),
                note=note,
                agency=agency,
                snippet=fmt.two_lines(text, 400),
                seniority=seniority,
                pay=short_pay(smin, smax, cur, period) if salary else "",
                place=city or region or country or ("remote" if workplace == "remote" else ""),
                hidden_by=(hidden_by + ("" if is_hidden else " (unhidden)")) if hidden_by else None,
                always_approved=rules.always_approved(company),
            )
        )
    return Queue(jobs=jobs, matched=matched, hidden=hidden, since=since,
                 facets=facets(con, since), last_published=latest,
                 version=decisions.version(con))  # fmt: skip


def facets(
    con: duckdb.DuckDBPyConnection, since: datetime | None
) -> dict[str, list[tuple[str, int]]]:
    """Values to offer in each filter, with how many queued jobs have them (one query)."""
    rows = con.execute(
        "SELECT j.hr_category, coalesce(j.location_region, j.location_country), j.workplace,"
        f" j.seniority, j.location_city, j.source_names {BASE}",
        [since, since],
    ).fetchall()
    names = ("category", "region", "workplace", "seniority", "city")
    counts: dict[str, Counter[str]] = {k: Counter() for k in (*names, "source")}
    for *values, sources in rows:
        for name, value in zip(names, values, strict=True):
            if value:
                counts[name][value] += 1
        counts["source"].update(set(sources or ()))
    return {name: sorted(c.items()) for name, c in counts.items()}


def job_detail(con: duckdb.DuckDBPyConnection, job_id: str, now: datetime) -> dict[str, Any] | None:
    """One job with its description (the page shows its text, escaped), its facts as the
    queue shows them, and every posting (the sites carrying it)."""
    row = con.execute(
        "SELECT j.job_id, j.title, j.company, j.url, j.apply_url, j.description_html,"
        " j.description_text, c.status, c.featured, c.note, c.edited_title,"
        " j.location_city, j.location_region, j.location_country, j.workplace, j.salary_min,"
        " j.salary_max, j.salary_currency, j.salary_period, j.salary_origin, j.hr_category,"
        " j.seniority, j.employment_type, coalesce(j.posted_at, j.first_seen_at), j.closed_at"
        " FROM jobs j LEFT JOIN curation c USING (job_id) WHERE j.job_id = ?",
        [job_id],
    ).fetchone()
    if row is None:
        return None
    keys = ("job_id", "title", "company", "url", "apply_url", "description_html",
            "description_text", "status", "featured", "note", "edited_title")  # fmt: skip
    out = dict(zip(keys, row[:11], strict=True))
    (city, region, country, workplace, smin, smax, cur, period, origin, category, seniority,
     employment, posted, closed) = row[11:]  # fmt: skip
    out.update(
        location=fmt.location_text(city, region, country, workplace),
        workplace=workplace,
        salary=fmt.salary_text(smin, smax, cur, period, origin),
        category=fmt.category_label(category),
        seniority=seniority,
        employment_type=employment,
        posted_at=posted,
        age=fmt.age_badge(posted, now),
        closed_at=closed,
        link=fmt.safe_url(out["apply_url"]) or fmt.safe_url(out["url"]),
    )
    out["postings"] = con.execute(
        "SELECT source_name, url, first_seen_at, closed_at FROM postings WHERE job_id = ?"
        " ORDER BY first_seen_at",
        [job_id],
    ).fetchall()
    return out


def apply_standing(con: duckdb.DuckDBPyConnection, now: datetime | None = None) -> int:
    """Approve the queued, undecided jobs of her always-approve employers (one undoable
    group, logged as ``employer``); returns how many. Run when such a rule is added, when
    the queue is shown and before publishing, so new jobs of those employers go out too."""
    rules = rules_mod.load(con)
    if not rules.approved_employers:
        return 0
    # never one she decided herself, even if she undid it since: her word stands
    rows = con.execute(
        f"SELECT j.job_id, j.company, j.title {BASE}"
        " AND coalesce(c.status, 'undecided') = 'undecided' AND j.job_id NOT IN"
        " (SELECT job_id FROM curation_log WHERE action NOT IN ('note', 'title'))",
        [None, None],
    ).fetchall()
    ids = [r[0] for r in rows if rules.always_approved(r[1]) and not rules.hidden(r[1], r[2])]
    if ids:
        decisions.decide_many(con, ids, "approve", now, action_name="employer")
    return len(ids)
