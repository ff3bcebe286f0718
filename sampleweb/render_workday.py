"""Workday's CXS API and a plain-HTML job board, as bytes, over every employer's open jobs (tenant ``allemployers``: all of them, several pages).

Workday (``/wday/cxs/{tenant}/External/...``, the real path): the list is a POST whose JSON body
says ``offset`` and ``limit``; ``total`` is on the first page only and entries carry relative
dates ("Posted 30+ Days Ago"); the detail (GET ``.../job/{place}/{title}_R-{n}``) has the real
date, the closing date and the description. The HTML board (``/htmlboard/{slug}/jobs?page=N``,
five a page) has no structured data at all: ``HTML_SELECTORS`` is its sources.toml description.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from sampleweb.generate import EPOCH, Job, World, slugify
from sampleweb.render_ats_more import mirror_jobs

HTML_PAGE = 5
ALL = "allemployers"  # a Workday tenant listing every employer's jobs: paging by POST
HTML_SELECTORS = {
    "item": "li.opening",
    "title": "a.title::text",
    "link": "a.title::attr(href)",
    "company": ".company::text",
    "location": ".where::text",
    "salary": ".pay::text",
    "posted": "time::attr(datetime)",
    "employment_type": ".type::text",
    "next": "a.next::attr(href)",
}


def workday_path(job: Job) -> str:
    return f"/job/{slugify(job.city.name)}/{slugify(job.title)}_R-{100000 + job.n}"


def _posted_on(job: Job) -> str:
    days = (EPOCH - job.posted).days
    if days <= 0:
        return "Posted Today"
    if days == 1:
        return "Posted Yesterday"
    return "Posted 30+ Days Ago" if days > 30 else f"Posted {days} Days Ago"


def tenant_jobs(world: World, tenant: str) -> list[Job] | None:
    """A tenant's open jobs; ``allemployers`` holds every employer's (several pages of 20)."""
    if tenant == ALL:
        return [j for j in world.jobs if world.is_open(j)]
    return mirror_jobs(world, tenant)


def workday_list(world: World, tenant: str, body: bytes) -> bytes | None:
    jobs = tenant_jobs(world, tenant)
    if jobs is None:
        return None
    try:
        query = json.loads(body or b"{}")
        offset, limit = int(query.get("offset", 0)), min(int(query.get("limit", 20)), 20)
    except (ValueError, TypeError, AttributeError):
        return json.dumps({"errorCode": "HTTP_400", "message": "bad request"}).encode()
    page = jobs[offset : offset + limit]
    postings = [{"title": j.title, "externalPath": workday_path(j), "locationsText": j.city.short,
                 "postedOn": _posted_on(j), "bulletFields": [f"R-{100000 + j.n}"]}
                for j in page]  # fmt: skip
    data = {"total": len(jobs) if offset == 0 else 0, "jobPostings": postings, "facets": []}
    return json.dumps(data, indent=1).encode()


def workday_detail(world: World, base: str, tenant: str, path: str) -> bytes | None:
    job = next((j for j in tenant_jobs(world, tenant) or [] if workday_path(j) == path), None)
    if job is None:
        return None
    info: dict[str, Any] = {
        "id": job.job_id, "title": job.title, "jobDescription": job.description,
        "location": job.city.short, "postedOn": _posted_on(job),
        "startDate": job.posted.date().isoformat(),
        "timeType": "Part time" if job.employment[0] == "PART_TIME" else "Full time",
        "jobReqId": f"R-{100000 + job.n}", "jobPostingId": path.rsplit("/", 1)[-1],
        "country": {"descriptor": job.city.country_name}, "canApply": True, "posted": True,
        "externalUrl": f"{base}/workday/{tenant}/External{path}",
    }  # fmt: skip
    if job.valid_through:
        info["endDate"] = job.valid_through.date().isoformat()
    if job.workplace in ("remote", "hybrid"):
        info["remoteType"] = job.workplace.capitalize()
    data = {"jobPostingInfo": info, "hiringOrganization": {"name": job.company.name, "url": ""},
            "similarJobs": [], "userAuthenticated": False}  # fmt: skip
    return json.dumps(data, indent=1, ensure_ascii=False).encode()


def html_board(world: World, slug: str, page: int) -> bytes | None:
    jobs = mirror_jobs(world, slug)
    if jobs is None or page < 1 or (page - 1) * HTML_PAGE > max(len(jobs) - 1, 0):
        return None
    rows = []
    for j in jobs[(page - 1) * HTML_PAGE : page * HTML_PAGE]:
        pay = f'<span class="pay">{escape(j.salary.text)}</span>' if j.salary else ""
        rows.append(
            f'<li class="opening"><h2><a class="title" href="/htmlboard/{slug}/jobs/{j.n}">'
            f'{escape(j.title)}</a></h2><span class="company">{escape(j.company.name)}</span> '
            f'<span class="where">{escape(j.city.long)}</span> {pay}'
            f'<time datetime="{j.posted.date().isoformat()}">{j.posted:%b %d}</time>'
            f'<span class="type">{escape(j.employment[1])}</span></li>'
        )
    more = page * HTML_PAGE < len(jobs)
    nav = f'<a class="next" href="?page={page + 1}">More jobs</a>' if more else ""
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Careers</title></head><body>"
        f"<h1>Open positions</h1><ul>{''.join(rows)}</ul>{nav}</body></html>"
    ).encode()
