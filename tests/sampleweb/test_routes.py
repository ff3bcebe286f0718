"""Each route of the sample web serves parseable content in the real API's shape."""

from __future__ import annotations

import json
import re
import tomllib
from html import unescape

import feedparser
from lxml import etree

from pipeline.sources import parse_sources
from tests.sampleweb.conftest import get, json_ld


def source(web, kind: str, contains: str = "") -> dict:
    return next(s for s in web.sources() if s["kind"] == kind and contains in s["url"])


def test_sources_and_toml_agree_and_pass_the_config_parser(web):
    sources = web.sources()
    kinds = [s["kind"] for s in sources]
    assert kinds.count("greenhouse") >= 2 and {"lever", "jsonld", "job-feed"} <= set(kinds)
    assert kinds.count("blog-feed") == 2
    assert all(s["country"] == "CA" and s["url"].startswith(web.base_url) for s in sources)
    assert tomllib.loads(web.sources_toml())["source"] == sources
    assert [c.name for c in parse_sources(web.sources_toml())] == [s["name"] for s in sources]


def test_greenhouse_board_shape(web):
    status, body, headers = get(source(web, "greenhouse")["url"])
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    data = json.loads(body)
    assert data["meta"]["total"] == len(data["jobs"]) > 5
    for job in data["jobs"]:
        assert {"id", "internal_job_id", "title", "updated_at", "requisition_id", "absolute_url",
                "location", "content", "departments", "offices", "metadata"} <= set(job)  # fmt: skip
        assert job["content"].startswith("&lt;p&gt;") and "<" not in job["content"]
        assert "<li>" in unescape(job["content"])
    assert any(m["name"] == "Recruiter Email" for j in data["jobs"] for m in j["metadata"])
    assert any("pay_input_ranges" in j for j in data["jobs"])
    bare = json.loads(get(source(web, "greenhouse")["url"].replace("?content=true", ""))[1])
    assert [j["id"] for j in bare["jobs"]] == [j["id"] for j in data["jobs"]]
    assert not any("content" in j for j in bare["jobs"])


def test_lever_shape_and_paging(web):
    url = source(web, "lever")["url"]
    everything = json.loads(get(url)[1])
    assert len(everything) > 5
    first = everything[0]
    assert {"id", "text", "hostedUrl", "applyUrl", "categories", "createdAt", "descriptionPlain",
            "description", "lists", "additional", "workplaceType"} <= set(first)  # fmt: skip
    assert {"location", "team", "commitment", "allLocations"} <= set(first["categories"])
    assert isinstance(first["createdAt"], int) and first["lists"]
    pages, skip = [], 0
    while True:
        page = json.loads(get(f"{url}&skip={skip}&limit=4")[1])
        if not page:
            break
        pages.append(page)
        skip += 4
    assert [p["id"] for page in pages for p in page] == [p["id"] for p in everything]
    assert get(source(web, "lever")["url"].replace("postings/", "postings/nobody"))[0] == 404


def test_jobsite_pages_end_and_details_carry_json_ld(web):
    url, pages, postings, graphs = source(web, "jsonld")["url"], 0, [], 0
    while url:
        status, body, headers = get(url)
        assert status == 200 and headers["Content-Type"].startswith("text/html")
        pages += 1
        for href in re.findall(r'href="(/jobsite/jobs/[^"?]+)\?utm_source', body.decode()):
            detail = get(web.base_url + href)[1]
            postings.append(json_ld(detail))
            graphs += b'"@graph"' in detail
        nxt = re.search(r'<a rel="next" href="([^"]+)"', body.decode())
        url = web.base_url + unescape(nxt.group(1)) if nxt else None
    assert pages == web.world.jobsite_pages and pages < 10
    assert all(postings) and graphs > 0
    assert any(len(p) == 2 for p in postings), "no page with two postings"
    flat = [p for page in postings for p in page]
    assert any(p.get("jobLocationType") == "TELECOMMUTE" for p in flat)
    assert any("baseSalary" in p for p in flat) and any("validThrough" in p for p in flat)
    assert all(p["hiringOrganization"]["name"] and p["jobLocation"]["address"] for p in flat)
    assert any("• " in p["description"] for p in flat), "no re-formatted copy"
    sitemap = etree.fromstring(get(f"{web.base_url}/jobsite/sitemap.xml")[1])
    assert len(sitemap) == web.world.jobsite_total
    assert get(f"{web.base_url}/jobsite/jobs?page={pages + 1}")[0] == 404


def test_job_feed(web):
    status, body, headers = get(source(web, "job-feed")["url"])
    assert headers["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(body)
    assert not feed.bozo and len(feed.entries) > 5
    for entry in feed.entries:
        assert ": " in entry.title and entry.id and "utm_source=rss" in entry.link
        assert entry.published_parsed and entry.tags and "<li>" in entry.summary


def test_blogger_pages_with_next_links(web):
    url, entries, pages = source(web, "blog-feed", "/blogger/")["url"], [], 0
    while url:
        status, body, headers = get(url)
        assert headers["Content-Type"].startswith("application/atom+xml")
        feed = feedparser.parse(body)
        assert not feed.bozo and feed.entries
        assert b"<openSearch:totalResults>" in body
        entries += feed.entries
        pages += 1
        url = next((link.href for link in feed.feed.links if link.rel == "next"), None)
    assert pages >= 2 and len({e.id for e in entries}) == len(entries)
    assert get(entries[0].link)[0] == 200


def test_wordpress_paged_ends_with_404(web):
    url = source(web, "blog-feed", "/wp/")["url"]
    first = feedparser.parse(get(url)[1])
    assert not first.bozo and len(first.entries) == 10
    assert first.entries[0].content[0].value.startswith("<p>") and first.entries[0].author
    assert any(link.rel == "self" for link in first.feed.links)
    assert feedparser.parse(get(url + "?paged=2")[1]).entries
    assert get(url + "?paged=3")[0] == 404
    assert get(first.entries[0].link)[0] == 200


def test_robots_and_unknown_paths(web):
    status, body, headers = get(web.base_url + "/robots.txt")
    assert (
        status == 200 and b"Allow: /" in body and headers["Content-Type"].startswith("text/plain")
    )
    assert get(web.base_url + "/nowhere")[0] == 404
    assert get(web.base_url + "/jobsite/jobs/made-up-title-500000")[0] == 404
