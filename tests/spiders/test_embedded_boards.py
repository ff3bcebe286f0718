"""``sources add <careers page>`` finds the ATS board the page embeds (issue 17, item 2).

Employers' careers pages rarely hold the postings themselves: they embed the ATS's board in an
iframe or a script, name it in a ``data-`` attribute, or link "View all jobs". Each page below
is served on 127.0.0.1 (generated text, the embed shapes the vendors document); ``add`` must
propose the board's API source and say what it found.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.spiders.server import CaseServer
from tests.spiders.test_sources_add import run_cli

EMBEDS = {
    "greenhouse": ('<div id="grnhse_app"></div><script src="https://boards.greenhouse.io/embed/'
                   'job_board/js?for=quillmark"></script>',
                   "https://boards-api.greenhouse.io/v1/boards/quillmark/jobs?content=true"),
    "lever": ('<a class="btn" href="https://jobs.lever.co/quillmark">View all jobs</a>',
              "https://api.lever.co/v0/postings/quillmark?mode=json"),
    "ashby": ('<script src="https://jobs.ashbyhq.com/quillmark/embed?version=2"></script>',
              "https://api.ashbyhq.com/posting-api/job-board/quillmark?includeCompensation=true"),
    "smartrecruiters": ('<a href="https://careers.smartrecruiters.com/Quillmark">Open roles</a>',
                        "https://api.smartrecruiters.com/v1/companies/Quillmark/postings"),
    "workable": ('<iframe src="https://apply.workable.com/quillmark/"></iframe>',
                 "https://apply.workable.com/api/v1/widget/accounts/quillmark"),
    "recruitee": ('<div data-careers-url="https://quillmark.recruitee.com/"></div>',
                  "https://quillmark.recruitee.com/api/offers/"),
    "personio": ('<iframe src="https://quillmark.jobs.personio.de/?language=en"></iframe>',
                 "https://quillmark.jobs.personio.de/xml?language=en"),
    "teamtailor": ('<a href="https://quillmark.teamtailor.com/jobs">See all jobs</a>',
                   "https://quillmark.teamtailor.com/jobs.json"),
    "workday": ('<a href="https://quillmark.wd3.myworkdayjobs.com/en-US/External">Careers</a>',
                "https://quillmark.wd3.myworkdayjobs.com/wday/cxs/quillmark/External/jobs"),
    "bamboohr": ('<script src="https://quillmark.bamboohr.com/js/embed.js" '
                 'type="text/javascript"></script>', "https://quillmark.bamboohr.com/careers/list"),
    "jobvite": ('<iframe src="https://jobs.jobvite.com/quillmark/jobs"></iframe>',
                "https://jobs.jobvite.com/quillmark"),
    "icims": ('<iframe src="https://careers-quillmark.icims.com/jobs/intro?in_iframe=1"></iframe>',
              "https://careers-quillmark.icims.com/jobs/search?in_iframe=1&ss=1"),
    "successfactors": ('<a href="https://career8.successfactors.com/career?company=quillmark">'
                       "Search jobs</a>", None),
}  # fmt: skip


def _page(embed: str) -> bytes:
    return (f"<html><body><nav><a href='/about'>About</a></nav><h1>Work with Quillmark</h1>"
            f"<p>We are a small team of generated people.</p>{embed}</body></html>").encode()  # fmt: skip


@pytest.fixture(scope="module")
def web():
    with CaseServer({}) as server:
        host = server.base_url.removeprefix("http://")
        server.routes = {(host, "GET", f"/careers/{k}", b""): (200, _page(e), "text/html")
                         for k, (e, _) in EMBEDS.items()}  # fmt: skip
        yield server


@pytest.mark.parametrize("kind", list(EMBEDS))
def test_add_proposes_the_embedded_board(web, tmp_path: Path, kind: str) -> None:
    proc = run_cli(tmp_path / "sources.toml", "add", f"{web.base_url}/careers/{kind}", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    table = tomllib.loads(proc.stdout)["source"][0]
    assert table["kind"] == kind
    want = EMBEDS[kind][1]
    if want is not None:
        assert table["url"] == want
    assert "the page embeds or links a" in proc.stdout
