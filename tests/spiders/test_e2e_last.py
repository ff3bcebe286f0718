"""JazzHR, Comeet, Rippling and Paylocity end to end, and Ontario gojobs refused, through
``python -m spiders.run`` -> landing.

The golden inputs are served on 127.0.0.1 under their real paths; one crawl must land each
open posting once with the system's own id, ask each system only what it needs (a detail only
where the list lacks the description), and fail the gojobs source with its one-line refusal
while the others stay complete.
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
DATA = ROOT / "tests" / "data"
HTML, JSON = "text/html", "application/json"
RIPPLING = "/platform/api/ats/v1/board/cedarline-health/jobs"
PAYLOCITY = "/Recruiting/Jobs/All/3c9e1f0a-7b2d-4e58-9a61-0d4f8b2c6e17/Birchfield-Home-Care"
COMEET = "/careers-api/2.0/company/41.00B/positions"


def _input(case: str) -> bytes:
    return next((DATA / case).glob("input.*")).read_bytes()


ROUTES = {
    "/apply/jobs": (200, _input("jazzhr/list"), HTML),
    "/apply/jobs/details/Qr7TmPz2Lk": (200, _input("jazzhr/detail"), HTML),
    "/apply/jobs/details/bW4kNn8sYe": (200, _input("jazzhr/detail-legacy"), HTML),
    f"{COMEET}?details=true&token=3A1F0C6B22D94E17A5": (200, _input("comeet/positions"), JSON),
    RIPPLING: (200, _input("rippling/list"), JSON),
    f"{RIPPLING}/6f0c2a1e-93b4-4d7a-a5e2-1b8c0d4f7e21": (200, _input("rippling/detail"), JSON),
    f"{RIPPLING}/b27d9e04-5c61-4f3a-8e0d-7a2c6b1f9d33": (
        200, _input("rippling/detail-remote"), JSON),
    PAYLOCITY: (200, _input("paylocity/board"), HTML),
    "/Recruiting/Jobs/Details/2014731": (200, _input("paylocity/detail-onsite"), HTML),
    "/Recruiting/Jobs/Details/2014802": (200, _input("paylocity/detail"), HTML),
}  # fmt: skip


@pytest.fixture(scope="module")
def landed(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("last")
    with CaseServer({}) as server:
        host = server.base_url.removeprefix("http://")
        server.routes = {(host, "GET", path, b""): route for path, route in ROUTES.items()}
        base = server.base_url
        sources = [("jz", "jazzhr", f"{base}/apply/jobs"),
                   ("cm", "comeet", f"{base}{COMEET}?token=3A1F0C6B22D94E17A5"),
                   ("rp", "rippling", f"{base}{RIPPLING}"), ("pl", "paylocity", f"{base}{PAYLOCITY}"),
                   ("ops", "ontario-gojobs", "https://www.gojobs.gov.on.ca/Search.aspx")]  # fmt: skip
        config = tmp / "sources.toml"
        config.write_text("".join(
            f'[[source]]\nname = "{n}"\nkind = "{k}"\nurl = "{u}"\nhr_only = false\n'
            for n, k, u in sources))  # fmt: skip
        proc = subprocess.run(
            [sys.executable, "-m", "spiders.run", "--config", str(config), "--landing",
             str(tmp), "--batch-id", "b"],
            capture_output=True, text=True, timeout=180, cwd=ROOT,
        )  # fmt: skip
        rows = [json.loads(x) for x in (tmp / "b.jsonl").read_text().splitlines()]
        yield proc, rows, [path for _, path, _ in server.requests]


def _postings(rows: list[dict], source: str) -> list[tuple[str, str]]:
    return sorted((r["external_id"], r["title"]) for r in rows
                  if r["record"] == "Posting" and r["source_name"] == source)  # fmt: skip


def _outcome(rows: list[dict], source: str) -> dict:
    return next(r for r in rows if r["record"] == "SourceOutcome" and r["source_name"] == source)


@pytest.mark.parametrize(
    ("source", "want"),
    [
        ("jz", [("Qr7TmPz2Lk", "People & Culture Coordinator"),
                ("bW4kNn8sYe", "Payroll and Benefits Administrator")]),
        ("cm", [("C4.0F2", "HR Business Partner"), ("C4.11A", "Talent Acquisition Specialist")]),
        ("rp", [("6f0c2a1e-93b4-4d7a-a5e2-1b8c0d4f7e21", "HR Generalist"),
                ("b27d9e04-5c61-4f3a-8e0d-7a2c6b1f9d33", "Benefits Analyst")]),
        ("pl", [("2014731", "Human Resources Coordinator"), ("2014802", "Recruiter (Remote)")]),
    ],
)  # fmt: skip
def test_each_open_posting_lands_once(landed, source: str, want: list) -> None:
    _, rows, _ = landed
    assert _postings(rows, source) == want
    outcome = _outcome(rows, source)
    assert (outcome["status"], outcome["complete"], outcome["error"]) == ("ok", True, None)


def test_each_page_is_asked_once_and_comeet_with_details(landed) -> None:
    _, _, paths = landed
    assert sorted(p for p in paths if p in ROUTES) == sorted(ROUTES)  # none twice, none missed


def test_gojobs_is_refused_in_one_line_and_nothing_is_fetched(landed) -> None:
    _, rows, paths = landed
    outcome = _outcome(rows, "ops")
    assert outcome["status"] != "ok" and outcome["complete"] is False
    assert "bot-protected" in outcome["error"] and "\n" not in outcome["error"]
    assert not any("Search.aspx" in p for p in paths)
