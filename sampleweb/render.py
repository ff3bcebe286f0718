"""Rendering the world as the real sources' formats: ATS JSON, JSON-LD pages, RSS and Atom.

Shapes follow the public APIs (Greenhouse boards-api, Lever postings API, schema.org
JobPosting, Blogger Atom with ``start-index``/``max-results``, WordPress RSS with
``?paged=N``). Cross-posted copies vary as real ones do: tracking parameters, a location
suffix in the title, a differently written location, extra boilerplate.
"""

from __future__ import annotations

import html
import json
from email.utils import format_datetime
from xml.sax.saxutils import escape

from sampleweb.world import Job, World

BOILERPLATE = "<p>We are an equal opportunity employer and welcome applications from everyone.</p>"
PAGE_SIZE = 20


def _short_loc(job: Job) -> str:
    city, code, _, country = job.city
    return f"{city}, {code}" if code else f"{city}, {'UK' if country == 'GB' else country}"


def _long_loc(job: Job) -> str:
    city, _, region, country = job.city
    return f"{city}, {region}, {'Canada' if country == 'CA' else country}"


def gh_id(job: Job) -> int:
    return 4_000_000 + int.from_bytes(job.job_id.encode(), "big") % 10_000_000


def greenhouse_board(world: World, slug: str, base: str) -> bytes:
    jobs = [j for j in world.jobs if j.company.slug == slug and "greenhouse" in j.boards]
    out = []
    for j in jobs:
        item = {
            "id": gh_id(j),
            "internal_job_id": gh_id(j) - 1000,
            "title": j.title,
            "updated_at": j.posted.isoformat(),
            "requisition_id": j.job_id,
            "absolute_url": f"{base}/gh/{slug}/jobs/{gh_id(j)}?gh_src=board",
            "location": {"name": _short_loc(j)},
            "company_name": j.company.name,
            "content": html.escape(j.description + BOILERPLATE),
            "departments": [{"id": 1, "name": "People" if j.hr else "Operations"}],
            "offices": [{"id": 2, "name": j.city[0]}],
            "metadata": [{"id": 9, "name": "Recruiter", "value": "recruiter@example.invalid"}],
        }
        if j.salary:
            item["pay_input_ranges"] = [
                {"min_cents": j.salary[0] * 100, "max_cents": j.salary[1] * 100,
                 "currency_type": "USD" if j.city[3] == "US" else "CAD", "title": "Base"}
            ]  # fmt: skip
        out.append(item)
    return json.dumps({"jobs": out, "meta": {"total": len(out)}}).encode()


def lever_page(world: World, slug: str, base: str, skip: int, limit: int) -> bytes:
    jobs = [j for j in world.jobs if j.company.slug == slug and "lever" in j.boards]
    out = []
    for j in jobs[skip : skip + limit]:
        pid = f"{abs(hash_id(j.job_id)):032x}"
        pid = f"{pid[:8]}-{pid[8:12]}-{pid[12:16]}-{pid[16:20]}-{pid[20:32]}"
        item = {
            "id": pid,
            "text": j.title,
            "hostedUrl": f"{base}/lv/{slug}/{pid}",
            "applyUrl": f"{base}/lv/{slug}/{pid}/apply",
            "createdAt": int(j.posted.timestamp() * 1000),
            "categories": {
                "location": _long_loc(j),
                "team": "People" if j.hr else "Ops",
                "commitment": "Full-time",
                "allLocations": [_long_loc(j)],
            },  # fmt: skip
            "description": j.description,
            "descriptionPlain": html.unescape(j.description),
            "lists": [],
            "additional": BOILERPLATE,
            "workplaceType": j.workplace,
            "country": j.city[3],
        }
        if j.salary:
            item["salaryRange"] = {"min": j.salary[0], "max": j.salary[1],
                                   "currency": "CAD" if j.city[3] == "CA" else "USD",
                                   "interval": "per-year-salary"}  # fmt: skip
        out.append(item)
    return json.dumps(out).encode()


def hash_id(text: str) -> int:
    h = 1469598103934665603
    for ch in text.encode():
        h = ((h ^ ch) * 1099511628211) % (1 << 128)
    return h


def jobsite_jobs(world: World) -> list[Job]:
    return [j for j in world.jobs if "jobsite" in j.boards]


def jobsite_listing(world: World, base: str, page: int, total: int) -> bytes:
    start = (page - 1) * PAGE_SIZE
    links = []
    for n in range(start, min(start + PAGE_SIZE, total)):
        links.append(f'<li><a href="/jobsite/jobs/posting-{n}?utm_source=list">Job {n}</a></li>')
    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    nxt = f'<a rel="next" href="/jobsite/jobs?page={page + 1}">Next</a>' if page < pages else ""
    return (
        f"<!doctype html><html><head><title>Jobs page {page}</title></head><body>"
        f"<h1>HR jobs</h1><ul>{''.join(links)}</ul>{nxt}</body></html>"
    ).encode()


def jobsite_detail(world: World, job: Job, n: int, base: str) -> bytes:
    city, code, region, country = job.city
    title = f"{job.title} - {city}" if n % 2 else job.title
    data: dict[str, object] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": title,
        "description": job.description,
        "identifier": {"@type": "PropertyValue", "name": job.company.name, "value": f"JS-{n}"},
        "datePosted": job.posted.date().isoformat(),
        "employmentType": "FULL_TIME",
        "hiringOrganization": {"@type": "Organization", "name": job.company.name},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": city,
                "addressRegion": code or region,
                "addressCountry": country,
            },
        },  # fmt: skip
        "url": f"{base}/jobsite/jobs/posting-{n}",
    }
    if job.workplace == "remote":
        data["jobLocationType"] = "TELECOMMUTE"
    if job.salary:
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "CAD" if country == "CA" else "USD",
                              "value": {"@type": "QuantitativeValue", "minValue": job.salary[0],
                                        "maxValue": job.salary[1], "unitText": "YEAR"}}  # fmt: skip
    block = json.dumps({"@context": "https://schema.org", "@graph": [data]} if n % 3 == 0 else data)
    return (
        f"<!doctype html><html><head><title>{html.escape(title)}</title>"
        f'<script type="application/ld+json">{block}</script></head>'
        f"<body><h1>{html.escape(title)}</h1>{job.description}</body></html>"
    ).encode()


def job_feed(world: World, base: str) -> bytes:
    items = []
    for j in world.jobs:
        if "jobfeed" not in j.boards:
            continue
        link = f"{base}/jobfeed/jobs/{j.job_id.lower()}?utm_source=rss&utm_medium=feed"
        items.append(
            "<item>"
            f"<title>{escape(j.company.name)}: {escape(j.title)}</title>"
            f'<link>{escape(link)}</link><guid isPermaLink="false">feed-{j.job_id}</guid>'
            f"<pubDate>{format_datetime(j.posted)}</pubDate>"
            f"<region>{escape(_long_loc(j))}</region>"
            f"<description>{escape(j.description)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>HR Jobs Feed</title><link>{base}/jobfeed/</link>"
        f"<description>HR jobs</description>{''.join(items)}</channel></rss>"
    ).encode()


def blogger_feed(world: World, blog: str, base: str, start: int, size: int) -> bytes:
    posts = world.posts[blog]
    chunk = posts[start - 1 : start - 1 + size]
    self_url = f"{base}/blogger/{blog}/feeds/posts/default"
    nxt = ""
    if start - 1 + size < len(posts):
        nxt = f'<link rel="next" href="{self_url}?start-index={start + size}&amp;max-results={size}"/>'
    entries = "".join(
        f"<entry><id>tag:blogger.com,1999:blog-{blog}.post-{p.n}</id>"
        f"<published>{p.published.isoformat()}</published><updated>{p.published.isoformat()}</updated>"
        f"<title type='text'>{escape(p.title)}</title><content type='html'>{escape(p.body)}</content>"
        f"<link rel='alternate' type='text/html' href='{base}/blogger/{blog}/{p.n}.html'/>"
        f"<author><name>{p.author}</name></author></entry>"
        for p in chunk
    )
    return (
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/'>"
        f"<id>tag:blogger.com,1999:blog-{blog}</id><title type='text'>{blog.replace('-', ' ').title()}</title>"
        f"<updated>{posts[0].published.isoformat()}</updated>"
        f"<openSearch:totalResults>{len(posts)}</openSearch:totalResults>{nxt}{entries}</feed>"
    ).encode()


def wordpress_feed(world: World, blog: str, base: str, paged: int, size: int = 10) -> bytes | None:
    posts = world.posts[blog]
    chunk = posts[(paged - 1) * size : paged * size]
    if not chunk:
        return None
    items = "".join(
        f"<item><title>{escape(p.title)}</title><link>{base}/wp/{blog}/{p.n}/</link>"
        f"<dc:creator>{p.author}</dc:creator><pubDate>{format_datetime(p.published)}</pubDate>"
        f'<category>HR</category><guid isPermaLink="false">{base}/wp/{blog}/?p={p.n}</guid>'
        f"<description>{escape(p.body[:120])}</description>"
        f"<content:encoded><![CDATA[{p.body}]]></content:encoded></item>"
        for p in chunk
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">'
        f"<channel><title>{blog.replace('-', ' ').title()}</title><link>{base}/wp/{blog}/</link>"
        f'<atom:link href="{base}/wp/{blog}/feed/" rel="self" type="application/rss+xml"/>'
        f"<description>HR notes</description>{items}</channel></rss>"
    ).encode()
