"""Enterprise and public-sector career sites as bytes: SuccessFactors, Taleo, iCIMS, GC Jobs.

Each renders the jobs of the World's employer on that system (``World.enterprise``) in the
markup its spider reads (``spiders/<kind>.py``, whose goldens were written in the real
systems' formats), at the system's own page size, newest first. A removed posting answers
as the system does: SuccessFactors serves its search page (200) at the job's URL, Taleo
its "job is no longer available" page, iCIMS its "no longer available" notice; GC Jobs
(whose answer for a closed poster no capture shows) answers 404. The JSON APIs are in
``render_ent_api``. Ids and URLs come from the ``*_id`` / ``*_url`` functions here, which the
e2e test also reads as the ground truth.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from html import escape
from urllib.parse import quote
from zoneinfo import ZoneInfo

from sampleweb.generate import Job, World, slugify

SF_PAGE = 25  # SuccessFactors: most tenants' own page size
TALEO_PAGE = 25  # Taleo Enterprise: pagingData.pageSize of most career sections
ICIMS_PAGE = 20  # iCIMS: the portal's own page size ("Page 1 of 2")
GC_PAGE = 25  # GC Jobs: results a page (the spider follows "Page N of M", whatever the size)
EASTERN = ZoneInfo("America/Toronto")
GC_BRANCH = "Human Resources Branch"


def employer_jobs(world: World, kind: str, slug: str | None = None) -> list[Job] | None:
    """The open jobs of ``kind``'s employer, newest first (None: no such employer)."""
    jobs = world.enterprise.get(kind)
    if not jobs or (slug is not None and jobs[0].company.slug != slug):
        return None
    return sorted((j for j in jobs if world.is_open(j)), key=lambda j: j.posted, reverse=True)


def _find(world: World, kind: str, ident: str, key: Callable[[Job], str]) -> Job | None:
    """The job of ``kind`` whose id (``key``) is ``ident``, open or removed."""
    return next((j for j in world.enterprise.get(kind, []) if key(j) == ident), None)


def _day(when: datetime) -> str:
    return f"{when:%b} {when.day}, {when.year}"


def _page(title: str, body: str, body_class: str = "") -> bytes:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
        f'</title></head>\n<body class="{body_class}">\n{body}\n</body></html>\n'
    ).encode()


# --- SAP SuccessFactors ---------------------------------------------------------------------


def sf_id(job: Job) -> str:
    return str(1_100_000_000 + job.n)


def sf_url(base: str, job: Job) -> str:
    words = re.sub(r"[^A-Za-z0-9]+", "-", f"{job.city.name} {job.title} {job.city.region_code}")
    return f"{base}/successfactors/{job.company.slug}/job/{words.strip('-')}/{sf_id(job)}/"


def _sf_stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%a %b %d %H:%M:%S UTC %Y")


def successfactors_search(world: World, base: str, slug: str, startrow: int) -> bytes | None:
    jobs = employer_jobs(world, "successfactors", slug)
    if jobs is None:
        return None
    shown = jobs[startrow : startrow + SF_PAGE]
    rows = []
    for j in shown:
        href = sf_url(base, j).removeprefix(base)
        where = f"{j.city.name}, {j.city.region_code}, CA"
        link = f'<a href="{escape(href)}" class="jobTitle-link">{escape(j.title)}</a>'
        rows.append(
            f'<tr class="data-row"><td class="colTitle"><span class="jobTitle hidden-phone">'
            f'{link}</span><div class="jobdetail-phone visible-phone"><span class="jobTitle '
            f'visible-phone">{link}</span></div></td><td class="colLocation hidden-phone">'
            f'<span class="jobLocation">{escape(where)}</span></td><td class="colDate '
            f'hidden-phone"><span class="jobDate">{_day(j.posted)}</span></td></tr>'
        )
    first, last = (startrow + 1, startrow + len(shown)) if shown else (0, 0)
    label = f"Results <b>{first} – {last}</b> of <b>{len(jobs)}</b>"
    body = (
        f'<div id="content"><div class="searchResultsShell"><div class="pagination-top">'
        f'<span class="paginationLabel">{label}</span></div><table id="searchresults" '
        f'class="searchResults full table"><tbody>\n' + "\n".join(rows) + "\n</tbody></table>"
        "</div></div>"
    )
    name = jobs[0].company.name if jobs else slug
    return _page(f"Search results | Careers at {name}", body, "coreCSB search-page body")


def successfactors_job(world: World, base: str, slug: str, ident: str) -> bytes | None:
    """A job page; a removed job's URL serves the search page, as SuccessFactors does."""
    job = _find(world, "successfactors", ident, sf_id)
    if job is None or job.company.slug != slug:
        return None
    if not world.is_open(job):
        return successfactors_search(world, base, slug, 0)
    metas = [("datePosted", _sf_stamp(job.posted)), ("hiringOrganization", job.company.name),
             ("addressLocality", job.city.name), ("addressRegion", job.city.region_code),
             ("addressCountry", job.city.country)]  # fmt: skip
    if job.valid_through:
        metas.insert(1, ("validThrough", _sf_stamp(job.valid_through)))
    meta = "\n".join(f'<meta itemprop="{k}" content="{escape(v)}">' for k, v in metas)
    where = f"{job.city.name}, {job.city.region_code}, CA"
    body = (
        '<div id="content"><div class="jobDisplayShell" itemscope="itemscope" '
        'itemtype="http://schema.org/JobPosting"><div class="jobDisplay"><div class="jobTitle">'
        f'<h1><span itemprop="title" data-careersite-propertyid="title">{escape(job.title)}'
        f'</span></h1></div><div class="job">\n{meta}\n'
        f'<p><b>Date:</b> <span data-careersite-propertyid="date">{_day(job.posted)}</span></p>'
        f'<p><b>Location:</b> <span data-careersite-propertyid="location">{escape(where)}'
        '</span></p><p><b>Department:</b> <span data-careersite-propertyid="department">'
        f"{escape(job.team)}</span></p><p><b>Job type:</b> <span "
        f'data-careersite-propertyid="shifttype">Regular {escape(job.employment[1])}</span></p>'
        '<span itemprop="description" data-careersite-propertyid="description"><span '
        f'class="jobdescription">{job.description}</span></span></div></div></div></div>'
    )
    return _page(f"{job.title} Job Details | {job.company.name}", body, "coreCSB job-page body")


# --- Oracle Taleo Enterprise ----------------------------------------------------------------


def taleo_portal(slug: str) -> str:
    return str(8_105_000_000 + zlib.crc32(slug.encode()) % 1_000_000)


def taleo_contest(job: Job) -> str:
    return str(2_600_000 + job.n)


def taleo_url(base: str, job: Job) -> str:
    return f"{base}/careersection/{job.company.slug}/jobdetail.ftl?job={taleo_contest(job)}&lang=en"


def _taleo_place(job: Job) -> str:
    return f"{job.city.country_name}-{job.city.region}-{job.city.name}"


def taleo_search(world: World, portal: str, body: bytes) -> bytes | None:
    """The ``searchjobs`` answer: page ``pageNo`` (from 1) of the POSTed search."""
    jobs = world.enterprise.get("taleo") or []
    if not jobs or taleo_portal(jobs[0].company.slug) != portal:
        return None
    try:
        page = int(json.loads(body or b"{}").get("pageNo", 1))
    except (ValueError, TypeError, AttributeError):
        return None
    listed = employer_jobs(world, "taleo") or []
    shown = listed[(page - 1) * TALEO_PAGE : page * TALEO_PAGE] if page >= 1 else []
    reqs = [{"jobId": str(j.n), "contestNo": taleo_contest(j),
             "column": [j.title, json.dumps([_taleo_place(j)]), _day(j.posted)],
             "hotJob": False, "isApplyOnline": True} for j in shown]  # fmt: skip
    data = {"requisitionList": reqs,
            "pagingData": {"currentPageNo": page, "pageSize": TALEO_PAGE,
                           "totalCount": len(listed)}}  # fmt: skip
    return json.dumps(data, indent=1, ensure_ascii=False).encode()


def _js(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def taleo_detail(world: World, section: str, contest: str) -> bytes | None:
    job = _find(world, "taleo", contest, taleo_contest)
    if job is None or job.company.slug != section:
        return None
    if not world.is_open(job):
        return _page(
            "Job Description",
            '<div id="requisitionDescriptionInterface.container"><p class="errorMessage">The '
            f'job is no longer available.</p><a href="/careersection/{section}/jobsearch.ftl?'
            'lang=en">Back to job search</a></div>',
        )
    values = [""] * 40
    values[0], values[9], values[10] = str(job.n), job.title, contest
    values[11] = "!*!" + quote(job.description, safe="")
    values[15], values[17], values[21] = job.team, _taleo_place(job), job.team
    values[23] = job.employment[1]
    if job.valid_through:
        values[27] = f"{_day(job.valid_through)}, 11:59:00 PM"
    payload = ",".join(_js(v) for v in values)
    script = (
        '<div id="requisitionDescriptionInterface.container"></div>\n<script type="text/'
        "javascript\">\nvar _ftlData = {};\napi.fillList('requisitionDescriptionInterface', "
        f"'descRequisition', [{payload}]);\n</script>"
    )
    return _page(f"Job Description - {job.title} ({contest})", script)


# --- iCIMS ----------------------------------------------------------------------------------


def icims_id(job: Job) -> str:
    return str(job.n - 198_000)


def icims_url(base: str, job: Job) -> str:
    return f"{base}/jobs/{icims_id(job)}/{slugify(job.title)}/job"


def icims_search(world: World, base: str, pr: int) -> bytes | None:
    jobs = employer_jobs(world, "icims")
    if jobs is None:
        return None
    pages = max(1, -(-len(jobs) // ICIMS_PAGE))
    cards = []
    for j in jobs[pr * ICIMS_PAGE : (pr + 1) * ICIMS_PAGE]:
        href = icims_url(base, j).removeprefix(base) + "?in_iframe=1"
        cards.append(
            '<li class="iCIMS_JobCardItem"><div class="row"><div class="col-xs-6 header left">'
            '<span class="sr-only field-label">Job Locations</span><span>'
            f"CA-{j.city.region_code}-{escape(j.city.name)}</span></div>"
            '<div class="col-xs-12 title"><a href="' + escape(href) + '" class="iCIMS_Anchor" '
            f'title="{icims_id(j)} - {escape(j.title)}"><span class="sr-only field-label">Job '
            f"Title</span><h3>{escape(j.title)}</h3></a></div></div></li>"
        )
    name = jobs[0].company.name if jobs else "Careers"
    body = (
        '<div class="container-fluid iCIMS_JobsTable iCIMS_ListingsPage"><div '
        'class="iCIMS_JobListingRow"><ul class="container-fluid iCIMS_JobCards">\n'
        + "\n".join(cards)
        + '\n</ul></div><div class="iCIMS_Paging text-center"><span class="sr-only">'
        f"Page {min(pr + 1, pages)} of {pages}</span></div></div>"
    )
    return _page(f"Search Results | {name} Careers", body, "iCIMS_MainWrapper")


def icims_job(world: World, ident: str) -> bytes | None:
    job = _find(world, "icims", ident, icims_id)
    if job is None:
        return None
    name = job.company.name
    if not world.is_open(job):
        return _page(f"{name} Careers", '<div class="iCIMS_InfoMsg iCIMS_InfoMsg_Job"><p>This '
                     "job is no longer available.</p></div>", "iCIMS_MainWrapper")  # fmt: skip
    posting: dict[str, object] = {
        "@context": "https://schema.org", "@type": "JobPosting", "title": job.title,
        "identifier": {"@type": "PropertyValue", "name": name,
                       "value": f"{job.posted.year}-{icims_id(job)}"},
        "datePosted": job.posted.date().isoformat(),
        "hiringOrganization": {"@type": "Organization", "name": name},
        "jobLocation": [{"@type": "Place", "address": {
            "@type": "PostalAddress", "addressLocality": job.city.name,
            "addressRegion": job.city.region_code, "addressCountry": job.city.country}}],
        "employmentType": job.employment[0], "description": job.description,
    }  # fmt: skip
    if job.valid_through:
        posting["validThrough"] = job.valid_through.date().isoformat()
    if job.salary and job.salary.structured:
        posting["baseSalary"] = {"@type": "MonetaryAmount", "currency": job.salary.currency,
                                 "value": {"@type": "QuantitativeValue",
                                           "minValue": job.salary.low, "maxValue": job.salary.high,
                                           "unitText": job.salary.period}}  # fmt: skip
    ld = json.dumps(posting, ensure_ascii=False).replace("</", "<\\/")
    body = (
        f'<script type="application/ld+json">{ld}</script>\n<div class="iCIMS_JobHeaderGroup">'
        f'<h1 class="iCIMS_Header">{escape(job.title)}</h1></div>'
        f'<div class="iCIMS_JobContent">{job.description}</div>'
    )
    return _page(f"{job.title} | {name} Careers", body, "iCIMS_MainWrapper")


# --- GC Jobs --------------------------------------------------------------------------------


def gc_poster(job: Job) -> str:
    return str(2_200_000 + job.n)


def gc_url(base: str, job: Job) -> str:
    return f"{base}/psrs-srfp/applicant/page1800?poster={gc_poster(job)}"


def gc_department(slug: str) -> str:
    return str(1100 + zlib.crc32(slug.encode()) % 900)


def gc_closing(job: Job) -> datetime:
    """The closing instant a poster states: 23:59 Eastern on its closing day."""
    day = (job.valid_through or job.posted).date()
    return datetime(day.year, day.month, day.day, 23, 59, tzinfo=EASTERN)


def _money(value: float) -> str:
    return f"${value:,.2f}" if value != int(value) else f"${value:,.0f}"


def gc_salary(job: Job) -> str | None:
    if job.salary is None or job.salary.currency != "CAD":
        return None
    tail = " per hour" if job.salary.period == "HOUR" else ""
    return f"{_money(job.salary.low)} to {_money(job.salary.high)}{tail}"


def _gc_place(job: Job) -> str:
    return f"{job.city.name} ({job.city.region})"


def _gc_languages(job: Job) -> str:
    return "Bilingual - imperative" if job.n % 3 == 0 else "English essential"


def gc_results(world: World, query: dict[str, str]) -> bytes | None:
    if query.get("tab", "1") != "1":
        return None  # internal postings need a GC Jobs account
    jobs = employer_jobs(world, "gc-jobs") or []
    wanted = query.get("departments")
    if jobs and wanted and gc_department(jobs[0].company.slug) != wanted:
        jobs = []
    page = int(query["requestedPage"]) if query.get("requestedPage", "").isdigit() else 1
    pages = max(1, -(-len(jobs) // GC_PAGE))
    rows = []
    for j in jobs[(page - 1) * GC_PAGE : page * GC_PAGE]:
        pay = gc_salary(j)
        rows.append(
            f'<li class="searchResult"><div><strong><a href="/psrs-srfp/applicant/page1800?'
            f'poster={gc_poster(j)}">{escape(j.title)}</a></strong></div><div '
            'class="tableTable"><div class="tableRow"><div class="tableCell">Closing date: '
            f"{gc_closing(j).date().isoformat()}<br>{escape(j.company.name)} - {GC_BRANCH}<br>"
            f'{escape(_gc_place(j))}</div><div class="tableCell">{_gc_languages(j)}'
            + (f"<br>{pay}" if pay else "")
            + '</div></div></div><hr class="searchJobHrLine"></li>'
        )
    body = (
        '<main property="mainContentOfPage" class="container"><div class="searchResults" '
        'id="searchResults"><h2>Search results</h2><div class="searchResultTab"><ul '
        'class="searchResultTab"><li class="searchResultTabSelected"><a href="page2440?tab=1" '
        f'class="searchJobTabAnchor">Jobs open to the public ({len(jobs)})</a></li></ul></div>'
        f'<p><span class="pagelinks">Page <strong>{page}</strong> of {pages}</span></p>'
        f'<ol class="posterInfo">{"".join(rows)}</ol></div></main>'
    )
    return _page("Job search - GC Jobs", body)


def gc_poster_page(world: World, poster: str) -> bytes | None:
    job = _find(world, "gc-jobs", poster, gc_poster)
    if job is None or not world.is_open(job):
        return None
    closing = gc_closing(job)
    boxes = [("Reference number", f"HRA{job.posted:%y}J-{job.n:06d}-000031"),
             ("Selection process number", f"{job.posted:%y}-HRA-EA-HRB-{job.n % 100000:05d}"),
             ("Location", _gc_place(job)), ("Salary", gc_salary(job)),
             ("Level", "PE-0" + str(2 + job.n % 4)),
             ("Who can apply", "Persons residing in Canada, and Canadian citizens and "
                               "Permanent residents abroad.")]  # fmt: skip
    well = "".join(f'<div class="bottomSpace"><b>{k}</b><br>{escape(v)}</div>'
                   for k, v in boxes if v)  # fmt: skip
    body = (
        '<main property="mainContentOfPage" class="container"><div>'
        f'<h1><span class="no-break-word">{escape(job.title)}</span></h1>'
        f'<h2 class="pst-h2">{escape(job.company.name)} - {GC_BRANCH}</h2>'
        '<h3 class="pst-h3"><p class="text-success">Closing date: '
        f"{closing:%B} {closing.day}, {closing.year} - 23:59, Eastern Time</p></h3>"
        '<div class="templates-container"><div class="left-box"><a href="/psrs-srfp/applicant/'
        f'page1710?careerChoiceId={gc_poster(job)}&amp;psrsMode=1">Apply</a>'
        f'<div class="well well-sub-section">{well}</div></div><div class="right-box">'
        '<div id="backToTop"> </div><div id="aboutPosition"><h2>About the position</h2>'
        f'{job.description}</div><div id="langReq"><h2>Language requirements</h2>'
        f'<div id="somcID1" class="bottomSpace">{_gc_languages(job)}</div></div></div></div>'
        "</div></main>"
    )
    return _page(f"{job.title} - GC Jobs", body)
