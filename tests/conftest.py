"""Shared fixtures: real DuckDB files in temp folders, landing batches written as crawls do."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pipeline.records import Posting, SourceOutcome, to_json

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def pytest_configure(config: pytest.Config) -> None:
    # One "now" for the sample web in this test process and every server or crawl it starts
    # (sampleweb.text.web_now), so a session that crosses midnight sees one web.
    if "EOLIST_SAMPLEWEB_NOW" not in os.environ:
        today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        os.environ["EOLIST_SAMPLEWEB_NOW"] = today.isoformat()


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


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "eolist.duckdb"
