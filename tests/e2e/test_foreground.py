"""``eolist crawl``, ``load`` and ``maintenance`` with no Prefect server configured: their
flows' steps run in the command's own process (``ops.crawl.crawl``, ``ops.crawl.load``,
``ops.maintenance.run``) instead of
through a temporary Prefect server that would cost ~10-20 s and keep nothing. The display,
the summary and the exit codes are the flow's; the Prefect home stays empty (positive
evidence that no temporary server started). The flow path, with a server, is
tests/flows/test_console.py's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sampleweb import SampleWeb
from warehouse import db

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


def _eolist(tmp: Path, *args: str, **extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PREFECT_HOME=str(tmp / "prefect"), EOLIST_LANDING=str(tmp / "landing"))
    env.pop("PREFECT_API_URL", None)
    env.pop("EOLIST_PREFECT", None)
    env.update(extra)
    cmd = [sys.executable, "-m", "cli", "--db", str(tmp / "w.duckdb"),
           "--config", str(tmp / "sources.toml"), *args]  # fmt: skip
    return subprocess.run(cmd, cwd=tmp, env=env, capture_output=True, text=True, timeout=300)


def test_crawl_and_load_in_the_foreground(tmp_path: Path):
    with SampleWeb(seed=3, scale=1) as web:
        (tmp_path / "sources.toml").write_text(web.sources_toml())
        names = [s["name"] for s in web.sources()]
        first = _eolist(tmp_path, "crawl", "--concurrency", "2")
        assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-2000:]
        assert f"{len(names)} sources tried: {len(names)} ok" in first.stdout
        # the progress display on stderr, one line per batch, the last one counting them all
        assert f"sources {len(names)}/{len(names)}: {len(names)} ok, 0 failed" in first.stderr
        with db.session(tmp_path / "w.duckdb", read_only=True) as con:
            tried = {
                r[0] for r in con.execute("SELECT DISTINCT source_name FROM source_runs").fetchall()
            }
            postings = con.execute("SELECT count(*) FROM postings").fetchone()[0]
        assert tried == set(names) and postings > 0
        again = _eolist(tmp_path, "load")
        assert again.returncode == 0, again.stderr[-2000:]
        assert "loaded 0 landing batches" in again.stdout
        kept = _eolist(tmp_path, "maintenance", "--snapshots", str(tmp_path / "snaps"))
        assert kept.returncode == 0, kept.stderr[-2000:]
        snaps = list((tmp_path / "snaps").iterdir())
        assert len(snaps) == 1 and (snaps[0] / "postings.parquet").is_file()
        assert f"snapshot: {snaps[0]}" in kept.stdout
        assert "kept 0 not yet loaded" in kept.stdout  # every batch of the crawl was loaded
        (tmp_path / "a-file").write_text("not a folder")
        broken = _eolist(tmp_path, "maintenance", "--snapshots", str(tmp_path / "a-file"))
        assert broken.returncode == 1
        assert broken.stderr.startswith("eolist maintenance: snapshot: "), broken.stderr
    assert not any((tmp_path / "prefect").rglob("*"))  # Prefect wrote nothing in its home
    assert "Traceback" not in first.stderr + again.stderr + kept.stderr + broken.stderr


def test_a_wrong_eolist_prefect_is_one_line(tmp_path: Path):
    (tmp_path / "sources.toml").write_text("")
    proc = _eolist(tmp_path, "load", EOLIST_PREFECT="sometimes")
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "Error: EOLIST_PREFECT='sometimes': use one of auto, always, never"
    ), proc.stderr
