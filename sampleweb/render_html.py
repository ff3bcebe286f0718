"""HTML pages as bytes: the JSON-LD job site, its sitemap, and plain hosted job / post pages.

The job site lists ``PAGE_SIZE`` openings per page (``/jobsite/jobs?page=N``) with an
``<a rel="next">`` on every page but the last; each links (with tracking parameters) to a
detail page carrying schema.org ``JobPosting`` JSON-LD. Variation on purpose: some pages wrap
the posting in ``@graph``, one page carries two postings, remote jobs say ``TELECOMMUTE``,
cross-posted titles sometimes carry a " - City" suffix, the location is written out in full.
"""

from __future__ import annotations

import json
from datetime import UTC
from html import escape
from typing import Any

from sampleweb import ids, vocab
from sampleweb.generate import PAGE_SIZE, Job, World
from sampleweb.text import BlogPost

SITEMAP_CHUNK = 10_000


def _page(title: str, body: str, head: str = "") -> bytes:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>{head}</head>\n<body>{body}</body></html>\n"
    ).encode()


def site_title(job: Job) -> str:
    """The job site's title: cross-posted jobs sometimes carry the city as a suffix."""
    if len(job.boards) > 1 and job.n % 2 == 0:
        return f"{job.title} - {job.city.name}"
    return job.title


_FLATTEN = (("<h3>", "<p><strong>"), ("</h3>", "</strong></p>"), ("<ul>", "<p>"),
            ("</ul>", "</p>"), ("<li>", "• "), ("</li>", "<br>"))  # fmt: skip


def site_description(job: Job) -> str:
    """The job site re-formats a third of its copies (headings bold, lists as lines), as
    aggregators do: same words, different HTML."""
    text = job.description
    if len(job.boards) > 1 and job.n % 3 == 0:
        for old, new in _FLATTEN:
            text = text.replace(old, new)
    return text


def jobsite_listing(world: World, page: int) -> bytes | None:
    if not 1 <= page <= world.jobsite_pages:
        return None
    start = (page - 1) * PAGE_SIZE
    rows = []
    for i in range(start, min(start + PAGE_SIZE, world.jobsite_total)):
        entry = world.open_entry(i)
        if not entry:
            continue
        label = site_title(entry[0]) if len(entry) == 1 else f"{len(entry)} openings"
        href = f"/jobsite/jobs/{ids.jobsite_slug(world, i)}{ids.TRACKING['jobsite']}"
        rows.append(
            f'<li class="job"><a href="{escape(href)}">{escape(label)}</a> '
            f"<span>{escape(entry[0].company.name)}</span> "
            f"<span>{escape(entry[0].city.long)}</span></li>"
        )
    nav = []
    if page > 1:
        nav.append(f'<a rel="prev" href="/jobsite/jobs?page={page - 1}">Previous</a>')
    if page < world.jobsite_pages:
        nav.append(f'<a rel="next" href="/jobsite/jobs?page={page + 1}">Next</a>')
    body = (
        '<header><a href="/jobsite/">Maple Jobs</a></header>'
        f"<h1>HR and other jobs in Canada, page {page}</h1>"
        f'<ul class="jobs">{"".join(rows)}</ul><nav>{" ".join(nav)}</nav>'
    )
    return _page(f"Jobs - page {page}", body)


def _posting(world: World, base: str, i: int, k: int, job: Job) -> dict[str, Any]:
    city = job.city
    country: Any = city.country if job.n % 3 else city.country_name
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": site_title(job),
        "description": site_description(job),
        "identifier": {
            "@type": "PropertyValue",
            "name": "Maple Jobs",
            "value": ids.jobsite_external_id(world, i, k),
        },
        "datePosted": job.posted.date().isoformat() if job.n % 2 else job.posted.isoformat(),
        "employmentType": job.employment[0],
        "hiringOrganization": {
            "@type": "Organization",
            "name": job.company.name,
            "sameAs": f"https://{job.company.slug}.example",
        },
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": city.name,
                "addressRegion": city.region if job.n % 4 else city.region_code or city.region,
                "addressCountry": country,
            },
        },
        "url": ids.jobsite_url(base, world, i),
    }
    if job.valid_through:
        data["validThrough"] = job.valid_through.isoformat()
    if job.workplace == "remote":
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": city.country_name}
    if job.salary and job.salary.structured:
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": job.salary.currency,
            "value": {
                "@type": "QuantitativeValue",
                "minValue": job.salary.low,
                "maxValue": job.salary.high,
                "unitText": job.salary.period,
            },
        }
        if job.salary.low == job.salary.high:  # one figure: schema.org's plain "value"
            data["baseSalary"]["value"] = {
                "@type": "QuantitativeValue",
                "value": job.salary.low,
                "unitText": job.salary.period,
            }
    return data


def jobsite_detail(world: World, base: str, i: int) -> bytes:
    pairs = [(k, job) for k, job in enumerate(world.jobsite_entry(i)) if world.is_open(job)]
    entry = [job for _, job in pairs]
    postings = [_posting(world, base, i, k, job) for k, job in pairs]
    block: Any
    if len(postings) > 1:
        block = postings
    elif i % 4 == 1:
        posting = {k: v for k, v in postings[0].items() if k != "@context"}
        page = {"@type": "WebPage", "@id": postings[0]["url"], "name": posting["title"]}
        block = {"@context": "https://schema.org", "@graph": [page, posting]}
    else:
        block = postings[0]
    # "</" inside a <script> would end it: escape as JSON allows.
    script = json.dumps(block, ensure_ascii=False, indent=1).replace("</", "<\\/")
    url = ids.jobsite_url(base, world, i)
    head = (
        f'<link rel="canonical" href="{escape(url)}">'
        f'<script type="application/ld+json">\n{script}\n</script>'
    )
    body = "".join(
        f"<article><h1>{escape(p['title'])}</h1><p>{escape(job.company.name)} · "
        f"{escape(job.city.long)}</p>{site_description(job)}</article>"
        for p, job in zip(postings, entry, strict=True)
    )
    return _page(postings[0]["title"], '<a href="/jobsite/jobs?page=1">All jobs</a>' + body, head)


def sitemap(world: World, base: str, chunk: int | None) -> bytes | None:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    chunks = (world.jobsite_total + SITEMAP_CHUNK - 1) // SITEMAP_CHUNK
    if chunk is None and chunks > 1:
        maps = "".join(
            f"<sitemap><loc>{base}/jobsite/sitemap-{k}.xml</loc></sitemap>\n" for k in range(chunks)
        )
        return f"{head}<sitemapindex {ns}>\n{maps}</sitemapindex>\n".encode()
    k = chunk or 0
    if k >= max(chunks, 1):
        return None
    rows = []
    for i in range(k * SITEMAP_CHUNK, min((k + 1) * SITEMAP_CHUNK, world.jobsite_total)):
        if not world.open_entry(i):
            continue
        posted = world.jobsite_entry(i)[0].posted.astimezone(UTC).date().isoformat()
        rows.append(
            f"<url><loc>{escape(ids.jobsite_url(base, world, i))}</loc><lastmod>{posted}</lastmod></url>\n"
        )
    return f"{head}<urlset {ns}>\n{''.join(rows)}</urlset>\n".encode()


def hosted_job(job: Job, boilerplate: bool) -> bytes:
    """An ATS-hosted or feed-linked job page (plain HTML, no structured data)."""
    extra = vocab.BOILERPLATE.format(company=escape(job.company.name)) if boilerplate else ""
    body = (
        f"<h1>{escape(job.title)}</h1><p>{escape(job.company.name)} · {escape(job.city.long)} · "
        f"{escape(job.employment[1])}</p>{job.description}{extra}"
    )
    return _page(f"{job.title} - {job.company.name}", body)


def blog_post_page(post: BlogPost, blog_title: str) -> bytes:
    body = (
        f"<header>{escape(blog_title)}</header><article><h1>{escape(post.title)}</h1>"
        f"<p>By {escape(post.author)}, {post.published.date().isoformat()}</p>{post.body}</article>"
    )
    return _page(post.title, body)
