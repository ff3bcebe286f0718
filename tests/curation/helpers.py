"""Warehouses for curation tests, filled through the real loader (landing batch → load_batch)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from typing import Any

from pipeline.records import BlogPost
from tests.conftest import NOW, make_posting, outcome, write_batch
from warehouse import db
from warehouse.load import load_batch

XSS_TITLE = (
    '</title><script>window.__xss = "title"</script><img src=x onerror="window.__xss=\'img\'">'
)
XSS_COMPANY = "<svg onload=\"window.__xss='svg'\">Evil & Co"
XSS_DESCRIPTION = (
    '<p>Great job<script>window.__xss="desc"</script>'
    "<a href=\"javascript:window.__xss='link'\">apply</a>"
    '<img src="x" onerror="window.__xss=\'desc-img\'"></p>'
)


def blog_post(key: str, **fields: Any) -> BlogPost:
    values: dict[str, Any] = {
        "source_name": "hrblog",
        "entry_key": f"hrblog:{key}",
        "guid": key,
        "url": f"https://blog.example.test/{key}",
        "title": f"Notes on HR {key}",
        "author": "A. Writer",
        "published_at": NOW - timedelta(days=1),
        "updated_at": None,
        "summary_text": "What a week in people operations. " * 12,
        "content_html": "<p>Body</p>",
        "content_text": "Body",
        "tags": (),
        "blog_title": "The HR Desk",
        "fingerprint": f"v1:{key}",
        "fetched_at": NOW,
    }
    values.update(fields)
    return BlogPost(**values)


def jobs_set() -> list[Any]:
    """A week of postings: three employers, regions, workplaces, an agency, salary or not."""
    specs = [
        ("1", "HR Business Partner", "Maple Foods", "maple foods", "Ontario", "hybrid", 2, "hr_business_partner"),
        ("2", "Talent Acquisition Specialist", "Maple Foods", "maple foods", "Ontario", "onsite", 3, "talent_acquisition"),
        ("3", "Payroll Administrator", "Northwind", "northwind", "British Columbia", "remote", 4, "payroll"),
        ("4", "Senior Recruiter", "Randstad", "randstad", "Ontario", "onsite", 5, "talent_acquisition"),
        ("5", "Compensation Analyst", "Northwind", "northwind", "Quebec", "hybrid", 20, "compensation_benefits"),
        ("6", "HR Generalist", "Lakeside Health", "lakeside health", "Ontario", "onsite", 40, "hr_generalist"),
        ("7", "HR Coordinator", "Lakeside Health", "lakeside health", "Alberta", "onsite", 70, "hr_generalist"),
        ("8", "Learning Designer", "Cedar Bank", "cedar bank", "Ontario", "hybrid", 1, "learning_development"),
    ]  # fmt: skip
    out: list[Any] = []
    for key, title, company, norm, region, workplace, age, category in specs:
        out.append(
            make_posting(
                key,
                title=title,
                title_normalized=title.lower(),
                company=company,
                company_normalized=norm,
                location_region=region,
                workplace=workplace,
                posted_at=NOW - timedelta(days=age),
                hr_category=category,
                salary_origin=None if key in ("2", "6") else "structured",
                description_text=f"{title} at {company}."
                + (" Our client is hiring." if key == "8" else ""),
                description_html=f"<p>{title} at {company}.</p>",
            )  # fmt: skip
        )
    return out


def load(db_path: Path, folder: Path, batch_id: str, records: Iterable[Any]) -> None:
    records = list(records)
    sources = sorted({r.source_name for r in records if hasattr(r, "posting_key")})
    outs = [outcome(source=s, fetched=1) for s in sources]
    batch = write_batch(folder / "landing", batch_id, [*records, *outs])
    with db.session(db_path) as con:
        load_batch(con, batch, now=NOW)


def template(folder: Path, extra: Iterable[Any] = ()) -> Path:
    """A loaded warehouse to copy per test: the week's jobs, two blog posts, ``extra``."""
    path = folder / "template.duckdb"
    posts = [blog_post("p1"), blog_post("old", published_at=NOW - timedelta(days=30))]
    load(path, folder, "b1", [*jobs_set(), *posts, *extra])
    return path


FIRST = ("Maple", "Harbour", "Cedar", "Granite", "Aurora", "Prairie", "Summit", "Lakeshore",
         "Northern", "Riverbend", "Bluewater", "Silverline", "Oakridge", "Pinecrest", "Westgate",
         "Eastview", "Brightpath")  # fmt: skip
SECOND = ("Foods", "Health", "Logistics", "Bank", "Energy", "Retail", "Insurance", "Media",
          "Labs", "Transit", "Hotels", "Farms", "Software", "Clinics", "Builders", "Metals",
          "Textiles", "Schools", "Airlines")  # fmt: skip
ROLES = ("HR Business Partner", "Talent Acquisition Specialist", "Payroll Administrator",
         "Compensation Analyst", "HR Generalist", "People Operations Lead", "Recruiter",
         "Learning Designer", "Employee Relations Advisor", "HRIS Analyst")  # fmt: skip
LEVELS = ("junior", "intermediate", "senior", "manager", "director")
CITIES = (("Toronto", "Ontario"), ("Ottawa", "Ontario"), ("Montreal", "Quebec"),
          ("Vancouver", "British Columbia"), ("Calgary", "Alberta"))  # fmt: skip


def many_jobs(n: int) -> list[Any]:
    """``n`` distinct jobs (a busy week), one employer each so dedup keeps them apart; newest
    first is key order. Generated text, no site's content."""
    out = []
    for i in range(n):
        company = f"{FIRST[i % len(FIRST)]} {SECOND[i % len(SECOND)]}"  # 17 x 19 = 323 distinct
        title = f"{ROLES[i % len(ROLES)]} ({company})"
        city, region = CITIES[i % len(CITIES)]
        out.append(
            make_posting(
                f"m{i:03d}",
                title=title,
                title_normalized=title.lower(),
                company=company,
                company_normalized=company.lower(),
                location_city=city,
                location_region=region,
                seniority=LEVELS[i % len(LEVELS)],
                posted_at=NOW - timedelta(minutes=i),
                workplace=("hybrid", "onsite", "remote")[i % 3],
                description_text=f"{title}: job number {i} of a generated week. " * 5,
                description_html=f"<p>{title}: job number {i} of a generated week.</p>",
                fingerprint=f"v1:m{i:03d}",
            )  # fmt: skip
        )
    return out
