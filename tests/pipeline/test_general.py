"""General applications are flagged, kept in the warehouse, and kept out of her queue and list
(issue 17, item 5). Titles are generated; the patterns are the ones employers use."""

from __future__ import annotations

from pathlib import Path

import pytest

from curation import compose, queue
from curation import rules as rules_mod
from pipeline.build import build_posting
from pipeline.general import is_general_application
from pipeline.records import RawPosting
from tests.conftest import NOW
from tests.curation.helpers import load
from warehouse import db

GENERAL = [
    "Open Application",
    "General Application - Toronto Office",
    "General Interest: People & Culture",
    "Join our Talent Community",
    "Expression of Interest – HR Roles",
    "Registered Nurse (Talent Pool)",
    "Candidature spontanée",
    "Candidatures spontanées - Montréal",
    "Don't see the right role? Apply here",
]
JOBS = [
    "HR Business Partner",
    "Talent Acquisition Specialist",  # talent, but a job
    "Community Programs Coordinator",
    "Conseillère en ressources humaines",
    "Open Space Facilities Manager",
    "Generalist, People Operations",
]


@pytest.mark.parametrize("title", GENERAL)
def test_general_application_titles_are_recognised(title: str) -> None:
    assert is_general_application(title)


@pytest.mark.parametrize("title", JOBS)
def test_job_titles_are_not(title: str) -> None:
    assert not is_general_application(title)


def test_an_ats_flag_decides_over_the_title() -> None:
    assert is_general_application("Warehouse Associate", flagged=True)
    assert not is_general_application("Open Application", flagged=False)


def _raw(key: str, title: str) -> RawPosting:
    return RawPosting(source_name="acme", source_kind="greenhouse", external_id=key,
                      url=f"https://example.test/jobs/{key}", title=title, company="Acme Ltd.",
                      locations=("Toronto, ON",), description_html=f"<p>{title}.</p>")  # fmt: skip


def test_kept_in_the_warehouse_flagged_and_out_of_the_queue_and_list(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    postings = [build_posting(_raw("1", "HR Business Partner"), NOW),
                build_posting(_raw("2", "Open Application"), NOW),
                build_posting(_raw("3", "Candidature spontanée"), NOW)]  # fmt: skip
    load(path, tmp_path, "b1", postings)
    with db.session(path) as con:
        stored = dict(con.execute("SELECT title, general_application FROM postings").fetchall())
        assert stored == {"HR Business Partner": False, "Open Application": True,
                          "Candidature spontanée": True}  # fmt: skip
        rules = rules_mod.load(con)
        queued = queue.review_queue(con, queue.Filters(), rules, NOW)
        assert [j.title for j in queued.jobs] == ["HR Business Partner"]
        draft = compose.compose(con, compose.week_of(NOW), NOW, draft=10)
        assert [j.title for j in draft.jobs] == ["HR Business Partner"]
