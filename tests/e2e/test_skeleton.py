"""End to end through every stage: sample web → Scrapy subprocess → landing → warehouse.

The crawl runs as the crawl flow runs it (``python -m spiders.run`` in a subprocess) and the
landing file is loaded with the warehouse loader; ``test_demo_command`` runs ``eolist demo``
itself, as on a machine with no Prefect server configured: the crawl flow's steps without
Prefect (``ops.env.flows_through_prefect``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sampleweb import SampleWeb
from warehouse import db
from warehouse.load import load_batch
from warehouse.sources import crawl_state

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


def crawl(config: Path, landing: Path, batch_id: str, state: dict) -> Path:
    state_file = landing.parent / f"state-{batch_id}.json"
    state_file.write_text(json.dumps(state))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "spiders.run",
            "--config",
            str(config),
            "--landing",
            str(landing),
            "--batch-id",
            batch_id,
            "--state",
            str(state_file),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    path = landing / f"{batch_id}.jsonl"
    assert path.exists()
    assert not list(landing.glob(".*.tmp")), "temp landing file left behind"
    return path


def table_counts(con) -> dict[str, int]:
    return {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("postings", "jobs", "blog_posts", "posting_versions")
    }


@pytest.fixture(scope="module")
def web():
    with SampleWeb(seed=7, scale=1) as w:
        yield w


def test_sample_web_to_warehouse_twice(web, tmp_path):
    config = tmp_path / "sources.toml"
    config.write_text(web.sources_toml())
    landing = tmp_path / "landing"
    db_path = tmp_path / "eolist.duckdb"

    first = crawl(config, landing, "b1", {})
    with db.session(db_path) as con:
        report = load_batch(con, first)
        counts = table_counts(con)
        failed = con.execute(
            "SELECT source_name, error FROM source_runs WHERE status = 'failed'"
        ).fetchall()
        state = crawl_state(con)
        kinds = {r[0] for r in con.execute("SELECT DISTINCT source_kind FROM postings").fetchall()}
        hr_only = con.execute("SELECT count(*) FROM postings WHERE hr_category IS NULL").fetchone()[
            0
        ]
    assert failed == []
    assert counts["postings"] > 10 and counts["jobs"] > 0 and counts["blog_posts"] > 5
    blogs = {s["name"] for s in web.sources() if s["kind"] == "blog-feed"}
    new = {name: c.new for name, c in report.per_source.items()}
    assert sum(n for name, n in new.items() if name not in blogs) == counts["postings"]
    assert sum(n for name, n in new.items() if name in blogs) == counts["blog_posts"]
    assert {"greenhouse", "lever", "jsonld"} <= kinds
    assert hr_only == 0, "hr_only sources landed non-HR postings"

    # A second crawl of the unchanged web adds nothing and changes nothing.
    second = crawl(config, landing, "b2", state)
    with db.session(db_path) as con:
        load_batch(con, second)
        assert table_counts(con) == counts
        statuses = dict(
            con.execute(
                "SELECT source_name, status FROM source_runs WHERE batch_id = 'b2'"
            ).fetchall()
        )
    assert "failed" not in statuses.values()
    assert "not_modified" in statuses.values()


@pytest.mark.skipif(os.environ.get("EOLIST_SKIP_DEMO") == "1", reason="demo test disabled")
def test_demo_command(tmp_path):
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect"))
    env.pop("PREFECT_API_URL", None)
    cmd = [
        sys.executable,
        "-m",
        "cli",
        "--db",
        str(tmp_path / "data" / "eolist.duckdb"),
        "demo",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "digest" in proc.stdout and "database" in proc.stdout
    digest = tmp_path / "data" / "digest-demo.md"
    assert digest.exists() and "## " in digest.read_text()
    with db.session(tmp_path / "data" / "eolist.duckdb", read_only=True) as con:
        counts = table_counts(con)
    assert counts["postings"] > 0 and counts["jobs"] > 0 and counts["blog_posts"] > 0
    # no temporary Prefect server was started: it would have left its database in the home
    assert not any((tmp_path / "prefect").rglob("*")), list((tmp_path / "prefect").rglob("*"))
