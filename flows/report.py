"""Printing run reports for people: the crawl and load summary lives in ``flows.summary``,
the source list in ``flows.sourcelist``; these two names stay for their callers."""

from __future__ import annotations

from typing import Any

from flows import summary


def failed(result: dict[str, Any]) -> bool:
    """Whether the run exits 1 (``flows.summary.failed``)."""
    return summary.failed(result)


def print_run(result: dict[str, Any], show_all: bool = False) -> None:
    """The run's summary, 80 columns wide off a terminal (``flows.summary``)."""
    summary.print_run(result, show_all)
