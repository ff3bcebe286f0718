"""The flows on a real Prefect (test harness, once per session) over real DuckDB files."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from ops.settings import resolve
from tests.conftest import make_posting, outcome, write_batch
from warehouse import db

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("harness")]


def _artifact(key: str) -> str:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        art = client.read_latest_artifacts()  # newest version of each keyed artifact
    found = [a for a in art if a.key == key]
    assert found, f"no artifact {key}"
    return str(found[0].data)


def _dead_source(name: str) -> str:
    # A port nothing listens on: connection refused, the source fails, nothing else does.
    from flows.serve import free_port

    url = f"http://127.0.0.1:{free_port()}/greenhouse/v1/boards/{name}/jobs?content=true"
    return f'\n[[source]]\nname = "{name}"\nkind = "greenhouse"\nurl = "{url}"\n'


def test_crawl_one_source_fails_others_land(tmp_path, sample_toml):
    from flows.crawl import crawl_flow

    config = tmp_path / "sources.toml"
    config.write_text(sample_toml.read_text() + _dead_source("gh-gone"))
    state = crawl_flow(
        config=str(config), db=str(tmp_path / "e.duckdb"), batch_size=3, return_state=True
    )
    assert state.is_completed(), state.message
    report = state.result()
    assert len(report.batches) == 3  # 8 sources in batches of 3, each its own landing file
    assert len(list((tmp_path / "landing").glob("*.jsonl"))) == 3
    rows = {r["source_name"]: r for r in report.sources}
    assert rows["gh-gone"]["status"] == "failed" and rows["gh-gone"]["error"]
    ok = [r for r in rows.values() if r["status"] == "ok"]
    assert len(ok) == 7 and sum(r["new"] for r in ok) > 50
    table = _artifact("crawl-report")
    assert "| gh-gone | failed |" in table and "| gh-maplewoodsoftware | ok |" in table
    with db.session(tmp_path / "e.duckdb", read_only=True) as con:
        assert con.execute("SELECT count(*) FROM landing_batches").fetchone()[0] == 3
        assert con.execute("SELECT count(*) FROM postings").fetchone()[0] > 50


def test_crawl_where_everything_failed_ends_failed(tmp_path):
    from flows.crawl import crawl_flow

    config = tmp_path / "sources.toml"
    config.write_text(_dead_source("gh-a") + _dead_source("gh-b"))
    state = crawl_flow(
        config=str(config), db=str(tmp_path / "e.duckdb"), family="jobs", return_state=True
    )
    assert state.is_failed()
    assert "every source failed" in state.message


def test_load_takes_batches_left_by_a_crashed_run_once(tmp_path):
    from flows.crawl import load_flow

    landing = tmp_path / "landing"
    write_batch(landing, "b1", [make_posting("1"), outcome()])
    write_batch(landing, "b2", [make_posting("2", source="beta"), outcome("beta")])
    (landing / ".b3.jsonl.tmp").write_text('{"record": "Posting"')  # a crawl died writing
    first = load_flow(db=str(tmp_path / "e.duckdb"), landing=str(landing))
    assert sorted(first.batches) == ["b1", "b2"]
    assert {r["source_name"] for r in first.sources} == {"acme", "beta"}
    assert "| acme | ok |" in _artifact("load-report")
    again = load_flow(db=str(tmp_path / "e.duckdb"), landing=str(landing))
    assert again.batches == [] and again.totals["postings"] == 2


def _events(prefect_server, resource: str) -> list[dict]:
    """Events the server holds for one resource id (its events API, as an operator reads it)."""
    import time

    import httpx

    body = {"filter": {"any_resource": {"id": [resource]}}, "limit": 50}
    for _ in range(40):  # events are sent without waiting and persisted on the server's beat
        found = httpx.post(f"{prefect_server.api_url}/events/filter", json=body).json()["events"]
        if found:
            return found
        time.sleep(0.5)
    return []


def test_load_of_a_batch_with_a_failed_source_ends_degraded_and_says_so(tmp_path, prefect_server):
    from flows.crawl import load_flow

    landing = tmp_path / "landing"
    failed = outcome("load-gone", status="failed", complete=False, error="connection refused")
    write_batch(landing, "b1", [make_posting("1"), outcome(), failed])
    state = load_flow(db=str(tmp_path / "e.duckdb"), landing=str(landing), return_state=True)
    assert state.is_completed() and state.name == "Degraded", (state.name, state.message)
    assert state.message.startswith("degraded: loaded 1 batch; 2 sources tried: 1 ok, 1 failed")
    assert sorted(r["source_name"] for r in state.result().sources) == ["acme", "load-gone"]
    source = _events(prefect_server, "eolist.source.load-gone")
    assert [e["event"] for e in source] == ["eolist.source.failed"]
    assert source[0]["payload"]["error"] == "connection refused"
    run = _events(prefect_server, f"eolist.load.{state.state_details.flow_run_id}")
    assert [e["event"] for e in run] == ["eolist.load.degraded"]
    assert run[0]["payload"]["sources"] == ["load-gone"]
    again = load_flow(db=str(tmp_path / "e.duckdb"), landing=str(landing), return_state=True)
    assert again.name == "Completed" and again.message == "loaded 0 batches"


def test_load_sweeps_heartbeats_dead_machines_left(tmp_path):
    import os
    import time

    from ops.loading import load_pending

    landing = tmp_path / "landing"
    write_batch(landing, "b1", [make_posting("1"), outcome()])
    old, live = landing / "b0.alive", landing / "b2.alive"
    old.write_text("gone-machine 4242\n")
    live.write_text("busy-machine 4343\n")
    day_ago = time.time() - 86_400 - 60
    os.utime(old, (day_ago, day_ago))
    assert load_pending(resolve(db=tmp_path / "e.duckdb", landing=landing)).batch_ids == ["b1"]
    assert not old.exists() and live.exists()  # a batch crawling now keeps its heartbeat


def _load_in_process(db_path: str, landing: str, queue) -> None:
    from ops.loading import load_pending

    queue.put(load_pending(resolve(db=db_path, landing=landing)).batch_ids)


def test_concurrent_loaders_never_load_a_batch_twice(tmp_path):
    landing = tmp_path / "landing"
    for i in range(6):
        write_batch(landing, f"b{i}", [make_posting(str(i)), outcome()])
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [
        ctx.Process(target=_load_in_process, args=(str(tmp_path / "e.duckdb"), str(landing), queue))
        for _ in range(3)
    ]
    for p in procs:
        p.start()
    loaded = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    every = [b for part in loaded for b in part]
    assert sorted(every) == [f"b{i}" for i in range(6)]  # each batch once, by one loader
    with db.session(tmp_path / "e.duckdb", read_only=True) as con:
        assert con.execute("SELECT count(*) FROM landing_batches").fetchone()[0] == 6
        assert con.execute("SELECT count(*) FROM crawl_runs").fetchone()[0] == 6


def test_digest_writes_the_week_and_publishes_it(tmp_path):
    from flows.crawl import load_flow
    from flows.digest import digest_flow

    write_batch(tmp_path / "landing", "b1", [make_posting("1"), outcome()])
    load_flow(db=str(tmp_path / "e.duckdb"))
    from curation import decisions

    with db.session(tmp_path / "e.duckdb") as con:  # she approved it: the list holds it
        (job_id,) = con.execute("SELECT job_id FROM jobs").fetchone()
        decisions.decide(con, job_id, "approve")
    out = digest_flow(db=str(tmp_path / "e.duckdb"))
    path = Path(out["path"])
    # the same path as eolist digest: this week's preview (nothing is published by a schedule)
    assert path.parent == tmp_path / "digests" and path.name.startswith("preview-")
    text = path.read_text()
    assert "HR Business Partner 1" in text
    assert _artifact("digest") == text
    assert (path.with_suffix(".html")).exists() and (tmp_path / "digests" / "feed.rss").exists()


def test_maintenance_closes_only_with_complete_crawls_and_snapshots(tmp_path):
    from flows.crawl import load_flow
    from flows.maintenance import maintenance_flow

    landing = tmp_path / "landing"
    write_batch(landing, "b1", [make_posting("1"), outcome(), make_posting("8", source="flaky"),
                                make_posting("9", source="flaky"), outcome("flaky")])  # fmt: skip
    dbp = str(tmp_path / "e.duckdb")
    load_flow(db=dbp, landing=str(landing))
    with db.session(dbp) as con:
        # Time passes: flaky:8's own end date goes by; acme is crawled completely once more
        # (without posting 1), flaky fails once and stops part-way once (neither is evidence).
        con.execute("UPDATE postings SET valid_through = now() - INTERVAL 1 DAY"
                    " WHERE posting_key = 'flaky:8'")  # fmt: skip
        later = "(SELECT max(last_seen_at) + INTERVAL 1 HOUR FROM postings)"
        for batch, source, status, complete in [
            ("h1", "acme", "ok", True),
            ("h2", "flaky", "failed", False),
            ("h3", "flaky", "ok", False),
        ]:
            con.execute(
                "INSERT INTO source_runs (batch_id, source_name, source_kind, status, complete,"
                " pages, fetched, dropped_non_hr, not_modified, new, changed, unchanged, closed,"
                f" started_at) VALUES (?, ?, 'greenhouse', ?, ?, 1, 0, 0, 0, 0, 0, 0, 0, {later})",
                [batch, source, status, complete],
            )
    report = maintenance_flow(db=dbp, keep=1)
    assert report["closed"] == {"acme": 1, "flaky": 1}
    with db.session(dbp, read_only=True) as con:
        reasons = dict(con.execute("SELECT posting_key, close_reason FROM postings").fetchall())
        open_jobs = con.execute("SELECT count(*) FROM open_jobs").fetchone()[0]
    assert reasons == {
        "acme:1": "missing from complete listing",
        "flaky:8": "expired",
        "flaky:9": None,  # a failed or partial crawl never makes a posting stale
    }
    assert open_jobs == 1
    snap = Path(report["snapshot"])
    assert snap.parent == tmp_path / "snapshots" and (snap / "postings.parquet").exists()
    assert "| snapshot |" in _artifact("maintenance-report")


def test_retries_are_for_transient_failures_only():
    from prefect.states import Failed

    from flows.batches import BatchCrashed, _transient
    from flows.crawl import _locked
    from warehouse.errors import DatabaseLocked, WarehouseError

    assert _locked(None, None, Failed(data=DatabaseLocked("busy")))
    assert not _locked(None, None, Failed(data=WarehouseError("newer schema")))
    assert _transient(None, None, Failed(data=BatchCrashed("killed", transient=True)))
    assert not _transient(None, None, Failed(data=BatchCrashed("exited 1")))


def test_choose_filters_by_family_tier_and_names():
    from ops.crawl import Selection, select
    from pipeline.sources import ConfigError, parse_sources

    configs = parse_sources(
        '[[source]]\nname = "gh"\nkind = "greenhouse"\nurl = "https://a.test/"\ntier = "top"\n'
        '[[source]]\nname = "blog"\nkind = "blog-feed"\nurl = "https://b.test/"\n'
        '[[source]]\nname = "jf"\nkind = "job-feed"\nurl = "https://c.test/"\n'
        '[[source]]\nname = "off"\nkind = "lever"\nurl = "https://d.test/"\nenabled = false\n'
    )
    names = lambda **kw: [s.name for s in select(configs, Selection(**kw), "s.toml")]  # noqa: E731
    assert names(family="jobs") == ["gh"]
    assert names(family="feeds") == ["blog", "jf"]
    assert names(tier="top") == ["gh"] and names(tier="default") == ["blog", "jf"]
    assert names(sources=("jf",)) == ["jf"]
    with pytest.raises(ConfigError, match="unknown source"):
        names(sources=("nope",))
