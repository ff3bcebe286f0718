"""prefect.yaml says what the operator was promised, and docs/operations.md says the same."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from flows.serve import load_entrypoint, read_deployments

ROOT = Path(__file__).resolve().parents[2]
TORONTO = ZoneInfo("America/Toronto")
DEPLOYMENTS = {d["name"]: d for d in read_deployments(ROOT / "prefect.yaml")}
OPS = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")


def _next_runs(name: str, n: int) -> list[datetime]:
    from prefect.server.schemas.schedules import CronSchedule  # what the scheduler runs

    (sched,) = DEPLOYMENTS[name]["schedules"]
    assert sched["timezone"] == "America/Toronto"
    start = datetime(2026, 11, 26, 12, 0, tzinfo=TORONTO)  # a Thursday
    cron = CronSchedule(cron=sched["cron"], timezone=sched["timezone"])
    dates = asyncio.run(cron.get_dates(n=n, start=start))
    return [datetime.fromtimestamp(d.timestamp(), TORONTO) for d in dates]


def test_schedules_are_what_operators_were_promised():
    jobs = _next_runs("crawl-jobs", 5)
    assert {b - a for a, b in zip(jobs, jobs[1:], strict=False)} == {timedelta(hours=6)}
    feeds = _next_runs("crawl-feeds", 5)
    assert {b - a for a, b in zip(feeds, feeds[1:], strict=False)} == {timedelta(hours=1)}
    (digest,) = _next_runs("digest", 1)
    assert (digest.weekday(), digest.hour, digest.minute) == (0, 7, 0)  # Monday 07:00 Toronto
    nightly = _next_runs("maintenance", 3)
    assert {b - a for a, b in zip(nightly, nightly[1:], strict=False)} == {timedelta(days=1)}
    assert all(d.hour < 6 for d in nightly)


def test_every_deployment_loads_and_uses_the_process_pool():
    for name, d in DEPLOYMENTS.items():
        flow = load_entrypoint(d["entrypoint"])
        assert d["work_pool"]["name"] == "eolist", name
        assert d["work_pool"]["work_queue_name"] in ("warehouse", "crawl"), name
        unknown = set(d.get("parameters") or {}) - set(flow.parameters.properties)
        assert not unknown, f"{name}: parameters the flow does not take: {unknown}"
    assert DEPLOYMENTS["crawl-jobs"]["parameters"]["family"] == "jobs"
    assert DEPLOYMENTS["crawl-feeds"]["parameters"]["family"] == "feeds"
    assert "tier" in DEPLOYMENTS["crawl-jobs"]["parameters"]


def test_batch_deployment_parameter_names_a_deployment_in_the_file():
    from flows.batches import BATCH_DEPLOYMENT

    flow_name, _, deployment = BATCH_DEPLOYMENT.partition("/")
    assert load_entrypoint(DEPLOYMENTS[deployment]["entrypoint"]).name == flow_name
    for d in DEPLOYMENTS.values():
        assert (d.get("parameters") or {}).get("batch_deployment") in (None, BATCH_DEPLOYMENT)


@pytest.mark.parametrize("name", sorted(DEPLOYMENTS))
def test_operations_doc_lists_each_deployment_and_its_schedule(name):
    d = DEPLOYMENTS[name]
    flow = load_entrypoint(d["entrypoint"]).name
    row = re.search(rf"^\| `{re.escape(flow)}/{re.escape(name)}` \|.*$", OPS, re.M)
    assert row, f"docs/operations.md: no schedules row for {flow}/{name}"
    for sched in d.get("schedules") or []:
        assert f"`{sched['cron']}`" in row.group(0), f"{name}: doc and prefect.yaml disagree"


def test_operations_doc_lists_every_setting():
    # every module of the operations layer and the flows, and the operator's commands
    mine = [
        *(ROOT / "ops").rglob("*.py"),
        *(ROOT / "flows").rglob("*.py"),
        ROOT / "cli" / "operate.py",
    ]
    sources = "".join(p.read_text() for p in mine)
    names = set(re.findall(r"EOLIST_[A-Z_]+", sources)) - {"EOLIST_DEBUG"}
    missing = sorted(n for n in names if f"`{n}" not in OPS)
    assert not missing, f"settings not in docs/operations.md: {missing}"


def test_yaml_has_no_schedule_outside_toronto():
    text = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    for d in text["deployments"]:
        for s in d.get("schedules") or []:
            assert s.get("timezone") == "America/Toronto", d["name"]


def test_schedules_are_read_with_prefects_public_api():
    from prefect.schedules import Schedule

    from flows.serve import schedule
    from pipeline.sources import ConfigError

    cron = schedule({"cron": "0 7 * * 1", "timezone": "America/Toronto"}, "x")
    assert isinstance(cron, Schedule) and cron.cron == "0 7 * * 1"
    assert cron.timezone == "America/Toronto"
    assert schedule({"interval": 5}, "x").interval.total_seconds() == 5
    assert schedule({"rrule": "FREQ=DAILY"}, "x").rrule == "FREQ=DAILY"
    with pytest.raises(ConfigError, match="cron, interval or rrule"):
        schedule({"every": "day"}, "prefect.yaml: deployment d")
