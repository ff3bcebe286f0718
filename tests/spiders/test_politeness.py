"""The crawler's manners, end to end (``python -m spiders.run`` against a local server).

robots.txt is obeyed (its Crawl-delay too) and TDM reservations (header or meta tag) skip a source, both recorded as
*skipped* and not as failures; the User-Agent carries the configured contact URL; ``hr_only``
drops non-HR postings and counts them in the outcome; a kind's POST requests (Workday) are
sent with their JSON body.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.spiders.server import CaseServer

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
CONTACT = "https://hr-list.example/crawler-contact"
POSTING = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
           '"JobPosting", "title": "HR Advisor", "url": "http://x.example/1"}</script>')  # fmt: skip
BOARD = {"jobs": [
    {"id": 1, "title": "Human Resources Generalist", "absolute_url": "http://x.example/1"},
    {"id": 2, "title": "Senior Backend Engineer", "absolute_url": "http://x.example/2"},
    {"id": 3, "title": "Payroll Specialist", "absolute_url": "http://x.example/3"},
]}  # fmt: skip
WORKDAY_LIST = {"total": 1, "jobPostings": [{"title": "HR Advisor", "externalPath": "/job/T/A_R1"}]}
WORKDAY_DETAIL = {"jobPostingInfo": {"title": "HR Advisor", "jobReqId": "R1",
                                     "externalUrl": "http://x.example/wd/R1"}}  # fmt: skip
WD_BODY = b'{"appliedFacets":{},"limit":20,"offset":0,"searchText":""}'


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("polite")
    routes = {
        ("GET", "/robots.txt", b""): (200, b"User-agent: *\nDisallow: /private/\n", "text/plain"),
        ("GET", "/private/jobs", b""): (200, f"<html>{POSTING}</html>".encode(), "text/html"),
        ("GET", "/tdm-meta/jobs", b""): (
            200, f'<html><head><meta name="tdm-reservation" content="1">{POSTING}</head></html>'
            .encode(), "text/html"),
        ("GET", "/tdm-header/jobs", b""): (
            200, f"<html>{POSTING}</html>".encode(), "text/html", {"tdm-reservation": "1"}),
        ("GET", "/open/jobs", b""): (200, f"<html>{POSTING}</html>".encode(), "text/html"),
        ("GET", "/v1/boards/mix/jobs?content=true&pay_transparency=true", b""): (
            200, json.dumps(BOARD).encode(), "application/json"),
        ("POST", "/wday/cxs/t/Ext/jobs", WD_BODY): (
            200, json.dumps(WORKDAY_LIST).encode(), "application/json"),
        ("GET", "/wday/cxs/t/Ext/job/T/A_R1", b""): (
            200, json.dumps(WORKDAY_DETAIL).encode(), "application/json"),
    }  # fmt: skip
    server = CaseServer({})
    with server:
        host = server.base_url.removeprefix("http://")
        server.routes = {(host, *key): value for key, value in routes.items()}
        base = server.base_url
        sources = [("robots", "jsonld", "/private/jobs"), ("tdmmeta", "jsonld", "/tdm-meta/jobs"),
                   ("tdmheader", "jsonld", "/tdm-header/jobs"), ("open", "jsonld", "/open/jobs"),
                   ("mix", "greenhouse", "/v1/boards/mix/jobs"),
                   ("wd", "workday", "/wday/cxs/t/Ext/jobs")]  # fmt: skip
        config = tmp / "sources.toml"
        config.write_text("".join(
            f'[[source]]\nname = "{n}"\nkind = "{k}"\nurl = "{base}{p}"\n' for n, k, p in sources
        ))  # fmt: skip
        proc = subprocess.run(
            [sys.executable, "-m", "spiders.run", "--config", str(config), "--landing",
             str(tmp), "--batch-id", "b", "--contact", CONTACT],
            capture_output=True, text=True, timeout=180, cwd=ROOT,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-2000:]
        rows = [json.loads(x) for x in (tmp / "b.jsonl").read_text().splitlines()]
        yield rows, list(server.requests)


def _outcome(rows: list[dict], name: str) -> dict:
    return next(r for r in rows if r["record"] == "SourceOutcome" and r["source_name"] == name)


def _postings(rows: list[dict], name: str) -> list[dict]:
    return [r for r in rows if r["record"] == "Posting" and r["source_name"] == name]


@pytest.mark.parametrize("name", ["robots", "tdmmeta", "tdmheader"])
def test_refusals_are_skips_not_failures(crawled, name: str) -> None:
    rows, _ = crawled
    outcome = _outcome(rows, name)
    assert outcome["status"] == "skipped", outcome
    assert not outcome["complete"], "a skipped source closes nothing"
    assert ("robots.txt" if name == "robots" else "tdm-reservation") in outcome["error"]
    assert _postings(rows, name) == []


def test_user_agent_carries_the_contact(crawled) -> None:
    _, requests = crawled
    agents = {headers.get("User-Agent") for _, _, headers in requests}
    assert agents == {f"eolist/0.1 (+{CONTACT})"}


def test_hr_only_drops_and_counts(crawled) -> None:
    rows, _ = crawled
    outcome = _outcome(rows, "mix")
    assert (outcome["status"], outcome["fetched"], outcome["dropped_non_hr"]) == ("ok", 2, 1)
    assert sorted(p["title"] for p in _postings(rows, "mix")) == [
        "Human Resources Generalist", "Payroll Specialist"]  # fmt: skip


def test_workday_posts_its_paging_body(crawled) -> None:
    rows, requests = crawled
    assert ("POST", "/wday/cxs/t/Ext/jobs") in {(m, p) for m, p, _ in requests}
    outcome = _outcome(rows, "wd")
    assert (outcome["status"], outcome["complete"], outcome["pages"]) == ("ok", True, 2)
    (posting,) = _postings(rows, "wd")
    assert (posting["external_id"], posting["url"]) == ("R1", "http://x.example/wd/R1")


def test_open_source_is_ok(crawled) -> None:
    rows, _ = crawled
    assert _outcome(rows, "open")["status"] == "ok"
    assert [p["title"] for p in _postings(rows, "open")] == ["HR Advisor"]


def test_crawl_delay_spaces_requests(tmp_path: Path) -> None:
    listing = '<html><a href="/jobs/a">A</a> <a href="/jobs/b">B</a></html>'
    routes = {
        ("GET", "/robots.txt", b""): (200, b"User-agent: *\nCrawl-delay: 1\n", "text/plain"),
        ("GET", "/jobs", b""): (200, listing.encode(), "text/html"),
        ("GET", "/jobs/a", b""): (200, f"<html>{POSTING}</html>".encode(), "text/html"),
        ("GET", "/jobs/b", b""): (200, f"<html>{POSTING}</html>".encode(), "text/html"),
    }
    server = CaseServer({})
    with server:
        host = server.base_url.removeprefix("http://")
        server.routes = {(host, *key): value for key, value in routes.items()}
        config = tmp_path / "sources.toml"
        config.write_text(
            f'[[source]]\nname = "slow"\nkind = "jsonld"\nurl = "{server.base_url}/jobs"\n'
        )
        proc = subprocess.run(
            [sys.executable, "-m", "spiders.run", "--config", str(config), "--landing",
             str(tmp_path), "--batch-id", "d"],
            capture_output=True, text=True, timeout=120, cwd=ROOT,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-2000:]
        times = [t for t, path in server.times if path != "/robots.txt"]
    assert len(times) == 3
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.9, gaps  # one second apart, as robots.txt asks
