"""``eolist dedupe``: re-cluster the warehouse's jobs, and measure dedup quality.

Thin commands over ``warehouse.jobs_rebuild`` and ``ops.dedup_quality`` (policy in
``pipeline.dedupe``).
"""

from __future__ import annotations

import click

from cli.common import current, friendly


@click.group()
def dedupe() -> None:
    """Cross-source dedup: which postings are one real job.

    \b
    Example:
      eolist dedupe rebuild
      eolist dedupe quality --seed 7
    """


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

    with db.session(current().db, bulk=True) as con:  # rewrites every job: a bulk write
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
    from ops.dedup_quality import format_scores, measure

    for s in seed or (7,):
        result = measure(s, scale, split)
        click.echo(format_scores(result))
        if explain:
            for kind, groups in result["errors"].items():
                for g in groups:
                    click.echo(f"  {kind}: " + " | ".join(g))
