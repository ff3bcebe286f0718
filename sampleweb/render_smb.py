"""Small-business ATS boards as bytes: Jobvite, BambooHR, Breezy HR, Pinpoint, JazzHR, Comeet,
Rippling and Paylocity, each in the format its spider reads (``spiders/<kind>.py`` docstrings,
the golden inputs in ``tests/data/<kind>/``), on the generated world's SMB employers
(``generate.SMB_KINDS``, one employer each).

Paths are the real systems' own, at the root of the sample web (BambooHR, Breezy, Pinpoint and
JazzHR serve one company per host, so the sample web holds one board of each): routing is in
``sampleweb.routes_smb``. Ids, posting URLs and the ground truth's identities come from here.

What a removed posting answers, as the spiders document the real systems: it leaves every
list; Jobvite's page redirects (303) to ``/careers/{company}/jobs?error=404``; BambooHR's
detail says ``jobOpeningStatus: "Filled"``; Breezy, JazzHR, Rippling and Paylocity pages
answer 404. Pay: Pinpoint's ``compensation_*`` (``compensation_visible`` false for some
jobs: a hidden figure), Rippling's ``payRangeDetails`` and Breezy's JSON-LD ``baseSalary``
when the job has structured pay; BambooHR's ``compensation`` free text; the others none in a
field (the description's "Compensation:" line still says it).
"""

from __future__ import annotations

import hashlib
import json
from html import escape
from typing import Any

from sampleweb.generate import SMB_KINDS, Job, World, slugify

JOBVITE_PAGE = 50  # Jobvite's own search page size (spiders.jobvite.PAGE_SIZE)
ALL = "allemployers"  # a Jobvite company listing every employer's jobs: several search pages
COMEET_TOKEN = "5EA1D0C0FFEE42B7A9"  # the public token the careers page would embed
PINPOINT_HIDDEN = 3  # every third structured-pay job hides its figures (compensation_visible)
PERIODS = {"YEAR": "year", "HOUR": "hour"}
RIPPLING_FREQ = {"YEAR": "ANNUAL", "HOUR": "HOURLY"}


def company(world: World, kind: str) -> Any:
    """The world's employer on ``kind`` (one per SMB kind), or None."""
    return next((c for c in world.companies if c.ats == kind), None)


def board_jobs(world: World, kind: str, slug: str | None = None) -> list[Job] | None:
    """The open jobs of ``kind``'s employer (``slug`` must name it when given), else None."""
    c = company(world, kind)
    if c is None or (slug is not None and slug != c.slug):
        return None
    return [j for j in world.jobs if j.company == c and world.is_open(j)]


def _h(job: Job, salt: str) -> str:
    return hashlib.md5(f"{salt}:{job.job_id}:{job.n}".encode()).hexdigest()


def _uuid(job: Job, salt: str) -> str:
    h = _h(job, salt)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def _ld(job: Job, url: str, pay: bool = False, escaped: bool = False) -> str:
    """A schema.org JobPosting script, as the hosted pages embed it."""
    posting: dict[str, Any] = {
        "@context": "http://schema.org", "@type": "JobPosting", "title": job.title,
        "datePosted": job.posted.date().isoformat(), "employmentType": job.employment[0],
        "hiringOrganization": {"@type": "Organization", "name": job.company.name},
        "jobLocation": [{"@type": "Place", "address": {
            "@type": "PostalAddress", "addressLocality": job.city.name,
            "addressRegion": job.city.region, "addressCountry": job.city.country}}],
        "url": url,
        # Jobvite writes the description HTML-escaped inside its JSON-LD
        "description": escape(job.description) if escaped else job.description,
    }  # fmt: skip
    if job.valid_through:
        posting["validThrough"] = job.valid_through.date().isoformat()
    if job.workplace == "remote":
        posting["jobLocationType"] = "TELECOMMUTE"
    if pay and job.salary and job.salary.structured:
        posting["baseSalary"] = {"@type": "MonetaryAmount", "currency": job.salary.currency,
                                 "value": {"@type": "QuantitativeValue",
                                           "minValue": job.salary.low,
                                           "maxValue": job.salary.high,
                                           "unitText": job.salary.period}}  # fmt: skip
    text = json.dumps(posting, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def _page(title: str, head: str, body: str) -> bytes:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>'
            f"{escape(title)}</title>\n{head}</head>\n<body>\n{body}\n</body>\n</html>\n"
            ).encode()  # fmt: skip


# Jobvite ----------------------------------------------------------------------------------
def jobvite_id(job: Job) -> str:
    return f"o{_h(job, 'jobvite')[:7]}{job.n % 10}"


def jobvite_url(base: str, slug: str, job: Job) -> str:
    return f"{base}/{slug}/job/{jobvite_id(job)}"


def _jobvite_jobs(world: World, slug: str) -> list[Job] | None:
    if slug == ALL:
        return [j for j in world.jobs if world.is_open(j)]
    return board_jobs(world, "jobvite", slug)


def jobvite_search(world: World, slug: str, page: int) -> bytes | None:
    jobs = _jobvite_jobs(world, slug)
    if jobs is None or page < 0:
        return None
    name = "Every Employer" if slug == ALL else jobs[0].company.name if jobs else slug
    chunk = jobs[page * JOBVITE_PAGE : (page + 1) * JOBVITE_PAGE]
    if not chunk:
        body = ('<div class="jv-page-body"><h2 class="jv-header">Search Jobs</h2>'
                '<p class="jv-search-no-results">No results found.</p></div>')  # fmt: skip
        return _page(f"{name} Careers", "", body)
    rows = "".join(
        f'<tr>\n <td class="jv-job-list-name">\n  <a href="/{slug}/job/{jobvite_id(j)}">'
        f'{escape(j.title)}</a>\n </td>\n <td class="jv-job-list-location">\n  '
        f"{escape(j.city.name)}, {escape(j.city.region)}\n </td>\n</tr>\n"
        for j in chunk
    )
    first, last = page * JOBVITE_PAGE + 1, page * JOBVITE_PAGE + len(chunk)
    more = (f'<a class="jv-pagination-next" href="/{slug}/search/?p={page + 1}">Next</a>'
            if last < len(jobs) else "")  # fmt: skip
    body = (
        '<div class="jv-page-container"><div class="jv-page-body">'
        '<h2 class="jv-header">Search Jobs</h2>\n<table class="jv-job-list jv-search-list">'
        f'<tbody>\n{rows}</tbody></table>\n<div class="jv-pagination"><span '
        f'class="jv-pagination-text">{first}-{last} of {len(jobs)}</span>{more}</div>'
        "</div></div>"
    )
    return _page(f"{name} Careers", "", body)


def jobvite_job(world: World, base: str, slug: str, ident: str) -> tuple[int, bytes] | None:
    """(200, page) for an open posting, (303, where to) for a removed one, None if unknown."""
    every = world.jobs if slug == ALL else [j for j in world.jobs if j.company.slug == slug]
    job = next((j for j in every if jobvite_id(j) == ident), None)
    if job is None or (slug != ALL and job.company.ats != "jobvite"):
        return None
    if not world.is_open(job):
        return 303, f"{base}/careers/{slug}/jobs?error=404".encode()
    url = jobvite_url(base, slug, job)
    body = (
        '<div class="jv-page-container"><div class="jv-page-body"><div class="jv-job-detail-top">'
        f'<h2 class="jv-header">{escape(job.title)}</h2>\n<p class="jv-job-detail-meta">\n '
        f'{escape(job.team)}\n <span class="jv-inline-separator"></span>\n '
        f"{escape(job.city.name)}, {escape(job.city.region)}\n</p>\n"
        f'<a class="jv-button jv-button-apply" href="/{slug}/job/{ident}/apply">Apply</a></div>'
        f'<div class="jv-job-detail-description">{job.description}</div></div></div>'
    )
    return 200, _page(f"{job.title} | {job.company.name} Careers", _ld(job, url, escaped=True),
                      body)  # fmt: skip


def jobvite_careers(world: World, slug: str) -> bytes | None:
    """Where a removed posting's page leads: the board, with Jobvite's "no longer open" alert."""
    jobs = _jobvite_jobs(world, slug)
    if jobs is None:
        return None
    rows = "".join(
        f'<tr><td class="jv-job-list-name"><a href="/{slug}/job/{jobvite_id(j)}">'
        f"{escape(j.title)}</a></td></tr>"
        for j in jobs[:JOBVITE_PAGE]
    )
    body = ('<div class="jv-page-body"><p class="jv-alert">The job you are looking for is no '
            f'longer open.</p><table class="jv-job-list"><tbody>{rows}</tbody></table></div>')  # fmt: skip
    return _page("Careers", "", body)


# BambooHR ---------------------------------------------------------------------------------
def bamboohr_id(job: Job) -> str:
    return str(job.n - 899_900)  # small numeric strings, as BambooHR's opening ids are


def bamboohr_url(base: str, job: Job) -> str:
    return f"{base}/careers/{bamboohr_id(job)}"


def _bamboo_fields(job: Job) -> dict[str, Any]:
    location_type = {"onsite": "0", "remote": "1", "hybrid": "2"}[job.workplace]
    return {
        "jobOpeningName": job.title, "departmentId": str(len(job.team)),
        "departmentLabel": job.team, "employmentStatusLabel": job.employment[1],
        "location": {"city": job.city.name, "state": job.city.region},
        "atsLocation": {"country": job.city.country_name, "state": None,
                        "province": job.city.region, "city": job.city.name},
        "isRemote": True if job.workplace == "remote" else None, "locationType": location_type,
    }  # fmt: skip


def bamboohr_list(world: World) -> bytes | None:
    jobs = board_jobs(world, "bamboohr")
    if jobs is None:
        return None
    result = [{"id": bamboohr_id(j), **_bamboo_fields(j)} for j in jobs]
    return _dumps({"meta": {"totalCount": len(result)}, "result": result})


def bamboohr_detail(world: World, base: str, ident: str) -> bytes | None:
    c = company(world, "bamboohr")
    job = next((j for j in world.jobs if j.company == c and bamboohr_id(j) == ident), None)
    if job is None:
        return None
    opening = {
        "jobOpeningShareUrl": bamboohr_url(base, job),
        "jobOpeningStatus": "Open" if world.is_open(job) else "Filled",
        **_bamboo_fields(job),
        "description": job.description, "datePosted": job.posted.date().isoformat(),
        "minimumExperience": None, "compensation": job.salary.text if job.salary else None,
    }  # fmt: skip
    return _dumps({"meta": {}, "result": {"jobOpening": opening, "formFields": {}}})


# Breezy HR --------------------------------------------------------------------------------
def breezy_id(job: Job) -> str:
    return _h(job, "breezy")[:12]


def breezy_url(base: str, job: Job) -> str:
    return f"{base}/p/{breezy_id(job)}-{slugify(job.title)}"


def breezy_list(world: World, base: str) -> bytes | None:
    jobs = board_jobs(world, "breezy")
    if jobs is None:
        return None
    out = []
    for j in jobs:
        friendly = f"{breezy_id(j)}-{slugify(j.title)}"
        out.append({
            "id": breezy_id(j), "friendly_id": friendly, "name": j.title,
            "url": f"{base}/p/{friendly}",
            "published_date": j.posted.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "type": {"id": j.employment[0].lower(), "name": j.employment[1]},
            "location": {"country": {"name": j.city.country_name, "id": j.city.country},
                         "state": {"id": j.city.region_code, "name": j.city.region},
                         "city": j.city.name, "is_remote": j.workplace == "remote",
                         "name": j.city.short},
            "department": j.team, "salary": j.salary.text if j.salary else "",
            "company": {"name": j.company.name, "logo_url": None,
                        "friendly_id": j.company.slug},
        })  # fmt: skip
    return _dumps(out)


def breezy_position(world: World, base: str, friendly: str) -> bytes | None:
    jobs = board_jobs(world, "breezy") or []
    job = next((j for j in jobs if f"{breezy_id(j)}-{slugify(j.title)}" == friendly), None)
    if job is None:
        return None  # a removed position answers 404
    body = (f'<div class="banner"><h1>{escape(job.title)}</h1></div>\n'
            f'<div class="description">{job.description}</div>')  # fmt: skip
    return _page(f"{job.title} - {job.company.name}", _ld(job, breezy_url(base, job), True), body)


# Pinpoint ---------------------------------------------------------------------------------
def pinpoint_id(job: Job) -> str:
    return str(job.n - 581_000)  # "318204"-like


def pinpoint_uuid(job: Job) -> str:
    return _uuid(job, "pinpoint")


def pinpoint_url(base: str, job: Job) -> str:
    return f"{base}/en/postings/{pinpoint_uuid(job)}"


def pinpoint_hides_pay(job: Job) -> bool:
    return job.n % PINPOINT_HIDDEN == 0


def pinpoint_board(world: World, base: str) -> bytes | None:
    jobs = board_jobs(world, "pinpoint")
    if jobs is None:
        return None
    out = []
    for j in jobs:
        url = pinpoint_url(base, j)
        entry: dict[str, Any] = {
            "id": pinpoint_id(j), "title": j.title, "url": url, "path": url.removeprefix(base),
            "description": j.description, "key_responsibilities_header": "",
            "key_responsibilities": "", "skills_knowledge_expertise": "",
            "benefits_header": "Benefits", "benefits": "",
            "location": {"id": str(len(j.city.name)), "city": j.city.name,
                         "name": j.city.short, "province": j.city.region},
            "workplace_type": j.workplace, "workplace_type_text": j.workplace.title(),
            "employment_type": j.employment[0].lower(), "employment_type_text": j.employment[1],
            "compensation_visible": False,
        }  # fmt: skip
        if j.salary and j.salary.structured:
            entry.update(compensation_visible=not pinpoint_hides_pay(j),
                         compensation_minimum=j.salary.low, compensation_maximum=j.salary.high,
                         compensation_currency=j.salary.currency.lower(),
                         compensation_frequency=PERIODS[j.salary.period])  # fmt: skip
        out.append(entry)
    return _dumps({"data": out})


# JazzHR -----------------------------------------------------------------------------------
def jazzhr_id(job: Job) -> str:
    h = int(_h(job, "jazzhr"), 16)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    return "".join(alphabet[(h >> (6 * i)) % 62] for i in range(10))


def jazzhr_url(base: str, job: Job) -> str:
    return f"{base}/apply/jobs/details/{jazzhr_id(job)}"


def jazzhr_list(world: World) -> bytes | None:
    jobs = board_jobs(world, "jazzhr")
    if jobs is None:
        return None
    items = "".join(
        '<li class="list-group-item"><h4 class="list-group-item-heading"><a class='
        f'"job_title_link" href="/apply/jobs/details/{jazzhr_id(j)}">{escape(j.title)}</a></h4>'
        '<ul class="list-inline list-group-item-text"><li><i class="fa fa-map-marker"></i>'
        f'{escape(j.city.short)}</li><li><i class="fa fa-sitemap"></i>{escape(j.team)}</li>'
        "</ul></li>\n"
        for j in jobs
    )
    name = jobs[0].company.name if jobs else "Careers"
    body = ('<div class="container"><h2>Current Openings</h2><div id="job_listings_wrapper">'
            f'<ul class="list-group">\n{items}</ul></div><a href="/apply">Join our talent '
            "network</a></div>")  # fmt: skip
    return _page(f"{name} - Current Openings", "", body)


def jazzhr_job(world: World, base: str, ident: str) -> bytes | None:
    job = next((j for j in board_jobs(world, "jazzhr") or [] if jazzhr_id(j) == ident), None)
    if job is None:
        return None
    place = "Remote" if job.workplace == "remote" else job.city.short
    body = (f'<div class="job-header"><h1 class="job_title">{escape(job.title)}</h1>\n'
            f'<h3 class="job_meta">{escape(job.team)} - {escape(place)} - '
            f"{escape(job.employment[1])}</h3></div>\n"
            f'<div class="job_description">{job.description}</div>')  # fmt: skip
    return _page(f"{job.title} - {job.company.name}", _ld(job, jazzhr_url(base, job)), body)


# Comeet -----------------------------------------------------------------------------------
def comeet_company_uid(world: World) -> str | None:
    c = company(world, "comeet")
    return f"{int(hashlib.md5(c.slug.encode()).hexdigest()[:2], 16):02X}.00B" if c else None


def comeet_id(job: Job) -> str:
    return f"C{job.n % 7:X}.{job.n % 4096:03X}"


def comeet_url(base: str, world: World, job: Job) -> str:
    return (f"{base}/jobs/{job.company.slug}/{comeet_company_uid(world)}/"
            f"{slugify(job.title)}/{comeet_id(job)}")  # fmt: skip


def comeet_positions(world: World, base: str, uid: str, token: str, details: bool) -> Any:
    """The positions array; (403, message) for a wrong token; None for an unknown company."""
    jobs = board_jobs(world, "comeet")
    if jobs is None or uid != comeet_company_uid(world):
        return None
    if token != COMEET_TOKEN:
        return 403, _dumps({"status": 403, "message": "invalid token"})
    out = []
    for j in jobs:
        position: dict[str, Any] = {
            "uid": comeet_id(j), "name": j.title, "department": j.team,
            "employment_type": j.employment[1], "experience_level": None,
            "workplace_type": {"onsite": "On-site", "hybrid": "Hybrid", "remote": "Remote"}[
                j.workplace],
            "company_name": j.company.name,
            "location": {"name": j.city.short, "country": j.city.country, "city": j.city.name,
                         "state": j.city.region_code, "is_remote": j.workplace == "remote"},
            "url_comeet_hosted_page": comeet_url(base, world, j),
            "time_updated": j.posted.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }  # fmt: skip
        if details:
            position["details"] = [{"name": "Description", "value": j.description, "order": 1},
                                   {"name": "Benefits", "value": None, "order": 2}]  # fmt: skip
        out.append(position)
    return 200, _dumps(out)


# Rippling ---------------------------------------------------------------------------------
def rippling_id(job: Job) -> str:
    return _uuid(job, "rippling")


def rippling_url(base: str, job: Job) -> str:
    return f"{base}/{job.company.slug}/jobs/{rippling_id(job)}"


def rippling_list(world: World, base: str, board: str) -> bytes | None:
    jobs = board_jobs(world, "rippling", board)
    if jobs is None:
        return None
    out = [{"uuid": rippling_id(j), "name": j.title, "department": {"label": j.team},
            "url": rippling_url(base, j), "workLocation": {"label": j.city.short}}
           for j in jobs]  # fmt: skip
    return _dumps(out)


def rippling_job(world: World, base: str, board: str, ident: str) -> bytes | None:
    jobs = board_jobs(world, "rippling", board) or []
    job = next((j for j in jobs if rippling_id(j) == ident), None)
    if job is None:
        return None
    places = ["Remote (Canada)"] if job.workplace == "remote" else [job.city.short]
    ranges = []
    if job.salary and job.salary.structured:
        ranges = [{"rangeStart": job.salary.low, "rangeEnd": job.salary.high,
                   "currency": job.salary.currency,
                   "frequency": RIPPLING_FREQ[job.salary.period]}]  # fmt: skip
    kind = {"PART_TIME": "HOURLY_PT", "CONTRACTOR": "CONTRACT", "TEMPORARY": "TEMPORARY",
            "INTERN": "INTERN"}.get(job.employment[0], "SALARIED_FT")  # fmt: skip
    return _dumps({
        "uuid": ident, "name": job.title, "url": rippling_url(base, job),
        "description": {"company": f"<p>{escape(job.company.name)} is hiring.</p>",
                        "role": job.description},
        "workLocations": places, "department": {"name": job.team},
        "companyName": job.company.name, "employmentType": {"label": kind, "id": kind},
        "createdOn": job.posted.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "payRangeDetails": ranges,
    })  # fmt: skip


# Paylocity --------------------------------------------------------------------------------
def paylocity_guid(world: World) -> str | None:
    c = company(world, "paylocity")
    if c is None:
        return None
    h = hashlib.md5(f"paylocity:{c.slug}".encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def paylocity_id(job: Job) -> int:
    return 2_014_000 + job.n - 900_000


def paylocity_url(base: str, job: Job) -> str:
    return f"{base}/Recruiting/Jobs/Details/{paylocity_id(job)}"


def paylocity_board(world: World, guid: str) -> bytes | None:
    jobs = board_jobs(world, "paylocity")
    if jobs is None or guid.lower() != paylocity_guid(world):
        return None
    rows = [{"JobId": paylocity_id(j), "JobTitle": j.title, "LocationName": j.city.short,
             "HiringDepartment": j.team, "PublishedDate": j.posted.isoformat(),
             "IsRemote": j.workplace == "remote",
             "Description": j.description[:60] + "…"} for j in jobs]  # fmt: skip
    name = jobs[0].company.name if jobs else "Careers"
    data = json.dumps({"Jobs": rows, "CompanyName": name}, ensure_ascii=False)
    data = data.replace("</", "<\\/")  # a description's "</p>" must not end the script
    body = ('<div id="unsupported-browser">Your browser is not supported. Please upgrade.</div>'
            "\n<script type=\"text/javascript\">\n    window.ATSPublicBaseUrl = '/Recruiting/';\n"
            f"    window.pageData = {data};\n</script>")  # fmt: skip
    return _page(f"{name} - Careers", "", body)


def paylocity_job(world: World, ident: str) -> bytes | None:
    jobs = board_jobs(world, "paylocity") or []
    job = next((j for j in jobs if str(paylocity_id(j)) == ident), None)
    if job is None:
        return None
    marker = {"remote": "Fully Remote", "hybrid": "Hybrid Remote", "onsite": "On-Site"}
    body = (
        "<script>window.ATSPublicBaseUrl = '/Recruiting/';</script>\n"
        '<div class="job-preview-header"><span class="job-preview-title left"><span>'
        f'{escape(job.title)}</span></span>\n<div class="preview-location">'
        f"{marker[job.workplace]} <span>&bull;</span> {escape(job.city.name)}, "
        f"{escape(job.city.region)} <span>&bull;</span> {escape(job.team)}</div></div>\n"
        '<div class="job-preview-details"><div class="vertical-padding">'
        f'<div class="job-listing-header">Job Type</div>\n<div>{escape(job.employment[1])}'
        '</div></div>\n<div class="job-listing-header">Description</div>\n'
        f"<div>{job.description}</div></div>"
    )
    return _page(f"{job.title} - {job.company.name}", "", body)


def gojobs_challenge() -> bytes:
    """What a non-browser client gets from gojobs: a bot challenge, never the job list."""
    return _page(
        "Radware Bot Manager Captcha",
        "",
        '<div id="challenge"><p>We apologize for the inconvenience...</p><p>...but your '
        "activity and behavior on this site made us think that you are a bot.</p>"
        '<div class="h-captcha" data-sitekey="00000000-0000-0000-0000-000000000000"></div>'
        "<noscript>Please enable JavaScript to continue.</noscript></div>",
    )


# identities (the ground truth) --------------------------------------------------------------
def source_name(kind: str, slug: str) -> str:
    return f"{kind}-{slug}"


def external_id(world: World, job: Job) -> str:
    kind = job.company.ats
    return {
        "jobvite": jobvite_id, "bamboohr": bamboohr_id, "breezy": breezy_id,
        "pinpoint": pinpoint_id, "jazzhr": jazzhr_id, "comeet": comeet_id,
        "rippling": rippling_id, "paylocity": lambda j: str(paylocity_id(j)),
    }[str(kind)](job)  # fmt: skip


def posting_url(world: World, base: str, job: Job) -> str:
    kind = job.company.ats
    if kind == "jobvite":
        return jobvite_url(base, job.company.slug, job)
    if kind == "comeet":
        return comeet_url(base, world, job)
    urls = {"bamboohr": bamboohr_url, "breezy": breezy_url, "pinpoint": pinpoint_url,
            "jazzhr": jazzhr_url, "rippling": rippling_url, "paylocity": paylocity_url}  # fmt: skip
    return urls[str(kind)](base, job)


def identities(world: World, base: str) -> list[tuple[Job, str, str, str]]:
    """(job, source, external id, canonical URL) of every SMB board posting, open or not."""
    return [
        (j, source_name(str(j.company.ats), j.company.slug), external_id(world, j),
         posting_url(world, base, j))
        for j in world.jobs if j.company.ats in SMB_KINDS
    ]  # fmt: skip
