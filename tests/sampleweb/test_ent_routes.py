"""The enterprise mirrors' answers for a removed job, and the World they leave unchanged."""

from __future__ import annotations

import json

from sampleweb import render_ent as ent
from sampleweb.generate import ENTERPRISE, World
from sampleweb.routes_ent import ENT_KINDS, identity, sources
from tests.sampleweb.conftest import get


def test_enterprise_employers_leave_the_default_world_alone() -> None:
    world = World(seed=7, scale=1)
    ent_slugs = {jobs[0].company.slug for jobs in world.enterprise.values()}
    assert not ent_slugs & {c.slug for c in world.companies}
    assert not {j.job_id for js in world.enterprise.values() for j in js} & {
        j.job_id for j in world.jobs
    }
    assert {k: len(v) for k, v in world.enterprise.items()} == {
        k: n for k, (_, n) in ENTERPRISE.items()
    }
    gc = world.enterprise["gc-jobs"]
    assert all(j.valid_through for j in gc), "every GC Jobs poster states its closing date"


def test_every_mirror_source_answers(web) -> None:
    for source in sources(web.world, web.base_url):
        if source["kind"] not in ("taleo", "ultipro"):  # these two list by POST
            status, _, _ = get(source["url"])
            assert status == 200, source


def test_a_removed_job_answers_as_its_system_does(web) -> None:
    base = web.base_url
    answers = {}
    for kind in ENT_KINDS:
        job = ent.employer_jobs(web.world, kind)[1]
        _, url = identity(base, job)
        if kind == "oracle-recruiting":
            site = url.split("/sites/")[1].split("/")[0]
            url = (f"{base}/hcmRestApi/resources/latest/recruitingCEJobRequisitionDetails?"
                   f'expand=all&onlyData=true&finder=ById;Id="{job.n}",siteNumber={site}')  # fmt: skip
        elif kind == "adp":
            url = (f"{base}/mascsr/default/careercenter/public/events/staffing/v1/"
                   f"job-requisitions/{identity(base, job)[0]}?{url.split('?')[1]}")  # fmt: skip
        before = get(url)
        web.close_job(job.job_id)
        try:
            answers[kind] = (before[0], *get(url)[:2])
        finally:
            web.close_job(job.job_id, closed=False)
    assert all(first == 200 for first, _, _ in answers.values()), answers
    sf = answers["successfactors"]
    assert sf[1] == 200 and b'id="searchresults"' in sf[2] and b"JobPosting" not in sf[2]
    assert answers["taleo"][1] == 200 and b"no longer available" in answers["taleo"][2]
    assert answers["icims"][1] == 200 and b"no longer available" in answers["icims"][2]
    oracle = answers["oracle-recruiting"]
    assert oracle[1] == 200 and json.loads(oracle[2])["items"] == []
    ukg = answers["ultipro"]
    assert ukg[1] == 200 and b'"OpportunityIsClosed": true' in ukg[2]
    assert answers["adp"][1] == answers["dayforce"][1] == answers["gc-jobs"][1] == 404
