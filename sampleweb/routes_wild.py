"""Paths, sources and ground truth of the wild corner (``sampleweb.wild`` says what each site is).

Every path is under ``/wild/<site>/``. ``route`` answers a GET (``None``: not a wild path);
``sources`` gives the corner's sources as ``sources.toml`` tables; ``truth`` gives, per source,
the URLs of its postings and what a crawl must say (``ok``, ``empty`` with its cause,
``partial``), plus the careers pages that embed an ATS board and the blog feed, for
``sources add``. ``ROBOTS`` is the corner's line of the sample web's robots.txt.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from html import escape
from typing import Any

from sampleweb import wild
from sampleweb.generate import World
from sampleweb.text import EPOCH, slugify
from sampleweb.wild import Opening, chrome, openings, page

HTML = "text/html; charset=UTF-8"
JSON = "application/json; charset=utf-8"
XML = "application/xml; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"
Response = tuple[int, bytes, str]
ROBOTS = "Disallow: /wild/gated/job/\n"
NW_PAGE, SF_PAGE, HB_PAGE, BP_PAGE, BIG_PAGE = 5, 5, 4, 3, 5
BIG_MAX_PAGES = 3
# what `eolist demo` crawls: two shapes no other demo source has, the cheapest (1 and 12
# requests; measured with the demo's crawl alternated in one process under load 11-12: a
# median 9.65 s with them, 9.6 s without, the noise between runs 1-4 s)
DEMO_SITES = ("wild-lumen", "wild-keystone")


def _ok(body: bytes | None, ctype: str = HTML) -> Response | None:
    return (200, body, ctype) if body is not None else None


class Wild:
    def __init__(self, world: World, base: str) -> None:
        self.world, self.base, self.seed = world, base, world.seed

    def sites(self, site: str) -> tuple[Opening, ...]:
        """The site's postings now: those taken down left out, edits applied (``SampleWeb``)."""
        closed, edits = self.world.closed, self.world.wild_edits
        return tuple(
            replace(o, modified=edits[key], description=f"{o.description}<p>Updated {edits[key]}:"
                    " the hours of this role were revised.</p>") if key in edits else o
            for o in openings(self.seed, site)
            if (key := f"wild:{site}:{o.n}") not in closed
        )  # fmt: skip

    # URLs of postings ---------------------------------------------------------------------
    def posting_url(self, o: Opening) -> str:
        b, s = self.base, o.site
        return {
            "northwind": f"{b}/wild/{s}/job/{o.slug}/",
            "westmarch": f"{b}/wild/{s}/job/{slugify(o.city.name).title()}-{o.slug.title()}/{o.n}/",
            "harbour": f"{b}/wild/{s}/jobs?jobId={o.n}",
            "brightpath": f"{b}/wild/{s}/position/{o.n}-{o.slug}",
            "lumen": f"{b}/wild/{s}/careers/{o.slug}-{o.n}",
            "keystone": f"{b}/wild/{s}/job/{o.slug}/",
            "plainco": f"{b}/wild/{s}/careers/{o.slug}/",
            "offsite": f"{b.replace('127.0.0.1', 'localhost')}/wild/{s}/job/{o.n}",
            "gated": f"{b}/wild/{s}/job/{o.n}/",
            "redesign": f"{b}/wild/{s}/careers/{o.slug}",
            "bigboard": f"{b}/wild/{s}/job/{o.n}",
        }[s]

    def _path(self, o: Opening) -> str:
        return self.posting_url(o).split("/wild/", 1)[1].join(("/wild/", ""))

    def _find(self, site: str, path: str, q: dict[str, str] | None = None) -> Opening | None:
        want = path + ("?" + "&".join(f"{k}={v}" for k, v in q.items()) if q else "")
        return next((o for o in self.sites(site) if self._path(o) == want), None)

    # the router ---------------------------------------------------------------------------
    def route(self, p: list[str], q: dict[str, str]) -> Response | None:
        if len(p) < 2 or p[1] not in wild.SIZES and p[1] not in ("peopleblog", "embedco",
                                                                  "leverco"):  # fmt: skip
            return None
        site, rest = p[1], p[2:]
        path = "/" + "/".join(p) + ("/" if rest and "." not in rest[-1] else "")
        handler = getattr(self, f"_{site}")
        return handler(rest, q, path)

    def _detail_ld(self, site: str, path: str, q: dict[str, str] | None = None) -> Response | None:
        o = self._find(site, path, q)
        if o is None:
            return None
        body = chrome(site, f"{wild.jsonld(o, self.posting_url(o))}<article><h1>"
                      f"{escape(o.title)}</h1><p class='meta'>{escape(o.city.short)}</p>"
                      f"{o.description}<a class='apply' href='#apply'>Apply now</a></article>")  # fmt: skip
        return _ok(page(f"{o.title} | {o.company}", body))

    def _rows(self, site: str, items: tuple[Opening, ...] | list[Opening]) -> str:
        """A WordPress job-board plugin's list: the whole row is one link."""
        return "".join(
            f'<li class="job_listing type-job_listing"><a href="{self._path(o)}">'
            f'<div class="position"><h3>{escape(o.title)}</h3><div class="company">'
            f"<strong>{escape(o.company)}</strong></div></div>"
            f'<div class="location">{escape(o.city.short)}</div><ul class="meta">'
            f'<li class="job-type">{o.employment[1]}</li><li class="date"><time datetime='
            f'"{o.posted}">{wild.ago(o.days_ago)}</time></li></ul></a></li>'
            for o in items
        )

    # WordPress with a job-board plugin: /careers/, /careers/page/N/, /job/<slug>/ ----------
    def _northwind(self, rest: list[str], q: dict[str, str], path: str) -> Response | None:
        site, jobs = "northwind", self.sites("northwind")
        pages = -(-len(jobs) // NW_PAGE)
        n = 1 if rest == ["careers"] else None
        if len(rest) == 3 and rest[:2] == ["careers", "page"] and rest[2].isdigit():
            n = int(rest[2]) if 2 <= int(rest[2]) <= pages else None
        if n is not None:
            pager = "".join(
                f'<li><span class="current">{i}</span></li>' if i == n else
                f'<li><a class="page-numbers" href="/wild/{site}/careers/'
                f'{"" if i == 1 else f"page/{i}/"}">{i}</a></li>'
                for i in range(1, pages + 1)
            )  # fmt: skip
            if n < pages:
                pager += (f'<li><a class="next page-numbers" href="/wild/{site}/careers/page/'
                          f'{n + 1}/">&rarr;</a></li>')  # fmt: skip
            side = (
                '<aside class="widget"><h2>Recent posts</h2><ul>'
                f'<li><a href="/wild/{site}/2026/11/welcome-to-our-new-people-team/">'
                "Welcome to our new people team</a></li>"
                f'<li><a href="/wild/{site}/2026/10/how-we-run-open-enrolment-each-autumn/">'
                "How we run open enrolment each autumn</a></li></ul></aside>"
            )
            body = chrome(site, '<h1 class="entry-title">Careers</h1><div class="job_listings">'
                          f'<ul class="job_listings">{self._rows(site, jobs[(n - 1) * NW_PAGE:n * NW_PAGE])}'
                          f'</ul><nav class="job-manager-pagination"><ul>{pager}</ul></nav></div>'
                          f"{side}", f' <a href="/wild/{site}/blog/">Blog</a>')  # fmt: skip
            head = (f'<link rel="alternate" type="application/rss+xml" title="Feed"'
                    f' href="/wild/{site}/feed/">')  # fmt: skip
            return _ok(page(f"Careers - {wild.COMPANIES[site]}", body, head))
        if len(rest) == 2 and rest[0] == "job":
            return self._detail_ld(site, path)
        if len(rest) == 3 and rest[0] == "2026":  # the blog posts next to the list
            return _ok(page("Blog", chrome(site, "<article><p>News from our team.</p></article>")))
        return None

    # a hosted enterprise career site: /search/?q=&startrow=N, /job/<City>-<Title>/<id>/ ---
    def _westmarch(self, rest: list[str], q: dict[str, str], path: str) -> Response | None:
        site, jobs = "westmarch", self.sites("westmarch")
        if rest == ["search"]:
            start = int(q.get("startrow", "0")) if q.get("startrow", "0").isdigit() else -1
            if not 0 <= start < len(jobs) or start % SF_PAGE:
                return None
            return _ok(self._sf_results(jobs, start))
        if len(rest) == 3 and rest[0] == "job":
            o = self._find(site, path)
            if o is None:
                return None
            body = chrome(site, wild.microdata(o) + '<a class="btn" href="/wild/westmarch/talent'
                          'community/apply/">Apply now</a>')  # fmt: skip
            return _ok(page(f"{o.title} Job Details | {o.company}", body))
        return None

    def _sf_results(self, jobs: tuple[Opening, ...], start: int) -> bytes:
        query = "?q=&sortColumn=referencedate&sortDirection=desc"
        rows = "".join(
            f'<tr class="data-row"><td class="colTitle" headers="hdrTitle"><span class="jobTitle'
            f' hidden-phone"><a href="{self._path(o)}" class="jobTitle-link">{escape(o.title)}'
            f'</a></span></td><td class="colLocation" headers="hdrLocation"><span class="jobLoc'
            f'ation">{escape(o.city.name)}, {o.city.region_code}</span></td><td class="colDate"'
            f' headers="hdrDate"><span class="jobDate">{o.posted}</span></td></tr>'
            for o in jobs[start : start + SF_PAGE]
        )
        pager = "".join(
            f'<li class="{"active" if i == start else ""}"><a href="{query}&amp;startrow={i}"'
            f' title="Page {i // SF_PAGE + 1}">{i // SF_PAGE + 1}</a></li>'
            for i in range(0, len(jobs), SF_PAGE)
        )
        last = (len(jobs) - 1) // SF_PAGE * SF_PAGE
        pager += (f'<li><a class="paginationItemLast" href="{query}&amp;startrow={last}"'
                  ' title="Last Page">&raquo;</a></li>')  # fmt: skip
        body = chrome("westmarch", (
            '<div class="searchResultsShell"><span class="paginationLabel">Results <b>'
            f"{start + 1} – {min(start + SF_PAGE, len(jobs))}</b> of <b>{len(jobs)}</b></span>"
            f'<table id="searchresults" class="searchResults full table"><tbody>{rows}</tbody>'
            f'</table><ul class="pagination">{pager}</ul></div>'
            '<a href="/wild/westmarch/talentcommunity/subscribe/">Join our Talent Community</a>'
            f'<a href="/wild/westmarch/search/{query}&amp;locale=fr_FR">Français</a>'
        ))  # fmt: skip
        return page("Search Jobs | Province of Westmarch", body)

    # one path for list and posting (?jobId=), "Load more jobs" to an HTML fragment ---------
    def _harbour(self, rest: list[str], q: dict[str, str], path: str) -> Response | None:
        site, jobs = "harbour", self.sites("harbour")
        if rest == ["jobs"] and "jobId" in q:
            return self._detail_ld(site, "/wild/harbour/jobs", {"jobId": q["jobId"]})
        if rest == ["jobs"] and not q:
            body = chrome(site, f'<h1>Open jobs</h1><ul id="job-list">{self._hb_items(0)}</ul>')
            return _ok(page("Jobs | Harbour Freight Lines", body))
        if rest == ["jobs", "more"] and q.get("offset", "").isdigit():
            offset = int(q["offset"])
            if offset <= 0 or offset >= len(jobs):
                return None
            return _ok(self._hb_items(offset).encode())
        return None

    def _hb_items(self, offset: int) -> str:
        jobs = self.sites("harbour")
        items = "".join(
            f'<li class="job-card"><a href="{self._path(o)}">{escape(o.title)}</a>'
            f'<span class="loc">{escape(o.city.short)}</span></li>'
            for o in jobs[offset : offset + HB_PAGE]
        )
        if offset + HB_PAGE < len(jobs):
            items += (f'<li class="more"><button type="button" class="btn load-more" data-url='
                      f'"/wild/harbour/jobs/more?offset={offset + HB_PAGE}">Load more jobs'
                      "</button></li>")  # fmt: skip
        return items

    # "Show more positions" answering JSON; postings at /position/<id>-<slug> ---------------
    def _brightpath(self, rest: list[str], q: dict[str, str], path: str) -> Response | None:
        site, jobs = "brightpath", self.sites("brightpath")
        if rest == ["careers"]:
            cards = "".join(
                f'<div class="card"><a class="card-link" href="{self._path(o)}">'
                f"<h4>{escape(o.title)}</h4><p>{escape(o.city.short)}</p></a></div>"
                for o in jobs[:BP_PAGE]
            )
            more = ('<a class="btn btn-outline" data-role="load-more" href="/wild/brightpath/'
                    'api/positions?page=2">Show more positions</a>')  # fmt: skip
            return _ok(page("Careers", chrome(site, f"<h1>Join us</h1>{cards}{more}")))
        if rest == ["api", "positions"] and q.get("page", "").isdigit():
            n = int(q["page"])
            chunk = jobs[(n - 1) * BP_PAGE : n * BP_PAGE]
            if n < 2 or not chunk:
                return None
            nxt = (
                f"/wild/brightpath/api/positions?page={n + 1}" if n * BP_PAGE < len(jobs) else None
            )
            data = {"positions": [{"id": o.n, "title": o.title, "location": o.city.short,
                                   "url": self._path(o)} for o in chunk],
                    "total": len(jobs), "next_page_url": nxt}  # fmt: skip
            return _ok(json.dumps(data).encode(), JSON)
        if len(rest) == 2 and rest[0] == "position":
            return self._detail_ld(site, path.rstrip("/"))
        return None

    # a Next.js page: the postings only in __NEXT_DATA__ ----------------------------------
    def _lumen(self, rest: list[str], q: dict[str, str], path: str) -> Response | None:
        site, jobs = "lumen", self.sites("lumen")
        if rest == ["careers"]:
            props = {
                "navigation": [{"title": "About us", "url": "/wild/lumen/about"},
                               {"title": "Our clinics", "url": "/wild/lumen/clinics"}],
                "testimonials": [{"name": "A nurse in Halden", "quote": "Good people."}],
                "jobs": [{"id": f"{o.n}", "title": o.title, "slug": o.slug,
                          "url": self._path(o), "department": {"name": o.team},
                          "location": {"city": o.city.name, "region": o.city.region_code,
                                       "country": o.city.country},
                          "employmentType": o.employment[1], "publishedAt": o.posted,
                          "descriptionHtml": o.description} for o in jobs],
            }  # fmt: skip
            data = {"props": {"pageProps": props, "__N_SSG": True}, "page": "/careers",
                    "query": {}, "buildId": "b7Qx2generated", "isFallback": False}  # fmt: skip
            blob = json.dumps(data).replace("</", "<\\/")
            body = ('<div id="__next"><header><nav><a href="/wild/lumen/">Lumen Health</a>'
                    '</nav></header><main><h1>Careers</h1><div class="skeleton">Loading open '
                    f'roles…</div></main></div><script id="__NEXT_DATA__" type="application/json">'
                    f"{blob}</script>")  # fmt: skip
            return _ok(page("Careers | Lumen Health", body))
        if len(rest) == 2 and rest[0] == "careers":
            o = self._find(site, path.rstrip("/"))
            return _ok(page(o.title, "<div id='__next'></div>")) if o else None
        return None

    # an SEO plugin's sitemap index ------------------------------------------------------
    def _keystone(self, rest: list[str], q: dict[str, str], path: str) -> Response | None:
        site, jobs = "keystone", self.sites("keystone")
        ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        head = '<?xml version="1.0" encoding="UTF-8"?>\n'
        if rest == ["sitemap_index.xml"]:
            maps = "".join(f"<sitemap><loc>{self.base}/wild/{site}/{m}</loc><lastmod>{d}"
                           "</lastmod></sitemap>" for m, d in
                           (("page-sitemap.xml", "2026-09-01T10:00:00+00:00"),
                            # as SEO plugins write it: the latest lastmod of its entries
                            ("job_listing-sitemap.xml", max(map(self._lastmod, jobs)))))  # fmt: skip
            return _ok(f"{head}<sitemapindex {ns}>{maps}</sitemapindex>".encode(), XML)
        if rest == ["job_listing-sitemap.xml"]:
            urls = "".join(f"<url><loc>{self.posting_url(o)}</loc><lastmod>{self._lastmod(o)}"
                           "</lastmod></url>" for o in jobs)  # fmt: skip
            return _ok(f"{head}<urlset {ns}>{urls}</urlset>".encode(), XML)
        if rest == ["page-sitemap.xml"]:
            urls = "".join(f"<url><loc>{self.base}/wild/{site}/{p}/</loc><lastmod>2026-09-01T10:00"
                           ":00+00:00</lastmod></url>" for p in ("about-us", "branches",
                                                                 "contact"))  # fmt: skip
            return _ok(f"{head}<urlset {ns}>{urls}</urlset>".encode(), XML)
        if len(rest) == 2 and rest[0] == "job":
            return self._detail_ld(site, path)
        if rest in (["about-us"], ["branches"], ["contact"]):
            return _ok(page("Keystone", chrome(site, "<p>Branches across the region.</p>")))
        return None

    def _lastmod(self, o: Opening) -> str:
        # never after the web's "now": a page cannot have changed later than it
        posted = min(EPOCH, EPOCH - timedelta(days=o.days_ago) + timedelta(hours=9, minutes=30))
        return o.modified or posted.isoformat()

    # an HR blog with its feed at /feed/ -------------------------------------------------
    def _peopleblog(self, rest: list[str], q: dict[str, str], path: str) -> Response | None:
        feed = f"{self.base}/wild/peopleblog/feed/"
        posts = [("What a good onboarding checklist holds", "onboarding-checklist"),
                 ("Why we stopped annual reviews", "stopped-annual-reviews"),
                 ("Notes from a small-team benefits renewal", "benefits-renewal-notes"),
                 ("How to write a leave policy people read", "leave-policy-people-read")]  # fmt: skip
        if not rest:
            links = "".join(f'<h2><a href="/wild/peopleblog/2026/{s}/">{escape(t)}</a></h2>'
                            for t, s in posts)  # fmt: skip
            head = f'<link rel="alternate" type="application/rss+xml" title="People Notes" href="{feed}">'
            return _ok(page("People Notes", f"<main>{links}</main>", head))
        if rest == ["feed"]:
            items = "".join(
                f"<item><title>{escape(t)}</title><link>{self.base}/wild/peopleblog/2026/{s}/"
                f"</link><dc:creator><![CDATA[Morgan Ellis]]></dc:creator><pubDate>"
                f"{(EPOCH).strftime('%a, %d %b %Y')} 14:0{i}:00 +0000</pubDate><category><![CDATA["
                f'Culture]]></category><guid isPermaLink="false">{self.base}/?p={100 + i}</guid>'
                "<description><![CDATA[A few lessons we learned running people work in a team of"
                " forty, and what we would do again.]]></description></item>"
                for i, (t, s) in enumerate(posts)
            )
            rss = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http:'
                   '//purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                   f"<channel><title>People Notes</title><link>{self.base}/wild/peopleblog/</link>"
                   "<description>Notes on running people work</description><generator>https://"
                   f"wordpress.org/?v=6.6.2</generator>{items}</channel></rss>")  # fmt: skip
            return _ok(rss.encode(), RSS)
        if len(rest) == 2 and rest[0] == "2026":
            return _ok(page("People Notes", "<article><p>A post about people work.</p></article>"))
        return None

    # employers' careers pages embedding an ATS board ------------------------------------
    def embeds(self) -> dict[str, tuple[str, str]]:
        """careers page path -> (ATS kind, board slug): a Greenhouse and a Lever company."""
        gh = next(c.slug for c in self.world.companies if c.ats == "greenhouse")
        lv = next(c.slug for c in self.world.companies if c.ats == "lever")
        return {
            "/wild/embedco/careers/": ("greenhouse", gh),
            "/wild/leverco/careers/": ("lever", lv),
        }

    def _embed_page(self, site: str) -> bytes:
        kind, slug = self.embeds()[f"/wild/{site}/careers/"]
        if kind == "greenhouse":
            embed = ('<div id="grnhse_app"></div><script src="https://boards.greenhouse.io/embed/'
                     f'job_board/js?for={slug}"></script>')  # fmt: skip
        else:
            embed = (f'<div class="careers-widget" data-board-url="https://jobs.lever.co/{slug}">'
                     f'</div><p><a class="button" href="https://jobs.lever.co/{slug}">View all open'
                     " roles</a></p>")  # fmt: skip
        inner = ("<h1>Work with us</h1><p>We are a team of people who like their work. Our open"
                 f" roles are listed below.</p>{embed}")  # fmt: skip
        return page("Careers", chrome(site, inner))

    def _embedco(self, rest: list[str], q: dict[str, str], path: str) -> Response | None:
        return _ok(self._embed_page("embedco")) if rest == ["careers"] else None

    def _leverco(self, rest: list[str], q: dict[str, str], path: str) -> Response | None:
        return _ok(self._embed_page("leverco")) if rest == ["careers"] else None

    # sites built to yield nothing, one cause each ---------------------------------------
    def _list_page(self, site: str, links: list[tuple[str, str]]) -> bytes:
        rows = "".join(f'<li><a href="{u}">{escape(t)}</a></li>' for u, t in links)
        return page(
            "Careers", chrome(site, f'<h1>Current openings</h1><ul class="openings">{rows}</ul>')
        )

    def _plainco(self, rest: list[str], q: dict[str, str], path: str) -> Response | None:
        jobs = self.sites("plainco")
        if rest == ["careers"]:
            return _ok(self._list_page("plainco", [(self._path(o), o.title) for o in jobs]))
        o = self._find("plainco", path) if len(rest) == 2 else None
        if o is None:
            return None  # a posting page with no JobPosting markup at all
        return _ok(page(o.title, chrome("plainco", f"<h1>{escape(o.title)}</h1>{o.description}")))

    def _offsite(self, rest: list[str], q: dict[str, str], path: str) -> Response | None:
        jobs = self.sites("offsite")
        if rest == ["careers"]:
            return _ok(self._list_page("offsite", [(self.posting_url(o), o.title) for o in jobs]))
        if len(rest) == 2 and rest[0] == "job":
            return self._detail_ld("offsite", path.rstrip("/"))
        return None

    def _gated(self, rest: list[str], q: dict[str, str], path: str) -> Response | None:
        jobs = self.sites("gated")
        if rest == ["careers"]:
            return _ok(self._list_page("gated", [(self._path(o), o.title) for o in jobs]))
        if len(rest) == 2 and rest[0] == "job":
            return self._detail_ld("gated", path)
        return None

    def _redesign(self, rest: list[str], q: dict[str, str], path: str) -> Response | None:
        jobs = self.sites("redesign")
        if rest == ["careers"]:  # the markup after a redesign: the source's selectors are stale
            cards = "".join(f'<article class="opening-card"><h2><a href="{self._path(o)}">'
                            f"{escape(o.title)}</a></h2><p>{escape(o.city.short)}</p></article>"
                            for o in jobs)  # fmt: skip
            return _ok(page("Careers", chrome("redesign", f"<section>{cards}</section>")))
        o = self._find("redesign", path.rstrip("/")) if len(rest) == 2 else None
        return _ok(page(o.title, chrome("redesign", f"<h1>{escape(o.title)}</h1>"))) if o else None

    def _bigboard(self, rest: list[str], q: dict[str, str], path: str) -> Response | None:
        jobs = self.sites("bigboard")
        pages = -(-len(jobs) // BIG_PAGE)
        if rest == ["jobs"]:
            n = int(q.get("page", "1")) if q.get("page", "1").isdigit() else 0
            if not 1 <= n <= pages:
                return None
            links = [(self._path(o), o.title) for o in jobs[(n - 1) * BIG_PAGE : n * BIG_PAGE]]
            shown = sorted({1, n - 1, n, n + 1, pages} & set(range(1, pages + 1)))
            pager = " ".join(f'<a href="/wild/bigboard/jobs?page={i}">{i}</a>' for i in shown)
            if n < pages:
                pager += f' <a rel="next" href="/wild/bigboard/jobs?page={n + 1}">Next</a>'
            body = self._list_page("bigboard", links).replace(
                b"</main>", f'<div class="pager">{pager}</div></main>'.encode()
            )
            return _ok(body)
        if len(rest) == 2 and rest[0] == "job":
            return self._detail_ld("bigboard", path.rstrip("/"))
        return None

    # sources and truth ------------------------------------------------------------------
    def sources(self) -> list[dict[str, Any]]:
        b = self.base
        out: list[dict[str, Any]] = [
            {"name": "wild-northwind", "kind": "jsonld", "url": f"{b}/wild/northwind/careers/"},
            {"name": "wild-westmarch", "kind": "jsonld", "url": f"{b}/wild/westmarch/search/"
             "?q=&sortColumn=referencedate&sortDirection=desc"},
            {"name": "wild-harbour", "kind": "jsonld", "url": f"{b}/wild/harbour/jobs"},
            {"name": "wild-brightpath", "kind": "jsonld", "url": f"{b}/wild/brightpath/careers"},
            {"name": "wild-lumen", "kind": "jsonld", "url": f"{b}/wild/lumen/careers"},
            {"name": "wild-keystone", "kind": "jsonld",
             "url": f"{b}/wild/keystone/sitemap_index.xml"},
            {"name": "wild-peopleblog", "kind": "blog-feed", "url": f"{b}/wild/peopleblog/feed/"},
            {"name": "wild-embedco", "kind": "jsonld", "url": f"{b}/wild/embedco/careers/"},
            {"name": "wild-plainco", "kind": "jsonld", "url": f"{b}/wild/plainco/careers/"},
            {"name": "wild-offsite", "kind": "jsonld", "url": f"{b}/wild/offsite/careers/"},
            {"name": "wild-gated", "kind": "jsonld", "url": f"{b}/wild/gated/careers/"},
            {"name": "wild-redesign", "kind": "html", "url": f"{b}/wild/redesign/careers/",
             "selectors": {"item": "li.job-row", "title": "a::text", "link": "a::attr(href)"}},
            {"name": "wild-bigboard", "kind": "jsonld", "url": f"{b}/wild/bigboard/jobs?page=1",
             "max_pages": BIG_MAX_PAGES},
        ]  # fmt: skip
        for s in out:
            s["hr_only"] = False  # the corner tests discovery, not the HR filter
        return out

    def truth(self) -> dict[str, Any]:
        """What a crawl of each source must find and say (see the module docstring)."""
        found = {s: [self.posting_url(o) for o in self.sites(s)]
                 for s in ("northwind", "westmarch", "harbour", "brightpath", "lumen",
                           "keystone")}  # fmt: skip
        expect: dict[str, Any] = {f"wild-{s}": {"status": "ok", "postings": urls}
                                  for s, urls in found.items()}  # fmt: skip
        expect["wild-peopleblog"] = {"status": "ok", "postings": []}
        causes = {"embedco": "no JobPosting markup", "plainco": "no JobPosting markup",
                  "offsite": "detail links outside the followed scope",
                  "gated": "robots.txt disallows the detail pages",
                  "redesign": "selector matched nothing"}  # fmt: skip
        for site, cause in causes.items():
            expect[f"wild-{site}"] = {"status": "empty", "postings": [], "cause": cause}
        pages = -(-SIZES_BIG // BIG_PAGE)
        # partial: which of its postings a capped crawl reads is the crawler's choice of pages
        expect["wild-bigboard"] = {
            "status": "partial", "postings": [self.posting_url(o) for o in self.sites("bigboard")],
            "cause": f"stopped at max_pages={BIG_MAX_PAGES} of at least {pages} pages"}  # fmt: skip
        embeds = {self.base + p: {"kind": k, "slug": s} for p, (k, s) in self.embeds().items()}
        return {"sources": expect, "embeds": embeds,
                "feeds": {f"{self.base}/wild/peopleblog/": "blog-feed",
                          f"{self.base}/wild/peopleblog/feed/": "blog-feed"}}  # fmt: skip


SIZES_BIG = wild.SIZES["bigboard"]
