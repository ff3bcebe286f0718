"""Misconfiguration is loud: one line and exit 2, before any Prefect server starts.

Each case runs the real ``eolist`` command in a subprocess. "Before Prefect" is checked by
what Prefect leaves behind: ``eolist crawl`` points Prefect at ``<data>/prefect`` first thing,
so that folder must not exist after a refusal.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ops.crawl import Plan, Selection, conclude, select
from ops.settings import landing_folder, resolve
from pipeline.sources import ConfigError, parse_sources

SOURCES = """
[[source]]
name = "acme-jobs"
kind = "greenhouse"
url = "http://127.0.0.1:9/greenhouse/v1/boards/acme/jobs"
tier = "daily"

[[source]]
name = "acme-blog"
kind = "blog-feed"
url = "http://127.0.0.1:9/blog/feed"

[[source]]
name = "old-board"
kind = "lever"
url = "http://127.0.0.1:9/lever/v0/postings/old"
enabled = false
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(SOURCES, encoding="utf-8")
    return path


def eolist(tmp_path: Path, config: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "cli", "--db", str(tmp_path / "data" / "e.duckdb"),
           "--config", str(config), *args]  # fmt: skip
    import os

    clean = {k: v for k, v in os.environ.items() if not k.startswith("EOLIST_")}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env={**clean, **env})


def one_line(proc: subprocess.CompletedProcess) -> str:
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


@pytest.mark.parametrize(
    "args,said",
    [
        (["--kind", "greenhose"], "unknown kind 'greenhose' (did you mean greenhouse?)"),
        (["--source", "acme-job"], "unknown source 'acme-job' (did you mean acme-jobs"),
        (["--tier", "dayly"], "unknown tier 'dayly' (did you mean daily?)"),
        (["--kind", "lever"], "nothing to crawl: no enabled source"),
        (["--source", "old-board"], "nothing to crawl: no enabled source"),
    ],
)
def test_a_selection_the_config_does_not_know_exits_2_before_prefect(tmp_path, config, args, said):
    proc = eolist(tmp_path, config, "crawl", *args)
    assert proc.returncode == 2, proc.stderr
    assert said in one_line(proc)
    assert not (tmp_path / "data" / "prefect").exists(), "Prefect was started for a typo"


def test_a_landing_url_of_an_unsupported_scheme_is_refused_in_one_line(tmp_path, config):
    proc = eolist(tmp_path, config, "crawl", EOLIST_LANDING="ftp://host/landing")
    assert proc.returncode == 2
    assert "ftp:// URL is not supported" in one_line(proc)
    assert not Path("ftp:").exists() and not (tmp_path / "ftp:").exists()


def test_a_landing_folder_that_cannot_be_written_is_refused_at_start(tmp_path, config):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    proc = eolist(tmp_path, config, "crawl", EOLIST_LANDING=str(blocker / "landing"))
    assert proc.returncode == 2
    line = one_line(proc)
    assert f"landing folder {blocker / 'landing'}: cannot write there" in line
    assert not (tmp_path / "data" / "prefect").exists()


def test_serve_refuses_a_deployment_tier_the_config_does_not_know(tmp_path, config):
    prefect_file = tmp_path / "prefect.yaml"
    prefect_file.write_text(
        "deployments:\n  - name: crawl-daily\n    entrypoint: flows/crawl.py:crawl_flow\n"
        "    parameters:\n      tier: dialy\n",
        encoding="utf-8",
    )
    proc = eolist(tmp_path, config, "serve", "--prefect-file", str(prefect_file), "--port", "0")
    assert proc.returncode == 2
    assert "deployment crawl-daily: unknown tier 'dialy' (did you mean daily?)" in one_line(proc)
    assert not (tmp_path / "data" / "prefect-serve").exists(), "a server was started"


def test_the_one_landing_resolver():
    db = Path("/srv/eolist/eolist.duckdb")
    assert landing_folder(None, db) == Path("/srv/eolist/landing")
    assert landing_folder("/mnt/shared/landing", db) == Path("/mnt/shared/landing")
    # object storage stays a URL (tests/warehouse/test_landing_s3.py writes and loads one)
    assert landing_folder("s3://bucket/x", db) == "s3://bucket/x"
    for url in ("ftp://host/x", "gs://b/x", "file:///tmp/x"):
        with pytest.raises(ConfigError, match="URL is not supported"):
            landing_folder(url, db)
    settings = resolve(db=db)
    assert settings.landing == Path("/srv/eolist/landing")


def test_select_keeps_only_enabled_matching_sources():
    configs = parse_sources(SOURCES, "s.toml")
    chosen = select(configs, Selection(family="feeds"), "s.toml")
    assert [s.name for s in chosen] == ["acme-blog"]
    with pytest.raises(ConfigError, match="family=jobs, tier=weekly|unknown tier"):
        select(configs, Selection(family="jobs", tier="weekly"), "s.toml")


def test_a_batch_whose_landing_file_never_arrives_fails_its_sources(tmp_path, db_path):
    """The crawl run's side: a batch that finished, yet its file is not in this run's landing
    folder (a worker with another EOLIST_LANDING), fails its sources and names the path."""
    settings = resolve(db=db_path, config=tmp_path / "s.toml", landing=tmp_path / "landing")
    plan = Plan(run_id="r1", batches=[("b-lost", ["acme-jobs", "acme-blog"])])
    report = conclude(settings, plan, crashed={})
    expected = tmp_path / "landing" / "b-lost.jsonl"
    assert {r["source_name"]: r["status"] for r in report.sources} == {
        "acme-jobs": "failed", "acme-blog": "failed"
    }  # fmt: skip
    assert all(str(expected) in r["error"] for r in report.sources)
    assert report.crashed_batches and str(expected) in report.crashed_batches[0]
    assert report.failed and report.every_source_failed
