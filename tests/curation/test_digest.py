"""The digest on a real warehouse: what it holds, publishing, formats and the feed."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import timedelta
from xml.etree import ElementTree

import feedparser
import pytest

from curation import compose, decisions, export, feed, publishing, queue, render
from curation import rules as rules_mod
from curation.digest import render_markdown
from curation.rules import Rules
from tests.conftest import NOW, make_posting
from tests.curation.helpers import XSS_COMPANY, XSS_TITLE, blog_post, jobs_set, load
from warehouse import db

WEEK = "2026-W48"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """One loaded warehouse per module; each test gets a copy (loading costs seconds)."""
    folder = tmp_path_factory.mktemp("wh")
    path = folder / "template.duckdb"
    posts = [blog_post("p1"), blog_post("old", published_at=NOW - timedelta(days=30))]
    load(path, folder, "b1", [*jobs_set(), *posts])
    with db.session(path) as con:
        rules_mod.seed(con, NOW)
        rules_mod.set_settings(con, {"public_url": "https://lists.example.org/hr/"})
    return path


@pytest.fixture
def wh(template, db_path):
    shutil.copy(template, db_path)
    con = db.connect(db_path)
    ids = dict(con.execute("SELECT title, job_id FROM jobs").fetchall())
    yield con, ids
    con.close()


def approve(con, ids, *titles, feature=()):
    for t in titles:
        decisions.decide(con, ids[t], "approve", NOW)
    for t in feature:
        decisions.decide(con, ids[t], "feature", NOW)


def test_week_parsing():
    assert compose.parse_week("2026-W48").isoformat() == "2026-11-23T00:00:00+00:00"
    assert compose.week_of(NOW) == WEEK
    for bad in ("2026-48", "2026-W54", "W48", "2026-W00", ""):
        with pytest.raises(compose.DigestError):
            compose.parse_week(bad)


def test_digest_holds_approved_featured_first_grouped_by_category_then_region(wh):
    con, ids = wh
    approve(con, ids, "Payroll Administrator", "HR Business Partner", "Compensation Analyst",
            "Talent Acquisition Specialist", feature=["Learning Designer"])  # fmt: skip
    decisions.decide(con, ids["HR Generalist"], "reject", NOW)
    d = compose.compose(con, WEEK, NOW)
    assert [j.title for j in d.jobs] == [
        "Learning Designer",  # featured
        "HR Business Partner",  # categories in CATEGORY_LABELS order
        "Talent Acquisition Specialist",
        "Compensation Analyst",
        "Payroll Administrator",
    ]
    sections = [(c, [r for r, _ in regions]) for c, regions in d.sections()]
    assert sections[0] == ("HR Business Partners", ["Ontario"])
    assert ("Payroll", ["British Columbia"]) in sections
    assert [p.title for p in d.posts] == ["Notes on HR p1"], "the post from a month ago is out"
    ta = next(j for j in d.jobs if j.title == "Talent Acquisition Specialist")
    assert ta.salary is None, "salary_origin is not structured/text: not shown"


def test_employer_cap_holds_back_the_rest_and_rules_hide(wh):
    con, ids = wh
    rules_mod.set_settings(con, {"employer_cap": "1"})
    rules_mod.add(con, "blocked_keyword", "payroll")
    approve(con, ids, "HR Business Partner", "Talent Acquisition Specialist",
            "Payroll Administrator", "Compensation Analyst")  # fmt: skip
    d = compose.compose(con, WEEK, NOW)
    assert [j.title for j in d.jobs] == ["HR Business Partner", "Compensation Analyst"]
    assert [j.title for j in d.held] == ["Talent Acquisition Specialist"]


def test_publish_records_and_jobs_are_not_offered_again(wh):
    con, ids = wh
    approve(con, ids, "HR Business Partner", "Payroll Administrator")
    d = publishing.publish(con, compose.compose(con, WEEK, NOW), NOW)
    assert d.digest_id == WEEK and d.kind == "list"
    assert compose.compose(con, WEEK, NOW).jobs == []
    with pytest.raises(compose.DigestError, match="nothing to publish"):
        publishing.publish(con, compose.compose(con, WEEK, NOW), NOW)
    # a later approval in the same week: a second list only as a supplement, the first unchanged
    approve(con, ids, "Compensation Analyst")
    con.execute(
        "UPDATE jobs SET title = 'Changed since' WHERE job_id = ?", [ids["HR Business Partner"]]
    )
    with pytest.raises(compose.DigestError, match="already published.*send a supplement"):
        publishing.publish(con, compose.compose(con, WEEK, NOW, kind="list"), NOW)
    second = publishing.publish(con, compose.compose(con, WEEK, NOW + timedelta(hours=1)), NOW)
    assert second.digest_id == f"{WEEK}-2" and [j.title for j in second.jobs] == [
        "Compensation Analyst"
    ]
    assert second.kind == "supplement" and second.title.endswith(": supplement")
    assert second.title != d.title, "a supplement has a title of its own"
    again = publishing.published(con, WEEK)
    assert [j.title for j in again.jobs] == ["HR Business Partner", "Payroll Administrator"]
    assert second.posts == [], "a post is rounded up once"


def test_a_job_merged_into_a_published_one_is_not_offered(wh, tmp_path, db_path):
    con, ids = wh
    approve(con, ids, "HR Business Partner")
    publishing.publish(con, compose.compose(con, WEEK, NOW), NOW)
    survivor = ids["Senior Recruiter"]
    con.execute(
        "INSERT INTO job_merges VALUES (?, ?, ?, NULL)", [ids["HR Business Partner"], survivor, NOW]
    )
    approve(con, ids, "Senior Recruiter")
    assert compose.compose(con, WEEK, NOW).jobs == []


def test_closed_jobs_are_not_sent(wh):
    con, ids = wh
    approve(con, ids, "HR Business Partner")
    for table in ("postings", "jobs"):  # as a load's closing rules leave them
        con.execute(
            f"UPDATE {table} SET closed_at = ? WHERE job_id = ?", [NOW, ids["HR Business Partner"]]
        )
    assert compose.compose(con, WEEK, NOW).jobs == []


def test_formats_escape_scraped_values(tmp_path):
    db_path = tmp_path / "x.duckdb"
    evil = make_posting("x", title=XSS_TITLE, company="=cmd|' /C calc'!A0",
                        apply_url="javascript:alert(1)", url="javascript:alert(2)")  # fmt: skip
    load(
        db_path,
        tmp_path,
        "b1",
        [evil, make_posting("y", company=XSS_COMPANY, company_normalized="evil")],
    )
    with db.session(db_path) as con:
        rules_mod.seed(con, NOW)
        for (job_id,) in con.execute("SELECT job_id FROM jobs").fetchall():
            decisions.decide(con, job_id, "approve", NOW)
        d = compose.compose(con, WEEK, NOW)
    html = render.html(d)
    assert "<script" not in html and "onerror=" not in html.replace("onerror=&#34;", "")
    assert "&lt;/title&gt;&lt;script&gt;" in html and "javascript:" not in html
    assert "<svg" not in html
    md = render.markdown(d)
    assert not re.search(r"(?<!\\)[<>]", md), "every < and > in Markdown is escaped"
    assert "\\<svg" in md and "javascript:" not in md
    rows = list(csv.reader(io.StringIO(render.csv_text(d))))
    companies = [r[6] for r in rows[1:]]
    assert "'=cmd|' /C calc'!A0" in companies
    assert all(not c.startswith(("=", "+", "-", "@")) for r in rows for c in r)
    data = json.loads(render.json_text(d))
    assert {j["title"] for j in data["jobs"]} >= {XSS_TITLE}, "JSON keeps the text as text"
    assert all(j["apply_url"] is None for j in data["jobs"] if j["title"] == XSS_TITLE)


def test_feed_gets_an_entry_per_published_digest(wh, tmp_path):
    con, ids = wh
    assert feedparser.parse(feed.rss(con)).entries == []
    approve(con, ids, "HR Business Partner")
    publishing.publish(con, compose.compose(con, WEEK, NOW), NOW)
    approve(con, ids, "Payroll Administrator")
    publishing.publish(con, compose.compose(con, "2026-W49", NOW), NOW + timedelta(days=7))
    paths = export.write_feed(con, tmp_path / "out")
    rss = feedparser.parse(paths[0].read_bytes())
    atom = feedparser.parse(paths[1].read_bytes())
    assert not rss.bozo and not atom.bozo
    assert [e.link for e in rss.entries] == [
        "https://lists.example.org/hr/digests/2026-W49.html",
        "https://lists.example.org/hr/digests/2026-W48.html",
    ]
    assert [e.id for e in atom.entries] == [e.id for e in rss.entries]
    assert "Payroll Administrator" in rss.entries[0].content[0].value
    ElementTree.fromstring(paths[0].read_bytes())  # well-formed XML


def test_export_writes_every_format_atomically(wh, tmp_path):
    con, ids = wh
    approve(con, ids, "HR Business Partner")
    d = compose.compose(con, WEEK, NOW)
    paths = export.write_digest(d, tmp_path / "out", render.FORMATS)
    assert sorted(p.name for p in paths) == sorted(f"preview-{WEEK}.{f}" for f in render.FORMATS)
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_render_markdown_for_the_demo(wh):
    con, ids = wh
    draft = render_markdown(con, now=NOW)
    assert "(draft: nothing approved yet" in draft and "HR Business Partner" in draft
    approve(con, ids, "Payroll Administrator")
    md = render_markdown(con, now=NOW)
    assert "draft" not in md and "Payroll Administrator" in md and "HR Business Partner" not in md


def test_queue_counts_past_its_limit_and_works_without_rules(wh):
    con, ids = wh
    q = queue.review_queue(con, queue.Filters(), Rules.of([]), NOW, limit=3)
    assert len(q.jobs) == 3 and q.matched == 8 and q.hidden == 0
    assert not any(j.agency for j in q.jobs), "no rules: nothing flagged"
    only = queue.review_queue(con, queue.Filters(agency="only"), rules_mod.load(con), NOW, limit=1)
    assert [j.title for j in only.jobs] == ["Learning Designer"] and only.matched == 2


def test_email_html_is_mail_client_safe(wh):
    """What mail clients strip or block is absent: no <style>, <script>, external resources,
    classes or ids; layout by role=presentation tables; every link http(s)."""
    from lxml import html as lxml_html

    con, ids = wh
    approve(con, ids, "HR Business Partner", "Payroll Administrator", feature=["Learning Designer"])
    doc = lxml_html.document_fromstring(render.html(compose.compose(con, WEEK, NOW)))
    assert not doc.xpath("//style | //script | //link | //img | //iframe | //form")
    assert not doc.xpath("//*[@class or @id or @onload or @onclick]")
    assert all(t.get("role") == "presentation" for t in doc.xpath("//table"))
    assert all(a.get("href", "").startswith(("https://", "http://")) for a in doc.xpath("//a"))
    assert all("style" in el.attrib for el in doc.xpath("//h1 | //h2 | //h3 | //a | //td"))
    assert len(doc.xpath("//a")) == 4, "three jobs and one blog post"
