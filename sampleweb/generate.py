"""The generated world: employers, real jobs, where each is posted, blog posts.

Everything derives from string-seeded ``random.Random`` instances (string seeds hash with
SHA-512, so bytes are the same in every process and Python version), one per concern, so the
same seed always gives the same world and adding a blog never reshuffles the jobs.

A ``Job`` is a real-world job (the ground truth unit). Where it is posted is ``Job.boards``:
its employer's ATS board (Greenhouse or Lever), the JSON-LD job site, the job feed. A share
of HR jobs are cross-posted; look-alikes (the same title at the same employer in another
city; a senior twin of a junior opening) are separate jobs. The job site can be made far
larger than the world (``jobsite_pages``): entries past the world's own are filler jobs made
on demand from their index, so a 5,000-page site costs nothing until a page is asked for.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import lru_cache

from sampleweb import vocab
from sampleweb.text import EPOCH, BlogPost, Salary, blog_posts, describe, salary, slugify
from sampleweb.vocab import City

PAGE_SIZE = 20  # job-site listing entries per page
# Employers on the enterprise and public-sector systems (``sampleweb.render_ent``), one per
# kind: (name, jobs). Each count is just past the system's real page size, so every mirror
# pages (Dayforce's feed has no pages). Own random streams, drawn after everything else: the
# boards above keep every job they had, and the default sources do not list these.
ENTERPRISE: dict[str, tuple[str, int]] = {
    "successfactors": ("{} Financial Group", 27),
    "taleo": ("{} Health Sciences Centre", 27),
    "icims": ("{} Insurance Company", 22),
    "oracle-recruiting": ("{} University", 27),
    "ultipro": ("{} Home Stores", 52),
    "adp": ("{} Credit Union", 22),
    "dayforce": ("{} Long-Term Care", 12),
    "gc-jobs": ("{} Heritage Agency", 27),
}
# One employer on each of these small-business ATS kinds (sampleweb.render_smb), whatever the
# scale: several of them serve one board per host, so the sample web can hold only one each.
SMB_KINDS = ("jobvite", "bamboohr", "breezy", "pinpoint", "jazzhr", "comeet", "rippling",
             "paylocity")  # fmt: skip
SMB_N = 900_000  # their jobs' numbers: apart from the world's own and the job site's filler


@dataclass(frozen=True)
class Company:
    slug: str
    name: str
    ats: str | None  # "greenhouse" | "lever" | one of SMB_KINDS | None (job site / feed only)


@dataclass(frozen=True)
class Job:
    job_id: str
    n: int  # numeric id, the source of every external id
    company: Company
    title: str
    city: City
    hr: bool
    team: str
    posted: datetime
    valid_through: datetime | None
    employment: tuple[str, str]  # (schema.org value, human label)
    workplace: str  # onsite | hybrid | remote
    salary: Salary | None
    seed: int  # the world's seed: descriptions are made from it on first use
    boards: tuple[str, ...] = field(default=())

    @property
    def description(self) -> str:
        """HTML, without the employer's boilerplate (generated lazily: filler jobs of a huge
        job site are listed and counted far more often than their pages are rendered)."""
        return _description(self)


def _company(rng: random.Random, i: int, ats: str | None, taken: set[str]) -> Company:
    stem = vocab.COMPANY_STEMS[(i * 7) % len(vocab.COMPANY_STEMS)]
    trade = rng.choice(vocab.COMPANY_TRADES)
    name = " ".join(x for x in (stem, trade, rng.choice(vocab.COMPANY_SUFFIXES)) if x)
    slug = slugify(f"{stem}{trade}").replace("-", "")
    if slug in taken:
        slug, name = f"{slug}{i}", f"{stem} {trade} {i}"
    taken.add(slug)
    return Company(slug, name, ats)


def _takes_level(role: str) -> bool:
    """No "Senior Chief People Officer", "Junior Director ...", "Lead ... Lead"."""
    return not any(w in role for w in ("Director", "Chief", "Head", "Manager", "Lead"))


def draw_title(rng: random.Random, hr: bool) -> str:
    if not hr:
        return rng.choice(vocab.NON_HR_TITLES)
    role = rng.choice(vocab.HR_TITLES)
    return (rng.choice(vocab.SENIORITY) if _takes_level(role) else "") + role


def make_job(
    rng: random.Random,
    seed: int,
    n: int,
    job_id: str,
    company: Company,
    hr: bool | None = None,
    title: str | None = None,
    city: City | None = None,
    boards: tuple[str, ...] = (),
) -> Job:
    hr = rng.random() < 0.6 if hr is None else hr
    title = title or draw_title(rng, hr)
    city = city or rng.choice(vocab.CITIES)
    team = "People & Culture" if hr else rng.choice(vocab.DEPARTMENTS_NON_HR)
    employment = rng.choice(vocab.EMPLOYMENT)
    pay = salary(rng, title, city.country, employment[0] in ("PART_TIME", "TEMPORARY"))
    posted = EPOCH - timedelta(
        days=rng.randrange(0, 45), hours=rng.randrange(24), minutes=rng.randrange(60)
    )
    # validThrough stays at least 60 days past EPOCH, the web's "now" (``text.web_now``: the
    # crawler's clock day), so no generated posting expires during a crawl of it.
    days = rng.choice([45, 60, 90, 120])
    valid = (
        max(posted + timedelta(days=days), EPOCH + timedelta(days=60))
        if rng.random() < 0.4
        else None
    )
    return Job(
        job_id=job_id,
        n=n,
        company=company,
        title=title,
        city=city,
        hr=hr,
        team=team,
        posted=posted,
        valid_through=valid,
        employment=employment,
        workplace=rng.choice(["onsite", "hybrid", "hybrid", "remote"]),
        salary=pay,
        seed=seed,
        boards=boards,
    )


class World:
    """The whole generated web, minus rendering. Cheap to build at any scale."""

    def __init__(
        self,
        seed: int = 7,
        scale: int = 1,
        jobsite_pages: int | None = None,
        blog_feeds: int | None = None,
    ) -> None:
        self.seed, self.scale = seed, scale
        rng = random.Random(f"sampleweb:{seed}:world")
        taken: set[str] = set()
        ats = ["greenhouse" if i % 3 != 2 else "lever" for i in range(3 * scale)]
        self.companies = [_company(rng, i, a, taken) for i, a in enumerate(ats)]
        self.companies += [_company(rng, len(ats) + i, None, taken) for i in range(4 * scale)]
        jobs: list[Job] = []
        for company in self.companies:
            count = rng.randint(8, 14) if company.ats else rng.randint(4, 8)
            own: list[Job] = []
            used: set[tuple[str, str]] = set()
            while len(own) < count:
                # A distinct (title, city) per employer: two identical openings would be
                # indistinguishable; look-alikes are made on purpose below, not by accident.
                n = len(jobs) + len(own)
                job = make_job(rng, seed, n, f"J{n:05d}", company)
                if (job.title, job.city.name) not in used:
                    used.add((job.title, job.city.name))
                    own.append(job)
            jobs += own
            if company.ats:
                jobs += self._lookalikes(rng, seed, own, len(jobs))
                friends = [t for t in vocab.FALSE_FRIENDS if t not in {j.title for j in own}]
                title = friends[len(jobs) % len(friends)]
                jobs.append(
                    make_job(rng, seed, len(jobs), f"J{len(jobs):05d}", company, False, title)
                )
        self.jobs = [replace(j, boards=self._boards(rng, j)) for j in jobs]
        site = [j for j in self.jobs if "jobsite" in j.boards]
        rng.shuffle(site)
        self.jobsite_base: list[tuple[Job, ...]] = [(j,) for j in site]
        for i in range(len(site) - 1):  # one page carries two openings of one employer
            a, b = self.jobsite_base[i][0], self.jobsite_base[i + 1][0]
            if a.company == b.company and not a.company.ats:
                self.jobsite_base[i : i + 2] = [(a, b)]
                break
        # the small-business boards' employers, drawn apart so the jobs above stay as they were
        smb_companies, smb = _smb(seed, taken, len(self.companies))
        self.companies += smb_companies
        self.jobs += smb
        self.jobsite_base += [(j,) for j in smb if "jobsite" in j.boards]
        pages = jobsite_pages or max(1, math.ceil(len(self.jobsite_base) / PAGE_SIZE))
        self.jobsite_pages = pages
        self.jobsite_total = pages * PAGE_SIZE if jobsite_pages else len(self.jobsite_base)
        self.jobfeed = sorted(
            (j for j in self.jobs if "jobfeed" in j.boards), key=lambda j: j.posted, reverse=True
        )
        count = blog_feeds if blog_feeds is not None else 2
        self.blogs = [vocab.BLOG_NAMES[i] if i < 2 else f"hr-blog-{i:04d}" for i in range(count)]
        self.closed: set[str] = set()  # job_ids taken down (SampleWeb.close_job)
        self.wild_edits: dict[str, str] = {}  # "wild:<site>:<n>" -> lastmod (SampleWeb.edit_wild)
        self.enterprise = {
            kind: _enterprise_jobs(seed, k, kind, *spec) for k, (kind, spec) in enumerate(ENTERPRISE.items())
        }  # fmt: skip
        self._blog_index = {b: i for i, b in enumerate(self.blogs)}

    @staticmethod
    def _lookalikes(rng: random.Random, seed: int, own: list[Job], start: int) -> list[Job]:
        """Different jobs that look alike: same title in another city; a senior twin."""
        hr = [j for j in own if j.hr]
        out: list[Job] = []
        if hr:
            base = hr[0]
            taken = {j.city.name for j in own if j.title == base.title}
            other = next(c for c in vocab.CITIES if c.name not in taken)
            out.append(
                make_job(rng, seed, start, f"J{start:05d}", base.company, True, base.title, other)
            )
        titles = {(j.title, j.city.name) for j in own}
        plain = [
            j
            for j in hr
            if j.title in vocab.HR_TITLES
            and _takes_level(j.title)
            and ("Senior " + j.title, j.city.name) not in titles
        ]
        if plain:
            base = plain[-1]
            n = start + len(out)
            out.append(
                make_job(
                    rng, seed, n, f"J{n:05d}", base.company, True, "Senior " + base.title, base.city
                )
            )
        return out

    @staticmethod
    def _boards(rng: random.Random, job: Job) -> tuple[str, ...]:
        boards: list[str] = []
        if job.company.ats:
            boards.append(job.company.ats)
            site, feed = (0.5, 0.3) if job.hr else (0.15, 0.05)
        else:
            site, feed = 0.8, 0.35
        if rng.random() < site:
            boards.append("jobsite")
        if rng.random() < feed or not boards:
            boards.append("jobfeed")
        return tuple(boards)

    # the job site ---------------------------------------------------------------------
    def is_open(self, job: Job) -> bool:
        return job.job_id not in self.closed

    def open_entry(self, i: int) -> tuple[Job, ...]:
        """The still-open postings of job-site entry ``i`` (its slot and ids never move)."""
        return tuple(j for j in self.jobsite_entry(i) if j.job_id not in self.closed)

    def jobsite_entry(self, i: int) -> tuple[Job, ...]:
        """Entry ``i`` of the job site (one detail page), generated on demand past the world."""
        if i < len(self.jobsite_base):
            return self.jobsite_base[i]
        return (_filler(self.seed, i),)

    def jobsite_id(self, i: int) -> int:
        return 500_000 + i

    # blogs ----------------------------------------------------------------------------
    def blog_kind(self, blog: str) -> str:
        return "blogger" if self._blog_index[blog] % 2 == 0 else "wordpress"

    def has_blog(self, blog: str) -> bool:
        return blog in self._blog_index

    def blog_posts(self, blog: str) -> list[BlogPost]:
        return blog_posts(self.seed, blog, self._blog_index[blog])


def _enterprise_jobs(seed: int, k: int, kind: str, name: str, count: int) -> list[Job]:
    """The jobs of the employer on ``kind`` (numbered from 200,000: apart from the world's
    own and the job site's filler). In Canada, where these systems' employers post; GC Jobs
    states a closing date on every poster, so each of its jobs has one."""
    rng = random.Random(f"sampleweb:{seed}:enterprise:{kind}")
    stem = vocab.COMPANY_STEMS[-1 - 3 * k]
    company = Company(slugify(name.format(stem)).replace("-", ""), name.format(stem), kind)
    cities = [c for c in vocab.CITIES if c.country == "CA"]
    jobs: list[Job] = []
    used: set[tuple[str, str]] = set()
    while len(jobs) < count:
        n = 200_000 + 1000 * k + len(jobs)
        job = make_job(rng, seed, n, f"E{n}", company, city=rng.choice(cities), boards=(kind,))
        if kind == "gc-jobs" and job.valid_through is None:
            job = replace(job, valid_through=EPOCH + timedelta(days=rng.choice([61, 75, 90])))
        if (job.title, job.city.name) not in used:
            used.add((job.title, job.city.name))
            jobs.append(job)
    return jobs


def _smb(seed: int, taken: set[str], first: int) -> tuple[list[Company], list[Job]]:
    """One employer per SMB_KINDS kind with 5-8 jobs, some cross-posted to the job site and
    the feed; drawn from a random stream of their own (the rest of the world is unchanged)."""
    rng = random.Random(f"sampleweb:{seed}:smb")
    companies = [_company(rng, first + i, kind, taken) for i, kind in enumerate(SMB_KINDS)]
    jobs: list[Job] = []
    for company in companies:
        count, used = rng.randint(5, 8), set()
        while count:
            k = len(jobs)
            job = make_job(rng, seed, SMB_N + k, f"S{k:05d}", company)
            if (job.title, job.city.name) not in used:
                used.add((job.title, job.city.name))
                jobs.append(replace(job, boards=World._boards(rng, job)))
                count -= 1
    return companies, jobs


@lru_cache(maxsize=4096)
def _description(job: Job) -> str:
    rng = random.Random(f"sampleweb:{job.seed}:describe:{job.job_id}")
    return describe(
        rng, job.company.name, job.title, job.city, job.hr, job.team, job.salary, job.workplace
    )


@lru_cache(maxsize=4096)
def _filler(seed: int, i: int) -> Job:
    rng, company, hr, title, city = filler_head(seed, i)
    return make_job(rng, seed, 1_000_000 + i, f"F{i:07d}", company, hr, title, city, ("jobsite",))


def filler_head(seed: int, i: int) -> tuple[random.Random, Company, bool, str, City]:
    """What a filler job's identity needs, drawn first: the truth of a 100,000-entry site
    reads only this (about 4x cheaper than the whole job)."""
    rng = random.Random(f"sampleweb:{seed}:filler:{i}")
    # One employer per filler job: (title, city) never repeats within an employer by accident.
    k = rng.randrange(len(vocab.COMPANY_STEMS) * len(vocab.COMPANY_TRADES))
    stem = vocab.COMPANY_STEMS[k % len(vocab.COMPANY_STEMS)]
    trade = vocab.COMPANY_TRADES[k // len(vocab.COMPANY_STEMS)]
    company = Company(f"{slugify(stem + trade).replace('-', '')}{i}", f"{stem} {trade} {i}", None)
    hr = rng.random() < 0.6
    return rng, company, hr, draw_title(rng, hr), rng.choice(vocab.CITIES)
