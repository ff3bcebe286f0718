"""Enterprise HR systems' JSON APIs as bytes: Oracle Recruiting Cloud, UKG Pro, ADP, Dayforce.

Same jobs and rules as ``render_ent`` (the World's employer on each system, newest first, the
system's own page size), in the shapes the spiders read: Oracle's ``finder`` paging (25) with
``{"items": []}`` for a removed requisition and pay bands as a flex field; UKG's POSTed search
(``Top`` 50) and its detail page's ``CandidateOpportunityDetail`` payload, which says
``OpportunityIsClosed`` for a removed one; ADP's 1-based ``$skip`` (20) with ``payGradeRange``
and a 404 for a removed requisition; Dayforce's whole-board Job Feeds array.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from html import escape
from typing import Any

from sampleweb.generate import Job, World
from sampleweb.render_ent import employer_jobs

ORACLE_PAGE = 25
UKG_PAGE = 50
ADP_PAGE = 20
ADP_CCID = "19000101_000001"
ORACLE_WORKPLACE = {"remote": "ORA_REMOTE", "hybrid": "ORA_HYBRID", "onsite": "ORA_ON_SITE"}
UKG_WORKPLACE = {"hybrid": 0, "onsite": 1, "remote": 2}  # UKG's own JobLocationType table
ORACLE_API = "/hcmRestApi/resources/latest"


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def _uuid(text: str) -> str:
    h = hashlib.md5(text.encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def _stamp(job: Job) -> str:
    return job.posted.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _find(world: World, kind: str, key: Any, ident: str) -> Job | None:
    return next((j for j in world.enterprise.get(kind, []) if key(j) == ident), None)


# --- Oracle Recruiting Cloud ----------------------------------------------------------------


def oracle_site(slug: str) -> str:
    return f"CX_{10 + zlib.crc32(slug.encode()) % 90}"


def oracle_id(job: Job) -> str:
    return str(job.n)


def oracle_url(base: str, job: Job) -> str:
    site = oracle_site(job.company.slug)
    return f"{base}/hcmUI/CandidateExperience/en/sites/{site}/job/{oracle_id(job)}"


def finder(value: str) -> dict[str, str]:
    name, _, params = value.partition(";")
    out = {"": name}
    for pair in params.split(","):
        key, sep, val = pair.partition("=")
        if sep:
            out[key.strip()] = val.strip().strip('"')
    return out


def _oracle_jobs(world: World, site: str | None) -> list[Job] | None:
    jobs = world.enterprise.get("oracle-recruiting") or []
    if not jobs or oracle_site(jobs[0].company.slug) != site:
        return None
    return employer_jobs(world, "oracle-recruiting")


def oracle_list(world: World, query: dict[str, str]) -> bytes | None:
    found = finder(query.get("finder", ""))
    jobs = _oracle_jobs(world, found.get("siteNumber"))
    if jobs is None or found[""] != "findReqs":
        return None
    offset = int(found["offset"]) if found.get("offset", "").isdigit() else 0
    limit = int(found["limit"]) if found.get("limit", "").isdigit() else ORACLE_PAGE
    rows = [{"Id": oracle_id(j), "Title": j.title, "PostedDate": j.posted.date().isoformat(),
             "PrimaryLocation": f"{j.city.name}, {j.city.region_code}, Canada",
             "PrimaryLocationCountry": "CA",
             "WorkplaceTypeCode": ORACLE_WORKPLACE[j.workplace],
             "ShortDescriptionStr": f"Join the {j.team} team.", "secondaryLocations": []}
            for j in jobs[offset : offset + limit]]  # fmt: skip
    search = {"SearchId": 7, "SiteNumber": found["siteNumber"], "TotalJobsCount": len(jobs),
              "Offset": offset, "Limit": limit, "requisitionList": rows}  # fmt: skip
    return _dumps({"items": [search], "count": 1, "hasMore": False, "limit": 25, "offset": 0})


def oracle_detail(world: World, query: dict[str, str]) -> bytes | None:
    found = finder(query.get("finder", ""))
    if _oracle_jobs(world, found.get("siteNumber")) is None or found[""] != "ById":
        return None
    job = _find(world, "oracle-recruiting", oracle_id, found.get("Id", ""))
    if job is None or not world.is_open(job):
        return _dumps({"items": [], "count": 0, "hasMore": False, "limit": 25, "offset": 0})
    flex = [{"Prompt": "Posting Number", "Value": f"REQ-{job.n}"}]
    if job.salary and job.salary.structured:
        flex.append({"Prompt": "Salary Range", "Value": job.salary.text})
    detail = {
        "Id": oracle_id(job), "Title": job.title, "ExternalPostedStartDate": _stamp(job),
        "PrimaryLocation": f"{job.city.name}, {job.city.region_code}, Canada",
        "PrimaryLocationCountry": "CA", "WorkplaceTypeCode": ORACLE_WORKPLACE[job.workplace],
        "JobSchedule": "Part time" if job.employment[0] == "PART_TIME" else "Full time",
        "Category": job.team, "ExternalDescriptionStr": job.description,
        "ExternalResponsibilitiesStr": None, "ExternalQualificationsStr": None,
        "CorporateDescriptionStr": f"<p>{job.company.name} is an equal opportunity employer.</p>",
        "requisitionFlexFields": flex, "secondaryLocations": [], "workLocation": [],
    }  # fmt: skip
    if job.valid_through:
        detail["ExternalPostedEndDate"] = job.valid_through.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    return _dumps({"items": [detail], "count": 1, "hasMore": False, "limit": 25, "offset": 0})


# --- UKG Pro (UltiPro) ----------------------------------------------------------------------


def ukg_board(slug: str) -> str:
    return _uuid(f"ukg-board:{slug}")


def ukg_id(job: Job) -> str:
    return _uuid(f"ukg:{job.seed}:{job.job_id}")


def ukg_url(base: str, job: Job) -> str:
    slug = job.company.slug
    return f"{base}/{slug}/JobBoard/{ukg_board(slug)}/OpportunityDetail?opportunityId={ukg_id(job)}"


def _ukg_entry(job: Job) -> dict[str, Any]:
    return {
        "Id": ukg_id(job), "Title": job.title, "RequisitionNumber": f"REQ{job.n}",
        "JobCategoryName": job.team, "FullTime": job.employment[0] != "PART_TIME",
        "JobLocationType": UKG_WORKPLACE[job.workplace], "OpportunityType": 0,
        "PostedDate": job.posted.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "Featured": False,
        "Locations": [{"LocalizedName": None, "LocalizedDescription": f"{job.city.name} office",
                       "Address": {"City": job.city.name,
                                   "State": {"Code": job.city.region_code,
                                             "Name": job.city.region},
                                   "Country": {"Code": "CAN", "Name": "Canada"},
                                   "PostalCode": None}}],
    }  # fmt: skip


def _ukg_jobs(world: World, tenant: str, board: str) -> list[Job] | None:
    jobs = world.enterprise.get("ultipro") or []
    if not jobs or jobs[0].company.slug != tenant or ukg_board(tenant) != board.lower():
        return None
    return employer_jobs(world, "ultipro")


def ukg_search(world: World, tenant: str, board: str, body: bytes) -> bytes | None:
    jobs = _ukg_jobs(world, tenant, board)
    if jobs is None:
        return None
    try:
        search = json.loads(body or b"{}").get("opportunitySearch") or {}
        top, skip = int(search.get("Top", UKG_PAGE)), int(search.get("Skip", 0))
    except (ValueError, TypeError, AttributeError):
        return None
    rows = [dict(_ukg_entry(j), BriefDescription=f"<p>Join our {j.team} team.</p>")
            for j in jobs[skip : skip + top]]  # fmt: skip
    return _dumps({"opportunities": rows, "totalCount": len(jobs)})


def ukg_detail(world: World, tenant: str, board: str, ident: str) -> bytes | None:
    """The detail page; a removed opportunity still answers, ``OpportunityIsClosed``."""
    if _ukg_jobs(world, tenant, board) is None:
        return None
    job = _find(world, "ultipro", ukg_id, ident.lower())
    if job is None:
        return None
    data = dict(_ukg_entry(job), Description=job.description,
                OpportunityIsClosed=not world.is_open(job))  # fmt: skip
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return (
        '<!DOCTYPE html>\n<html lang="en-US"><head><meta charset="utf-8"><title>'
        f"{escape(job.title)} - {escape(job.company.name)}</title></head><body>"
        '<div id="app"></div>\n'
        "<script>\n$(function () {\n  var opportunity = new US.Opportunity."
        f"CandidateOpportunityDetail({payload});\n  ko.applyBindings(opportunity);\n}});\n"
        "</script></body></html>\n"
    ).encode()


# --- ADP Workforce Now ----------------------------------------------------------------------


def adp_cid(slug: str) -> str:
    return _uuid(f"adp-cid:{slug}")


def adp_item(job: Job) -> str:
    return f"9201876{job.n:06d}_1"


def adp_url(base: str, job: Job) -> str:
    return (f"{base}/mascsr/default/mdf/recruitment/recruitment.html?cid={adp_cid(job.company.slug)}"
            f"&ccId={ADP_CCID}&lang=en_CA&selectedMenuKey=CareerCenter&jobId={adp_item(job)}")  # fmt: skip


def _adp_jobs(world: World, query: dict[str, str]) -> list[Job] | None:
    jobs = world.enterprise.get("adp") or []
    if not jobs or query.get("cid") != adp_cid(jobs[0].company.slug):
        return None
    return employer_jobs(world, "adp")


def _adp_entry(job: Job) -> dict[str, Any]:
    part = job.employment[0] == "PART_TIME"
    where = f" {job.city.name} ,  {job.city.region_code}, CA "
    return {"itemID": adp_item(job), "clientRequisitionID": str(job.n % 10000),
            "requisitionTitle": job.title,
            "postDate": job.posted.strftime("%Y-%m-%dT%H:%M:%S.000+00:00"),
            "workLevelCode": {"code": "P" if part else "F",
                              "shortName": "Part Time" if part else "Full Time"},
            "requisitionLocations": [{"nameCode": {"codeValue": "L1", "shortName": where}}]}  # fmt: skip


def adp_list(world: World, query: dict[str, str]) -> bytes | None:
    jobs = _adp_jobs(world, query)
    if jobs is None:
        return None
    skip = int(query["$skip"]) if query.get("$skip", "").isdigit() else 1
    rows = [_adp_entry(j) for j in jobs[max(skip, 1) - 1 : max(skip, 1) - 1 + ADP_PAGE]]
    return _dumps({"jobRequisitions": rows,
                   "meta": {"startSequence": skip, "totalNumber": len(jobs), "links": []}})  # fmt: skip


def adp_detail(world: World, query: dict[str, str], item: str) -> bytes | None:
    """A requisition's detail; a removed one answers 404, as ADP does."""
    if _adp_jobs(world, query) is None:
        return None
    job = _find(world, "adp", adp_item, item)
    if job is None or not world.is_open(job):
        return None
    data = dict(_adp_entry(job), requisitionDescription=job.description, links=[])
    fields: dict[str, Any] = {"stringFields": [
        {"nameCode": {"codeValue": "ExternalJobID"}, "stringValue": f"EXT-{job.n}"},
        {"nameCode": {"codeValue": "HomeDepartment"}, "stringValue": job.team}]}  # fmt: skip
    if job.salary and job.salary.structured:
        hourly = job.salary.period == "HOUR"
        data["payGradeRange"] = {
            "minimumRate": {"amountValue": job.salary.low, "currencyCode": job.salary.currency},
            "maximumRate": {"amountValue": job.salary.high, "currencyCode": job.salary.currency},
        }
        fields["codeFields"] = [{"nameCode": {"codeValue": "SalaryType"},
                                 "codeValue": "H" if hourly else "A",
                                 "shortName": "Hourly" if hourly else "Annually"}]  # fmt: skip
    data["customFieldGroup"] = fields
    return _dumps(data)


# --- Dayforce -------------------------------------------------------------------------------


def dayforce_ref(job: Job) -> str:
    return str(job.n)


def dayforce_url(base: str, job: Job) -> str:
    ns = job.company.slug
    return f"{base}/dayforce-jobs/en-US/{ns}/CANDIDATEPORTAL/jobs/{dayforce_ref(job)}"


def dayforce_feed(world: World, base: str, namespace: str, html: bool) -> bytes | None:
    jobs = employer_jobs(world, "dayforce", namespace)
    if jobs is None:
        return None
    out = []
    for j in jobs:
        text = j.description if html else re.sub(r"<[^>]+>", " ", j.description)
        out.append({
            "Title": j.title, "Description": text, "ReferenceNumber": dayforce_ref(j),
            "ParentRequisitionCode": f"R{j.n}", "JobDetailsUrl": dayforce_url(base, j),
            "ApplyUrl": dayforce_url(base, j) + "/apply", "CompanyName": j.company.name,
            "ParentCompanyName": j.company.name, "ClientSiteName": f"{j.city.name} Residence",
            "ClientSiteXRefCode": f"SITE{j.n % 100}", "AddressLine1": None,
            "City": j.city.name, "State": j.city.region_code, "Country": "CA",
            "PostalCode": None, "DatePosted": _stamp(j), "LastUpdated": _stamp(j),
            "IsVirtualLocation": j.workplace == "remote",
        })  # fmt: skip
    return _dumps(out)


def dayforce_page(world: World, namespace: str, ref: str) -> bytes | None:
    """The candidate portal's job page (a script app in the wild; a stub here), 404 once
    removed."""
    job = _find(world, "dayforce", dayforce_ref, ref)
    if job is None or not world.is_open(job) or job.company.slug != namespace:
        return None
    title = escape(job.title)
    return (f"<!doctype html><title>{title} - {escape(job.company.name)}</title>"
            f"<h1>{title}</h1>{job.description}").encode()  # fmt: skip
