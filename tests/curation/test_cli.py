"""``eolist digest`` and ``eolist ui`` as she runs them: files written, one-line errors, exit 2."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from cli.main import cli
from curation import decisions
from tests.conftest import NOW
from tests.curation.helpers import template
from warehouse import db


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return template(tmp_path_factory.mktemp("cli"))


@pytest.fixture
def wh(base, tmp_path):
    path = tmp_path / "w.duckdb"
    shutil.copy(base, path)
    return path


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["digest", "--week", "48"], "week must look like 2026-W48"),
        (["digest", "--format", "html,pdf"], "unknown format(s) pdf"),
        (["digest", "--week", "2026-W48", "--publish"], "nothing to publish for 2026-W48"),
    ],
)
def test_bad_requests_are_one_line_with_exit_2(wh, args, message):
    code, out = run("--db", str(wh), *args)
    assert code == 2 and message in out and "Traceback" not in out
    assert len(out.strip().splitlines()) == 1


def test_no_warehouse(tmp_path):
    code, out = run("--db", str(tmp_path / "none.duckdb"), "digest")
    assert code == 2 and "no warehouse at" in out


def test_preview_then_publish_then_reexport(wh, tmp_path):
    out = tmp_path / "out"
    with db.session(wh) as con:
        for (job_id,) in con.execute("SELECT job_id FROM jobs ORDER BY job_id LIMIT 2").fetchall():
            decisions.decide(con, job_id, "approve", NOW)
    code, text = run("--db", str(wh), "digest", "--week", "2026-W48", "--format", "md,json",
                     "--out", str(out))  # fmt: skip
    assert code == 0 and "preview of 2026-W48" in text
    assert sorted(p.name for p in out.iterdir()) == ["preview-2026-W48.json", "preview-2026-W48.md"]
    code, text = run(
        "--db", str(wh), "digest", "--week", "2026-W48", "--publish", "--out", str(out)
    )
    assert code == 2 and "set the public address first" in text, "asked before the first publish"
    code, text = run("--db", str(wh), "digest", "--week", "2026-W48", "--publish", "--out",
                     str(out), "--public-url", "https://lists.example.org/hr/")  # fmt: skip
    assert code == 0 and "published 2026-W48: 2 jobs" in text
    for name in (
        "2026-W48.html",
        "2026-W48.md",
        "2026-W48.txt",
        "2026-W48.csv",
        "feed.rss",
        "feed.atom",
    ):
        assert (out / name).exists(), name
    data = json.loads((out / "2026-W48.json").read_text())
    assert data["digest_id"] == "2026-W48" and len(data["jobs"]) == 2
    (out / "2026-W48.md").unlink()
    code, text = run(
        "--db", str(wh), "digest", "--week", "2026-W48", "--format", "md", "--out", str(out)
    )
    assert code == 0 and "2026-W48 as published" in text and (out / "2026-W48.md").exists()


def test_ui_refuses_a_public_address_without_a_password(wh, monkeypatch):
    monkeypatch.delenv("EOLIST_UI_PASSWORD", raising=False)
    code, out = run("--db", str(wh), "ui", "--host", "0.0.0.0")
    assert code == 2 and "EOLIST_UI_PASSWORD" in out


def test_help_has_examples():
    for command in ("ui", "digest"):
        code, out = run(command, "--help")
        assert code == 0 and "Example:" in out
