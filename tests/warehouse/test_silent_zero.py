"""Silent zeros are loud (issue 16, item 5): empty and suspect listings, on a real DuckDB file.

A listing that yields nothing is ``empty`` and one whose count fell under half of its recent
history is ``suspect``: each shows in ``source_runs``, ``source_health`` and the run report,
makes the run exit 1 and closes nothing -- except an API or feed answering an empty list
``EMPTY_CLOSE_AFTER`` crawls in a row, which may close its postings, each of those crawls
still ``empty``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from itertools import count

import pytest

from ops.report import RunReport
from pipeline import lifecycle
from tests.conftest import NOW, make_posting, outcome, write_batch
from warehouse import db, reports
from warehouse.load import load_batch

_ids = count()


@pytest.fixture
def history(tmp_path, db_path):
    """``load(records, hours=…)`` loads one batch at NOW + hours; returns the open keys."""
    con = db.connect(db_path)

    def load(records, hours: float = 0):
        at = NOW + timedelta(hours=hours)
        recs = [replace(r, fetched_at=at) if hasattr(r, "fetched_at") else r for r in records]
        batch = write_batch(tmp_path / "landing", f"b{next(_ids):03d}", recs)
        load_batch(con, batch, now=at)
        load.last = batch.stem  # type: ignore[attr-defined]
        rows = con.execute("SELECT posting_key FROM postings WHERE closed_at IS NULL").fetchall()
        return {r[0] for r in rows}

    load.con = con  # type: ignore[attr-defined]
    yield load
    con.close()


def board(kind: str, n: int):
    return [make_posting(str(k), source_kind=kind) for k in range(1, n + 1)]


def keys(n: int) -> set[str]:
    return {f"acme:{k}" for k in range(1, n + 1)}


def last_run(history) -> tuple:
    return history.con.execute(
        "SELECT status, diagnosis FROM source_runs WHERE batch_id = ?", [history.last]
    ).fetchone()


def health(history) -> tuple:
    return history.con.execute(
        "SELECT health, last_status, last_diagnosis FROM source_health"
    ).fetchone()


@pytest.mark.parametrize("kind", ["jsonld", "html"])
@pytest.mark.parametrize("landed_as", ["empty", "ok"])  # "ok": a crawler before this check
def test_an_empty_page_based_board_never_closes(history, kind, landed_as):
    history([*board(kind, 2), outcome(kind=kind, fetched=2)])
    for i in range(1, lifecycle.EMPTY_CLOSE_AFTER + 3):
        left = history([outcome(kind=kind, status=landed_as, fetched=0)], 6 * i)
        assert left == keys(2), f"crawl {i} closed postings of an empty {kind} board"
        assert last_run(history)[0] == "empty"
    assert health(history)[:2] == ("empty", "empty")


@pytest.mark.parametrize("landed_as", ["empty", "ok"])
def test_an_empty_api_listing_is_empty_every_time_and_closes_after_six(history, landed_as):
    history([*board("greenhouse", 2), outcome(fetched=2)])
    statuses = []
    for i in range(1, lifecycle.EMPTY_CLOSE_AFTER + 1):
        left = history([outcome(status=landed_as, fetched=0)], 6 * i)
        statuses.append(last_run(history)[0])
        assert left == (set() if i == lifecycle.EMPTY_CLOSE_AFTER else keys(2)), i
    assert statuses == ["empty"] * lifecycle.EMPTY_CLOSE_AFTER


def test_a_drop_by_more_than_half_is_suspect_and_closes_nothing(history):
    for i in range(3):
        history([*board("greenhouse", 10), outcome(fetched=10)], 6 * i)
    left = history([*board("greenhouse", 4), outcome(fetched=4)], 18)
    assert left == keys(10)
    status, diagnosis = last_run(history)
    assert status == "suspect"
    assert diagnosis == (
        "4 postings where the last 3 complete crawls found a median of 10: more than half are"
        " missing, so nothing closes"
    )
    assert health(history) == ("suspect", "suspect", diagnosis)


def test_a_drop_of_half_or_less_is_ok_and_closes(history):
    history([*board("greenhouse", 10), outcome(fetched=10)])
    assert history([*board("greenhouse", 5), outcome(fetched=5)], 6) == keys(5)
    assert last_run(history) == ("ok", None)


def test_a_lasting_drop_is_believed_once_it_is_most_of_the_history(history):
    for i in range(5):
        history([*board("greenhouse", 10), outcome(fetched=10)], 6 * i)
    statuses = []
    for i in range(5, 9):
        left = history([*board("greenhouse", 4), outcome(fetched=4)], 6 * i)
        statuses.append(last_run(history)[0])
    assert statuses == ["suspect", "suspect", "suspect", "ok"]
    assert left == keys(4)


def test_detail_pages_gone_count_in_the_listing(history):
    # 3 of 4 detail pages answered 404: positive evidence, not a suspicious drop
    history([*board("jsonld", 4), outcome(kind="jsonld", fetched=4)])
    gone = tuple(f"https://example.test/acme/{k}" for k in (2, 3, 4))
    left = history([*board("jsonld", 1), outcome(kind="jsonld", fetched=1, gone_keys=gone)], 6)
    assert left == keys(1) and last_run(history)[0] == "ok"


def test_the_run_report_puts_them_first_and_the_run_exits_1(history):
    history([*board("greenhouse", 10), outcome(fetched=10)])
    other = make_posting("9", source="other")
    history([*board("greenhouse", 2), outcome(fetched=2), other, outcome("other", fetched=1)], 6)
    rows = reports.run_report(history.con, [history.last])
    assert [(r["source_name"], r["status"]) for r in rows] == [("acme", "suspect"), ("other", "ok")]
    assert rows[0]["diagnosis"].startswith("2 postings where")
    assert RunReport(sources=rows).failed
    assert not RunReport(sources=rows[1:]).failed


def test_a_partial_crawl_is_listed_among_failing_sources_and_the_run_exits_1(history):
    """Issue 17 item 4: ``max_pages`` stopped the listing; the run says so, never plain ok."""
    from ops import summary

    why = "incomplete, closes nothing; stopped at max_pages=3 of at least 8 pages (https://x/p3)"
    other = make_posting("9", source="other")
    history([*board("jsonld", 3), outcome(kind="jsonld", fetched=3, complete=False,
                                          diagnosis=why), other, outcome("other", fetched=1)])  # fmt: skip
    rows = reports.run_report(history.con, [history.last])
    assert [(r["source_name"], r["complete"]) for r in rows] == [("acme", False), ("other", True)]
    assert RunReport(sources=rows).failed
    assert not RunReport(sources=rows[1:]).failed
    assert "found nothing, too little or part: acme (partial)" in summary.headline(
        RunReport(sources=rows)
    )
    assert "0 failed, 1 empty, suspect or partial" in summary.run_markdown(
        "crawl", RunReport(sources=rows)
    )
    row = history.con.execute("SELECT health FROM source_health WHERE source_name = 'acme'")
    assert row.fetchone() == ("partial",)


def test_sources_list_shows_an_empty_board_and_why(history, tmp_path, db_path):
    from click.testing import CliRunner

    from cli.main import cli

    history([*board("jsonld", 2), outcome(kind="jsonld", fetched=2)])
    diagnosis = "no posting found: 3 pages fetched, 2 links followed, 0 JobPosting blocks found"
    history([outcome(kind="jsonld", status="empty", fetched=0, diagnosis=diagnosis)], 6)
    history.con.close()
    config = tmp_path / "sources.toml"
    config.write_text(
        '[[source]]\nname = "acme"\nkind = "jsonld"\nurl = "https://example.test/acme"\n'
    )
    result = CliRunner().invoke(
        cli, ["--db", str(db_path), "--config", str(config), "sources", "list"]
    )
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "acme" in line)
    assert row.split()[3] == "empty", result.output  # name, kind, tier, health
    cells = " ".join(w for w in result.output.split() if w != "│")  # the cell may wrap
    assert diagnosis in cells, result.output
