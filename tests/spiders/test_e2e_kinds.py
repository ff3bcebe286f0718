"""Every job kind end to end on the sample web: Scrapy subprocess -> landing file -> compare.

The sample web serves each employer's open jobs in every ATS shape (``sampleweb.routes_more``);
one crawl of one mirror board per kind must land exactly that employer's jobs (each once,
whatever the shape's quirks), with the right ids, and pay only where the source shows it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from sampleweb import SampleWeb
from sampleweb import render_ats_more as more
from sampleweb import render_workday as wd
from sampleweb.routes_more import MORE_KINDS
from spiders.workday import PAGE_SIZE

pytestmark = pytest.mark.e2e
# path prefix -> sampleweb fault: the kinds' malformed-response handling, end to end
FAULTS = {
    "/ashby/": "empty",
    "/recruitee/": "wrong-types",
    "/smartrecruiters/": "html",
    "/personio/": "html",
    "/teamtailor/": "wrong-types",
}
ROOT = Path(__file__).resolve().parents[2]


def crawl(config: Path, landing: Path, batch: str) -> dict[str, list[dict]]:
    proc = subprocess.run(
        [sys.executable, "-m", "spiders.run", "--config", str(config), "--landing", str(landing),
         "--batch-id", batch],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    out: dict[str, list[dict]] = {}
    for line in (landing / f"{batch}.jsonl").read_text().splitlines():
        row = json.loads(line)
        if row["record"] in ("Posting", "SourceOutcome"):
            out.setdefault(row["source_name"], []).append(row)
    return out


@pytest.fixture(scope="module")
def landed(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("kinds")
    with SampleWeb(seed=7, scale=1) as web:
        mirrors = [s for s in web.sources(more_kinds=True) if s["kind"] in MORE_KINDS]
        text = web.sources_toml(more_kinds=True)
        config = tmp / "sources.toml"
        # every mirror source, all jobs kept (hr_only = false) to compare with the world
        tables = tomllib.loads(text)["source"]
        wanted = {s["name"] for s in mirrors} | {"personio-emptyco", f"workday-{wd.ALL}"}
        body = text.replace("[[source]]\n", "[[source]]\nhr_only = false\n")
        config.write_text(body)
        rows = crawl(config, tmp / "landing", "b1")
        # the same crawl again with broken answers on some mirrors
        for prefix, fault in FAULTS.items():
            web.set_fault(prefix, fault)
        faulted = crawl(config, tmp / "landing", "b2")
        web.clear_faults()
        yield web, mirrors, {k: v for k, v in rows.items() if k in wanted}, tables, faulted


def _split(rows: list[dict]) -> tuple[dict, list[dict]]:
    outcome = next(r for r in rows if r["record"] == "SourceOutcome")
    return outcome, [r for r in rows if r["record"] == "Posting"]


def test_every_kind_has_a_mirror(landed) -> None:
    _, mirrors, _, _, _ = landed
    assert set(MORE_KINDS) <= {s["kind"] for s in mirrors}


@pytest.mark.parametrize("kind", MORE_KINDS)
def test_kind_lands_its_employers_jobs(landed, kind: str) -> None:
    web, mirrors, rows, _, _ = landed
    source = next(s for s in mirrors if s["kind"] == kind)
    outcome, postings = _split(rows[source["name"]])
    assert outcome["status"] == "ok", outcome["error"]
    assert outcome["complete"], outcome
    slug = source["name"].removeprefix(f"{kind}-")
    jobs = more.mirror_jobs(web.world, slug)
    assert jobs, slug
    if kind == "ashby":
        jobs = [j for j in jobs if not more.ashby_unlisted(j)]
    assert sorted(p["title"] for p in postings) == sorted(j.title for j in jobs)
    keys = [p["posting_key"] for p in postings]
    assert len(keys) == len(set(keys)), "a posting landed twice"
    assert {p["company"] for p in postings} == {jobs[0].company.name}
    assert all(p["location_city"] or p["workplace"] == "remote" for p in postings)

    def shown_pay(job) -> float | None:  # what this kind must show as the minimum
        if job.salary is None:
            return None
        if kind == "html" or (kind in ("recruitee", "teamtailor") and job.salary.structured):
            return float(job.salary.low)
        if kind == "ashby" and more.ashby_shows_pay(job):
            return float(job.salary.low)
        # Not given in a field (workable, personio, smartrecruiters, workday) or hidden:
        # the description's "Compensation: ..." line is read instead (issue 19).
        return float(job.salary.low)

    expected = sorted((j.title, shown_pay(j) or 0.0) for j in jobs)
    got = sorted((p["title"], p["salary_min"] or 0.0) for p in postings)
    assert got == expected
    origin = "text" if kind == "html" else "structured"
    assert all(p["salary_origin"] in (None, origin, "text") for p in postings)
    assert all(p["salary_text"] for p in postings if p["salary_origin"] == "text")
    if kind == "workday":
        assert {p["external_id"] for p in postings} == {f"R-{100000 + j.n}" for j in jobs}
        assert all(p["posted_at"] for p in postings), "the detail's real date"


def test_empty_personio_board_is_complete_and_empty(landed) -> None:
    # complete (it may count towards EMPTY_CLOSE_AFTER) but never plainly "ok"
    _, _, rows, _, _ = landed
    outcome, postings = _split(rows["personio-emptyco"])
    assert (outcome["status"], outcome["complete"], postings) == ("empty", True, [])
    assert outcome["diagnosis"].startswith("no posting found: 1 pages fetched")


def test_html_selectors_round_trip_through_toml(landed) -> None:
    _, _, _, tables, _ = landed
    table = next(t for t in tables if t["kind"] == "html")
    assert table["selectors"] == wd.HTML_SELECTORS


@pytest.mark.parametrize("prefix", FAULTS)
def test_malformed_answers_fail_the_source_cleanly(landed, prefix: str) -> None:
    _, mirrors, _, _, faulted = landed
    for source in [s for s in mirrors if s["url"].split("/", 3)[3].startswith(prefix[1:])]:
        outcome, postings = _split(faulted[source["name"]])
        assert outcome["status"] == "failed", outcome
        assert not outcome["complete"], "a failed source closes nothing"
        error = outcome["error"]
        assert error and "Traceback" not in error and "\n" not in error
        assert any(w in error for w in ("expected", "malformed", "empty")), error
        assert postings == [], "no record from a malformed answer"


def test_workday_pages_by_post_through_every_employer(landed) -> None:
    web, _, rows, _, _ = landed
    outcome, postings = _split(rows[f"workday-{wd.ALL}"])
    jobs = wd.tenant_jobs(web.world, wd.ALL)
    assert len(jobs) > 2 * PAGE_SIZE, "the tenant must span several list pages"
    assert (outcome["status"], outcome["complete"]) == ("ok", True)
    list_pages = -(-len(jobs) // PAGE_SIZE)
    assert outcome["pages"] == list_pages + len(jobs)
    assert sorted(p["external_id"] for p in postings) == sorted(
        f"R-{100000 + j.n}" for j in jobs)  # fmt: skip
    assert {p["company"] for p in postings} == {j.company.name for j in jobs}
