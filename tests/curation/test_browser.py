"""The curation page in a real headless Chromium (Debian's, driven by Playwright).

Her week, as she does it: open the queue, filter, approve three jobs with the keyboard,
publish; the digest holds exactly those three and the feed has a new entry. And a job whose
title, company and description carry XSS payloads shows as text in the page, the HTML digest
and the feed, with no script run. Screenshots go to ``test-artifacts/``; the desk's own
defects (undo, keeping the place, two tabs, a phone) are in ``test_desk_browser.py``.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.conftest import NOW, make_posting
from tests.curation.browsing import ARTIFACTS, Server
from tests.curation.helpers import XSS_COMPANY, XSS_DESCRIPTION, XSS_TITLE, template

pytestmark = pytest.mark.browser
EVIL = make_posting(
    "evil", title=XSS_TITLE, company=XSS_COMPANY, company_normalized="evil",
    description_html=XSS_DESCRIPTION, description_text=XSS_DESCRIPTION,
    apply_url="javascript:window.__xss='apply'", url="javascript:window.__xss='url'",
    posted_at=NOW,
)  # fmt: skip
# Any element with an on* attribute, a javascript: link, or a script that is not the page's own.
DOM_CHECK = """() => {
  const all = [...document.querySelectorAll('*')];
  return {
    xss: window.__xss === undefined ? null : String(window.__xss),
    handlers: all.filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
    jsLinks: [...document.querySelectorAll('a[href]')].filter(
      a => a.getAttribute('href').trim().toLowerCase().startsWith('javascript:')).length,
    scripts: [...document.querySelectorAll('script')].filter(s => !s.nonce).length,
    svg: document.querySelectorAll('svg').length,
  };
}"""
CLEAN = {"xss": None, "handlers": 0, "jsLinks": 0, "scripts": 0, "svg": 0}


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return template(tmp_path_factory.mktemp("browser"), [EVIL])


@pytest.fixture
def server(base, tmp_path) -> Iterator[Server]:
    shutil.copy(base, tmp_path / "w.duckdb")
    with Server(tmp_path / "w.duckdb", tmp_path / "out") as s:
        yield s


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    p = context.new_page()
    p.dialogs = []
    p.on("dialog", lambda d: (p.dialogs.append(d.message), d.dismiss()))
    yield p
    context.close()


def items(xml: bytes) -> list[ElementTree.Element]:
    return ElementTree.fromstring(xml).findall("./channel/item")


def test_filter_approve_three_with_the_keyboard_and_publish(page, server):
    ARTIFACTS.mkdir(exist_ok=True)
    assert items(page.request.get(server.url + "/feed.rss").body()) == []
    page.goto(server.url + "/queue")
    page.screenshot(path=str(ARTIFACTS / "queue.png"), full_page=True)
    page.select_option("select[name=region]", "Ontario")
    with page.expect_navigation():
        page.click("#filters button[type=submit]")
    assert "region=Ontario" in page.url
    rows = page.locator("tr.job")
    ids = [rows.nth(i).get_attribute("data-id") for i in range(rows.count())]
    titles = [rows.nth(i).locator(".job-title").inner_text() for i in range(3)]
    assert len(ids) == 6, "the Ontario jobs, the XSS one included"
    page.keyboard.press("j")
    page.keyboard.press("k")
    for _ in range(3):
        page.keyboard.press("a")
    for job_id in ids[:3]:
        page.wait_for_selector(f'tr.job[data-id="{job_id}"][data-status="approved"]', timeout=10000)
    assert page.locator('tr.job[data-status="approved"]').count() == 3
    assert "current" in (rows.nth(3).get_attribute("class") or "")
    page.goto(server.url + "/digest")
    assert "3 approved jobs" in page.inner_text("#digest-summary")
    with page.expect_navigation():
        page.click("#publish")
    page.fill("#public-url", "https://lists.example.org/")  # asked before the first publish
    with page.expect_navigation():
        page.click("#send")
    assert "Published 2026-W48" in page.inner_text("#published-message")
    digest = json.loads(page.request.get(server.url + "/digests/2026-W48.json").text())
    assert sorted(j["job_id"] for j in digest["jobs"]) == sorted(ids[:3])
    assert len(items(page.request.get(server.url + "/feed.rss").body())) == 1
    assert len(items((server.out / "feed.rss").read_bytes())) == 1
    assert (server.out / "2026-W48.html").exists()
    page.goto(server.url + "/digests/2026-W48.html")
    page.screenshot(path=str(ARTIFACTS / "digest.png"), full_page=True)
    body = page.inner_text("body")
    assert all(t in body for t in titles)
    assert sorted(j["title"] for j in digest["jobs"]) == sorted(titles)
    page.goto(server.url + "/queue?region=Ontario")
    assert all(page.locator(f'tr.job[data-id="{i}"]').count() == 0 for i in ids[:3]), (
        "published jobs are not offered again"
    )


def test_xss_payloads_stay_text_in_page_digest_and_feed(page, server):
    page.goto(server.url + "/queue?q=xss")
    assert page.locator("tr.job").count() == 1
    assert page.evaluate(DOM_CHECK) == CLEAN
    assert XSS_TITLE in page.inner_text("tr.job .job-title")
    assert XSS_COMPANY in page.inner_text("tr.job")
    page.keyboard.press("a")
    page.wait_for_selector('tr.job[data-status="approved"]')
    page.click("tr.job .job-title")
    page.wait_for_selector(".description")
    assert page.evaluate(DOM_CHECK) == CLEAN
    assert "Great job" in page.inner_text(".description")
    page.goto(server.url + "/digest")
    with page.expect_navigation():
        page.click("#publish")
    assert page.evaluate(DOM_CHECK) == CLEAN, "the confirmation shows the list's title"
    page.fill("#public-url", "https://lists.example.org/")
    with page.expect_navigation():
        page.click("#send")
    # The exported email HTML and the feed entry's HTML, loaded with no CSP to shield them.
    email = (server.out / "2026-W48.html").read_text(encoding="utf-8")
    page.set_content(email)
    assert page.evaluate(DOM_CHECK) == CLEAN
    assert XSS_TITLE in page.inner_text("body") and XSS_COMPANY in page.inner_text("body")
    entry = items((server.out / "feed.rss").read_bytes())[0]
    content = entry.find("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert content is not None and content.text
    page.set_content(content.text)
    assert page.evaluate(DOM_CHECK) == CLEAN
    assert XSS_TITLE in page.inner_text("body")
    # the browser's own session, but a POST without the page's token: refused
    refused = page.request.post(server.url + "/digest/publish", form={"week": "2026-W49"})
    assert refused.status == 403
    page.goto(server.url + "/feed.atom")
    assert page.evaluate(DOM_CHECK)["xss"] is None
    assert page.dialogs == []


def test_decisions_under_a_load_are_kept_in_the_page_and_resent_in_order(page, server):
    """A load holds the warehouse (another process, read-write): each decision is answered
    "busy" within seconds, stays in the page, and Resend saves them all, in order."""
    import subprocess
    import sys

    from warehouse import db

    root = Path(__file__).resolve().parents[2]
    page.goto(server.url + "/queue")
    rows = page.locator("tr.job")
    first, second = rows.nth(0).get_attribute("data-id"), rows.nth(1).get_attribute("data-id")
    holder = subprocess.Popen(
        [sys.executable, "-m", "tests.warehouse.procs", "hold", str(server.db_path), "120"],
        cwd=root, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        page.keyboard.press("a")  # approve the first; the cursor moves to the second
        page.wait_for_selector("#unsent", state="visible", timeout=8000)
        assert time.monotonic() - started < 6
        assert "busy (a load is running)" in page.inner_text("#unsent")
        page.keyboard.press("f")  # feature the second, then take it back: two toggles
        page.keyboard.press("f")
        page.wait_for_function(
            "() => document.querySelector('#unsent .count').textContent === '3 decisions'",
            timeout=15000,
        )
        # the new decisions tried the outbox again, and it is still busy
        page.wait_for_selector(f'tr.job[data-id="{first}"][data-pending="unsent"]', timeout=15000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "queue-busy.png"))
    finally:
        holder.kill()
        holder.wait(timeout=30)
    page.click("#resend")
    page.wait_for_selector("#unsent", state="hidden", timeout=15000)
    page.wait_for_selector(f'tr.job[data-id="{first}"][data-status="approved"]')
    assert rows.nth(1).get_attribute("data-featured") == "no"
    with db.session(server.db_path, read_only=True) as con:
        got = con.execute(
            "SELECT job_id, status, featured FROM curation ORDER BY job_id"
        ).fetchall()
    assert sorted(got) == sorted([(first, "approved", False), (second, "approved", False)])
    assert page.dialogs == []
