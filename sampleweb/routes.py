"""URL routing of the sample web: which renderer answers which path.

Paths mirror the real services so spiders see the real shapes: ``/greenhouse/v1/boards/{token}/jobs``
(boards-api), ``/lever/v0/postings/{company}`` (Lever), ``/jobsite/...`` (a JSON-LD job board),
``/jobfeed/rss``, ``/blogger/{blog}/feeds/posts/default``, ``/wp/{blog}/feed/``, plus the
hosted job and post pages those link to. Unknown paths answer 404.
"""

from __future__ import annotations

from sampleweb import (
    ids,
    render_ats,
    render_feeds,
    render_html,
    routes_ent,
    routes_more,
    routes_smb,
    routes_wild,
)
from sampleweb.generate import World

JSON = "application/json; charset=utf-8"
HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml; charset=UTF-8"
ATOM = "application/atom+xml; charset=UTF-8"
XML = "application/xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
Response = tuple[int, bytes, str]  # status, body, content type
NOT_FOUND: Response = (404, b"not found\n", TEXT)


def _ok(body: bytes | None, ctype: str) -> Response:
    return (200, body, ctype) if body is not None else NOT_FOUND


class Router:
    def __init__(self, world: World, base_url: str) -> None:
        self.world, self.base_url = world, base_url
        jobs = world.jobs
        self._by_gh = {ids.gh_id(j): j for j in jobs if j.company.ats == "greenhouse"}
        self._by_lever = {ids.lever_id(world.seed, j): j for j in jobs if j.company.ats == "lever"}
        self._by_feed = {j.n: j for j in world.jobfeed}

    def route(self, path: str, q: dict[str, str]) -> Response:
        w, base = self.world, self.base_url
        p = [x for x in path.split("/") if x]

        if path == "/robots.txt":
            return _ok(
                f"User-agent: *\n{routes_wild.ROBOTS}Allow: /\nSitemap: {base}/jobsite/sitemap.xml\n".encode(),
                TEXT,
            )
        if len(p) == 5 and p[:3] == ["greenhouse", "v1", "boards"] and p[4] == "jobs":
            content = q.get("content") == "true"  # as the real API: no content unless asked
            return _ok(render_ats.greenhouse_board(w, base, p[3], content), JSON)
        if len(p) == 4 and p[:3] == ["lever", "v0", "postings"]:
            limit = int(q["limit"]) if "limit" in q else None
            return _ok(render_ats.lever_postings(w, base, p[3], int(q.get("skip", 0)), limit), JSON)
        if len(p) == 4 and p[0] == "job-boards" and p[2] == "jobs" and p[3].isdigit():
            job = self._by_gh.get(int(p[3]))
            found = job and w.is_open(job)
            return _ok(render_html.hosted_job(job, True) if found else None, HTML)
        lever_job = self._by_lever.get(p[2]) if len(p) in (3, 4) and p[0] == "jobs.lever" else None
        if lever_job and w.is_open(lever_job):
            return _ok(render_html.hosted_job(lever_job, True), HTML)
        if p[:1] == ["jobsite"]:
            return self._jobsite(p[1:], q)
        if p == ["jobfeed", "rss"]:
            return _ok(render_feeds.job_feed(w, base), RSS)
        if len(p) == 3 and p[:2] == ["jobfeed", "jobs"]:
            n = p[2].rpartition("-")[2]
            job = self._by_feed.get(int(n)) if n.isdigit() else None
            if job is None or not w.is_open(job) or ids.jobfeed_url(base, job) != base + path:
                return NOT_FOUND
            return _ok(render_html.hosted_job(job, False), HTML)
        if len(p) >= 3 and p[0] in ("blogger", "wp") and w.has_blog(p[1]):
            return self._blog(p[0], p[1], p[2:], q, path)
        if p[:1] == ["wild"]:  # career sites as real ones are shaped (sampleweb.wild)
            return routes_wild.Wild(w, base).route(p, q) or NOT_FOUND
        # the other ATS shapes (routes_more) and the enterprise systems (routes_ent)
        mirrored = routes_more.route(w, base, p, q) or routes_ent.route(w, base, p, q)
        mirrored = mirrored or routes_smb.route(w, base, p, q)  # small-business ATS boards
        return mirrored if mirrored is not None else NOT_FOUND

    def _jobsite(self, p: list[str], q: dict[str, str]) -> Response:
        w, base = self.world, self.base_url
        if p == ["jobs"]:
            return _ok(render_html.jobsite_listing(w, int(q.get("page", 1))), HTML)
        if len(p) == 2 and p[0] == "jobs":
            number = p[1].rpartition("-")[2]
            i = int(number) - w.jobsite_id(0) if number.isdigit() else -1
            if (
                not 0 <= i < w.jobsite_total
                or ids.jobsite_slug(w, i) != p[1]
                or not w.open_entry(i)
            ):
                return NOT_FOUND
            return _ok(render_html.jobsite_detail(w, base, i), HTML)
        if p == ["sitemap.xml"]:
            return _ok(render_html.sitemap(w, base, None), XML)
        if len(p) == 1 and p[0].startswith("sitemap-") and p[0].endswith(".xml"):
            return _ok(render_html.sitemap(w, base, int(p[0][8:-4])), XML)
        if not p:
            return _ok(
                b'<!doctype html><title>Maple Jobs</title><a href="/jobsite/jobs?page=1">Jobs</a>',
                HTML,
            )
        return NOT_FOUND

    def _blog(self, kind: str, blog: str, p: list[str], q: dict[str, str], path: str) -> Response:
        w, base = self.world, self.base_url
        if kind != ("blogger" if w.blog_kind(blog) == "blogger" else "wp"):
            return NOT_FOUND
        if kind == "blogger" and p == ["feeds", "posts", "default"]:
            start, size = int(q.get("start-index", 1)), int(q.get("max-results", 25))
            return _ok(render_feeds.blogger_feed(w, base, blog, start, size), ATOM)
        if kind == "wp" and p == ["feed"]:
            return _ok(render_feeds.wordpress_feed(w, base, blog, int(q.get("paged", 1))), RSS)
        url = base + path
        for post in w.blog_posts(blog):
            if render_feeds.post_url(base, w, post) == url:
                return _ok(render_html.blog_post_page(post, render_feeds.blog_title(blog)), HTML)
        return NOT_FOUND
