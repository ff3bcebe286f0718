"""Shared fixtures: real DuckDB files in temp folders, landing batches written as crawls do."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pipeline.records import Posting, SourceOutcome, to_json

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[1]
PREFECT_OFF = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "false"}


def pytest_configure(config: pytest.Config) -> None:
    # One "now" for the sample web in this test process and every server or crawl it starts
    # (sampleweb.text.web_now), so a session that crosses midnight sees one web.
    # The gazetteer leaves an index in the user's cache folder when it had to build one
    # (``pipeline.normalize.gazetteer.cache_index``): tests, and every process they start,
    # use a cache folder of their own, never the user's.
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="eolist-test-cache-")
    if "EOLIST_SAMPLEWEB_NOW" not in os.environ:
        today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        os.environ["EOLIST_SAMPLEWEB_NOW"] = today.isoformat()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # `make test` and `make test-fast` run two pytest-xdist workers (`-n 2 --dist loadgroup`):
    # the tests that use the Prefect server (the fixture, directly or through another) go to
    # one of them, so the session still starts one server, not one per worker; the browser
    # tests likewise share one Chromium.
    for item in items:
        if "prefect_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("prefect"))
        elif item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))


def make_posting(key: str, source: str = "acme", **fields: Any) -> Posting:
    base = Posting(
        source_name=source,
        source_kind=fields.pop("source_kind", "greenhouse"),
        posting_key=f"{source}:{key}",
        external_id=key,
        url=f"https://example.test/{source}/{key}",
        title=f"HR Business Partner {key}",
        title_normalized=f"hr business partner {key}",
        company="Acme Ltd.",
        company_normalized="acme",
        location_city="Toronto",
        location_region="Ontario",
        location_country="CA",
        locations=("Toronto, ON",),
        workplace="hybrid",
        employment_type="FULL_TIME",
        salary_min=80000.0,
        salary_max=95000.0,
        salary_currency="CAD",
        salary_period="YEAR",
        salary_annual_min=80000.0,
        salary_annual_max=95000.0,
        salary_origin="structured",
        posted_at=NOW,
        valid_through=None,
        apply_url=None,
        description_html="<p>Partner with leaders.</p>",
        description_text="Partner with leaders.",
        department="People",
        hr_category="hr_business_partner",
        seniority="intermediate",
        fingerprint=f"v1:{key}",
        fetched_at=NOW,
    )
    return replace(base, **fields)


def stored(con: Any, columns: str, key: str = "acme:1") -> tuple:
    """``columns`` (SQL select expressions) of the stored posting ``key``; it must exist."""
    row = con.execute(f"SELECT {columns} FROM postings WHERE posting_key = ?", [key]).fetchone()
    assert row is not None, f"no stored posting {key}"
    return tuple(row)


def outcome(source: str = "acme", kind: str = "greenhouse", **fields: Any) -> SourceOutcome:
    values: dict[str, Any] = {
        "source_name": source,
        "source_kind": kind,
        "source_url": f"https://example.test/{source}",
        "status": "ok",
        "complete": True,
        "pages": 1,
        "started_at": NOW,
        "finished_at": NOW,
    }
    values.update(fields)
    return SourceOutcome(**values)


def write_batch(folder: Path, batch_id: str, records: Iterable[Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{batch_id}.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(to_json(r)) + "\n")
        fh.write(
            json.dumps(
                {
                    "record": "Batch",
                    "batch_id": batch_id,
                    "run_id": "r1",
                    "batch_started_at": NOW.isoformat(),
                    "batch_finished_at": NOW.isoformat(),
                }
            )
            + "\n"
        )
    return path


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    """The sample web (seed 7) serving on 127.0.0.1 for one test module, and a sources file
    naming every source it has."""
    from sampleweb import SampleWeb

    with SampleWeb(seed=7, scale=1) as sample:
        config = tmp_path_factory.mktemp("web") / "sources.toml"
        config.write_text(sample.sources_toml(), encoding="utf-8")
        yield sample, config


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse file with every migration applied, made once per test session."""
    from warehouse.db import session

    path = tmp_path_factory.mktemp("template") / "eolist.duckdb"
    with session(path):
        pass
    return path


@pytest.fixture
def db_path(tmp_path: Path, migrated_template: Path) -> Path:
    """A fresh, fully migrated warehouse file of this test's own: a copy of the template
    (~0.03 s) instead of running every migration again (~0.4 s, ~1.5 s under load)."""
    path = tmp_path / "eolist.duckdb"
    shutil.copyfile(migrated_template, path)
    return path


# One Prefect server for the whole session, shared by every test that needs one: starting
# one costs 10-20 s (more under load), and the suite used to start three.
@dataclass
class Server:
    api_url: str
    home: Path

    def env(self, **extra: str) -> dict[str, str]:
        """Environment for a Prefect CLI, worker or flow process talking to this server."""
        env = dict(os.environ, PREFECT_API_URL=self.api_url, PREFECT_HOME=str(self.home))
        env.update(PREFECT_OFF)
        env.update(extra)
        return env

    def cli(self, *args: str, timeout: float = 180) -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "prefect", "--no-prompt", *args],
            cwd=ROOT, env=self.env(), capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
        assert proc.returncode == 0, f"prefect {' '.join(args)}:\n{proc.stdout}\n{proc.stderr}"
        return proc.stdout


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real ``prefect server start`` on a free 127.0.0.1 port with its own PREFECT_HOME in a
    temp dir (analytics and UI off): the same ``LocalServer`` that ``eolist serve`` uses."""
    from flows.serve import LocalServer

    home = tmp_path_factory.mktemp("prefect-home")
    # No scheduler: prefect.yaml's crons (feeds at :30) must not start runs mid-test.
    off = {"PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false"}
    with LocalServer(home, port=0, ui=False, env=off) as server:
        yield Server(server.api_url, home)


@pytest.fixture(scope="session")
def harness(prefect_server: Server) -> Iterator[None]:
    """Flows run in this process against the session's server (what ``prefect_test_harness``
    did with a temporary server of its own)."""
    from prefect.settings import PREFECT_API_URL, PREFECT_HOME, temporary_settings

    with temporary_settings({PREFECT_API_URL: prefect_server.api_url,
                             PREFECT_HOME: prefect_server.home}):  # fmt: skip
        yield
