"""ATS APIs as bytes: the Greenhouse boards API and the Lever postings API.

Shapes mirror the public APIs (keys as in ``shared/corpus/ats_careerkit``): Greenhouse's
``{"jobs": [...], "meta": {"total": N}}`` with HTML-escaped ``content``; Lever's JSON list
with ``skip``/``limit`` paging (an empty list past the end). The board copy of a job carries
the employer's boilerplate paragraph, which the job-site and feed copies do not.
"""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta, timezone
from typing import Any

from sampleweb import ids, vocab
from sampleweb.generate import Job, World

EASTERN = timezone(timedelta(hours=-5), "EST")
_SECTION = re.compile(r"<h3>(.*?)</h3><ul>(.*?)</ul>")
_TAG = re.compile(r"<[^>]+>")


def board_location(job: Job) -> str:
    if job.workplace == "remote":
        return f"Remote - {job.city.country_name}"
    return job.city.short


def plain(fragment: str) -> str:
    return html.unescape(_TAG.sub(" ", fragment.replace("</li>", "\n").replace("</p>", "\n")))


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def _stamp(job: Job, hours: int = 0) -> str:
    return (job.posted + timedelta(hours=hours)).astimezone(EASTERN).isoformat(timespec="seconds")


def _recruiter(job: Job) -> str:
    first, last = vocab.AUTHORS[job.n % len(vocab.AUTHORS)].lower().split()
    return f"{first}.{last}@{job.company.slug}.example"


def board_jobs(world: World, slug: str, ats: str) -> list[Job]:
    return [
        j
        for j in world.jobs
        if j.company.slug == slug and j.company.ats == ats and world.is_open(j)
    ]


def _board_exists(world: World, slug: str, ats: str) -> bool:
    return any(c.slug == slug and c.ats == ats for c in world.companies)


def greenhouse_board(world: World, base: str, slug: str, content: bool = True) -> bytes | None:
    if not _board_exists(world, slug, "greenhouse"):
        return None
    jobs = board_jobs(world, slug, "greenhouse")
    out = []
    for j in jobs:
        metadata: list[dict[str, Any]] = [
            {
                "id": 4095122002,
                "name": "Employment Type",
                "value": j.employment[1],
                "value_type": "single_select",
            },
        ]
        if j.n % 3 == 0:  # recruiter contact in metadata: personal data the crawler must drop
            metadata.append(
                {
                    "id": 4095122010,
                    "name": "Recruiter Email",
                    "value": _recruiter(j),
                    "value_type": "short_text",
                }
            )
        item: dict[str, Any] = {
            "absolute_url": ids.gh_url(base, j) + ids.TRACKING["greenhouse"],
            "data_compliance": [
                {
                    "type": "gdpr",
                    "requires_consent": False,
                    "requires_processing_consent": False,
                    "requires_retention_consent": False,
                    "retention_period": None,
                    "demographic_data_consent_applies": False,
                }
            ],
            "internal_job_id": 3_000_200_000 + j.n * 37,
            "location": {"name": board_location(j)},
            "metadata": metadata,
            "id": ids.gh_id(j),
            "updated_at": _stamp(j, hours=j.n % 5),
            "requisition_id": f"R-{10000 + j.n}",
            "title": j.title,
            "company_name": j.company.name,
            "first_published": _stamp(j),
            "language": "en",
            "application_deadline": j.valid_through.isoformat() if j.valid_through else None,
            "content": html.escape(
                j.description + vocab.BOILERPLATE.format(company=j.company.name)
            ),
            "departments": [
                {"id": 4038470000 + len(j.team), "name": j.team, "child_ids": [], "parent_id": None}
            ],
            "offices": [
                {
                    "id": 4009810000 + len(j.city.name),
                    "name": j.city.name,
                    "location": j.city.long,
                    "child_ids": [],
                    "parent_id": None,
                }
            ],
        }
        if j.salary and j.salary.structured and j.salary.period == "YEAR":
            item["pay_input_ranges"] = [
                {
                    "min_cents": int(j.salary.low * 100),
                    "max_cents": int(j.salary.high * 100),
                    "currency_type": j.salary.currency,
                    "title": "Base salary",
                    "blurb": "<p>Final pay depends on experience and location.</p>",
                }
            ]
        if not content:
            for key in ("content", "departments", "offices", "pay_input_ranges"):
                item.pop(key, None)
        out.append(item)
    return _dumps({"jobs": out, "meta": {"total": len(out)}})


LEVER_INTERVAL = {"YEAR": "per-year-salary", "HOUR": "per-hour-wage"}


def lever_postings(
    world: World, base: str, slug: str, skip: int, limit: int | None
) -> bytes | None:
    if not _board_exists(world, slug, "lever"):
        return None
    jobs = board_jobs(world, slug, "lever")
    page = jobs[skip : skip + limit] if limit is not None else jobs[skip:]
    out = []
    for j in page:
        pid = ids.lever_id(world.seed, j)
        url = ids.lever_url(base, world.seed, j)
        sections = _SECTION.findall(j.description)
        opening = _SECTION.sub("", j.description)
        additional = vocab.BOILERPLATE.format(company=j.company.name)
        item: dict[str, Any] = {
            "additionalPlain": plain(additional).strip(),
            "additional": additional,
            "categories": {
                "commitment": j.employment[1],
                "location": j.city.long,
                "team": j.team,
                "allLocations": [j.city.long],
            },
            "createdAt": int(j.posted.timestamp() * 1000),
            "descriptionPlain": plain(opening).strip(),
            "description": opening,
            "id": pid,
            "lists": [{"text": t, "content": c} for t, c in sections],
            "text": j.title,
            "country": j.city.country,
            "workplaceType": j.workplace,
            "hostedUrl": url,
            "applyUrl": f"{url}/apply{ids.TRACKING['lever']}",
        }
        if j.salary and j.salary.structured:
            item["salaryRange"] = {
                "currency": j.salary.currency,
                "interval": LEVER_INTERVAL[j.salary.period],
                "min": j.salary.low,
                "max": j.salary.high,
            }
        out.append(item)
    return _dumps(out)
