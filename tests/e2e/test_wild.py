"""The wild corner of the sample web, crawled for real (issue 17, items 4, 5 and 6).

Every wild site (``sampleweb.wild``: career sites in the shapes real ones use) is crawled by
``python -m spiders.run`` and loaded into a real DuckDB warehouse. Against the corner's ground
truth (``SampleWeb.wild_truth``): every posting of a site that lists them is found, no page
that is not a posting is emitted, and each site built to yield nothing (or part) says its
cause in ``source_health``. ``sources add`` on the corner's careers pages proposes the ATS
board they embed, and on its blog picks ``blog-feed``; ``sources check`` names the cause.
"""

from __future__ import annotations

import json
import tomllib
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from sampleweb import SampleWeb
from sampleweb.routes_wild import Wild
from tests.e2e.test_skeleton import crawl
from tests.spiders.test_sources_add import run_cli
from warehouse import db
from warehouse.load import load_batch
from warehouse.maintenance import close_stale
from warehouse.sources import crawl_state

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def web():
    with SampleWeb(seed=7, scale=1) as w:
        yield w


@pytest.fixture(scope="module")
def config(web, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("wild") / "sources.toml"
    text = web.sources_toml(wild=True)
    # only the corner: its tables start at the first wild source
    path.write_text(text[text.index('[[source]]\nname = "wild-') :], encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def loaded(web, config: Path):
    landing = config.parent / "landing"
    batch = crawl(config, landing, "wild1", {})
    with db.session(config.parent / "eolist.duckdb") as con:
        load_batch(con, batch)
        urls = con.execute("SELECT source_name, url FROM postings").fetchall()
        health = con.execute(
            "SELECT source_name, health, last_status, last_diagnosis FROM source_health"
        ).fetchall()
    found: dict[str, set[str]] = {}
    for source, url in urls:
        found.setdefault(source, set()).add(url)
    return found, {h[0]: h[1:] for h in health}


def _truth(web) -> dict:
    return web.wild_truth["sources"]


SITES = ["wild-northwind", "wild-westmarch", "wild-harbour", "wild-brightpath", "wild-lumen",
         "wild-keystone", "wild-peopleblog", "wild-embedco", "wild-plainco", "wild-offsite",
         "wild-gated", "wild-redesign", "wild-bigboard"]  # fmt: skip


def test_truth_names_every_wild_source(web) -> None:
    assert sorted(_truth(web)) == sorted(SITES)
    assert sorted(s["name"] for s in web.sources(wild=True) if s["name"].startswith("wild-")) == (
        sorted(SITES)
    )


@pytest.mark.parametrize("name", SITES)
def test_every_posting_found_and_nothing_else(web, loaded, name: str) -> None:
    found, _ = loaded
    want = set(_truth(web)[name]["postings"])
    got = found.get(name, set())
    if _truth(web)[name]["status"] == "partial":  # max_pages: part of the listing, never more
        assert got and got <= want and got != want
    else:
        assert got == want  # recall 1.0, and no page that is not a posting


@pytest.mark.parametrize("name", SITES)
def test_each_source_says_what_it_was_built_to(web, loaded, name: str) -> None:
    _, health = loaded
    expect = _truth(web)[name]
    state, last_status, diagnosis = health[name]
    if expect["status"] == "ok":
        assert (state, last_status) == ("ok", "ok"), diagnosis
        return
    assert state == expect["status"], (state, diagnosis)
    assert expect["cause"] in diagnosis


def test_the_embed_page_crawled_as_jsonld_names_its_board(web, loaded) -> None:
    _, health = loaded
    kind, slug = web.wild_truth["embeds"][f"{web.base_url}/wild/embedco/careers/"].values()
    assert f"embeds a {kind} board: eolist sources add" in health["wild-embedco"][2]
    assert f"/boards/{slug}/jobs" in health["wild-embedco"][2]


@pytest.mark.parametrize("page", ["embedco", "leverco"])
def test_sources_add_on_an_embed_page_proposes_the_board(web, tmp_path: Path, page: str) -> None:
    url = f"{web.base_url}/wild/{page}/careers/"
    want = web.wild_truth["embeds"][url]
    proc = run_cli(tmp_path / "sources.toml", "add", url, "--dry-run")
    assert proc.returncode == 0, proc.stderr
    table = tomllib.loads(proc.stdout)["source"][0]
    assert table["kind"] == want["kind"]
    assert want["slug"] in table["url"]  # the employer's own board on the vendor's API


@pytest.mark.parametrize("path", ["/wild/peopleblog/", "/wild/peopleblog/feed/"])
def test_sources_add_on_the_blog_picks_blog_feed(web, tmp_path: Path, path: str) -> None:
    proc = run_cli(tmp_path / "sources.toml", "add", web.base_url + path, "--dry-run")
    assert proc.returncode == 0, proc.stderr
    table = tomllib.loads(proc.stdout)["source"][0]
    assert (table["kind"], table["url"]) == ("blog-feed", f"{web.base_url}/wild/peopleblog/feed/")


def test_sources_check_names_the_cause(web, config: Path) -> None:
    proc = run_cli(config, "check", "wild-gated")
    assert proc.returncode == 1  # empty is an alert
    assert "likely cause: robots.txt disallows the detail pages" in proc.stdout


def test_sources_check_of_a_partial_crawl_exits_1_and_says_why(web, config: Path) -> None:
    proc = run_cli(config, "check", "wild-bigboard")
    assert proc.returncode == 1, proc.stdout  # partial is listed among failing sources
    assert "incomplete" in proc.stdout
    assert _truth(web)["wild-bigboard"]["cause"] in proc.stdout


def _detail_hits(web: SampleWeb, site: str) -> int:
    return sum(n for path, n in web.hits.items() if path.startswith(f"/wild/{site}/job/"))


def test_a_recrawl_skips_sitemap_pages_unchanged_since_the_last_complete_crawl(tmp_path) -> None:
    """Issue 17 item 1: sitemaps' ``lastmod`` on a recrawl. Of the keystone sitemap's six
    postings, one is edited (its lastmod moves past the first crawl) and one is taken down
    (its URL leaves the sitemap): the recrawl fetches only the edited page, the four skipped
    postings stay open and seen, the edit lands as a new version, and the removed posting
    closes after the usual two complete crawls missing it -- and only it."""
    config = tmp_path / "sources.toml"
    with SampleWeb(seed=7, scale=1) as web:  # its own web: this test edits it
        table = next(s for s in web.sources(wild=True) if s["name"] == "wild-keystone")
        config.write_text(
            "[[source]]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in table.items()),
            encoding="utf-8",
        )
        landing, path = tmp_path / "landing", tmp_path / "eolist.duckdb"
        jobs = Wild(web.world, web.base_url).sites("keystone")
        assert len(jobs) == 6
        edited, removed = jobs[1], jobs[4]

        load = crawl(config, landing, "k1", {})
        assert _detail_hits(web, "keystone") == 6  # a first crawl reads every posting page
        with db.session(path) as con:
            load_batch(con, load)
            state = crawl_state(con)["wild-keystone"]
        assert state["last_complete_at"] is not None
        assert len(state["known_pages"]) == 6

        first_start = datetime.fromisoformat(state["last_complete_at"])
        changed_at = (first_start + timedelta(hours=1)).replace(microsecond=0).isoformat()
        web.edit_wild("keystone", edited.n, changed_at)
        web.close_job(f"wild:keystone:{removed.n}")
        web.hits.clear()

        load = crawl(config, landing, "k2", {"wild-keystone": state})
        hits = {p: n for p, n in web.hits.items() if p.startswith("/wild/keystone/job/")}
        assert hits == {f"/wild/keystone/job/{edited.slug}/": 1}  # fewer fetches: only the edit
        with db.session(path) as con:
            report = load_batch(con, load)
            run = con.execute(
                "SELECT status, complete, fetched, unchanged_pages, listed, unchanged, changed"
                " FROM source_runs WHERE batch_id = 'k2'"
            ).fetchone()
            rows = _postings(con)
            state = crawl_state(con)["wild-keystone"]
        assert run == ("ok", True, 1, 4, 5, 4, 1)
        assert report.per_source["wild-keystone"].closed == 0  # nothing closed wrongly
        assert all(r["closed_at"] is None for r in rows.values())
        assert rows[removed.n]["missed_crawls"] == 1  # missing: its URL left the sitemap
        assert rows[edited.n]["version"] == 2  # the changed lastmod was refetched, and read
        skipped = [o.n for o in jobs if o.n not in (edited.n, removed.n)]
        for n in skipped:  # seen without a fetch
            assert rows[n]["missed_crawls"] == 0 and rows[n]["last_seen_at"] > first_start

        web.hits.clear()  # the second miss: the board lost a posting, so read in full again
        load = crawl(config, landing, "k3", {"wild-keystone": state})
        with db.session(path) as con:
            load_batch(con, load)
            close_stale(con)  # the nightly safety net agrees: seen postings are not stale
            rows = _postings(con)
        closed = {n: r["close_reason"] for n, r in rows.items() if r["closed_at"] is not None}
        assert closed == {removed.n: "missing from complete listing"}
        assert _detail_hits(web, "keystone") == 1  # the edit is newer than any complete crawl


def _postings(con) -> dict[int, dict]:
    cols = ["external_id", "closed_at", "close_reason", "missed_crawls", "version", "last_seen_at"]
    rows = con.execute(f"SELECT {', '.join(cols)} FROM postings").fetchall()
    return {int(r[0]): dict(zip(cols, r, strict=True)) for r in rows}
