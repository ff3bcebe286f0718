"""The list owner's week (issue 18): one list a week under a per-week employer cap, supplements
on purpose, taking a list back, choosing blog posts, stable feed ids, her voice, Excel's CSV.

Each test reproduces a defect of the digest before issue 18 (see the assertion messages).
"""

from __future__ import annotations

import csv
import io
import shutil
from datetime import UTC, datetime, timedelta

import duckdb
import feedparser
import pytest

from curation import compose, decisions, feed, publishing, render
from curation import rules as rules_mod
from tests.conftest import NOW, make_posting
from tests.curation.helpers import blog_post, jobs_set, load
from warehouse import db

WEEK = "2026-W48"  # NOW is Thursday, November 26, 2026
PUBLIC = "https://lists.example.org/hr/"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("week")
    path = folder / "template.duckdb"
    posts = [
        blog_post("p1"),  # a day old
        blog_post("p12", published_at=NOW - timedelta(days=12)),  # before the Monday before
        blog_post("p3", published_at=NOW - timedelta(days=3)),
        blog_post("old", published_at=NOW - timedelta(days=30)),
    ]
    maple = [
        make_posting(f"m{n}", title=f"HR Advisor {n}", title_normalized=f"hr advisor {n}",
                     company="Maple Foods", company_normalized="maple foods",
                     posted_at=NOW - timedelta(days=n), hr_category="hr_generalist")
        for n in range(1, 9)
    ]  # fmt: skip
    load(path, folder, "b1", [*jobs_set(), *maple, *posts])
    with db.session(path) as con:
        rules_mod.seed(con, NOW)
    return path


@pytest.fixture
def wh(template, tmp_path):
    path = tmp_path / "w.duckdb"
    shutil.copy(template, path)
    con = db.connect(path)
    ids = dict(con.execute("SELECT title, job_id FROM jobs").fetchall())
    yield con, ids
    con.close()


def approve_all(con: duckdb.DuckDBPyConnection) -> None:
    for (job_id,) in con.execute("SELECT job_id FROM jobs ORDER BY job_id").fetchall():
        decisions.decide(con, job_id, "approve", NOW)


def maple(d: compose.Digest) -> list[str]:
    return [j.title for j in d.jobs if j.company == "Maple Foods"]


# -- item 2: the cap per week, one list a week, supplements, unpublish -----------------------


def test_the_employer_cap_holds_for_the_week_not_for_each_publish(wh):
    con, _ = wh
    rules_mod.set_settings(con, {"employer_cap": "3", "public_url": PUBLIC})
    approve_all(con)  # ten Maple Foods jobs approved
    first = publishing.publish(con, compose.compose(con, WEEK, NOW), NOW)
    assert len(maple(first)) == 3 and len(first.held) == 7
    # publishing again the same week (main made W48-2, -3, -4: all ten Maple jobs went out)
    sent = 3
    for hour in (1, 2, 3):
        d = compose.compose(con, WEEK, NOW + timedelta(hours=hour), kind="supplement")
        sent += len(maple(d))
        if d.jobs:
            publishing.publish(con, d, NOW + timedelta(hours=hour))
    assert sent == 3, "at most 3 Maple Foods jobs in the whole week, supplements included"
    titles = con.execute("SELECT title FROM digests WHERE week = ?", [WEEK]).fetchall()
    assert len(titles) == len(set(titles)), "each list of the week has a title of its own"
    # next week the held jobs go out (three of them, under that week's cap)
    nxt = compose.compose(con, "2026-W49", NOW + timedelta(days=7))
    assert len(maple(nxt)) == 3


def test_a_second_list_in_a_week_is_a_deliberate_supplement(wh):
    con, ids = wh
    rules_mod.set_settings(con, {"public_url": PUBLIC})
    decisions.decide(con, ids["Payroll Administrator"], "approve", NOW)
    first = publishing.publish(con, compose.compose(con, WEEK, NOW), NOW)
    assert first.title == "Employment Opportunities List — Week of November 23, 2026"
    decisions.decide(con, ids["Learning Designer"], "approve", NOW)
    with pytest.raises(compose.DigestError, match="already published .*send a supplement"):
        publishing.publish(con, compose.compose(con, WEEK, NOW, kind="list"), NOW)
    page = compose.compose(con, WEEK, NOW)
    assert [s.digest_id for s in page.sent] == [WEEK], "the page shows the week as published"
    extra = publishing.publish(con, compose.compose(con, WEEK, NOW, kind="supplement"), NOW)
    assert extra.title == first.title + ": supplement" and extra.kind == "supplement"
    decisions.decide(con, ids["Compensation Analyst"], "approve", NOW)
    with pytest.raises(compose.DigestError, match="no list yet"):
        publishing.publish(con, compose.compose(con, "2026-W49", NOW, kind="supplement"), NOW)


def test_unpublish_within_the_grace_period_leaves_the_feed_and_offers_the_jobs_again(wh):
    con, ids = wh
    rules_mod.set_settings(con, {"public_url": PUBLIC, "unpublish_grace_minutes": "30"})
    decisions.decide(con, ids["Payroll Administrator"], "approve", NOW)
    d = publishing.publish(con, compose.compose(con, WEEK, NOW), NOW)
    assert len(feedparser.parse(feed.rss(con)).entries) == 1
    publishing.unpublish(con, d.digest_id, NOW + timedelta(minutes=29))
    assert feedparser.parse(feed.rss(con)).entries == [], "out of the feed"
    assert feedparser.parse(feed.atom(con)).entries == []
    again = compose.compose(con, WEEK, NOW)
    assert again.kind == "list" and [j.title for j in again.jobs] == ["Payroll Administrator"]
    assert [p.entry_key for p in again.posts][:1] == ["hrblog:p1"], "its posts are offered again"
    d2 = publishing.publish(con, again, NOW + timedelta(minutes=40))
    with pytest.raises(compose.DigestError, match="more than 30 minutes ago"):
        publishing.unpublish(con, d2.digest_id, NOW + timedelta(minutes=71))


def test_the_first_publish_needs_a_public_address_and_feed_ids_do_not_depend_on_it(wh):
    con, ids = wh
    decisions.decide(con, ids["Payroll Administrator"], "approve", NOW)
    assert rules_mod.settings(con)["public_url"] == "", "no made-up 127.0.0.1 default"
    with pytest.raises(compose.DigestError, match="set the public address first"):
        publishing.publish(con, compose.compose(con, WEEK, NOW), NOW)
    rules_mod.set_settings(con, {"public_url": PUBLIC})
    publishing.publish(con, compose.compose(con, WEEK, NOW), NOW)
    before_rss, before_atom = feedparser.parse(feed.rss(con)), feedparser.parse(feed.atom(con))
    rules_mod.set_settings(con, {"public_url": "https://new.example.net/list/"})
    after_rss, after_atom = feedparser.parse(feed.rss(con)), feedparser.parse(feed.atom(con))
    assert [e.id for e in after_rss.entries] == [e.id for e in before_rss.entries]
    assert [e.id for e in after_atom.entries] == [e.id for e in before_atom.entries]
    assert after_atom.feed.id == before_atom.feed.id
    assert after_rss.entries[0].id.startswith("urn:uuid:")
    assert after_rss.entries[0].link == "https://new.example.net/list/digests/2026-W48.html"
    # each format's self link names its own file (main's RSS pointed at the Atom feed)
    rss_self = [x.href for x in after_rss.feed.links if x.rel == "self"]
    atom_self = [x.href for x in after_atom.feed.links if x.rel == "self"]
    assert rss_self == ["https://new.example.net/list/feed.rss"]
    assert atom_self == ["https://new.example.net/list/feed.atom"]


def test_lists_published_before_the_upgrade_keep_their_feed_ids(tmp_path):
    """Migration 0011 gives old lists the id their entries had (the URL on the address then in
    force), so upgrading does not make a mail tool resend them."""
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    db.migrate(con, upto=10)
    con.execute("INSERT INTO digests VALUES ('2026-W47', '2026-W47', 'Old list', ?, 1, 0)", [NOW])
    db.migrate(con)
    assert con.execute("SELECT entry_id, kind FROM digests").fetchone() == (
        "http://127.0.0.1:8765/digests/2026-W47.html", "list")  # fmt: skip
    assert rules_mod.settings(con)["public_url"] == "http://127.0.0.1:8765/"
    assert [e.id for e in feedparser.parse(feed.rss(con)).entries] == [
        "http://127.0.0.1:8765/digests/2026-W47.html"
    ]


# -- item 3: the week's blog posts -----------------------------------------------------------


def test_candidate_posts_by_her_window_included_unless_excluded_featured_first(wh):
    con, ids = wh
    rules_mod.set_settings(con, {"public_url": PUBLIC})
    d = compose.compose(con, WEEK, NOW)
    # main's fixed window (the Monday before the week, November 16) left out the post of
    # November 14 although she has not sent it
    assert [c.post.entry_key for c in d.candidates] == ["hrblog:p1", "hrblog:p3", "hrblog:p12"]
    assert [p.entry_key for p in d.posts] == ["hrblog:p1", "hrblog:p3", "hrblog:p12"]
    compose.choose_post(con, "hrblog:p3", "exclude", NOW)
    compose.choose_post(con, "hrblog:p12", "feature", NOW)
    d = compose.compose(con, WEEK, NOW)
    assert [(c.post.entry_key, c.choice) for c in d.candidates] == [
        ("hrblog:p12", "feature"), ("hrblog:p1", "include"), ("hrblog:p3", "exclude")]  # fmt: skip
    assert [(p.entry_key, p.featured) for p in d.posts] == [
        ("hrblog:p12", True), ("hrblog:p1", False)]  # fmt: skip
    rules_mod.set_settings(con, {"post_window_days": "45"})
    assert "hrblog:old" in [c.post.entry_key for c in compose.compose(con, WEEK, NOW).candidates]
    rules_mod.set_settings(con, {"post_window_days": "14"})
    decisions.decide(con, ids["Payroll Administrator"], "approve", NOW)
    sent = publishing.publish(con, compose.compose(con, WEEK, NOW), NOW)
    assert [p.featured for p in publishing.published(con, sent.digest_id).posts] == [True, False]
    later = compose.compose(con, "2026-W49", NOW + timedelta(days=7))
    assert [c.post.entry_key for c in later.candidates] == ["hrblog:p3"], "sent ones are not"
    with pytest.raises(compose.DigestError):
        compose.choose_post(con, "hrblog:p1", "maybe", NOW)


# -- item 12: her voice and her zone; item 14: CSV for Excel ----------------------------------


def test_the_list_speaks_in_her_voice_in_her_time_zone(wh):
    con, ids = wh
    rules_mod.set_settings(con, {"public_url": PUBLIC, "intro": "Hello friends, here is the week."})
    decisions.decide(con, ids["Payroll Administrator"], "approve", NOW)
    d = publishing.publish(con, compose.compose(con, WEEK, NOW), NOW)
    html, md, txt = render.html(d), render.markdown(d), render.text(d)
    for out in (html, md, txt):
        assert "Week of November 23, 2026" in out and "2026-W48" not in out
        assert "Friends helping friends of friends" in out
        assert "Hello friends, here is the week." in out
        assert "Forward this list" in out and "unsubscribe" in out
        assert "Thursday, November 26, 2026, 7:00 AM EST" in out, "12:00 UTC in Toronto"
    rules_mod.set_settings(con, {"timezone": "America/Vancouver"})
    assert "4:00 AM PST" in render.text(publishing.published(con, d.digest_id))
    with pytest.raises(ValueError, match="unknown time zone"):
        rules_mod.set_settings(con, {"timezone": "Mars/Olympus"})
    # Sunday 9 pm in Toronto is Monday 2 am UTC: still Sunday's week on her calendar
    sunday_night = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
    assert compose.week_of(sunday_night) == "2026-W49"
    assert compose.week_of(sunday_night, "America/Toronto") == WEEK


def test_csv_opens_in_excel_with_accents(tmp_path):
    path = tmp_path / "fr.duckdb"
    load(path, tmp_path, "b1", [make_posting(
        "fr", title="Conseillère en ressources humaines", company="Société québécoise",
        company_normalized="societe quebecoise")])  # fmt: skip
    with db.session(path) as con:
        rules_mod.seed(con, NOW)
        (job_id,) = con.execute("SELECT job_id FROM jobs").fetchone()
        decisions.decide(con, job_id, "approve", NOW)
        d = compose.compose(con, WEEK, NOW)
    raw = render.csv_text(d).encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf"), "a UTF-8 byte-order mark, so Excel reads UTF-8"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "kind" and rows[1][5:7] == [
        "Conseillère en ressources humaines", "Société québécoise"]  # fmt: skip
