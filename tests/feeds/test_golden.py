"""Golden tests on real feeds (``tests/data/*-feed/<case>/``): extracted, and served and crawled.

The pure test names the case and the field that differs. The served test crawls every case
in one ``python -m spiders.run`` batch from a local server (``max_pages = 1``: next links in
these real feeds point at the real sites, which a test never contacts) and checks that what
landed is what extraction promised.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.feeds import golden
from tests.feeds.server import FeedServer, Route
from tests.reliability.support import run_crawl

CASES = golden.cases()
IDS = [f"{c.parent.name}/{c.name}" for c in CASES]


def _expected(folder: Path) -> dict:
    return json.loads((folder / "expected.json").read_text(encoding="utf-8"))


def _compare(name: str, got: dict, want: dict) -> None:
    for key in ("count", "distinct_keys", "next_pages"):
        assert got[key] == want[key], f"{name}: {key}"
    for which in ("first", "last"):
        if want[which] is None:
            assert got[which] is None, f"{name}: {which}"
            continue
        for field, value in want[which].items():
            assert got[which][field] == value, f"{name}: {which} entry, field {field}"


@pytest.mark.parametrize("folder", CASES, ids=IDS)
def test_extract_matches_golden(folder: Path) -> None:
    info = golden.case_info(folder)
    _compare(info["name"], golden.extract_case(info), _expected(folder))


def test_blog_content_is_clean_and_absolute() -> None:
    from spiders import feeds

    for folder in CASES:
        info = golden.case_info(folder)
        if info["kind"] != "blog-feed":
            continue
        for post in feeds.extract(golden.BASE + info["path"], info["body"]):
            html = post.content_html or ""
            assert "<script" not in html.lower() and "onerror=" not in html.lower(), info["name"]
            for attr in ('href="/', "href='/", 'src="/'):
                assert attr not in html, f"{info['name']}: relative link left in {post.url}"
            for when in (post.published_at, post.updated_at):
                assert when is None or when.utcoffset().total_seconds() == 0, info["name"]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("golden")
    with FeedServer() as server:
        lines = []
        for i, folder in enumerate(CASES):
            info = golden.case_info(folder)
            ctype = "application/json" if info["file"].endswith(".json") else "application/xml"
            server.routes[info["path"]] = Route(info["body"], ctype=ctype)
            lines += ["[[source]]", f'name = "case{i}"', f'kind = "{info["kind"]}"',
                      f'url = "{server.base_url}{info["path"]}"', "hr_only = false",
                      "max_pages = 1", ""]  # fmt: skip
        config = tmp / "sources.toml"
        config.write_text("\n".join(lines))
        result = run_crawl(config, tmp / "landing", "golden", timeout=180)
        yield result, server.base_url


def test_served_feeds_land_as_extracted(served) -> None:
    result, base = served
    assert result.returncode == 0, result.stderr[-2000:]
    records = result.records()
    outcomes = result.outcomes()
    for i, folder in enumerate(CASES):
        info, want = golden.case_info(folder), _expected(folder)
        name = f"case{i}"
        assert outcomes[name]["status"] == "ok", f"{info['name']}: {outcomes[name]['error']}"
        mine = [
            r for r in records if r.get("source_name") == name and r["record"] != "SourceOutcome"
        ]
        assert len(mine) == want["count"], info["name"]
        if info["kind"] == "blog-feed":
            got = golden.debase(golden.summarize(info["kind"], mine, want["next_pages"]), base)
            _compare(info["name"], got, want)
