"""The closing policy as pure decisions (the warehouse applies them: tests/warehouse/test_lifecycle.py)."""

from __future__ import annotations

import pytest

from pipeline import lifecycle


@pytest.mark.parametrize(
    ("kind", "misses"),
    [
        ("greenhouse", 1),
        ("lever", 1),
        ("ashby", 1),
        ("workday", 1),
        ("job-feed", 1),
        ("jsonld", 2),
        ("html", 2),
    ],
)
def test_misses_to_close_by_kind(kind, misses):
    assert lifecycle.misses_to_close(kind) == misses


@pytest.mark.parametrize(
    ("status", "closes"),
    [(404, True), (410, True), (500, False), (502, False), (503, False), (401, False),
     (403, False), (429, False), (200, False), (301, False)],
)  # fmt: skip
def test_only_404_and_410_prove_a_page_gone(status, closes):
    assert lifecycle.closes_on_status(status) is closes


@pytest.mark.parametrize(
    ("status", "complete", "can"),
    [("ok", True, True), ("ok", False, False), ("failed", False, False),
     ("failed", True, False), ("not_modified", True, False), ("skipped", False, False)],
)  # fmt: skip
def test_only_a_complete_ok_crawl_can_close(status, complete, can):
    assert lifecycle.crawl_can_close(status, complete) is can


def test_empty_board_thresholds_are_ordered():
    assert lifecycle.EMPTY_SUSPECT_AFTER == 3 and lifecycle.EMPTY_CLOSE_AFTER == 6


@pytest.mark.parametrize(
    ("status", "complete", "kind", "can"),
    [("empty", True, "greenhouse", True), ("empty", True, "job-feed", True),
     ("empty", True, "jsonld", False), ("empty", True, "html", False),
     ("empty", False, "greenhouse", False), ("suspect", True, "greenhouse", False)],
)  # fmt: skip
def test_only_an_api_or_feed_empty_listing_may_count_towards_closing(status, complete, kind, can):
    assert lifecycle.crawl_can_close(status, complete, kind) is can


@pytest.mark.parametrize(
    ("status", "complete", "count", "recent", "verdict"),
    [("ok", True, 0, [], "empty"), ("ok", True, 4, [10, 10, 10], "suspect"),
     ("ok", True, 5, [10, 10, 10], "ok"), ("ok", True, 4, [], "ok"),
     ("ok", True, 4, [4, 4, 10, 10, 10], "suspect"), ("ok", True, 4, [4, 4, 4, 10, 10], "ok"),
     ("ok", False, 0, [10], "ok"), ("failed", False, 0, [10], "failed")],
)  # fmt: skip
def test_judge_against_recent_history(status, complete, count, recent, verdict):
    got, why = lifecycle.judge(status, complete, count, recent)
    assert got == verdict
    assert (why is None) == (verdict == status)
