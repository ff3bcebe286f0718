"""Paths of the small-business ATS boards (``render_smb``) and their sources.

The real systems' own paths, at the root of the sample web (their spiders read a board by its
host, so no prefix can be added): Jobvite ``/{company}/search/?p=N`` and ``/{company}/job/
{id}`` (a removed posting: 303 to ``/careers/{company}/jobs?error=404``); BambooHR
``/careers/list`` and ``/careers/{id}/detail``; Breezy ``/json`` and ``/p/{id}-{slug}``;
Pinpoint ``/postings.json``; JazzHR ``/apply/jobs`` and ``/apply/jobs/details/{id}``; Comeet
``/careers-api/2.0/company/{uid}/positions?token=...``; Rippling ``/platform/api/ats/v1/
board/{board}/jobs[/{uuid}]``; Paylocity ``/Recruiting/Jobs/All/{guid}/{name}`` and
``/Recruiting/Jobs/Details/{id}``; the Ontario Public Service's ``/Search.aspx`` answers what
it answers a non-browser: a 403 bot challenge (its kind refuses to crawl it, by design).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sampleweb import render_html
from sampleweb import render_smb as smb
from sampleweb.generate import SMB_KINDS, Job, World

JSON = "application/json; charset=utf-8"
HTML = "text/html; charset=utf-8"
Response = tuple[int, bytes, str]
NOT_FOUND: Response = (404, b"not found\n", "text/plain")
DEMO_KINDS = ("bamboohr", "jobvite", "pinpoint")  # in the default sources (and the demo)
GOJOBS = "/Search.aspx?Language=English"


def _ok(body: bytes | None, ctype: str) -> Response:
    return (200, body, ctype) if body is not None else NOT_FOUND


def public_page(world: World, kind: str, ident: Callable[[Job], str], value: str) -> bytes | None:
    """A posting's public page where the system's own is a JavaScript app (BambooHR, Pinpoint,
    Comeet, Rippling): plain HTML, enough to follow the link; gone with the posting."""
    job = next((j for j in smb.board_jobs(world, kind) or [] if ident(j) == value), None)
    return render_html.hosted_job(job, False) if job else None


# Ontario Public Service (refused by design) ------------------------------------------------


def route(world: World, base: str, p: list[str], q: dict[str, str]) -> Response | None:
    """The answer for a GET of an SMB board path, or None when the path is not one. A 303's
    body is its Location (``sampleweb.server`` sends it as the header)."""
    jobvite = smb.company(world, "jobvite")
    jobvite_slugs = {smb.ALL} | ({jobvite.slug} if jobvite else set())
    if len(p) == 2 and p[1] == "search" and p[0] in jobvite_slugs:
        page = q.get("p", "0")
        return _ok(smb.jobvite_search(world, p[0], int(page) if page.isdigit() else 0), HTML)
    if len(p) == 3 and p[1] == "job" and p[0] in jobvite_slugs:
        found = smb.jobvite_job(world, base, p[0], p[2])
        return (found[0], found[1], HTML) if found else NOT_FOUND
    if len(p) == 3 and p[0] == "careers" and p[2] == "jobs" and p[1] in jobvite_slugs:
        return _ok(smb.jobvite_careers(world, p[1]), HTML)
    if p == ["careers", "list"]:
        return _ok(smb.bamboohr_list(world), JSON)
    if len(p) == 3 and p[0] == "careers" and p[1].isdigit() and p[2] == "detail":
        return _ok(smb.bamboohr_detail(world, base, p[1]), JSON)
    if p == ["json"]:
        return _ok(smb.breezy_list(world, base), JSON)
    if len(p) == 2 and p[0] == "p":
        return _ok(smb.breezy_position(world, base, p[1]), HTML)
    if p == ["postings.json"]:
        return _ok(smb.pinpoint_board(world, base), JSON)
    if p == ["apply", "jobs"]:
        return _ok(smb.jazzhr_list(world), HTML)
    if len(p) == 4 and p[:3] == ["apply", "jobs", "details"]:
        return _ok(smb.jazzhr_job(world, base, p[3]), HTML)
    if len(p) == 5 and p[:3] == ["careers-api", "2.0", "company"] and p[4] == "positions":
        found = smb.comeet_positions(
            world, base, p[3], q.get("token", ""), q.get("details") == "true"
        )
        return (found[0], found[1], JSON) if found else NOT_FOUND
    if len(p) in (7, 8) and p[:5] == ["platform", "api", "ats", "v1", "board"] and p[6] == "jobs":
        if len(p) == 8:
            return _ok(smb.rippling_job(world, base, p[5], p[7]), JSON)
        return _ok(smb.rippling_list(world, base, p[5]), JSON)
    if len(p) in (4, 5) and [x.lower() for x in p[:3]] == ["recruiting", "jobs", "all"]:
        return _ok(smb.paylocity_board(world, p[3]), HTML)
    if len(p) == 4 and [x.lower() for x in p[:3]] == ["recruiting", "jobs", "details"]:
        return _ok(smb.paylocity_job(world, p[3]), HTML)
    if len(p) == 2 and p[0] == "careers" and p[1].isdigit():
        return _ok(public_page(world, "bamboohr", smb.bamboohr_id, p[1]), HTML)
    if len(p) == 3 and p[:2] == ["en", "postings"]:
        return _ok(public_page(world, "pinpoint", smb.pinpoint_uuid, p[2]), HTML)
    if len(p) == 5 and p[0] == "jobs" and p[2] == smb.comeet_company_uid(world):
        return _ok(public_page(world, "comeet", smb.comeet_id, p[4]), HTML)
    rippling = smb.company(world, "rippling")
    if len(p) == 3 and rippling and p[0] == rippling.slug and p[1] == "jobs":
        return _ok(public_page(world, "rippling", smb.rippling_id, p[2]), HTML)
    if p == ["Search.aspx"]:
        return 403, smb.gojobs_challenge(), HTML
    return None


def _url(world: World, base: str, kind: str, slug: str, name: str) -> str:
    if kind == "jobvite":
        return f"{base}/{slug}/search/?p=0"
    if kind == "bamboohr":
        return f"{base}/careers/list"
    if kind == "breezy":
        return f"{base}/json"
    if kind == "pinpoint":
        return f"{base}/postings.json"
    if kind == "jazzhr":
        return f"{base}/apply/jobs"
    if kind == "comeet":
        uid = smb.comeet_company_uid(world)
        return f"{base}/careers-api/2.0/company/{uid}/positions?token={smb.COMEET_TOKEN}"
    if kind == "rippling":
        return f"{base}/platform/api/ats/v1/board/{slug}/jobs"
    path = "-".join(name.replace(".", "").split())  # ".../All/GUID/Birchfield-Home-Care"
    return f"{base}/Recruiting/Jobs/All/{smb.paylocity_guid(world)}/{path}"


def sources(world: World, base: str, every: bool = False) -> list[dict[str, Any]]:
    """The SMB employers' boards: ``DEMO_KINDS`` only, or (``every``) one per SMB kind plus
    Jobvite's every-employer board (several search pages) and the refused OPS job list."""
    out: list[dict[str, Any]] = []
    for kind in SMB_KINDS:
        c = smb.company(world, kind)
        if c is None or not (every or kind in DEMO_KINDS):
            continue
        out.append({"name": smb.source_name(kind, c.slug), "kind": kind,
                    "url": _url(world, base, kind, c.slug, c.name), "company": c.name})  # fmt: skip
    if every:
        out.append({"name": f"jobvite-{smb.ALL}", "kind": "jobvite",
                    "url": f"{base}/{smb.ALL}/search/?p=0"})  # fmt: skip
        out.append({"name": "ontario-gojobs", "kind": "ontario-gojobs", "url": base + GOJOBS})
    return out
