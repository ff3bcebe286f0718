"""Issue 18's publishing defects (items 2-4) reproduced in a real headless Chromium.

Her Monday: ten approved jobs of one employer under a cap of 3, blog posts to choose, no public
address yet. Publish asks with the counts and for the address; the page then shows the week as
published instead of offering the held-back jobs again; a supplement is deliberate and still
capped for the week; an unpublish takes it out of the feed; the RSS feed's self link and ids
are right. Screenshots of the Digest page before and after publishing and of the email HTML go
to ``test-artifacts/`` (beside the queue's, the folder ``make test`` prints).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest

from curation import decisions
from tests.conftest import NOW, make_posting
from tests.curation.browsing import Server, shot
from tests.curation.helpers import blog_post, template
from warehouse import db

pytestmark = pytest.mark.browser
ATOM = "{http://www.w3.org/2005/Atom}"
MAPLE = [
    make_posting(f"m{n}", title=f"HR Advisor {n}", title_normalized=f"hr advisor {n}",
                 company="Maple Foods", company_normalized="maple foods",
                 posted_at=NOW - timedelta(days=n), hr_category="hr_generalist")
    for n in range(1, 9)
]  # fmt: skip
POSTS = [blog_post("p12", published_at=NOW - timedelta(days=12), title="Onboarding that sticks")]


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    path = template(tmp_path_factory.mktemp("digest-browser"), [*MAPLE, *POSTS])
    with db.session(path) as con:
        for (job_id,) in con.execute(
            "SELECT job_id FROM jobs WHERE title <> 'Senior Recruiter'"
        ).fetchall():
            decisions.decide(con, job_id, "approve", NOW)
    return path


@pytest.fixture
def server(base, tmp_path) -> Iterator[Server]:
    shutil.copy(base, tmp_path / "w.duckdb")
    with Server(tmp_path / "w.duckdb", tmp_path / "out") as s:
        yield s


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    yield p
    context.close()


def rss(page, server) -> ElementTree.Element:
    return ElementTree.fromstring(page.request.get(server.url + "/feed.rss").body())


def maple_count(page, server, digest_id: str) -> int:
    data = page.request.get(f"{server.url}/digests/{digest_id}.json").json()
    return sum(1 for j in data["jobs"] if j["company"] == "Maple Foods")


def test_publish_asks_then_the_week_is_published_capped_for_the_week(page, server):
    page.goto(server.url + "/digest")
    # item 3: the posts she can send, in by default, with exclude / feature
    row = page.locator('#candidates tr[data-key="hrblog:p12"]')
    assert row.get_attribute("data-choice") == "include"
    with page.expect_navigation():
        row.locator("button.post-feature").click()
    assert page.locator('#candidates tr[data-key="hrblog:p12"]').get_attribute(
        "data-choice") == "feature"  # fmt: skip
    summary = page.inner_text("#digest-summary")
    shot(page, "digest-before-publish.png", full_page=True)

    # item 2: Publish asks with the counts; item 4: and for the public address, once
    with page.expect_navigation():
        page.click("#publish")
    question = page.inner_text("#question")
    jobs = int(summary.split(" approved job")[0])
    assert question == f"Send {jobs} jobs and 2 posts to the list?", question
    page.fill("#public-url", "https://lists.example.org/hr/")
    with page.expect_navigation():
        page.click("#send")
    assert "Published 2026-W48" in page.inner_text("#published-message")
    assert page.locator("#week-published").is_visible()
    assert page.locator("#publish").count() == 0, "held-back jobs are not offered again"
    assert "wait for next week" in page.inner_text("#week-waiting")
    shot(page, "digest-after-publish.png", full_page=True)
    assert maple_count(page, server, "2026-W48") == 3

    # a supplement is a deliberate act, with its own title, still under the week's cap
    with db.session(server.db_path) as con:  # approved later that day
        (late,) = con.execute("SELECT job_id FROM jobs WHERE title = 'Senior Recruiter'").fetchone()
        decisions.decide(con, late, "approve", NOW)
    page.reload()
    with page.expect_navigation():
        page.click("#supplement")
    assert page.locator("#supplement-note").is_visible()
    with page.expect_navigation():
        page.click("#publish")
    assert "as a supplement" in page.inner_text("#question")
    assert page.locator("#public-url").count() == 0, "asked once"
    with page.expect_navigation():
        page.click("#send")
    assert maple_count(page, server, "2026-W48-2") == 0, "the cap holds for the week"
    titles = [t.text for t in rss(page, server).iter("title")]
    assert titles[1:] == [
        "Employment Opportunities List — Week of November 23, 2026: supplement",
        "Employment Opportunities List — Week of November 23, 2026",
    ]

    # item 4: each entry's id is its own (not its address), the RSS self link is the RSS feed
    channel = rss(page, server).find("channel")
    assert channel.find(f"{ATOM}link").get("href") == "https://lists.example.org/hr/feed.rss"
    guids = channel.findall("item/guid")
    assert all(g.text.startswith("urn:uuid:") and g.get("isPermaLink") == "false" for g in guids)

    # unpublish within the grace period: out of the feed
    with page.expect_navigation():
        page.locator('li[data-id="2026-W48-2"] button.unpublish').click()
    assert len(rss(page, server).findall("channel/item")) == 1
    assert "taken back" in page.inner_text('#published tr[data-id="2026-W48-2"]')

    page.goto(server.url + "/digests/2026-W48.html")
    assert "Friends helping friends of friends" in page.inner_text("body")
    shot(page, "email.png", full_page=True)
