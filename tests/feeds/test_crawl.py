"""Feeds crawled from a local server and loaded: hostile input, conditional GET, syndication.

One module-scoped run: a first crawl of ~40 feeds (``tests.feeds.hostile`` plus feeds for
syndication, changes and caching), loaded into a real DuckDB file; then a second crawl with
the validators the warehouse stored, after one feed changed. Each test reads one aspect.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.feeds.hostile import hostile_feeds, item, rss
from tests.feeds.server import FeedServer, Route, crawl
from warehouse import db
from warehouse.load import load_batch
from warehouse.sources import crawl_state

SYNDICATED = (
    "<item><title>Exit interviews that help</title><link>{link}</link>{extra}"
    "<guid isPermaLink='false'>{guid}</guid><description>Same words.</description></item>"
)
FB_NS = ' xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"'


def _extra_routes() -> dict[str, tuple[Route, str]]:
    own = SYNDICATED.format(link="http://blog.test/exit", extra="", guid="http://blog.test/?p=9")
    proxied = SYNDICATED.format(
        link="http://feeds.test/~r/blog/~3/abc/",
        extra="<feedburner:origLink>http://blog.test/exit</feedburner:origLink>",
        guid="http://blog.test/?p=9",
    )
    nolink_own = (
        "<item><title>No guid</title><link>http://blog.test/ng?utm_source=rss</link></item>"
    )
    nolink_fb = (
        "<item><title>No guid</title><link>http://feeds.test/~r/x</link>"
        "<feedburner:origLink>http://blog.test/ng</feedburner:origLink></item>"
    )
    return {
        "blog-own": (Route(rss(own + nolink_own).encode()), "posts"),
        "blog-feedburner": (Route(rss(proxied + nolink_fb, extra=FB_NS).encode()), "posts"),
        "changing": (Route(rss(item(1) + item(2)).encode()), "posts"),
        "no-conditional": (Route(rss(item(5)).encode(), etag=False), "posts"),
        "max-age": (
            Route(rss(item(6)).encode(), headers={"Cache-Control": "max-age=3600"}),
            "posts",
        ),
    }


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("feedcrawl")
    feeds = hostile_feeds() | _extra_routes()
    with FeedServer() as server:
        lines = []
        for name, (route, _) in feeds.items():
            server.routes[f"/{name}/feed"] = route
            lines += ["[[source]]", f'name = "{name}"', 'kind = "blog-feed"',
                      f'url = "{server.base_url}/{name}/feed"', ""]  # fmt: skip
        config = tmp / "sources.toml"
        config.write_text("\n".join(lines))
        settings = {"EOLIST_RETRY_BACKOFF_BASE": 0.05, "DOWNLOAD_TIMEOUT": 20}
        first = crawl(config, tmp / "landing", "b1", settings)
        assert first.landing is not None, first.stderr[-3000:]
        db_path = tmp / "eolist.duckdb"
        with db.session(db_path) as con:
            load_batch(con, first.landing)
            state = crawl_state(con)
        # the second crawl: one feed changed a post, nothing else did
        server.routes["/changing/feed"] = Route(rss(item(1, title="Retitled") + item(2)).encode())
        state_path = tmp / "state.json"
        state_path.write_text(__import__("json").dumps(state, default=str))
        second = crawl(config, tmp / "landing", "b2", settings, state=state_path)
        assert second.landing is not None, second.stderr[-3000:]
        with db.session(db_path) as con:
            before = con.execute("SELECT count(*) FROM blog_posts").fetchone()[0]
            report = load_batch(con, second.landing)
        yield {"feeds": feeds, "first": first, "second": second, "db": db_path,
               "report": report, "before": before, "base": server.base_url,
               "not_modified": dict(server.not_modified)}  # fmt: skip


def _health(db_path, name):
    with db.session(db_path) as con:
        return con.execute(
            "SELECT last_ok_at, last_error, consecutive_failures, last_attempt_at, next_attempt_at"
            " FROM sources WHERE name = ?",
            [name],
        ).fetchone()


def test_every_feed_ends_with_posts_or_a_recorded_error(run):
    assert run["first"].returncode == 0
    outcomes = run["first"].outcomes()
    with db.session(run["db"]) as con:
        counts = dict(
            con.execute("SELECT source_name, count(*) FROM blog_posts GROUP BY 1").fetchall()
        )
    for name, (_, expect) in run["feeds"].items():
        o = outcomes[name]
        if o["status"] == "failed":
            assert expect != "posts", f"{name} failed: {o['error']}"
            err = o["error"] or ""
            assert 10 < len(err) <= 400 and "\n" not in err and "Traceback" not in err, name
            assert counts.get(name, 0) == 0, f"{name}: a failed feed landed posts"
            last_ok, last_error, failures, _, next_at = _health(run["db"], name)
            assert last_error and failures >= 1 and next_at is not None, name
        else:
            assert expect != "error", f"{name} was read but should have failed: {o}"
            # a feed with no entry at all is "empty", never plainly ok (issue 16)
            assert o["status"] == ("ok" if o["fetched"] else "empty"), name
            if expect == "posts":
                assert o["fetched"] > 0, f"{name}: read but no posts"


def test_hostile_input_never_costs_memory(run):
    assert run["first"].max_rss_mb < 600, run["first"].max_rss_mb


def test_relative_links_resolved_and_unicode_kept(run):
    with db.session(run["db"]) as con:
        rows = con.execute(
            "SELECT url, title, content_html FROM blog_posts WHERE source_name = 'no-guid-relative-links'"
        ).fetchall()
        latin = con.execute(
            "SELECT title FROM blog_posts WHERE source_name = 'cp1252-declared' ORDER BY title"
        ).fetchall()
    prefix = run["base"] + "/no-guid-relative-links/posts/"
    assert len(rows) == 3 and all(r[0].startswith(prefix) for r in rows)
    assert all(f'href="{run["base"]}/p/' in r[2] for r in rows)
    assert any("Café culture & HR" in t for (t,) in latin)


def test_syndicated_post_is_one_blog_post(run):
    with db.session(run["db"]) as con:
        n = con.execute(
            "SELECT count(*) FROM blog_posts WHERE title IN ('Exit interviews that help', 'No guid')"
        ).fetchone()[0]
    assert n == 2


def test_second_crawl_is_304_and_adds_nothing(run):
    outcomes = run["second"].outcomes()
    good = [
        n
        for n, (_, e) in run["feeds"].items()
        if e == "posts" and n not in ("changing", "no-conditional")
    ]
    assert all(outcomes[n]["status"] == "not_modified" for n in good), {
        n: outcomes[n]["status"] for n in good
    }
    assert sum(run["not_modified"].values()) >= len(good)  # real 304s, counted by the server
    assert outcomes["no-conditional"]["status"] == "not_modified"  # content hash
    counts = run["report"].per_source
    assert counts["changing"].changed == 1 and counts["changing"].unchanged == 1
    assert sum(c.new for c in counts.values()) == 0
    with db.session(run["db"]) as con:
        after = con.execute("SELECT count(*) FROM blog_posts").fetchone()[0]
        version = con.execute(
            "SELECT version, title FROM blog_posts WHERE source_name = 'changing' AND title = 'Retitled'"
        ).fetchone()
        shown = con.execute(
            "SELECT source_name, new, changed, not_modified, status FROM source_runs"
            " WHERE batch_id = 'b2' AND source_name IN ('changing', 'plain')"
        ).fetchall()
    assert after == run["before"]
    assert version == (2, "Retitled")
    assert ("plain", 0, 0, 1, "not_modified") in shown and ("changing", 0, 1, 0, "ok") in shown


def test_failures_back_off_and_max_age_is_honoured(run):
    last_ok, last_error, failures, attempt, next_at = _health(run["db"], "http-500")
    assert failures == 2 and "HTTP 500" in last_error and last_ok is None
    assert next_at - attempt == timedelta(minutes=30)  # 2nd failure in a row: 30 min
    last_ok, _, failures, attempt, next_at = _health(run["db"], "max-age")
    assert failures == 0 and next_at - last_ok == timedelta(hours=1)
