"""Paths of the enterprise and public-sector mirrors (``render_ent``, ``render_ent_api``).

SuccessFactors has a prefix naming it before the real path (``/successfactors/{site}/search/``,
``.../job/{slug}/{id}/``), as Dayforce's candidate-portal pages (``/dayforce-jobs/...``). The
others keep the real system's own paths at the root, because their spiders build every URL
from the origin: Taleo ``/careersection/...`` (the search by POST), iCIMS ``/jobs/search`` and
``/jobs/{id}/{slug}/job`` (one portal per sample web), Oracle ``/hcmRestApi/resources/latest/
recruitingCEJobRequisitions[Details]`` (sites by ``siteNumber``), UKG ``/{tenant}/JobBoard/
{board}/...`` (the search by POST), ADP ``/mascsr/default/...`` (boards by ``cid``), Dayforce
``/Api/{namespace}/V1/JobFeeds`` and GC Jobs ``/psrs-srfp/applicant/page2440`` / ``page1800``
(departments by the ``departments`` criterion).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

from sampleweb import render_ent as ent
from sampleweb import render_ent_api as api
from sampleweb.generate import ENTERPRISE, World
from sampleweb.routes_more import int_param

JSON = "application/json; charset=utf-8"
HTML = "text/html; charset=utf-8"
Response = tuple[int, bytes, str]
NOT_FOUND: Response = (404, b"not found\n", "text/plain")
ENT_KINDS = tuple(ENTERPRISE)
# what `eolist demo` crawls: the cheapest three (Dayforce: one request; the others 29 each;
# measured under load 15: +0-1 s on a 16-22 s crawl, SuccessFactors instead +2-6 s)
DEMO_KINDS = ("dayforce", "gc-jobs", "oracle-recruiting")
_ADP = ["mascsr", "default", "careercenter", "public", "events", "staffing", "v1",
        "job-requisitions"]  # fmt: skip
_ORACLE = ["hcmRestApi", "resources", "latest"]


def route(world: World, base: str, p: list[str], q: dict[str, str]) -> Response | None:
    """The answer for a GET of a mirror path, or None when the path is not one."""
    body: bytes | None = None
    ctype = HTML
    if len(p) == 3 and p[0] == "successfactors" and p[2] == "search":
        body = ent.successfactors_search(world, base, p[1], int_param(q, "startrow", 0))
    elif len(p) == 5 and p[0] == "successfactors" and p[2] == "job":
        body = ent.successfactors_job(world, base, p[1], p[4])
    elif len(p) == 3 and p[0] == "careersection" and p[2] == "jobdetail.ftl":
        body = ent.taleo_detail(world, p[1], q.get("job", ""))
    elif len(p) == 3 and p[0] == "careersection" and p[2] == "jobsearch.ftl":
        body = b"<!DOCTYPE html><title>Job Search</title><div id='requisitionListInterface'>"
    elif p == ["jobs", "search"]:
        body = ent.icims_search(world, base, int_param(q, "pr", 0))
    elif len(p) == 4 and p[0] == "jobs" and p[3] == "job":
        body = ent.icims_job(world, p[1])
    elif len(p) == 4 and p[:3] == _ORACLE:
        ctype = JSON
        if p[3] == "recruitingCEJobRequisitions":
            body = api.oracle_list(world, q)
        elif p[3] == "recruitingCEJobRequisitionDetails":
            body = api.oracle_detail(world, q)
    elif p[:2] == ["hcmUI", "CandidateExperience"] and len(p) in (5, 7) and p[3] == "sites":
        # the career site and its job pages: a script app over the API above (a stub here)
        body = b"<!DOCTYPE html><title>Careers</title><div id='app'></div>"
    elif len(p) == 4 and p[1] == "JobBoard" and p[3] == "OpportunityDetail":
        body = api.ukg_detail(world, p[0], p[2], q.get("opportunityId", ""))
    elif p[:8] == _ADP and len(p) in (8, 9):
        ctype = JSON
        body = api.adp_list(world, q) if len(p) == 8 else api.adp_detail(world, q, p[8])
    elif p == ["mascsr", "default", "mdf", "recruitment", "recruitment.html"]:
        body = b"<!DOCTYPE html><title>Career Center</title><div id='adp-app'></div>"
    elif len(p) == 4 and p[0] == "Api" and p[2:] == ["V1", "JobFeeds"]:
        html = q.get("htmlDescription", "false").lower() == "true"
        body, ctype = api.dayforce_feed(world, base, p[1], html), JSON
    elif len(p) == 6 and p[0] == "dayforce-jobs" and p[3:5] == ["CANDIDATEPORTAL", "jobs"]:
        body = api.dayforce_page(world, p[2], p[5])
    elif p == ["psrs-srfp", "applicant", "page2440"]:
        body = ent.gc_results(world, q)
    elif p == ["psrs-srfp", "applicant", "page1800"]:
        body = ent.gc_poster_page(world, q.get("poster", ""))
    else:
        return None
    return (200, body, ctype) if body is not None else NOT_FOUND


def route_post(world: World, raw_path: str, body: bytes) -> Response | None:
    """The answer for a POST of a mirror path (Taleo's and UKG's searches), else None."""
    parts = urlsplit(raw_path)
    p = [x for x in parts.path.split("/") if x]
    q = dict(parse_qsl(parts.query))
    if p == ["careersection", "rest", "jobboard", "searchjobs"]:
        page = ent.taleo_search(world, q.get("portal", ""), body)
    elif len(p) == 5 and p[1] == "JobBoard" and p[3:] == ["JobBoardView", "LoadSearchResults"]:
        page = api.ukg_search(world, p[0], p[2], body)
    else:
        return None
    return (200, page, JSON) if page is not None else NOT_FOUND


def source_url(world: World, base: str, kind: str) -> str:
    slug = world.enterprise[kind][0].company.slug
    return {
        "successfactors": f"{base}/successfactors/{slug}/search/?q=&startrow=0",
        "taleo": f"{base}/careersection/{slug}/jobsearch.ftl?lang=en&portal="
        + ent.taleo_portal(slug),
        "icims": f"{base}/jobs/search?ss=1&in_iframe=1",
        "oracle-recruiting": f"{base}/hcmUI/CandidateExperience/en/sites/{api.oracle_site(slug)}",
        "ultipro": f"{base}/{slug}/JobBoard/{api.ukg_board(slug)}/",
        "adp": f"{base}/mascsr/default/mdf/recruitment/recruitment.html?cid={api.adp_cid(slug)}"
        f"&ccId={api.ADP_CCID}&lang=en_CA",
        "dayforce": f"{base}/Api/{slug}/V1/JobFeeds",
        "gc-jobs": f"{base}/psrs-srfp/applicant/page2440?departments={ent.gc_department(slug)}"
        "&requestedPage=1&tab=1&toggleLanguage=en",
    }[kind]


def sources(world: World, base: str, kinds: tuple[str, ...] = ENT_KINDS) -> list[dict[str, Any]]:
    """One source per kind, on the World's employer there. ``company`` where the system's
    answers do not name the employer (Taleo, Oracle, UKG and ADP boards are the employer's own)."""
    out: list[dict[str, Any]] = []
    for kind in kinds:
        company = world.enterprise[kind][0].company
        source: dict[str, Any] = {"name": f"{kind}-{company.slug}", "kind": kind,
                                  "url": source_url(world, base, kind)}  # fmt: skip
        if kind in ("taleo", "oracle-recruiting", "ultipro", "adp"):
            source["company"] = company.name
        out.append(source)
    return out


def identity(base: str, job: Any) -> tuple[str, str]:
    """(external id, canonical URL) a crawl of ``job``'s board must store: the ground truth."""
    return {
        "successfactors": lambda: (ent.sf_id(job), ent.sf_url(base, job)),
        "taleo": lambda: (ent.taleo_contest(job), ent.taleo_url(base, job)),
        "icims": lambda: (ent.icims_id(job), ent.icims_url(base, job)),
        "oracle-recruiting": lambda: (api.oracle_id(job), api.oracle_url(base, job)),
        "ultipro": lambda: (api.ukg_id(job), api.ukg_url(base, job)),
        "adp": lambda: (api.adp_item(job), api.adp_url(base, job)),
        "dayforce": lambda: (api.dayforce_ref(job), api.dayforce_url(base, job)),
        "gc-jobs": lambda: (ent.gc_poster(job), ent.gc_url(base, job)),
    }[job.company.ats]()
