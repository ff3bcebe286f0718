"""``eolist dedupe``: re-cluster the warehouse's jobs, and measure dedup quality.

Thin commands over ``warehouse.jobs_rebuild`` and ``bench.dedup_quality`` (policy in
``pipeline.dedupe``).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

CHECKOUT = Path(__file__).resolve().parents[1]


def friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``flows.cli.friendly``, looked up at call time (``flows.cli`` imports this module)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from flows.cli import friendly as wrap

        return wrap(fn)(*args, **kwargs)

    return wrapper


def _settings() -> Any:
    from flows.cli import _settings as settings

    return settings()


def _quality_tool() -> tuple[Any, Any]:
    """``bench.dedup_quality`` lives in the source checkout, beside this package."""
    from flows.cli import UsageProblem

    if not (CHECKOUT / "bench" / "dedup_quality.py").exists():
        raise UsageProblem(
            f"eolist dedupe quality needs the source checkout's bench/ (not found in {CHECKOUT})"
        )
    if str(CHECKOUT) not in sys.path:
        sys.path.insert(0, str(CHECKOUT))
    from bench.dedup_quality import format_scores, measure

    return format_scores, measure


@click.group()
def dedupe() -> None:
    """Cross-source dedup: which postings are one real job."""


@dedupe.command()
@friendly
def rebuild() -> None:
    """Re-cluster every posting with the current rules, keeping job ids where possible.

    Loads match new postings incrementally; run this after changing the dedup rules or on a
    warehouse loaded before dedup existed. Curation decisions follow merged jobs.

    \b
    Example:
      eolist --db data/eolist.duckdb dedupe rebuild
    """
    from warehouse import db
    from warehouse.jobs_rebuild import rebuild_jobs

    with db.session(_settings().db) as con:
        report = rebuild_jobs(con)
        jobs = con.execute("SELECT count(*) FROM jobs").fetchall()[0][0]
    click.echo(
        f"{jobs} jobs; {len(report.merged)} job ids absorbed into others, "
        f"{report.new_jobs} new job ids"
    )


@dedupe.command()
@click.option("--seed", type=int, multiple=True, help="Sample web seed (repeatable; default 7).")
@click.option("--scale", type=int, default=3, show_default=True, help="Sample web size.")
@click.option("--split", is_flag=True, help="Load ATS sources first and boards later.")
@click.option("--explain", is_flag=True, help="List wrong merges and splits.")
@friendly
def quality(seed: tuple[int, ...], scale: int, split: bool, explain: bool) -> None:
    """Pairwise precision/recall/F1 of the jobs clustering on a generated sample web.

    Serves the sample web on 127.0.0.1, crawls and loads it into a temporary warehouse and
    compares the jobs with the sample web's truth.

    \b
    Example:
      eolist dedupe quality --seed 7 --seed 8 --scale 5 --split
    """
    format_scores, measure = _quality_tool()
    for s in seed or (7,):
        result = measure(s, scale, split)
        click.echo(format_scores(result))
        if explain:
            for kind, groups in result["errors"].items():
                for g in groups:
                    click.echo(f"  {kind}: " + " | ".join(g))
