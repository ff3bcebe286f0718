"""The enterprise and public-sector mirrors end to end: real crawl -> landing -> DuckDB -> truth.

The sample web's employers on SuccessFactors, Taleo, iCIMS, Oracle Recruiting, UKG, ADP,
Dayforce and GC Jobs (``World.enterprise``, ``sampleweb.routes_ent``) are crawled with the
real crawler (``python -m spiders.run``) into a real warehouse file, then compared with the
World: every open job found once, with its title, employer, URL, id, closing date and, where
the system has a pay field, its pay. Then one job per board is taken down: the APIs (UKG,
ADP, Dayforce: authoritative lists) close it on the next crawl; the scraped boards a crawl
later (``lifecycle.SCRAPED_MISSES_TO_CLOSE``), never before.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from pipeline.lifecycle import AUTHORITATIVE_KINDS, SCRAPED_MISSES_TO_CLOSE
from sampleweb import SampleWeb
from sampleweb import render_ent as ent
from sampleweb.generate import EPOCH, Job
from sampleweb.routes_ent import ENT_KINDS, identity
from warehouse import db
from warehouse.load import load_batch
from warehouse.sources import crawl_state

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
# where the closing date is a full instant, and where only a day
INSTANT = {"successfactors", "oracle-recruiting", "gc-jobs"}
DAY_ONLY = {"icims"}
# kinds whose answers carry pay in a field of their own (the rest: only in the text)
AOE = timezone(timedelta(hours=-12))
PAY_FIELD = {"icims", "adp", "oracle-recruiting", "gc-jobs"}


def crawl(tmp: Path, config: Path, batch: str, state: dict[str, Any]) -> Path:
    state_file = tmp / f"state-{batch}.json"
    state_file.write_text(json.dumps(state))
    proc = subprocess.run(
        [sys.executable, "-m", "spiders.run", "--config", str(config), "--landing",
         str(tmp / "landing"), "--batch-id", batch, "--state", str(state_file)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    return tmp / "landing" / f"{batch}.jsonl"


def postings(con: Any) -> dict[tuple[str, str], dict[str, Any]]:
    cur = con.execute(
        "SELECT source_name, external_id, url, title, company, valid_through, salary_min,"
        " salary_origin, closed_at FROM postings"
    )
    cols = [d[0] for d in cur.description]
    rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    return {(r["source_name"], r["external_id"]): r for r in rows}


def runs(con: Any, batch: str) -> dict[str, tuple[str, bool, int]]:
    """Each source's (status, complete, records fetched) in one batch."""
    found = con.execute(
        "SELECT source_name, status, complete, fetched FROM source_runs WHERE batch_id = ?",
        [batch],
    ).fetchall()
    return {name: (status, complete, seen) for name, status, complete, seen in found}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("ent")
    db_path = tmp / "eolist.duckdb"
    with SampleWeb(seed=7, scale=1) as web:
        sources = {s["name"]: s for s in web.sources(ent_kinds=ENT_KINDS) if s["kind"] in ENT_KINDS}
        text = web.sources_toml(ent_kinds=ENT_KINDS)
        # the mirror sources only, every job kept (hr_only = false) to compare with the World
        blocks = [b for b in text.split("[[source]]\n")[1:] if b.split('"')[1] in sources]
        config = tmp / "sources.toml"
        config.write_text("".join(f"[[source]]\nhr_only = false\n{b}" for b in blocks))
        states = []
        with db.session(db_path) as con:
            load_batch(con, crawl(tmp, config, "b1", {}), now=EPOCH + timedelta(hours=1))
            first = postings(con), runs(con, "b1")
            state = crawl_state(con)
        # one job per board taken down: the newest (first page) and a later one alternately
        gone = {}
        for k, kind in enumerate(ENT_KINDS):
            jobs = ent.employer_jobs(web.world, kind) or []
            gone[kind] = jobs[0] if k % 2 == 0 else jobs[-1]
            web.close_job(gone[kind].job_id)
        for i, batch in enumerate(("b2", "b3"), start=2):
            # b3 with the validators the warehouse keeps: a board whose posting was missed
            # once is read in full again (warehouse.closing.pending_misses), not answered 304
            with db.session(db_path) as con:
                path = crawl(tmp, config, batch, state)
                load_batch(con, path, now=EPOCH + timedelta(hours=i))
                states.append((postings(con), runs(con, batch)))
                state = crawl_state(con)
        yield web, sources, first, gone, states


def _source(sources: dict[str, dict[str, Any]], kind: str) -> str:
    return next(name for name, s in sources.items() if s["kind"] == kind)


def _job_for(web: SampleWeb, kind: str) -> list[Job]:
    return web.world.enterprise[kind]


@pytest.mark.parametrize("kind", ENT_KINDS)
def test_every_open_job_lands_right(crawled, kind: str) -> None:
    web, sources, (found, ran), _, _ = crawled
    name = _source(sources, kind)
    jobs = _job_for(web, kind)
    assert ran[name] == ("ok", True, len(jobs)), (ran[name], len(jobs))
    mine = {key: row for key, row in found.items() if key[0] == name}
    assert len(mine) == len(jobs), "a job missing or landed twice"
    for job in jobs:
        ident, url = identity(web.base_url, job)
        row = mine.get((name, ident))
        assert row is not None, f"{job.title} ({ident}) not found"
        assert (row["title"], row["company"], row["url"]) == (job.title, job.company.name, url)
        assert row["closed_at"] is None
        closing = row["valid_through"]
        if kind == "gc-jobs":
            assert closing == ent.gc_closing(job).astimezone(UTC), job.title
        elif kind in INSTANT:
            assert closing == job.valid_through, (job.title, closing, job.valid_through)
        elif kind in DAY_ONLY:  # the whole of that day anywhere on Earth (parse_closing_date)
            day = job.valid_through
            want = day and datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=AOE)
            assert closing == want, (job.title, closing, day)
        else:
            assert closing is None, "this system states no closing date"
        pay = job.salary
        if pay is None:
            assert row["salary_min"] is None, job.title
        elif kind in PAY_FIELD and (pay.structured or kind == "gc-jobs"):
            assert row["salary_min"] == pay.low, (job.title, row["salary_min"], pay)
        else:  # only the description's "Compensation: ..." line: read right, or not at all
            assert row["salary_min"] in (None, pay.low), (job.title, row["salary_min"], pay)


def test_boards_page_at_the_systems_own_size(crawled) -> None:
    web, sources, (found, _), _, _ = crawled
    # each employer has more jobs than one page holds: all landed means paging worked
    sizes = {"successfactors": ent.SF_PAGE, "taleo": ent.TALEO_PAGE, "icims": ent.ICIMS_PAGE,
             "gc-jobs": ent.GC_PAGE, "oracle-recruiting": 25, "ultipro": 50, "adp": 20}  # fmt: skip
    for kind, size in sizes.items():
        assert len(_job_for(web, kind)) > size, kind
        name = _source(sources, kind)
        assert sum(key[0] == name for key in found) == len(_job_for(web, kind)), kind


@pytest.mark.parametrize("kind", ENT_KINDS)
def test_a_removed_job_closes(crawled, kind: str) -> None:
    web, sources, _, gone, states = crawled
    name = _source(sources, kind)
    ident, _ = identity(web.base_url, gone[kind])
    misses = 1 if kind in AUTHORITATIVE_KINDS else SCRAPED_MISSES_TO_CLOSE
    for crawl_no, (found, ran) in enumerate(states, start=1):
        if crawl_no > misses:  # closed, nothing pending: an unchanged board may answer 304
            assert ran[name] in (("ok", True, len(_job_for(web, kind)) - 1),
                                 ("not_modified", False, 0)), (crawl_no, ran[name])  # fmt: skip
        else:
            assert ran[name] == ("ok", True, len(_job_for(web, kind)) - 1), (crawl_no, ran[name])
        closed = {key for key, row in found.items() if key[0] == name and row["closed_at"]}
        want = {(name, ident)} if crawl_no >= misses else set()
        assert closed == want, f"crawl {crawl_no + 1} after the removal"
