"""Jobvite, BambooHR, Breezy HR and Pinpoint end to end: ``python -m spiders.run`` -> landing.

The golden inputs are served on 127.0.0.1 under their real paths (a Jobvite posting that was
removed answers 303 to ``?error=404``, as the live site does); one crawl of the four boards
must land each open posting once, with the system's own id, and nothing for the removed or
closed ones, while the crawl stays complete (a removed posting is not a failure).
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


def _input(case: str) -> bytes:
    return next((DATA / case).glob("input.*")).read_bytes()


def _jobvite_search() -> bytes:
    # two rows: one open posting and one removed since the page was made
    rows = "".join(
        f'<tr><td class="jv-job-list-name"><a href="/lakeshorehealth/job/{i}">{t}</a></td>'
        f'<td class="jv-job-list-location">Toronto, Ontario</td></tr>'
        for i, t in [("oLh00000Z", "Human Resources Generalist"), ("oLh00009Z", "HR Assistant")]
    )
    return (f'<html><body><table class="jv-job-list"><tbody>{rows}</tbody></table>'
            f'<div class="jv-pagination"><span class="jv-pagination-text">1-2 of 2</span></div>'
            "</body></html>").encode()  # fmt: skip


HTML, JSON = "text/html", "application/json"
ROUTES = {
    "/lakeshorehealth/search/?p=0": (200, _jobvite_search(), HTML),
    "/lakeshorehealth/job/oLh00000Z": (200, _input("jobvite/detail"), HTML),
    "/lakeshorehealth/job/oLh00009Z": (
        303, b"", HTML, {"Location": "/careers/lakeshorehealth/jobs?error=404"}),
    "/careers/lakeshorehealth/jobs?error=404": (200, _input("jobvite/removed-posting"), HTML),
    "/careers/list": (200, _input("bamboohr/list"), JSON),
    "/careers/41/detail": (200, _input("bamboohr/detail"), JSON),
    "/careers/44/detail": (200, _input("bamboohr/detail").replace(b'"41"', b'"44"').replace(
        b"HR Business Partner", b"Member Service Representative"), JSON),
    "/careers/47/detail": (200, _input("bamboohr/detail-closed"), JSON),
    "/json": (200, _input("breezy/list"), JSON),
    "/p/7c41e09b2a58-people-operations-manager": (200, _input("breezy/position"), HTML),
    "/p/0e9d3f6a11c4-dental-receptionist": (200, _input("breezy/position-plain"), HTML),
    "/postings.json": (200, _input("pinpoint/board"), JSON),
}  # fmt: skip


@pytest.fixture(scope="module")
def landed(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("smb")
    with CaseServer({}) as server:
        host = server.base_url.removeprefix("http://")
        server.routes = {(host, "GET", path, b""): route for path, route in ROUTES.items()}
        base = server.base_url
        sources = [("jv", "jobvite", "/lakeshorehealth"), ("bh", "bamboohr", "/careers"),
                   ("bz", "breezy", "/"), ("pp", "pinpoint", "/")]  # fmt: skip
        config = tmp / "sources.toml"
        config.write_text("".join(
            f'[[source]]\nname = "{n}"\nkind = "{k}"\nurl = "{base}{p}"\nhr_only = false\n'
            for n, k, p in sources))  # fmt: skip
        proc = subprocess.run(
            [sys.executable, "-m", "spiders.run", "--config", str(config), "--landing",
             str(tmp), "--batch-id", "b"],
            capture_output=True, text=True, timeout=180, cwd=ROOT,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-2000:]
        rows = [json.loads(x) for x in (tmp / "b.jsonl").read_text().splitlines()]
        yield rows, [path for _, path, _ in server.requests]


def _postings(rows: list[dict], source: str) -> list[tuple[str, str]]:
    return sorted((r["external_id"], r["title"]) for r in rows
                  if r["record"] == "Posting" and r["source_name"] == source)  # fmt: skip


@pytest.mark.parametrize(
    ("source", "want"),
    [
        ("jv", [("oLh00000Z", "Human Resources Generalist")]),
        ("bh", [("41", "HR Business Partner"), ("44", "Member Service Representative")]),
        ("bz", [("0e9d3f6a11c4", "Dental Receptionist"),
                ("7c41e09b2a58", "People Operations Manager")]),
        ("pp", [("318204", "Senior Talent Acquisition Partner"), ("318377",
                 "Warehouse Associate (Nights)"), ("318402", "HR Coordinator")]),
    ],
)  # fmt: skip
def test_each_open_posting_lands_once(landed, source: str, want: list) -> None:
    rows, _ = landed
    assert _postings(rows, source) == want
    outcome = next(r for r in rows if r["record"] == "SourceOutcome" and r["source_name"] == source)
    assert (outcome["status"], outcome["complete"], outcome["error"]) == ("ok", True, None)


def test_jobvite_paging_and_detail_requests_are_the_systems_own(landed) -> None:
    _, paths = landed
    assert "/lakeshorehealth/search/?p=0" in paths
    assert paths.count("/lakeshorehealth/job/oLh00000Z") == 1
    assert "/careers/lakeshorehealth/jobs?error=404" in paths  # the removed posting's redirect
