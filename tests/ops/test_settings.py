"""One Settings, resolved once: option > handed-over file > environment > [crawl] > default,
each setting in the one table of docs/operations.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ops.settings import SETTINGS, SETTINGS_FILE_ENV, resolve, write_file

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_a_row_of_the_one_table():
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    table = text[text.index("## Settings") :]
    for s in SETTINGS:
        row = re.search(rf"^\|[^\n]*`{s.env}`[^\n]*$", table, re.M)
        assert row, f"docs/operations.md: no row for {s.env}"
        if s.crawl_key:
            assert f"| `{s.crawl_key}` |" in row.group(0), f"{s.env}: [crawl] key not in its row"


@pytest.fixture
def clean_env(monkeypatch):
    for s in SETTINGS:
        monkeypatch.delenv(s.env, raising=False)
    monkeypatch.delenv(SETTINGS_FILE_ENV, raising=False)
    return monkeypatch


def test_resolution_order(tmp_path, clean_env):
    config = tmp_path / "sources.toml"
    config.write_text('[crawl]\nbatch_size = 5\nconcurrency = 3\ncontact = "https://a.test/"\n')
    s = resolve(db=tmp_path / "e.duckdb", config=config)
    assert (s.batch_size, s.concurrency, s.worker_batches) == (5, 3, 50)  # [crawl], default
    assert s.landing == tmp_path / "landing" and s.contact == "https://a.test/"
    clean_env.setenv("EOLIST_BATCH_SIZE", "7")
    assert resolve(db=tmp_path / "e.duckdb", config=config).batch_size == 7  # env over [crawl]
    handed = write_file(resolve(config=config, db=tmp_path / "x.duckdb", batch_size=9),
                        tmp_path / "handed.json")  # fmt: skip
    clean_env.setenv(SETTINGS_FILE_ENV, str(handed))
    s = resolve()
    assert s.batch_size == 9 and s.db == tmp_path / "x.duckdb"  # the file over env
    assert json.loads(handed.read_text())["config"] == str(config)
    assert resolve(batch_size=2).batch_size == 2  # an explicit option over everything


def test_a_bad_number_is_one_line(tmp_path, clean_env):
    from pipeline.sources import ConfigError

    clean_env.setenv("EOLIST_CONCURRENCY", "two")
    with pytest.raises(ConfigError, match="EOLIST_CONCURRENCY: 'two' is not a number"):
        resolve(db=tmp_path / "e.duckdb", config=tmp_path / "none.toml")


def test_nothing_reads_concurrency_at_import():
    import ast

    for path in (ROOT / "flows").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module level, decorators included
            assert "EOLIST_CONCURRENCY" not in ast.unparse(node), f"{path}: read at import"
