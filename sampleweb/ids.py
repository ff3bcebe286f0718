"""Source names, external ids and canonical URLs of every posting, and the ground truth.

Renderers and the truth both take ids and URLs from here, so the truth names exactly what is
served. A posting identity is ``{"source", "external_id", "url"}`` where ``url`` is the
canonical URL (no tracking parameters), as a crawler should store it after cleaning.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sampleweb import render_smb
from sampleweb.generate import Job, World, filler_head, slugify

TRACKING = {
    "greenhouse": "?gh_src=3f9a1c2d1",
    "lever": "?lever-source=eolist-sample",
    "jobsite": "?utm_source=jobsite&utm_medium=listing",
    "jobfeed": "?utm_source=rss&utm_medium=feed&utm_campaign=jobs",
}


def source_name(kind: str, key: str = "") -> str:
    return {
        "greenhouse": f"gh-{key}",
        "lever": f"lever-{key}",
        "jobsite": "jobsite",
        "jobfeed": "jobfeed",
        "blog": f"blog-{key}",
    }[kind]


def gh_id(job: Job) -> int:
    return 4_000_100_000 + job.n * 37


def lever_id(seed: int, job: Job) -> str:
    h = hashlib.md5(f"{seed}:{job.job_id}".encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def gh_url(base: str, job: Job) -> str:
    return f"{base}/job-boards/{job.company.slug}/jobs/{gh_id(job)}"


def lever_url(base: str, seed: int, job: Job) -> str:
    return f"{base}/jobs.lever/{job.company.slug}/{lever_id(seed, job)}"


def jobsite_slug(world: World, i: int, entry: tuple[Job, ...] | None = None) -> str:
    entry = entry or world.jobsite_entry(i)
    first = entry[0]
    words = first.title if len(entry) == 1 else f"{first.company.name} openings"
    return f"{slugify(words)}-{slugify(first.city.name)}-{world.jobsite_id(i)}"


def jobsite_url(base: str, world: World, i: int) -> str:
    return f"{base}/jobsite/jobs/{jobsite_slug(world, i)}"


def jobsite_external_id(world: World, i: int, k: int) -> str:
    entry = world.jobsite_entry(i)
    return f"JS-{world.jobsite_id(i)}" + (f"-{k + 1}" if len(entry) > 1 else "")


def jobfeed_guid(job: Job) -> str:
    return f"jobfeed-{job.n}"


def jobfeed_url(base: str, job: Job) -> str:
    return f"{base}/jobfeed/jobs/{job.company.slug}-{slugify(job.title)}-{job.n}"


def truth(world: World, base: str) -> dict[str, Any]:
    """``{"jobs": {job_id: [identity, ...]}, "hr": {job_id: bool}, "closed": [job_id, ...]}``.

    ``jobs`` and ``hr`` name everything served now; ``closed`` the jobs taken down.
    """
    jobs: dict[str, list[dict[str, Any]]] = {}
    hr: dict[str, bool] = {}

    def add(job: Job, source: str, external_id: str | None, url: str) -> None:
        if job.job_id in world.closed:
            return
        jobs.setdefault(job.job_id, []).append(
            {"source": source, "external_id": external_id, "url": url}
        )
        hr[job.job_id] = job.hr

    for job in world.jobs:
        if job.company.ats == "greenhouse":
            add(
                job, source_name("greenhouse", job.company.slug), str(gh_id(job)), gh_url(base, job)
            )
        elif job.company.ats == "lever":
            add(
                job,
                source_name("lever", job.company.slug),
                lever_id(world.seed, job),
                lever_url(base, world.seed, job),
            )
    for job, source, external_id, url in render_smb.identities(world, base):
        add(job, source, external_id, url)  # the small-business ATS boards
    base_entries = len(world.jobsite_base)
    for i in range(base_entries, world.jobsite_total):  # filler: read only what truth needs
        _, _, job_hr, title, city = filler_head(world.seed, i)
        job_id = f"F{i:07d}"
        if job_id not in world.closed:
            slug = f"{slugify(title)}-{slugify(city.name)}-{world.jobsite_id(i)}"
            url = f"{base}/jobsite/jobs/{slug}"
            jobs[job_id] = [
                {"source": "jobsite", "external_id": f"JS-{world.jobsite_id(i)}", "url": url}
            ]
            hr[job_id] = job_hr
    for i in range(min(base_entries, world.jobsite_total)):
        entry = world.jobsite_entry(i)
        url = f"{base}/jobsite/jobs/{jobsite_slug(world, i, entry)}"
        for k, job in enumerate(entry):
            number = f"JS-{world.jobsite_id(i)}" + (f"-{k + 1}" if len(entry) > 1 else "")
            add(job, "jobsite", number, url)
    for job in world.jobfeed:
        add(job, "jobfeed", jobfeed_guid(job), jobfeed_url(base, job))
    return {"jobs": jobs, "hr": hr, "closed": sorted(world.closed)}
