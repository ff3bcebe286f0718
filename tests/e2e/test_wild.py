"""The wild corner of the sample web, crawled for real (issue 17, items 4, 5 and 6).

Every wild site (``sampleweb.wild``: career sites in the shapes real ones use) is crawled by
``python -m spiders.run`` and loaded into a real DuckDB warehouse. Against the corner's ground
truth (``SampleWeb.wild_truth``): every posting of a site that lists them is found, no page
that is not a posting is emitted, and each site built to yield nothing (or part) says its
cause in ``source_health``. ``sources add`` on the corner's careers pages proposes the ATS
board they embed, and on its blog picks ``blog-feed``; ``sources check`` names the cause.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from sampleweb import SampleWeb
from tests.e2e.test_skeleton import crawl
from tests.spiders.test_sources_add import run_cli
from warehouse import db
from warehouse.load import load_batch

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
