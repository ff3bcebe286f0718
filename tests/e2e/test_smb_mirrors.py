"""The small-business ATS mirrors end to end: sample web -> real crawler -> DuckDB -> the truth.

Each SMB kind's board (``sampleweb.routes_smb``: Jobvite, BambooHR, Breezy HR, Pinpoint,
JazzHR, Comeet, Rippling, Paylocity, in their real formats and paths) is crawled by
``python -m spiders.run`` and loaded into a real warehouse file; every open posting must be
there once with the title, employer, URL, id and pay the generated world gave it. The
unchanged web is then answered 304 (conditional requests); one posting per board is taken
down and must close after as many complete crawls as the closing policy asks of its kind
(``pipeline.lifecycle.misses_to_close``). Jobvite's every-employer board pages 50 at a time;
the Ontario Public Service board is refused with one line and never requested.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pipeline.lifecycle import misses_to_close
from sampleweb import SampleWeb
from sampleweb import render_smb as smb
from sampleweb.generate import SMB_KINDS
from warehouse import db
from warehouse.load import load_batch
from warehouse.sources import crawl_state

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
# kinds whose pay is in fields of their own when the job has structured pay
STRUCTURED = {"pinpoint", "rippling", "breezy"}


def _crawl(tmp: Path, batch: str, names: list[str], state: dict[str, Any]) -> Path:
    (tmp / f"state-{batch}.json").write_text(json.dumps(state))
    cmd = [sys.executable, "-m", "spiders.run", "--config", str(tmp / "sources.toml"),
           "--landing", str(tmp / "landing"), "--batch-id", batch,
           "--state", str(tmp / f"state-{batch}.json")]  # fmt: skip
    for name in names:
        cmd += ["--source", name]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]  # 1: the refused OPS source
    return tmp / "landing" / f"{batch}.jsonl"


def _load(db_path: Path, landing: Path) -> dict[str, Any]:
    with db.session(db_path) as con:
        load_batch(con, landing)
        runs = con.execute(
            "SELECT source_name, status, error FROM source_runs WHERE batch_id = ?",
            [landing.stem],
        ).fetchall()
        return {"runs": {r[0]: (r[1], r[2]) for r in runs}, "state": crawl_state(con)}


def _postings(db_path: Path) -> dict[str, dict[str, Any]]:
    with db.session(db_path, read_only=True) as con:
        cur = con.execute("SELECT * FROM postings")
        cols = [d[0] for d in cur.description]
        return {row[0]: dict(zip(cols, row, strict=True)) for row in cur.fetchall()}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("smb-mirrors")
    with SampleWeb(seed=7, scale=1) as web:
        text = web.sources_toml(more_kinds=True)
        # every job kept (hr_only = false): the truth names non-HR jobs too
        (tmp / "sources.toml").write_text(
            text.replace("[[source]]\n", "[[source]]\nhr_only = false\n")
        )
        sources = [s for s in web.sources(more_kinds=True)
                   if s["kind"] in (*SMB_KINDS, "ontario-gojobs")]  # fmt: skip
        names = [s["name"] for s in sources]
        boards = [n for n in names if n not in ("ontario-gojobs", f"jobvite-{smb.ALL}")]
        db_path = tmp / "eolist.duckdb"
        landing = _crawl(tmp, "b1", names, {})
        outcomes = {r["source_name"]: r for r in map(json.loads, landing.read_text().splitlines())
                    if r["record"] == "SourceOutcome"}  # fmt: skip
        first = _load(db_path, landing)
        after_first = _postings(db_path)
        truth = web.truth
        hits_gojobs = web.hits.get("/Search.aspx", 0)
        # the same web again, with the validators of the first crawl
        second = _load(db_path, _crawl(tmp, "b2", boards, first["state"]))
        # one job per board taken down; crawled until every kind's policy closes it
        closed = {}
        for kind in SMB_KINDS:
            job = smb.board_jobs(web.world, kind)[0]
            web.close_job(job.job_id)
            closed[kind] = job
        misses = {}
        for n in range(1, 3):
            # no validators: a 304 (or an identical page) is no evidence for closing
            _load(db_path, _crawl(tmp, f"c{n}", boards, {}))
            misses[n] = _postings(db_path)
        yield {
            "web": web, "sources": sources, "first": first, "second": second,
            "postings": after_first, "truth": truth, "closed": closed, "misses": misses,
            "hits_gojobs": hits_gojobs, "outcomes": outcomes,
        }  # fmt: skip


def _key(source: str, external_id: str) -> str:
    return f"{source}:{external_id}"


@pytest.mark.parametrize("kind", SMB_KINDS)
def test_every_open_posting_lands_right(crawled, kind: str) -> None:
    web, postings = crawled["web"], crawled["postings"]
    company = smb.company(web.world, kind)
    source = smb.source_name(kind, company.slug)
    status, error = crawled["first"]["runs"][source]
    assert status == "ok", error
    jobs = [j for j in web.world.jobs if j.company == company]  # all open at the first crawl
    assert len(jobs) >= 5, "a board to check"
    truth = {i["external_id"]: (job_id, i["url"]) for job_id, ids in crawled["truth"]["jobs"].items()
             for i in ids if i["source"] == source}  # fmt: skip
    landed = {p["external_id"]: p for p in postings.values() if p["source_name"] == source}
    assert set(landed) == set(truth), "every open posting once, nothing else"
    by_id = {j.job_id: j for j in jobs}
    for ident, (job_id, url) in truth.items():
        job, got = by_id[job_id], landed[ident]
        assert (got["title"], got["company"], got["url"]) == (job.title, company.name, url)
        if job.salary is None:
            assert got["salary_min"] is None, ident
            continue
        assert got["salary_min"] == pytest.approx(job.salary.low), ident
        hidden = kind == "pinpoint" and smb.pinpoint_hides_pay(job)
        structured = kind in STRUCTURED and job.salary.structured and not hidden
        assert got["salary_origin"] == ("structured" if structured else "text"), ident


def test_unchanged_boards_answer_304(crawled) -> None:
    runs = crawled["second"]["runs"]
    boards = [s["name"] for s in crawled["sources"] if s["kind"] in SMB_KINDS
              and not s["name"].endswith(smb.ALL)]  # fmt: skip
    assert {runs[n][0] for n in boards} == {"not_modified"}, runs


@pytest.mark.parametrize("kind", SMB_KINDS)
def test_removed_posting_closes_as_the_policy_says(crawled, kind: str) -> None:
    web, job = crawled["web"], crawled["closed"][kind]
    source = smb.source_name(kind, job.company.slug)
    key = _key(source, smb.external_id(web.world, job))
    assert crawled["postings"][key]["closed_at"] is None
    need = misses_to_close(kind)
    for n, postings in crawled["misses"].items():
        closed = postings[key]["closed_at"] is not None
        assert closed == (n >= need), (kind, n, need)
        others = [p for k, p in postings.items() if p["source_name"] == source and k != key]
        assert others and all(p["closed_at"] is None for p in others), "only the removed one"


def test_jobvite_pages_fifty_at_a_time(crawled) -> None:
    web, postings = crawled["web"], crawled["postings"]
    source = f"jobvite-{smb.ALL}"
    jobs = web.world.jobs  # every job was open during the first crawl
    assert len(jobs) > 2 * smb.JOBVITE_PAGE, "the board must span several search pages"
    landed = {p["external_id"] for p in postings.values() if p["source_name"] == source}
    assert landed == {smb.jobvite_id(j) for j in jobs}
    outcome = crawled["outcomes"][source]
    assert (outcome["status"], outcome["complete"]) == ("ok", True)
    search_pages = math.ceil(len(jobs) / smb.JOBVITE_PAGE)
    assert outcome["pages"] == search_pages + len(jobs), "every search page, one per posting"


def test_ontario_gojobs_is_refused_in_one_line(crawled) -> None:
    status, error = crawled["first"]["runs"]["ontario-gojobs"]
    assert status == "failed"
    assert "bot-protected" in error and "does not crawl it" in error and "\n" not in error
    assert crawled["hits_gojobs"] == 0, "a refused source is never requested"
