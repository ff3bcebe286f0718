"""Taleo Business Edition, the ``taleo`` kind's second edition (``spiders.taleo_tbe``).

The goldens (``tests/data/taleo/tbe-*``) pin each page's fields; this file pins the URL shapes
``sources add`` recognises (today's v2 pages, the older ``.jsp`` links still found on the web,
the RSS servlet), a malformed card counted, a page that is no requisition failing in one
line, and one real crawl of a board (cursor theme, 13 cards, one removed) on a local server.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.sources import SourceConfig
from spiders import detect
from spiders.kinds import ExtractError, RequestSpec, module_for
from spiders.protocol import read_page, start_specs
from tests.spiders.server import CaseServer
from tests.spiders.skips import assert_one_skipped

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "taleo"
BOARD = "https://chk.tbe.taleo.net/chk03/ats/careers/v2/searchResults?org=GRANDRIVERCU&cws=37"


@pytest.mark.parametrize(
    ("url", "board"),
    [
        (BOARD, BOARD),
        (BOARD.replace("searchResults?", "searchResults/?") + "&rowFrom=20", BOARD),
        ("https://chk.tbe.taleo.net/chk03/ats/careers/v2/viewRequisition?org=GRANDRIVERCU&cws=37&rid=4101",
         BOARD),
        # the older pages: links to them are still all over the web
        ("https://chk.tbe.taleo.net/chk03/ats/careers/requisition.jsp?org=GRANDRIVERCU&cws=37&rid=4101",
         BOARD),
        ("http://chk.tbe.taleo.net/chk03/ats/careers/requisition.jsp?org=GRANDRIVERCU&cws=37&rid=4101",
         BOARD),
        ("https://chk.tbe.taleo.net/chk03/ats/careers/jobSearch.jsp?org=GRANDRIVERCU&cws=37", BOARD),
        ("https://chk.tbe.taleo.net/chk03/ats/careers/searchResults.jsp?org=GRANDRIVERCU&cws=37",
         BOARD),
        ("https://chk.tbe.taleo.net/chk03/ats/servlet/Rss?org=GRANDRIVERCU&cws=37&WebPage=SRCHR_V2"
         "&WebVersion=0&_rss_version=2", BOARD),
        # an upper-case partition of an older cluster is kept as written
        ("https://ch.tbe.taleo.net/CH06/ats/servlet/Rss?org=LAKEHEAD&cws=40",
         "https://ch.tbe.taleo.net/CH06/ats/careers/v2/searchResults?org=LAKEHEAD&cws=40"),
    ],
)  # fmt: skip
def test_every_url_shape_is_detected_as_its_board(url: str, board: str) -> None:
    found = detect.from_url(url)
    assert found is not None and (found.kind, found.url) == ("taleo", board)
    assert found.name == ("lakehead" if "LAKEHEAD" in url else "grandrivercu")
    start = start_specs(module_for("taleo"), SourceConfig(name="t", kind="taleo", url=url))
    query = board.split("?")[1].split("&")
    assert [s.url for s in start] == [board.split("?")[0] + f"?{query[1]}&{query[0]}&rowFrom=0"]


def test_a_url_without_cws_is_detected_and_refused_with_advice() -> None:
    url = "https://chk.tbe.taleo.net/chk03/ats/careers/v2/searchResults?org=GRANDRIVERCU"
    found = detect.from_url(url)
    assert found is not None and found.kind == "taleo" and "cws=" in found.why
    with pytest.raises(ExtractError, match="cws") as e:
        start_specs(module_for("taleo"), SourceConfig(name="t", kind="taleo", url=url))
    assert "\n" not in str(e.value)


CARD = ('<div class="oracletaleocwsv2-accordion-block"><h4><a class="viewJobLink" href="{}">'
        "{}</a></h4></div>")  # fmt: skip
VIEW = "https://chk.tbe.taleo.net/chk03/ats/careers/v2/viewRequisition?org=GRANDRIVERCU&cws=37"


@pytest.mark.parametrize(
    "bad",
    [CARD.format(f"{VIEW}&rid=", "Payroll Clerk"),
     CARD.format("https://chk.tbe.taleo.net/chk03/ats/careers/v2/searchResults?org=G", "Clerk")],
    ids=["no rid", "not a requisition"],
)  # fmt: skip
def test_a_card_without_a_requisition_link_is_skipped_and_counted(bad: str) -> None:
    good = CARD.format(f"{VIEW}&amp;rid=4101", "People and Culture Advisor")
    page = f'<html><div class="oracletaleocwsv2-accordion-group">{good}{bad}</div></html>'
    assert_one_skipped("taleo", RequestSpec(BOARD + "&rowFrom=0"), page.encode(), "no rid")


def test_the_card_title_travels_with_the_detail_request() -> None:
    body = (DATA / "tbe-cursor-last-page/input.html").read_bytes()
    url = BOARD + "&rowFrom=10"
    _, _, details = read_page(module_for("taleo"), SourceConfig(name="t", kind="taleo", url=url),
                              RequestSpec(url), "listing", url, body)  # fmt: skip
    assert [dict(d.carry)["title"] for d in details] == [
        "Total Rewards Analyst", "Compliance Officer", "Facilities Coordinator"]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"<html><body><h1>Scheduled maintenance</h1></body></html>", "no requisition page"),
        (b'<html><body><div class="well oracletaleocwsv2-job-description"><span>Department'
         b"</span><strong>HR</strong></div></body></html>", "without a title"),
    ],
    ids=["not a requisition page", "no title anywhere"],
)  # fmt: skip
def test_a_requisition_page_that_cannot_be_read_fails_in_one_line(body: bytes, says: str) -> None:
    with pytest.raises(ExtractError, match=says) as e:
        module_for("taleo").extract(f"{VIEW}&rid=4101", body)
    assert "rid=4101" in str(e.value) and "\n" not in str(e.value)


def test_a_cursor_that_goes_back_ends_the_paging() -> None:
    page = (DATA / "tbe-cursor-first-page/input.html").read_text()
    looping = page.replace("rowFrom=10&amp;act", "rowFrom=0&amp;act")
    url = BOARD + "&rowFrom=0"
    assert module_for("taleo").next_pages(url, looping.encode()) == []


@pytest.mark.e2e
def test_a_board_crawls_end_to_end(tmp_path: Path) -> None:
    """The cursor board (10 + 3 cards), each requisition its second-layout page but one removed:
    12 postings landed, titled from their cards, keyed by rid, the listing complete."""
    server = CaseServer({})
    with server:
        host = server.base_url.removeprefix("http://")

        def local(name: str) -> bytes:  # the cards link to the real host: point them here
            body = (DATA / name / "input.html").read_text()
            return body.replace("https://chk.tbe.taleo.net", server.base_url).encode()

        html = "text/html"
        path = "/chk03/ats/careers/v2/"
        routes = {
            ("GET", f"{path}searchResults?cws=37&org=GRANDRIVERCU&rowFrom=0"):
                local("tbe-cursor-first-page"),
            ("GET", f"{path}searchResults?cws=37&org=GRANDRIVERCU&rowFrom=10"):
                local("tbe-cursor-last-page"),
        }  # fmt: skip
        for rid in range(4101, 4114):
            page = "tbe-removed" if rid == 4109 else "tbe-detail-second-layout"
            routes[("GET", f"{path}viewRequisition?org=GRANDRIVERCU&cws=37&rid={rid}")] = local(
                page
            )
        server.routes = {(host, m, p, b""): (200, body, html) for (m, p), body in routes.items()}
        config = tmp_path / "sources.toml"
        config.write_text(f'[[source]]\nname = "grandriver"\nkind = "taleo"\nhr_only = false\n'
                          f'url = "{server.base_url}{path}searchResults?org=GRANDRIVERCU&cws=37"\n')  # fmt: skip
        proc = subprocess.run(
            [sys.executable, "-m", "spiders.run", "--config", str(config), "--landing",
             str(tmp_path), "--batch-id", "e"],
            capture_output=True, text=True, timeout=180, cwd=ROOT,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-2000:]
    rows = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
    outcome = next(r for r in rows if r["record"] == "SourceOutcome")
    postings = [r for r in rows if r["record"] == "Posting"]
    assert (outcome["status"], outcome["complete"]) == ("ok", True), outcome
    assert sorted(p["external_id"] for p in postings) == [
        str(rid) for rid in range(4101, 4114) if rid != 4109]  # fmt: skip
    titles = {p["external_id"]: p["title"] for p in postings}
    assert titles["4101"] == "People and Culture Advisor"
    assert titles["4113"] == "Facilities Coordinator"
    assert {p["department"] for p in postings} == {"Human Resources"}
