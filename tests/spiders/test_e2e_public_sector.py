"""GC Jobs end to end: ``python -m spiders.run`` -> landing, on 127.0.0.1.

The golden pages are served under their real paths: two results pages, a poster in the new
layout, one in the classic layout, and one that moved to the hiring organization's site. One
crawl must land each poster once, with the poster id, and the moved one with the employer,
place, pay and closing date its results row showed (carried with the poster request).
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
DATA = ROOT / "tests" / "data" / "gc-jobs"
LIST = "/psrs-srfp/applicant/page2440"
POSTER = "/psrs-srfp/applicant/page1800?poster="


def _input(case: str) -> bytes:
    return (DATA / case / "input.html").read_bytes()


ROUTES = {
    f"{LIST}?requestedPage=1&tab=1&toggleLanguage=en": _input("results-first-page"),
    f"{LIST}?requestedPage=2&tab=1&toggleLanguage=en": _input("results-last-page"),
    f"{POSTER}2390114&toggleLanguage=en": _input("poster-new"),
    f"{POSTER}2390187&toggleLanguage=en": _input("poster-classic"),
    f"{POSTER}2390233&toggleLanguage=en": _input("poster-moved"),
}


@pytest.fixture(scope="module")
def landed(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("gc")
    with CaseServer({}) as server:
        host = server.base_url.removeprefix("http://")
        server.routes = {(host, "GET", p, b""): (200, b, "text/html") for p, b in ROUTES.items()}
        config = tmp / "sources.toml"
        config.write_text(f'[[source]]\nname = "gc"\nkind = "gc-jobs"\n'
                          f'url = "{server.base_url}{LIST}"\nhr_only = false\n')  # fmt: skip
        proc = subprocess.run(
            [sys.executable, "-m", "spiders.run", "--config", str(config), "--landing",
             str(tmp), "--batch-id", "b"],
            capture_output=True, text=True, timeout=180, cwd=ROOT,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-2000:]
        rows = [json.loads(x) for x in (tmp / "b.jsonl").read_text().splitlines()]
        yield rows, [path for _, path, _ in server.requests]


def test_each_poster_lands_once_complete(landed) -> None:
    rows, paths = landed
    got = sorted((r["external_id"], r["title"], r["company"]) for r in rows
                 if r["record"] == "Posting")  # fmt: skip
    assert got == [
        ("2390114", "Human Resources Advisor", "Public Service Learning Agency"),
        ("2390187", "Labour Relations Officer", "Northern Waterways Authority"),
        ("2390233", "Compensation Assistant (Pay and Benefits)",
         "Heritage Records Office of Canada"),
    ]  # fmt: skip
    outcome = next(r for r in rows if r["record"] == "SourceOutcome")
    assert (outcome["status"], outcome["complete"], outcome["error"]) == ("ok", True, None)
    assert sorted(p for p in paths if p != "/robots.txt") == sorted(ROUTES)  # each page once


def test_a_moved_poster_keeps_what_its_row_said(landed) -> None:
    rows, _ = landed
    moved = next(r for r in rows if r.get("external_id") == "2390233")
    assert moved["location_city"] == "Winnipeg"
    assert (moved["salary_min"], moved["salary_max"], moved["salary_period"]) == (
        27.64, 30.18, "HOUR")  # fmt: skip
    assert moved["apply_url"].startswith("https://careers.example-crown.ca/job/")
    # the row gives a bare date: the whole of 8 January anywhere on Earth (23:59:59 at UTC-12)
    assert moved["valid_through"] == "2027-01-09T11:59:59+00:00"
