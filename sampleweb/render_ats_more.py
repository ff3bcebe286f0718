"""More ATS shapes as bytes: Ashby, SmartRecruiters, Workable, Recruitee, Personio, Teamtailor,
Workday's CXS API, and a plain-HTML board described by selectors.

Every employer's open jobs can be read in every one of these shapes ("mirror boards"), so each
spider kind runs end to end on the same generated jobs. Mirrors are listed by
``SampleWeb.sources(more_kinds=True)`` only: the default sources (and with them the dedupe
truth) are unchanged. Shapes and quirks follow the real APIs (``spiders/<kind>.py`` docstrings):
Ashby hides pay unless ``shouldDisplayCompensationOnJobPostings`` and lists an unlisted job;
SmartRecruiters pages overlap by one id and ``totalFound`` promises three postings too many;
Workable repeats a job row; Recruitee gives hours per week and ``close_at``; Personio is XML
(``emptyco`` is an empty ``<workzag-jobs/>`` board); Teamtailor pages its JSON feed; Workday
pages by POST and lists relative dates only.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from sampleweb.generate import Job, World, slugify

EMPLOYMENT = {"FULL_TIME": "FullTime", "PART_TIME": "PartTime", "CONTRACTOR": "Contract",
              "TEMPORARY": "Temporary", "INTERN": "Intern"}  # fmt: skip
RECRUITEE_CODE = {"FULL_TIME": "fulltime_permanent", "PART_TIME": "parttime_permanent",
                  "CONTRACTOR": "freelance", "TEMPORARY": "fulltime_fixed_term",
                  "INTERN": "internship"}  # fmt: skip
PERSONIO_TYPE = {"CONTRACTOR": "freelance", "TEMPORARY": "temporary", "INTERN": "intern"}
SR_PAGE_OVERLAP, SR_TOTAL_LIE = 1, 3


def mirror_jobs(world: World, slug: str) -> list[Job] | None:
    if not any(c.slug == slug for c in world.companies):
        return None
    return [j for j in world.jobs if j.company.slug == slug and world.is_open(j)]


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def _period(job: Job) -> str:
    return job.salary.period if job.salary else "YEAR"


def ashby_id(job: Job) -> str:
    return f"a5b{job.n:05d}-0000-4000-8000-{job.n * 7919:012d}"


def ashby_unlisted(job: Job) -> bool:
    return job.n % 7 == 3


def ashby_shows_pay(job: Job) -> bool:
    return bool(job.salary and job.salary.structured and job.n % 4 != 0)


def ashby_board(world: World, base: str, slug: str) -> bytes | None:
    jobs = mirror_jobs(world, slug)
    if jobs is None:
        return None
    out = []
    for j in jobs:
        url = f"{base}/ashby-jobs/{slug}/{ashby_id(j)}"
        components: list[dict[str, Any]] = []
        if j.salary and j.salary.structured:
            components = [
                {"compensationType": "Salary", "interval": f"1 {_period(j)}",
                 "currencyCode": j.salary.currency, "minValue": j.salary.low,
                 "maxValue": j.salary.high},
                {"compensationType": "EquityPercentage", "interval": "NONE",
                 "currencyCode": None, "minValue": 0.05, "maxValue": 0.2},
            ]  # fmt: skip
        out.append({
            "id": ashby_id(j), "title": j.title, "department": j.team, "team": j.team,
            "employmentType": EMPLOYMENT.get(j.employment[0], "FullTime"),
            "location": j.city.name, "secondaryLocations": [],
            "publishedAt": j.posted.isoformat(), "isListed": not ashby_unlisted(j),
            "isRemote": j.workplace == "remote",
            "workplaceType": {"remote": "Remote", "hybrid": "Hybrid"}.get(j.workplace, "OnSite"),
            "address": {"postalAddress": {"addressLocality": j.city.name,
                                          "addressRegion": j.city.region,
                                          "addressCountry": j.city.country_name}},
            "jobUrl": url, "applyUrl": f"{url}/application", "descriptionHtml": j.description,
            "shouldDisplayCompensationOnJobPostings": ashby_shows_pay(j),
            "compensation": {"compensationTierSummary": None, "summaryComponents": components},
        })  # fmt: skip
    return _dumps({"jobs": out, "apiVersion": "1"})


def sr_id(job: Job) -> str:
    return str(744_000_000_000_000 + job.n)


def _sr_item(base: str, slug: str, j: Job) -> dict[str, Any]:
    return {
        "id": sr_id(j), "name": j.title, "uuid": f"sr-{j.job_id}", "refNumber": f"REF{j.n}",
        "company": {"identifier": slug, "name": j.company.name},
        "releasedDate": j.posted.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "location": {"city": j.city.name, "region": j.city.region_code,
                     "country": j.city.country.lower(), "remote": j.workplace == "remote",
                     "hybrid": j.workplace == "hybrid", "fullLocation": j.city.long},
        "typeOfEmployment": {"id": j.employment[0].lower(), "label": j.employment[1]},
        "department": {"id": slugify(j.team), "label": j.team},
        "ref": f"{base}/smartrecruiters/v1/companies/{slug}/postings/{sr_id(j)}",
    }  # fmt: skip


def smartrecruiters_list(
    world: World, base: str, slug: str, offset: int, limit: int
) -> bytes | None:
    jobs = mirror_jobs(world, slug)
    if jobs is None:
        return None
    start = max(0, offset - SR_PAGE_OVERLAP) if offset else 0  # a page repeats the last id
    page = jobs[start : offset + limit] if offset < len(jobs) else []
    return _dumps({"offset": offset, "limit": limit, "totalFound": len(jobs) + SR_TOTAL_LIE,
                   "content": [_sr_item(base, slug, j) for j in page]})  # fmt: skip


def smartrecruiters_detail(world: World, base: str, slug: str, ident: str) -> bytes | None:
    job = next((j for j in mirror_jobs(world, slug) or [] if sr_id(j) == ident), None)
    if job is None:
        return None
    item = _sr_item(base, slug, job)
    url = f"{base}/smartrecruiters-jobs/{slug}/{ident}-{slugify(job.title)}"
    sections = {"jobDescription": {"title": "Job Description", "text": job.description}}
    item.update(postingUrl=url, applyUrl=f"{url}?oga=true", active=True,
                jobAd={"sections": sections})  # fmt: skip
    return _dumps(item)


def workable_code(job: Job) -> str:
    return f"W{job.n:08X}"


def workable_account(world: World, base: str, slug: str, details: bool) -> bytes | None:
    jobs = mirror_jobs(world, slug)
    if jobs is None:
        return None
    rows = []
    for j in jobs:
        url = f"{base}/workable-jobs/j/{workable_code(j)}"
        row = {"title": j.title, "shortcode": workable_code(j),
               "telecommuting": j.workplace == "remote", "department": j.team, "url": url,
               "shortlink": url, "application_url": f"{url}/apply",
               "published_on": j.posted.date().isoformat(),
               "created_at": j.posted.date().isoformat(), "employment_type": j.employment[1],
               "country": j.city.country_name, "city": j.city.name, "state": j.city.region,
               "locations": [{"country": j.city.country_name, "countryCode": j.city.country,
                              "city": j.city.name, "region": j.city.region, "hidden": False}]}  # fmt: skip
        if details:
            row["description"] = j.description
        rows.append(row)
        if j.n % 4 == 1:  # the widget repeats a job row (once per location in the wild)
            rows.append(dict(row))
    return _dumps({"name": jobs[0].company.name if jobs else slug, "jobs": rows})


def _utc_text(when: Any) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S UTC")


def recruitee_offers(world: World, base: str, slug: str) -> bytes | None:
    jobs = mirror_jobs(world, slug)
    if jobs is None:
        return None
    out = []
    for j in jobs:
        url = f"{base}/recruitee/{slug}/o/{slugify(j.title)}-{j.n}"
        part = j.employment[0] == "PART_TIME"
        pay = {"min": None, "max": None, "period": None, "currency": None}
        if j.salary and j.salary.structured:
            pay = {"min": f"{j.salary.low:g}", "max": f"{j.salary.high:g}",
                   "period": _period(j).lower(), "currency": j.salary.currency}  # fmt: skip
        code = RECRUITEE_CODE.get(j.employment[0]) if j.n % 5 else None  # some say only hours
        out.append({
            "id": 2_700_000 + j.n, "guid": f"r{j.n:04x}", "slug": slugify(j.title),
            "title": j.title, "description": j.description, "requirements": "",
            "careers_url": url, "careers_apply_url": f"{url}/c/new",
            "company_name": j.company.name, "department": j.team, "location": j.city.long,
            "locations": [{"city": j.city.name, "state": j.city.region,
                           "country": j.city.country_name, "country_code": j.city.country}],
            "country_code": j.city.country, "remote": j.workplace == "remote",
            "hybrid": j.workplace == "hybrid", "on_site": j.workplace == "onsite",
            "employment_type_code": code,
            "min_hours_per_week": 20 if part else 37.5, "max_hours_per_week": 25 if part else 40,
            "salary": pay, "published_at": _utc_text(j.posted), "created_at": _utc_text(j.posted),
            "close_at": _utc_text(j.valid_through) if j.valid_through else None,
            "status": "published", "mailbox_email": f"job.r{j.n:04x}@{slug}.recruitee.example",
        })  # fmt: skip
    return _dumps({"offers": out})


def personio_xml(world: World, slug: str) -> bytes | None:
    if slug == "emptyco":
        return b"<?xml version='1.0' encoding='UTF-8'?>\n<workzag-jobs/>\n"
    jobs = mirror_jobs(world, slug)
    if jobs is None:
        return None
    rows = []
    for j in jobs:
        kind = PERSONIO_TYPE.get(j.employment[0], "permanent")
        schedule = "part-time" if j.employment[0] == "PART_TIME" else "full-time"
        rows.append(
            f"<position>\n<id>{1_800_000 + j.n}</id>\n<subcompany>{escape(j.company.name)}"
            f"</subcompany>\n<office>{escape(j.city.name)}</office>\n<department>"
            f"{escape(j.team)}</department>\n<name>{escape(j.title)}</name>\n<jobDescriptions>"
            f"<jobDescription><name>Your role</name><value><![CDATA[{j.description}]]></value>"
            f"</jobDescription></jobDescriptions>\n<employmentType>{kind}</employmentType>\n"
            f"<schedule>{schedule}</schedule>\n<createdAt>{j.posted.isoformat()}</createdAt>\n"
            "</position>\n"
        )
    return ("<?xml version='1.0' encoding='UTF-8'?>\n<workzag-jobs>\n" + "".join(rows)
            + "</workzag-jobs>\n").encode()  # fmt: skip


TEAMTAILOR_PAGE = 5


def teamtailor_feed(world: World, base: str, slug: str, page: int) -> bytes | None:
    jobs = mirror_jobs(world, slug)
    if jobs is None or page < 1:
        return None
    feed = f"{base}/teamtailor/{slug}/jobs.json"
    chunk = jobs[(page - 1) * TEAMTAILOR_PAGE : page * TEAMTAILOR_PAGE]
    items = []
    for j in chunk:
        posting: dict[str, Any] = {
            "@context": "http://schema.org/", "@type": "JobPosting", "title": j.title,
            "identifier": {"@type": "PropertyValue", "name": "Teamtailor", "value": j.n},
            "datePosted": j.posted.isoformat(), "description": j.description,
            "employmentType": j.employment[0],
            "hiringOrganization": {"@type": "Organization", "name": j.company.name},
            "jobLocation": [{"@type": "Place", "address": {
                "@type": "PostalAddress", "addressLocality": j.city.name,
                "addressRegion": j.city.region, "addressCountry": j.city.country}}],
        }  # fmt: skip
        if j.salary and j.salary.structured:
            posting["baseSalary"] = {"@type": "MonetaryAmount", "currency": j.salary.currency,
                                     "value": {"@type": "QuantitativeValue",
                                               "minValue": j.salary.low,
                                               "maxValue": j.salary.high,
                                               "unitText": _period(j)}}  # fmt: skip
        items.append({"id": f"tt-{j.job_id}", "title": j.title,
                      "url": f"{base}/teamtailor/{slug}/jobs/{j.n}-{slugify(j.title)}",
                      "date_published": j.posted.isoformat(), "_jobposting": posting})  # fmt: skip
    data: dict[str, Any] = {"version": "https://jsonfeed.org/version/1.1", "title": slug,
                            "feed_url": feed, "items": items}  # fmt: skip
    if page * TEAMTAILOR_PAGE < len(jobs):
        data["next_url"] = f"{feed}?page={page + 1}"
    return _dumps(data)
