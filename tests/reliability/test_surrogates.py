"""Lone surrogates in a JSON API: every posting the crawl counted lands and loads (issue 16, item 3).

JSON may escape half of a surrogate pair on its own (``"\\ud800"``); Python decodes it into a
``str`` that UTF-8 cannot encode. Such a posting used to make the landing writer raise: Scrapy
dropped it after ``fetched`` had counted it. Now each lone surrogate becomes U+FFFD, and the
landing file is read by DuckDB's own ``read_json`` (which rejects an escaped lone ``\\uD83D``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.reliability.support import load_landing, run_crawl
from tests.spiders.server import CaseServer
from warehouse import db

pytestmark = pytest.mark.e2e

BOARD_PATH = "/v1/boards/acme/jobs?content=true&pay_transparency=true"
FEED_PATH = "/blog/feed.json"
HIGH, LOW = "\ud800", "\udfff"  # a lone high and a lone low surrogate


def _job(n: int, **broken: str) -> dict:
    job = {
        "id": 4000 + n,
        "title": f"HR Business Partner {n}",
        "absolute_url": f"https://job-boards.example.test/acme/jobs/{4000 + n}",
        "company_name": "Maple Leaf Widgets",
        "location": {"name": "Toronto, ON"},
        "content": "&lt;p&gt;Partner with our people leaders on org design.&lt;/p&gt;",
        "departments": [{"name": "People"}],
    }
    job.update(broken)
    return job


JOBS = [
    _job(1),
    _job(2, title=f"HR Advisor {HIGH} Payroll"),
    _job(3, company_name=f"Widgets{LOW} Inc."),
    _job(4, content=f"&lt;p&gt;Benefits {HIGH}{HIGH} and {LOW}pay&lt;/p&gt;"),
    _job(5, location={"name": f"Toronto{HIGH}, ON"}, departments=[{"name": f"P{LOW}"}]),
    _job(6, title=f"{LOW}Talent Acquisition Lead{HIGH}", company_name=HIGH),
    _job(7, absolute_url=f"https://job-boards.example.test/acme/jobs/4007{HIGH}"),
]
FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": f"People Notes {HIGH}",
    "items": [
        {"id": "a1", "url": "https://blog.example.test/a1", "title": f"Onboarding {LOW}notes",
         "content_html": f"<p>Week one {HIGH}</p>", "authors": [{"name": f"R{HIGH}"}]},
        {"id": "a2", "url": "https://blog.example.test/a2", "title": "Exit interviews",
         "content_html": "<p>Ask and listen.</p>", "tags": [f"hr{LOW}"]},
    ],
}  # fmt: skip


def test_lone_surrogates_land_and_load(tmp_path: Path) -> None:
    board = json.dumps({"jobs": JOBS}).encode()  # ensure_ascii: "\ud800" escapes, as APIs send
    feed = json.dumps(FEED).encode()
    assert b"\\ud800" in board and b"\\udfff" in feed
    with CaseServer({}) as server:
        host = server.base_url.removeprefix("http://")
        server.routes[(host, "GET", BOARD_PATH, b"")] = (200, board, "application/json")
        server.routes[(host, "GET", FEED_PATH, b"")] = (200, feed, "application/feed+json")
        config = tmp_path / "sources.toml"
        config.write_text(
            '[[source]]\nname = "acme"\nkind = "greenhouse"\nhr_only = false\n'
            f'url = "{server.base_url}/v1/boards/acme/jobs"\n\n'
            '[[source]]\nname = "notes"\nkind = "blog-feed"\n'
            f'url = "{server.base_url}{FEED_PATH}"\n'
        )
        crawl = run_crawl(config, tmp_path / "landing", "b1", {"ROBOTSTXT_OBEY": False})
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    assert "UnicodeEncodeError" not in crawl.stderr, crawl.stderr[-2000:]
    outcomes = crawl.outcomes()
    assert outcomes["acme"]["fetched"] == len(JOBS), outcomes["acme"]
    assert outcomes["notes"]["fetched"] == len(FEED["items"]), outcomes["notes"]
    landed = crawl.records()
    postings = [r for r in landed if r["record"] == "Posting"]
    assert len(postings) == len(JOBS), "every counted posting is in the landing file"

    db_path = tmp_path / "w.duckdb"
    load_landing(db_path, tmp_path / "landing")
    with db.session(db_path, read_only=True) as con:
        rows = dict(con.execute("SELECT external_id, title FROM postings").fetchall())
        company = con.execute("SELECT company FROM postings WHERE external_id = '4003'").fetchone()
        text = con.execute(
            "SELECT description_text FROM postings WHERE external_id = '4004'"
        ).fetchone()
        city = con.execute("SELECT locations FROM postings WHERE external_id = '4005'").fetchone()
        url = con.execute("SELECT url FROM postings WHERE external_id = '4007'").fetchone()
        posts = dict(con.execute("SELECT guid, title FROM blog_posts").fetchall())
        blog = con.execute("SELECT DISTINCT blog_title FROM blog_posts").fetchall()
    assert sorted(rows) == [str(4000 + n) for n in range(1, 8)], "every posting is loaded"
    # each lone surrogate is one U+FFFD, in place; nothing else of the value is lost
    assert rows["4002"] == "HR Advisor \ufffd Payroll"
    assert rows["4006"] == "\ufffdTalent Acquisition Lead\ufffd"
    assert company == ("Widgets\ufffd Inc.",)
    assert text == ("Benefits \ufffd\ufffd and \ufffdpay",)
    assert city == (["Toronto\ufffd, ON"],)
    assert url == ("https://job-boards.example.test/acme/jobs/4007\ufffd",)
    assert posts == {"a1": "Onboarding \ufffdnotes", "a2": "Exit interviews"}
    assert blog == [("People Notes \ufffd",)]
