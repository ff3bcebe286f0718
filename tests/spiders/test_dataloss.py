"""Nothing a crawl loses is silent (issue 16, crawl side): one real crawl of a local web.

Each source below reproduces one way a crawl used to lose postings while calling its listing
"ok, complete" -- which let the warehouse close live jobs:

* two sources of one batch that link the same detail pages, child sitemaps or pagination
  page (Scrapy's crawl-wide duplicate filter dropped the second source's requests);
* one unusable link (a relative or ``javascript:`` sitemap ``<loc>``, a ``rel="next"`` of
  ``javascript:void(0)``) that stopped every later request of its page;
* a job feed over ``MAX_ENTRIES``, cut silently;
* feed items without a link or title and HTML items whose link matches nothing, dropped
  uncounted;
* a JSON-LD board whose pages lost their markup and an API answering an empty list, both
  reported plainly "ok".

All sources share one crawl process (one batch), as production batches do. Page text is
generated for these tests.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from spiders.feeds.model import MAX_ENTRIES
from tests.reliability.support import CrawlResult, run_crawl
from tests.spiders.server import CaseServer

pytestmark = pytest.mark.e2e

SETTINGS = {"AUTOTHROTTLE_ENABLED": False, "LOG_LEVEL": "ERROR", "DOWNLOAD_TIMEOUT": 10}
HTML = "text/html; charset=utf-8"
XML = "application/xml"


def job_page(n: int, with_markup: bool = True) -> bytes:
    posting = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": f"HR Advisor {n}",
        "datePosted": "2026-01-05",
        "hiringOrganization": {"@type": "Organization", "name": "Maple Test Co"},
        "description": f"<p>People advisor number {n} for a made-up employer.</p>",
    }
    script = f'<script type="application/ld+json">{json.dumps(posting)}</script>'
    head = script if with_markup else ""
    return f"<html><head>{head}</head><body><h1>HR Advisor {n}</h1></body></html>".encode()


def sitemap(*locs: str) -> bytes:
    urls = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    ).encode()


def sitemap_index(*locs: str) -> bytes:
    maps = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}</sitemapindex>'
    ).encode()


def listing(next_href: str | None, links: list[str], inline: list[int] = ()) -> bytes:  # type: ignore[assignment]
    nxt = f'<link rel="next" href="{next_href}">' if next_href else ""
    scripts = "".join(job_page(n).decode().split("<head>")[1].split("</head>")[0] for n in inline)
    anchors = "".join(f'<a href="{h}">posting</a>' for h in links)
    return f"<html><head>{nxt}{scripts}</head><body>{anchors}</body></html>".encode()


def rss(items: list[tuple[str | None, str | None]]) -> bytes:
    out = []
    for i, (title, link) in enumerate(items):
        parts = [f'<guid isPermaLink="false">item-{i}</guid>']
        parts += [f"<title>{title}</title>"] if title else []
        parts += [f"<link>{link}</link>"] if link else []
        out.append(f"<item>{''.join(parts)}</item>")
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Made-up jobs</title>'
        f"<link>http://jobs.invalid/</link>{''.join(out)}</channel></rss>"
    ).encode()


def html_board(rows: list[tuple[str, str | None]]) -> bytes:
    items = "".join(
        f'<li class="job"><a class="t" href="{link}">{t}</a></li>'
        if link
        else f'<li class="job"><span class="t">{t}</span></li>'
        for t, link in rows
    )
    return f"<html><body><ul>{items}</ul></body></html>".encode()


def build(base: str) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[int, bytes, str]]]:
    """(source name -> (kind, url), path -> (status, body, content type))."""
    pages: dict[str, tuple[int, bytes, str]] = {}
    for n in range(1, 12):
        pages[f"/jobs/{n}"] = (200, job_page(n), HTML)
    # 1: two sitemaps listing the same detail pages; two indexes sharing child sitemaps;
    #    two listings sharing their second page
    pages["/a/sitemap.xml"] = (200, sitemap(*(f"{base}/jobs/{n}" for n in (1, 2, 3))), XML)
    pages["/b/sitemap.xml"] = (200, sitemap(*(f"{base}/jobs/{n}" for n in (1, 2, 3))), XML)
    pages["/idx-a.xml"] = (200, sitemap_index(f"{base}/shared/1.xml", f"{base}/shared/2.xml"), XML)
    pages["/idx-b.xml"] = (200, sitemap_index(f"{base}/shared/1.xml", f"{base}/shared/2.xml"), XML)
    pages["/shared/1.xml"] = (200, sitemap(f"{base}/jobs/4", f"{base}/jobs/5"), XML)
    pages["/shared/2.xml"] = (200, sitemap(f"{base}/jobs/6"), XML)
    pages["/pa/"] = (200, listing(f"{base}/pages/2", [], inline=[20]), HTML)
    pages["/pb/"] = (200, listing(f"{base}/pages/2", [], inline=[21]), HTML)
    pages["/pages/2"] = (200, listing(None, [], inline=[22, 23]), HTML)
    # 2: unusable links among good ones
    locs = (f"{base}/jobs/7", "/jobs/8", "javascript:void(0)", f"{base}/jobs/9")
    pages["/bad/sitemap.xml"] = (200, sitemap(*locs), XML)
    pages["/bn/"] = (200, listing("javascript:void(0)", ["/bn/job-1", "/bn/job-2"]), HTML)
    pages["/bn/job-1"] = (200, job_page(30), HTML)
    pages["/bn/job-2"] = (200, job_page(31), HTML)
    pages["/badidx.xml"] = (200, sitemap_index("shared/1.xml", f"{base}/shared/2.xml"), XML)
    odd = ["/ol/job-1", "http://[no-url", "mailto:jobs@example.invalid", "/ol/job-2"]
    pages["/ol/"] = (200, listing("http://[no-next", odd), HTML)
    pages["/ol/job-1"] = (200, job_page(32), HTML)
    pages["/ol/job-2"] = (200, job_page(33), HTML)
    broken = '<script type="application/ld+json">{"@type": "JobPosting", "title": "x"</script>'
    pages["/broken/1"] = (200, f"<html><head>{broken}</head></html>".encode(), HTML)
    pages["/broken/sitemap.xml"] = (200, sitemap(f"{base}/jobs/10", f"{base}/broken/1"), XML)
    # 4: a feed over the entry cap; a listing cut by max_pages
    over = [(f"HR Coordinator {i}", f"{base}/big/{i}") for i in range(MAX_ENTRIES + 7)]
    pages["/big.rss"] = (200, rss(over), XML)
    pages["/mp/"] = (200, listing(f"{base}/mp/2", [], inline=[40]), HTML)
    pages["/mp/2"] = (200, listing(None, [], inline=[41]), HTML)
    # dropped without being counted: feed items without link or title, HTML items without link
    items = [("HR Generalist", f"{base}/f/1"), ("Payroll Lead", None), (None, f"{base}/f/3")]
    pages["/nolink.rss"] = (200, rss(items), XML)
    rows = [("HR Manager", "/h/1"), ("HR Analyst", None), ("Benefits Lead", "/h/3")]
    pages["/board"] = (200, html_board(rows), HTML)
    # a JSON-LD block over lxml's 10 MB text limit: the page is read up to it, and counted
    huge = json.dumps({"@type": "JobPosting", "title": "HR Advisor 62",
                       "description": "Partner with leaders. " * 500_000})  # fmt: skip
    head = job_page(60).decode().split("<head>")[1].split("</head>")[0]
    pages["/hl/"] = (200, (
        f'<html><head>{head}</head><body><a href="/hl/job-1">posting</a>'
        f'<script type="application/ld+json">{huge}</script><a href="/hl/job-2">posting</a>'
        "</body></html>").encode(), HTML)  # fmt: skip
    pages["/hl/job-1"] = (200, job_page(61), HTML)
    pages["/hl/job-2"] = (200, job_page(63), HTML)
    # an ATS board (Pinpoint: one JSON document) with one entry that has no title
    board = {"data": [{"id": "71", "title": "HR Advisor 70", "url": f"{base}/pp/71"},
                      {"id": "72", "url": f"{base}/pp/72"}]}  # fmt: skip
    pages["/postings.json"] = (200, json.dumps(board).encode(), "application/json")
    # 5: pages that lost their markup; an API answering an empty list
    pages["/lm/"] = (200, listing(None, ["/lm/1", "/lm/2"]), HTML)
    pages["/lm/1"] = (200, job_page(50, with_markup=False), HTML)
    pages["/lm/2"] = (200, job_page(51, with_markup=False), HTML)
    pages["/gh/jobs?content=true&pay_transparency=true"] = (
        200,
        b'{"jobs": []}',
        "application/json",
    )
    sources = {
        "sm-a": ("jsonld", f"{base}/a/sitemap.xml"),
        "sm-b": ("jsonld", f"{base}/b/sitemap.xml"),
        "idx-a": ("jsonld", f"{base}/idx-a.xml"),
        "idx-b": ("jsonld", f"{base}/idx-b.xml"),
        "page-a": ("jsonld", f"{base}/pa/"),
        "page-b": ("jsonld", f"{base}/pb/"),
        "bad-loc": ("jsonld", f"{base}/bad/sitemap.xml"),
        "bad-next": ("jsonld", f"{base}/bn/"),
        "bad-child": ("jsonld", f"{base}/badidx.xml"),
        "odd-links": ("jsonld", f"{base}/ol/"),
        "broken-ld": ("jsonld", f"{base}/broken/sitemap.xml"),
        "big-feed": ("job-feed", f"{base}/big.rss"),
        "capped": ("jsonld", f"{base}/mp/"),
        "no-link-feed": ("job-feed", f"{base}/nolink.rss"),
        "no-link-board": ("html", f"{base}/board"),
        "lost-markup": ("jsonld", f"{base}/lm/"),
        "huge-ld": ("jsonld", f"{base}/hl/"),
        "ats-untitled": ("pinpoint", f"{base}/"),
        "empty-api": ("greenhouse", f"{base}/gh/jobs"),
    }
    return sources, pages


def toml(sources: dict[str, tuple[str, str]]) -> str:
    out = []
    for name, (kind, url) in sources.items():
        out += ["[[source]]", f'name = "{name}"', f'kind = "{kind}"', f'url = "{url}"']
        out += ["hr_only = false", f"max_pages = {1 if name == 'capped' else 50}"]
        if kind == "html":
            out += ["[source.selectors]", 'item = "li.job"', 'title = ".t::text"']
            out += ['link = "a.t::attr(href)"']
        out.append("")
    return "\n".join(out)


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[CrawlResult, CaseServer]:
    base_dir = tmp_path_factory.mktemp("dataloss")
    server = CaseServer({})
    with server:
        base = server.base_url
        sources, pages = build(base)
        host = base.removeprefix("http://")
        for path, route in pages.items():
            server.routes[(host, "GET", path, b"")] = route
        config = base_dir / "sources.toml"
        config.write_text(toml(sources))
        result = run_crawl(config, base_dir / "landing", "b1", SETTINGS)
    assert result.returncode == 0, result.stderr[-3000:]
    return result, server


def outcome(crawl: tuple[CrawlResult, CaseServer], name: str) -> dict[str, Any]:
    return crawl[0].outcomes()[name]


def titles(crawl: tuple[CrawlResult, CaseServer], name: str) -> list[str]:
    return sorted(
        r["title"]
        for r in crawl[0].records()
        if r["record"] == "Posting" and r["source_name"] == name
    )


@pytest.mark.parametrize("pair", [("sm-a", "sm-b"), ("idx-a", "idx-b"), ("page-a", "page-b")])
def test_sources_sharing_pages_each_read_them(crawl, pair: tuple[str, str]) -> None:
    # item 1: detail pages, child sitemaps and a pagination page two sources link
    first, second = (outcome(crawl, s) for s in pair)
    assert first["fetched"] == second["fetched"] == 3, (first, second)
    assert (second["status"], second["complete"]) == ("ok", True)
    assert len(titles(crawl, pair[1])) == 3


def test_an_unusable_loc_is_skipped_and_counted_and_the_rest_is_read(crawl) -> None:
    # item 2: a relative and a javascript: <loc> between good ones
    o = outcome(crawl, "bad-loc")
    assert titles(crawl, "bad-loc") == ["HR Advisor 7", "HR Advisor 9"]
    assert (o["status"], o["complete"], o["skipped"]) == ("ok", False, 2), o
    assert "unusable link" in o["diagnosis"] and "/jobs/8" in o["diagnosis"], o["diagnosis"]


def test_a_javascript_next_link_does_not_stop_the_detail_links(crawl) -> None:
    o = outcome(crawl, "bad-next")
    assert titles(crawl, "bad-next") == ["HR Advisor 30", "HR Advisor 31"]
    assert (o["status"], o["complete"], o["skipped"]) == ("ok", False, 1), o
    assert "javascript:void(0)" in o["diagnosis"]


def test_a_relative_child_sitemap_is_counted_and_the_other_child_read(crawl) -> None:
    o = outcome(crawl, "bad-child")
    assert titles(crawl, "bad-child") == ["HR Advisor 6"]
    assert (o["complete"], o["skipped"]) == (False, 1), o


def test_links_that_are_no_urls_are_counted_and_the_rest_is_read(crawl) -> None:
    # "http://[no-url" cannot even be parsed; a mailto: link is not a page of the listing
    o = outcome(crawl, "odd-links")
    assert titles(crawl, "odd-links") == ["HR Advisor 32", "HR Advisor 33"]
    assert (o["status"], o["complete"], o["skipped"]) == ("ok", False, 2), o


def test_an_unreadable_jobposting_block_is_counted(crawl) -> None:
    o = outcome(crawl, "broken-ld")
    assert titles(crawl, "broken-ld") == ["HR Advisor 10"]
    assert (o["status"], o["complete"], o["skipped"], o["found"]) == ("ok", False, 1, 2), o
    assert "not readable JSON" in o["diagnosis"]


def test_a_jsonld_block_over_10_mb_is_counted_and_the_page_read_up_to_it(crawl) -> None:
    # issue 16 item 16: lxml stops at the block; before, the source failed (and earlier still,
    # the page read as one without postings or links, which let them close)
    o = outcome(crawl, "huge-ld")
    assert titles(crawl, "huge-ld") == ["HR Advisor 60", "HR Advisor 61"]
    assert (o["status"], o["complete"], o["skipped"], o["error"]) == ("ok", False, 1, None), o
    assert "over 10 MB" in o["diagnosis"] and "/hl/" in o["diagnosis"], o["diagnosis"]


def test_an_ats_entry_without_a_title_is_counted_and_the_board_read(crawl) -> None:
    # before: "malformed posting #1: 'title' is missing" failed the source, every crawl
    o = outcome(crawl, "ats-untitled")
    assert titles(crawl, "ats-untitled") == ["HR Advisor 70"]
    assert (o["status"], o["complete"], o["skipped"], o["error"]) == ("ok", False, 1, None), o
    assert "'title' is missing" in o["diagnosis"], o["diagnosis"]


def test_a_feed_over_the_entry_cap_is_incomplete(crawl) -> None:
    # item 4: MAX_ENTRIES read, the rest counted, the listing incomplete
    o = outcome(crawl, "big-feed")
    assert o["fetched"] == MAX_ENTRIES
    assert (o["status"], o["complete"], o["skipped"]) == ("ok", False, 7), o
    assert f"cap of {MAX_ENTRIES}" in o["diagnosis"]


def test_max_pages_says_why_the_listing_is_incomplete(crawl) -> None:
    o = outcome(crawl, "capped")
    assert (o["status"], o["complete"]) == ("ok", False)
    assert "stopped at max_pages=1 of at least" in o["diagnosis"], o


def test_feed_items_without_link_or_title_are_counted(crawl) -> None:
    o = outcome(crawl, "no-link-feed")
    assert titles(crawl, "no-link-feed") == ["HR Generalist"]
    assert (o["complete"], o["skipped"], o["found"]) == (False, 2, 3), o
    assert "without a link" in o["diagnosis"] and "without a title" in o["diagnosis"]


def test_html_items_whose_link_matches_nothing_are_counted(crawl) -> None:
    o = outcome(crawl, "no-link-board")
    assert titles(crawl, "no-link-board") == ["Benefits Lead", "HR Manager"]
    assert (o["complete"], o["skipped"]) == (False, 1), o
    assert "link selector matched nothing" in o["diagnosis"]


def test_a_board_whose_pages_lost_their_markup_is_empty_not_ok(crawl) -> None:
    # item 5: three pages fetched, two links followed, no JobPosting anywhere
    o = outcome(crawl, "lost-markup")
    assert o["status"] == "empty", o
    assert o["diagnosis"] == (
        "no posting found: 3 pages fetched, 2 links followed, 0 JobPosting blocks found;"
        " likely cause: no JobPosting markup on the listing or the 2 pages it links to;"
        " 2 candidate pages fetched held no posting"
    )


def test_an_api_answering_an_empty_list_is_empty(crawl) -> None:
    o = outcome(crawl, "empty-api")
    assert (o["status"], o["complete"]) == ("empty", True), o
    assert o["diagnosis"].startswith("no posting found: 1 pages fetched")
