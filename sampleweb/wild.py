"""The wild corner's postings and pages: career sites shaped as real ones are, not as eolist reads.

Each site is a small employer or board under ``/wild/<site>/`` (routes in
``sampleweb.routes_wild``), its markup modelled on a family of real career sites:

* ``northwind``: a WordPress site with a job-board plugin (list items wrapping the whole row in
  one link, "Posted 3 days ago"), listing ``/careers/`` and ``/careers/page/2/``, postings at
  ``/job/<slug>/`` with JSON-LD, blog posts and a feed beside them;
* ``westmarch``: a provincial service on a hosted enterprise career site (a results table of
  ``jobTitle-link`` anchors, ``startrow`` paging, a talent-community link, a language switch),
  postings at ``/job/<City>-<Title>/<id>/`` marked up in microdata only;
* ``harbour``: one path for list and posting, the id in the query (``/jobs?jobId=4101``), and a
  "Load more jobs" button fetching an HTML fragment;
* ``brightpath``: "Show more positions" fetching a JSON endpoint, postings at
  ``/position/<id>-<slug>``;
* ``lumen``: a Next.js page rendered in the browser from ``__NEXT_DATA__`` (no posting link
  in the HTML at all), with navigation and testimonials in the same JSON;
* ``keystone``: an SEO plugin's sitemap index (with ``lastmod``) of a job sitemap and a page
  sitemap;
* ``peopleblog``: an HR blog whose feed is at ``/feed/``;
* ``embedco`` / ``leverco``: employer pages embedding a Greenhouse board (script) and naming
  a Lever board in a ``data-`` attribute and a "View all open roles" link;
* sites built to yield nothing, each for one cause: ``plainco`` (posting pages without
  JobPosting markup), ``offsite`` (postings on another host name), ``gated`` (robots.txt
  disallows the posting pages), ``redesign`` (an ``html`` source whose item selector no
  longer matches), and ``bigboard`` (more listing pages than its ``max_pages``).

All text is generated from the world's seed (``sampleweb.vocab``); nothing is copied.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from html import escape

from sampleweb import vocab
from sampleweb.text import EPOCH, describe, slugify
from sampleweb.vocab import City

# postings per site (a site's pages are made from these)
SIZES = {"northwind": 7, "westmarch": 12, "harbour": 10, "brightpath": 8, "lumen": 5,
         "keystone": 6, "plainco": 3, "offsite": 3, "gated": 3, "redesign": 4,
         "bigboard": 40}  # fmt: skip
COMPANIES = {"northwind": "Northwind Provisions", "westmarch": "Province of Westmarch",
             "harbour": "Harbour Freight Lines", "brightpath": "Brightpath Learning",
             "lumen": "Lumen Health", "keystone": "Keystone Credit Union",
             "plainco": "Plain Supply Co.", "offsite": "Offsite Outfitters",
             "gated": "Gatehouse Insurance", "redesign": "Redwing Studios",
             "bigboard": "Big Board Staffing", "embedco": "Emberly Foods",
             "leverco": "Levering Logistics"}  # fmt: skip


@dataclass(frozen=True)
class Opening:
    site: str
    n: int  # the site's own posting number (ids and slugs are made from it)
    title: str
    city: City
    team: str
    employment: tuple[str, str]
    days_ago: int
    description: str
    modified: str | None = None  # the sitemap's lastmod of an edited posting (SampleWeb.edit_wild)

    @property
    def slug(self) -> str:
        return slugify(self.title)

    @property
    def posted(self) -> str:
        return (EPOCH - timedelta(days=self.days_ago)).date().isoformat()

    @property
    def company(self) -> str:
        return COMPANIES[self.site]


@lru_cache(maxsize=64)
def openings(seed: int, site: str) -> tuple[Opening, ...]:
    """The site's postings, HR roles only (the corner tests discovery, not the HR filter);
    titles are unique within a site, as its slugs must be."""
    rng = random.Random(f"sampleweb:{seed}:wild:{site}")
    out: list[Opening] = []
    titles: set[str] = set()
    while len(out) < SIZES[site]:
        title = rng.choice(vocab.SENIORITY) + rng.choice(vocab.HR_TITLES)
        if title in titles:
            title = f"{title} ({rng.choice(vocab.CITIES).name})"
            if title in titles:
                continue
        titles.add(title)
        city = rng.choice(vocab.CITIES)
        team = "People and Culture"
        n = 4100 + len(out) * 7 + rng.randint(0, 5)
        text = describe(rng, COMPANIES[site], title, city, True, team, None)
        out.append(Opening(site, n, title, city, team, rng.choice(vocab.EMPLOYMENT),
                           rng.randint(0, 40), text))  # fmt: skip
    return tuple(out)


def jsonld(o: Opening, url: str) -> str:
    block = {"@context": "https://schema.org/", "@type": "JobPosting", "title": o.title,
             "description": o.description, "datePosted": o.posted, "url": url,
             "identifier": {"@type": "PropertyValue", "name": o.company, "value": str(o.n)},
             "employmentType": o.employment[0],
             "hiringOrganization": {"@type": "Organization", "name": o.company},
             "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress",
                             "addressLocality": o.city.name, "addressRegion": o.city.region_code,
                             "addressCountry": o.city.country}}}  # fmt: skip
    text = json.dumps(block, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def microdata(o: Opening) -> str:
    """A hosted enterprise career site's posting: microdata on the page's own elements."""
    c = o.city
    return (
        '<div class="job" itemscope itemtype="http://schema.org/JobPosting">'
        f'<h1><span itemprop="title" data-careersite-propertyid="title">{escape(o.title)}</span></h1>'
        f'<meta itemprop="datePosted" content="{o.posted}">'
        '<span itemprop="hiringOrganization" itemscope itemtype="http://schema.org/Organization">'
        f'<meta itemprop="name" content="{escape(o.company)}"></span>'
        '<p class="jobLocation"><span itemprop="jobLocation" itemscope'
        ' itemtype="http://schema.org/Place"><span itemprop="address" itemscope'
        ' itemtype="http://schema.org/PostalAddress">'
        f'<meta itemprop="addressLocality" content="{escape(c.name)}">'
        f'<meta itemprop="addressRegion" content="{c.region_code}">'
        f'<meta itemprop="addressCountry" content="{c.country}"></span></span>'
        f"{escape(c.name)}, {c.region_code}</p>"
        f'<p><span class="jobdescription" itemprop="description">{o.description}</span></p>'
        f'<p>Requisition ID: <span itemprop="identifier">{o.n}</span></p></div>'
    )


def page(title: str, body: str, head: str = "", lang: str = "en-CA") -> bytes:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>{head}</head><body>{body}</body></html>"
    ).encode()


def chrome(site: str, inner: str, extra_nav: str = "") -> str:
    """The site's own header and footer around ``inner``: links a crawler must not follow."""
    root = f"/wild/{site}"
    name = escape(COMPANIES[site])
    return (
        f'<header class="site-header"><a class="logo" href="{root}/">{name}</a><nav>'
        f'<a href="{root}/">Home</a> <a href="{root}/about-us/">About us</a>'
        f' <a href="{root}/careers/">Careers</a> <a href="{root}/contact/">Contact</a>'
        f"{extra_nav}</nav></header><main>{inner}</main>"
        f'<footer><a href="{root}/privacy-policy/">Privacy policy</a>'
        f' <a href="{root}/accessibility/">Accessibility</a>'
        ' <a href="https://www.linkedin.example/company/wild">LinkedIn</a>'
        f' <a href="{root}/wp-content/uploads/benefits-overview.pdf">Benefits overview (PDF)</a>'
        f"<p>&copy; 2026 {name}</p></footer>"
    )


def ago(days: int) -> str:
    return "Posted today" if days == 0 else f"Posted {days} day{'s' * (days != 1)} ago"
