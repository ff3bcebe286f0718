"""``sources add`` tells a blog's feed from a job board's (issue 17, item 3).

A blog added as a job feed sends its posts to the weekly list as jobs. Feeds are served on
127.0.0.1 in the shapes WordPress and job boards write (generated text); hosted blogs are
known from the address alone, with no fetch.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from spiders import feedkind
from tests.spiders.server import CaseServer
from tests.spiders.test_sources_add import run_cli


def _rss(items: list[tuple[str, str]], extra_ns: str = "", item_extra: str = "") -> bytes:
    body = "".join(
        f"<item><title>{t}</title><link>https://example.test/{i}</link>"
        f"<description><![CDATA[{d}]]></description>{item_extra}</item>"
        for i, (t, d) in enumerate(items)
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" {extra_ns}><channel>'
            f"<title>Feed</title><link>https://example.test/</link>{body}</channel></rss>").encode()  # fmt: skip


BLOG = _rss([
    ("Five questions to ask before you restructure a team", "<p>We talked with three leaders.</p>"),
    ("What a four-day week taught our payroll manager", "<p>A pilot, and what changed.</p>"),
    ("Onboarding remote hires: notes from a workshop", "<p>Slides and a reading list.</p>"),
    ("HR Manager of the year: meet the finalists", "<p>Our readers voted.</p>"),
], 'xmlns:wfw="http://wellformedweb.org/CommentAPI/"')  # fmt: skip
ADS = _rss([
    ("HR Generalist", "<p>Full-time role in Calgary. Qualifications: 3 years. Apply online.</p>"),
    ("Northwind: Payroll Specialist", "<p>Responsibilities include pay runs. Salary $60,000.</p>"),
    ("Talent Acquisition Partner", "<p>Hybrid. Requirements: CHRP. Apply by May 1.</p>"),
])  # fmt: skip
WPJM = _rss([("Office Coordinator", "<p>Join us.</p>")],
            'xmlns:job_listing="https://wpjobmanager.com"',
            "<job_listing:location>Regina</job_listing:location>")  # fmt: skip
HOME = (b'<html><head><link rel="alternate" type="application/rss+xml" href="/feed/">'
        b"</head><body><h1>The People Desk</h1></body></html>")  # fmt: skip
ROUTES = {"/feed/": (BLOG, "application/rss+xml; charset=UTF-8"), "/": (HOME, "text/html"),
          "/jobs/feed/": (ADS, "application/rss+xml"), "/wpjm/feed/": (WPJM, "application/rss+xml"),
          "/listings.xml": (ADS, "application/rss+xml")}  # fmt: skip


@pytest.fixture(scope="module")
def web():
    with CaseServer({}) as server:
        host = server.base_url.removeprefix("http://")
        server.routes = {(host, "GET", p, b""): (200, b, c) for p, (b, c) in ROUTES.items()}
        yield server


@pytest.mark.parametrize(
    ("path", "kind", "said"),
    [("/feed/", "blog-feed", "0 of 4 entries read as job ads"),
     ("/", "blog-feed", "the page links to a feed"),
     ("/jobs/feed/", "job-feed", "3 of 3 entries read as job ads"),
     ("/listings.xml", "job-feed", "3 of 3 entries read as job ads"),
     ("/wpjm/feed/", "job-feed", "job fields")],
)  # fmt: skip
def test_add_tells_blogs_from_job_feeds(
    web, tmp_path: Path, path: str, kind: str, said: str
) -> None:
    config = tmp_path / "sources.toml"
    proc = run_cli(config, "add", web.base_url + path, "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert tomllib.loads(proc.stdout)["source"][0]["kind"] == kind
    assert said in proc.stdout


@pytest.mark.parametrize(
    ("url", "feed"),
    [("https://peoplenotes.wordpress.com/", "https://peoplenotes.wordpress.com/feed/"),
     ("https://hrcorner.blogspot.com/2026/03/a-post.html",
      "https://hrcorner.blogspot.com/feeds/posts/default")],
)  # fmt: skip
def test_hosted_blogs_are_known_offline(tmp_path: Path, url: str, feed: str) -> None:
    # no server: an address that needed fetching would fail here
    proc = run_cli(tmp_path / "sources.toml", "add", url, "--dry-run")
    assert proc.returncode == 0, proc.stderr
    table = tomllib.loads(proc.stdout)["source"][0]
    assert (table["kind"], table["url"]) == ("blog-feed", feed)


def test_an_unreachable_feed_address_is_a_blog_and_says_it_guessed(tmp_path: Path) -> None:
    proc = run_cli(tmp_path / "sources.toml", "add", "http://127.0.0.1:9/news/feed/", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert tomllib.loads(proc.stdout)["source"][0]["kind"] == "blog-feed"
    assert "unsure" in proc.stdout


def test_an_empty_feed_is_a_blog_unless_at_a_jobs_address() -> None:
    empty = _rss([])
    assert feedkind.classify("https://a.example/feed/", empty)[0] == "blog-feed"
    assert feedkind.classify("https://a.example/careers/feed/", empty)[0] == "job-feed"
