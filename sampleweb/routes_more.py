"""Paths of the mirror boards (``render_ats_more``, ``render_workday``) and their sources.

GET paths mirror the real APIs under a prefix naming the ATS (``/ashby/posting-api/job-board/
{slug}``, ``/smartrecruiters/v1/companies/{slug}/postings[/{id}]``, ``/workable/api/v1/widget/
accounts/{slug}``, ``/recruitee/{slug}/api/offers/``, ``/personio/{slug}/xml``,
``/teamtailor/{slug}/jobs.json``, ``/htmlboard/{slug}/jobs``); Workday keeps its real path
(``/wday/cxs/{tenant}/External/jobs`` by POST, ``.../job/...`` by GET).
"""

from __future__ import annotations

from typing import Any

from sampleweb import render_ats_more as more
from sampleweb import render_workday as wd
from sampleweb.generate import World

JSON = "application/json; charset=utf-8"
XML = "application/xml; charset=utf-8"
HTML = "text/html; charset=utf-8"
Response = tuple[int, bytes, str]
MORE_KINDS = ("ashby", "smartrecruiters", "workable", "recruitee", "personio", "teamtailor",
              "workday", "html")  # fmt: skip


def int_param(q: dict[str, str], key: str, default: int) -> int:
    """A query parameter as a whole number, ``default`` when absent or not one."""
    value = q.get(key, "")
    return int(value) if value.isdigit() else default


def route(world: World, base: str, p: list[str], q: dict[str, str]) -> Response | None:
    """The answer for a GET of a mirror-board path, or None when the path is not one."""
    body: bytes | None = None
    ctype = JSON
    if len(p) == 4 and p[:3] == ["ashby", "posting-api", "job-board"]:
        body = more.ashby_board(world, base, p[3])
    elif (
        len(p) in (5, 6) and p[:3] == ["smartrecruiters", "v1", "companies"] and p[4] == "postings"
    ):
        if len(p) == 6:
            body = more.smartrecruiters_detail(world, base, p[3], p[5])
        else:
            offset, limit = int_param(q, "offset", 0), int_param(q, "limit", 100)
            body = more.smartrecruiters_list(world, base, p[3], offset, limit)
    elif len(p) == 6 and p[:5] == ["workable", "api", "v1", "widget", "accounts"]:
        body = more.workable_account(world, base, p[5], q.get("details") == "true")
    elif len(p) == 4 and p[0] == "recruitee" and p[2:] == ["api", "offers"]:
        body = more.recruitee_offers(world, base, p[1])
    elif len(p) == 3 and p[0] == "personio" and p[2] == "xml":
        body, ctype = more.personio_xml(world, p[1]), XML
    elif len(p) == 3 and p[0] == "teamtailor" and p[2] == "jobs.json":
        body = more.teamtailor_feed(world, base, p[1], int_param(q, "page", 1))
    elif len(p) == 3 and p[0] == "htmlboard" and p[2] == "jobs":
        body, ctype = wd.html_board(world, p[1], int_param(q, "page", 1)), HTML
    elif len(p) >= 7 and p[:2] == ["wday", "cxs"] and p[4] == "job":
        body = wd.workday_detail(world, base, p[2], "/" + "/".join(p[4:]))
    else:
        return None
    return (200, body, ctype) if body is not None else (404, b"not found\n", "text/plain")


def route_post(world: World, path: str, body: bytes) -> Response:
    p = [x for x in path.split("/") if x]
    if len(p) == 5 and p[:2] == ["wday", "cxs"] and p[4] == "jobs":
        page = wd.workday_list(world, p[2], body)
        if page is not None:
            return 200, page, JSON
    return 404, b"not found\n", "text/plain"


def sources(world: World, base: str) -> list[dict[str, Any]]:
    """One source per mirror kind, each on another employer's jobs (cycling through them)."""
    slugs = [c.slug for c in world.companies]
    urls = {
        "ashby": "{b}/ashby/posting-api/job-board/{s}",
        "smartrecruiters": "{b}/smartrecruiters/v1/companies/{s}/postings?limit=4",
        "workable": "{b}/workable/api/v1/widget/accounts/{s}",
        "recruitee": "{b}/recruitee/{s}/api/offers/",
        "personio": "{b}/personio/{s}/xml",
        "teamtailor": "{b}/teamtailor/{s}/jobs.json",
        "workday": "{b}/wday/cxs/{s}/External/jobs",
        "html": "{b}/htmlboard/{s}/jobs?page=1",
    }
    out: list[dict[str, Any]] = []
    for i, kind in enumerate(MORE_KINDS):
        slug = slugs[i % len(slugs)]
        source: dict[str, Any] = {"name": f"{kind}-{slug}", "kind": kind,
                                  "url": urls[kind].format(b=base, s=slug)}  # fmt: skip
        if kind in ("ashby", "workday"):
            source["company"] = next(c.name for c in world.companies if c.slug == slug)
        if kind == "html":
            source["selectors"] = dict(wd.HTML_SELECTORS)
        out.append(source)
    out.append(
        {"name": "personio-emptyco", "kind": "personio", "url": f"{base}/personio/emptyco/xml"}
    )
    out.append({"name": f"workday-{wd.ALL}", "kind": "workday",
                "url": f"{base}/wday/cxs/{wd.ALL}/External/jobs"})  # fmt: skip
    return out
