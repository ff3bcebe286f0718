"""The generated world behind the sample web: employers, HR jobs, look-alikes, blog posts.

Everything is derived from a seed (``random.Random(seed)``), so the same seed gives the same
bytes. All text is generated from the small vocabularies below: invented companies, realistic
HR and non-HR titles, template descriptions. No real employer's text is used.

Ground truth: each real job has a ``job_id``; a share of HR jobs are cross-posted (the
employer's ATS board, the job site, the job feed) with realistic variation (tracking
parameters, a location suffix on the title, a reformatted location, extra boilerplate), and
look-alikes (same title at the same employer in another city; junior vs senior) are distinct
jobs. ``truth()`` lists which posting identities belong to which real job.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

EPOCH = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

COMPANY_STEMS = [
    "Maplewood", "Harbourline", "Northgate", "Cedarview", "Lakeshore", "Brightwater",
    "Stonebridge", "Redpine", "Bluecrest", "Silverbirch", "Oakridge", "Greyhaven",
    "Ironleaf", "Tallgrass", "Westmount", "Kingsway", "Riverbend", "Foxglove",
]  # fmt: skip
COMPANY_TAILS = ["Logistics", "Health", "Financial", "Foods", "Software", "Energy", "Retail",
                 "Insurance", "Labs", "Transit", "Credit Union", "Hospital"]  # fmt: skip
SUFFIXES = ["Inc.", "Ltd.", "Corp.", "", "Group"]

HR_TITLES = [
    "HR Business Partner", "Talent Acquisition Specialist", "Recruiter", "HR Generalist",
    "Payroll Administrator", "Compensation Analyst", "Total Rewards Specialist",
    "Learning and Development Specialist", "Employee Relations Advisor", "HRIS Analyst",
    "People Analytics Analyst", "Diversity and Inclusion Manager", "Health and Safety Coordinator",
    "HR Coordinator", "Director of Human Resources", "Recruiting Coordinator",
    "Benefits Administrator", "Labour Relations Specialist", "Workday HCM Analyst",
    "Onboarding Coordinator",
]  # fmt: skip
SENIOR = ["Senior ", "Junior ", "Lead ", ""]
OTHER_TITLES = [
    "Software Engineer", "Account Executive", "Financial Analyst", "Warehouse Associate",
    "Registered Nurse", "Data Engineer", "Marketing Manager", "Customer Service Representative",
    "Medical Benefits Billing Clerk", "Product Designer", "Electrician", "Store Manager",
]  # fmt: skip
CITIES = [
    ("Toronto", "ON", "Ontario", "CA"), ("Toronto", "ON", "Ontario", "CA"),
    ("Mississauga", "ON", "Ontario", "CA"), ("Ottawa", "ON", "Ontario", "CA"),
    ("Vancouver", "BC", "British Columbia", "CA"), ("Calgary", "AB", "Alberta", "CA"),
    ("Montréal", "QC", "Quebec", "CA"), ("Halifax", "NS", "Nova Scotia", "CA"),
    ("New York", "NY", "New York", "US"), ("Chicago", "IL", "Illinois", "US"),
    ("London", "", "England", "GB"),
]  # fmt: skip
DUTIES = [
    "partner with managers on workforce planning", "run full-cycle recruitment",
    "coach leaders through employee relations matters", "keep payroll accurate and on time",
    "design fair and competitive pay programs", "build onboarding that people remember",
    "turn people data into decisions", "lead health and safety committees",
    "keep our HRIS clean and useful", "grow learning programs for frontline teams",
]  # fmt: skip
BLOG_TOPICS = [
    "pay transparency laws", "structured interviews", "four-day work weeks", "skills-based hiring",
    "return-to-office policies", "HR analytics dashboards", "manager training", "burnout",
    "internal mobility", "onboarding checklists", "job architecture", "benefits renewals",
]  # fmt: skip


@dataclass(frozen=True)
class Company:
    slug: str
    name: str


@dataclass
class Job:
    job_id: str
    company: Company
    title: str
    city: tuple[str, str, str, str]
    hr: bool
    posted: datetime
    salary: tuple[int, int] | None
    description: str
    workplace: str
    boards: list[str] = field(default_factory=list)  # which sources carry it


@dataclass(frozen=True)
class BlogPost:
    blog: str
    n: int
    title: str
    author: str
    published: datetime
    body: str


@dataclass
class World:
    seed: int
    companies: list[Company]
    jobs: list[Job]
    posts: dict[str, list[BlogPost]]
    jobsite_pages: int
    blog_feeds: list[str]


def _company(rng: random.Random, i: int) -> Company:
    stem = COMPANY_STEMS[i % len(COMPANY_STEMS)]
    tail = COMPANY_TAILS[(i * 7 + rng.randrange(3)) % len(COMPANY_TAILS)]
    suffix = rng.choice(SUFFIXES)
    name = " ".join(x for x in (stem, tail, suffix) if x)
    return Company(
        slug=f"{stem}{tail}".lower().replace(" ", "") + (str(i) if i >= 18 else ""), name=name
    )


def _description(rng: random.Random, title: str, company: Company) -> str:
    duties = rng.sample(DUTIES, 3)
    items = "".join(f"<li>You will {d}.</li>" for d in duties)
    return (
        f"<p>{company.name} is hiring a {title} to join a growing people team.</p>"
        f"<ul>{items}</ul><p>Reference {rng.randrange(10**6):06d}.</p>"
    )


def build(seed: int = 7, scale: int = 1, jobsite_pages: int | None = None,
          blog_feeds: int | None = None) -> World:  # fmt: skip
    rng = random.Random(seed)
    companies = [_company(rng, i) for i in range(4 * scale + 2)]
    jobs: list[Job] = []
    per_company = 10
    for ci, company in enumerate(companies):
        used: set[tuple[str, str]] = set()
        for k in range(per_company):
            hr = rng.random() < 0.6
            # A distinct (title, city) per employer: two identical openings are look-alikes,
            # made on purpose below, not by accident here.
            while True:
                if hr:
                    role = rng.choice(HR_TITLES)
                    level = (
                        "" if role.startswith(("Director", "Lead", "Head")) else rng.choice(SENIOR)
                    )
                    title = level + role
                else:
                    title = rng.choice(OTHER_TITLES)
                city = rng.choice(CITIES)
                if (title, city[0]) not in used:
                    used.add((title, city[0]))
                    break
            salary = None
            if rng.random() < 0.6:
                low = rng.randrange(55, 140) * 1000
                salary = (low, low + rng.randrange(5, 30) * 1000)
            jobs.append(
                Job(
                    job_id=f"J{ci:03d}{k:02d}",
                    company=company,
                    title=title,
                    city=city,
                    hr=hr,
                    posted=EPOCH - timedelta(days=rng.randrange(0, 40), hours=rng.randrange(24)),
                    salary=salary,
                    description=_description(rng, title, company),
                    workplace=rng.choice(["onsite", "hybrid", "hybrid", "remote"]),
                )
            )
        # look-alikes: the same title at this employer in another city, and a senior twin
        base = next((j for j in jobs if j.company is company and j.hr), None)
        if base is not None:
            other = next(c for c in CITIES if c[0] != base.city[0])
            jobs.append(Job(f"J{ci:03d}L1", company, base.title, other, True, base.posted,
                            base.salary, _description(rng, base.title, company), base.workplace))  # fmt: skip
    # Where each job is posted: ATS board by company (greenhouse for even, lever for odd),
    # a share of HR jobs also on the job site and the job feed.
    for job in jobs:
        idx = companies.index(job.company)
        job.boards.append("greenhouse" if idx % 2 == 0 else "lever")
        if job.hr and rng.random() < 0.5:
            job.boards.append("jobsite")
        if job.hr and rng.random() < 0.3:
            job.boards.append("jobfeed")
        if not job.hr and rng.random() < 0.3:
            job.boards.append("jobsite")
    pages = jobsite_pages or max(1, len([j for j in jobs if "jobsite" in j.boards]) // 10 + 1)
    feeds = ["hr-insights", "people-matters"] + [
        f"blog-{i}" for i in range(max(0, (blog_feeds or 2) - 2))
    ]
    posts = {}
    for fi, blog in enumerate(feeds):
        brng = random.Random(f"{seed}-{blog}")
        posts[blog] = [
            BlogPost(
                blog=blog,
                n=n,
                title=f"What we learned about {brng.choice(BLOG_TOPICS)} ({n + 1})",
                author=brng.choice(["Priya", "Marc", "Dana", "Olu", "Sam"]),
                published=EPOCH - timedelta(days=n * 2 + fi % 3, hours=brng.randrange(24)),
                body=(
                    f"<p>Notes on {brng.choice(BLOG_TOPICS)} for busy HR teams.</p>"
                    f"<p>Three things to try this week: {', '.join(brng.sample(DUTIES, 3))}.</p>"
                ),
            )
            for n in range(12 if fi < 2 else 5)
        ]
    return World(seed, companies, jobs, posts, pages, feeds)
