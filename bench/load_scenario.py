"""The scenario ``bench_load`` times: generated postings of 200 sources, some of them copied
by job boards (``_cross_post``), and the two landing files of a steady crawl (the warehouse's
first batch, then the batch that follows it). Generated, original content only.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pipeline.records import Posting, SourceOutcome, to_json

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)
SOURCES = 200
CITIES = [
    ("Toronto", "Ontario", "CA"), ("Vancouver", "British Columbia", "CA"),
    ("Montréal", "Quebec", "CA"), ("Calgary", "Alberta", "CA"), ("Ottawa", "Ontario", "CA"),
    ("New York", "New York", "US"), ("Chicago", "Illinois", "US"), ("London", None, "GB"),
]  # fmt: skip
CATEGORIES = [
    ("HR Business Partner", "hr_business_partner"), ("Recruiter", "talent_acquisition"),
    ("Payroll Specialist", "payroll"), ("Total Rewards Analyst", "compensation_benefits"),
    ("HR Generalist", "hr_generalist"), ("Learning Partner", "learning_development"),
    ("HRIS Analyst", "hris_people_analytics"), ("Labour Relations Advisor", "employee_labour_relations"),
]  # fmt: skip
LEVELS = [
    ("", "intermediate"),
    ("Senior ", "senior"),
    ("Junior ", "junior"),
    ("Head of ", "director"),
]
WORDS = (
    "partner with leaders on people strategy coach managers lead employee relations cases "
    "analyse workforce data design programs improve onboarding support payroll accuracy "
    "benefits renewal policy review engagement survey talent reviews succession planning"
).split()


WORDS_PER_DESCRIPTION = (60, 160)  # the default range


def make_posting(
    i: int,
    rng: random.Random,
    fetched_at: datetime = NOW,
    words: tuple[int, int] = WORDS_PER_DESCRIPTION,
) -> Posting:
    source = f"src{i % SOURCES:03d}"
    city, region, country = CITIES[rng.randrange(len(CITIES))]
    title, category = CATEGORIES[rng.randrange(len(CATEGORIES))]
    prefix, seniority = LEVELS[rng.randrange(len(LEVELS))]
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(*words)))
    low = rng.randrange(50, 140) * 1000.0
    return Posting(
        source_name=source, source_kind="greenhouse", posting_key=f"{source}:{i}",
        external_id=str(i), url=f"https://boards.example.test/{source}/jobs/{i}",
        title=f"{prefix}{title}", title_normalized=f"{prefix}{title}".lower(),
        company=f"Company {i % SOURCES}", company_normalized=f"company {i % SOURCES}",
        location_city=city, location_region=region, location_country=country,
        locations=(f"{city}, {country}",), workplace=rng.choice(["onsite", "hybrid", "remote"]),
        employment_type="FULL_TIME", salary_min=low, salary_max=low + 15000,
        salary_currency="CAD" if country == "CA" else "USD", salary_period="YEAR",
        salary_annual_min=low, salary_annual_max=low + 15000, salary_origin="structured",
        posted_at=NOW - timedelta(days=rng.randrange(60)), valid_through=None, apply_url=None,
        description_html=f"<p>{text}</p>", description_text=text, department="People",
        hr_category=category, seniority=seniority, fingerprint=f"v1:{i}:{rng.random():.6f}",
        fetched_at=fetched_at,
    )  # fmt: skip


BOARDS = 5


def _cross_post(postings: list[Posting], start: int = 0) -> None:
    """Every tenth posting (from ``start``) is a job board's copy of the one before it: same
    employer and text plus the board's footer, another source, so the dedup has real work."""
    for i in range(max(start, 1), len(postings)):
        if i % 10 != 9:
            continue
        src, board = postings[i - 1], f"board{i % BOARDS}"
        postings[i] = replace(
            src, source_name=board, source_kind="jsonld", posting_key=f"{board}:{i}",
            external_id=str(i), url=f"https://jobs.example.test/{board}/{i}",
            description_text=f"{src.description_text} Posted on {board}, free to apply.",
            fingerprint=f"v1:{i}:copy", fetched_at=postings[i].fetched_at,
        )  # fmt: skip


def write_landing(path: Path, postings: list[Posting], batch_id: str) -> None:
    sources = sorted({p.source_name for p in postings})
    with path.open("w", encoding="utf-8") as fh:
        for p in postings:
            fh.write(json.dumps(to_json(p)) + "\n")
        for s in sources:
            o = SourceOutcome(s, "greenhouse", f"https://boards.example.test/{s}", "ok", True,
                              pages=1, fetched=len(postings) // len(sources),
                              started_at=NOW, finished_at=NOW)  # fmt: skip
            fh.write(json.dumps(to_json(o)) + "\n")
        fh.write(json.dumps({"record": "Batch", "batch_id": batch_id, "run_id": "bench",
                             "batch_started_at": NOW.isoformat(),
                             "batch_finished_at": NOW.isoformat()}) + "\n")  # fmt: skip


def scenario(
    n: int,
    folder: Path,
    new_share: float = 0.5,
    words: tuple[int, int] = WORDS_PER_DESCRIPTION,
) -> tuple[list[Posting], list[Posting], Path, Path]:
    """The warehouse holds ``n - new`` postings; a batch of ``n`` arrives: ``new_share`` of it
    new, a tenth of the known ones changed (a fiftieth when under a tenth is new). ``words``:
    each description's length range in words."""
    rng = random.Random(7)
    known = n - round(n * new_share)
    changed_every = 10 if new_share >= 0.1 else 50
    first = [make_posting(i, rng, words=words) for i in range(known)]
    _cross_post(first)
    later = NOW + timedelta(hours=6)
    second = []
    for i in range(n):
        if i < known:
            p = replace(first[i], fetched_at=later)
            if i % changed_every == 0:
                p = replace(p, title=p.title + " (Hybrid)", fingerprint=p.fingerprint + "x")
        else:
            p = make_posting(i, rng, later, words)
        second.append(p)
    _cross_post(second, start=known)
    a, b = folder / "half.jsonl", folder / "full.jsonl"
    write_landing(a, first, "half")
    write_landing(b, second, "full")
    return first, second, a, b
