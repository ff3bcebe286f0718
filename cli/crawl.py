"""``eolist crawl``, ``eolist load`` and ``eolist demo``: one run of the crawl, its load, and the
whole product on the bundled sample web (thin: the work is in ``flows.crawl`` and ``ops``).
"""

from __future__ import annotations

import sys
import time
from typing import Any

import click

from cli.common import current, friendly, through_prefect


@click.command()
@click.option("--source", "sources", multiple=True, help="Only this source (repeatable).")
@click.option("--kind", "kinds", multiple=True, help="Only sources of this kind (repeatable).")
@click.option("--tier", default=None, help="Only sources of this tier.")
@click.option("--force", is_flag=True, help="Also try sources that are waiting out a backoff.")
@click.option("--concurrency", type=int, default=None, help="Parallel crawl batches.")
@click.option("--all", "show_all", is_flag=True, help="List every source in the summary.")
@friendly
def crawl(
    sources: tuple[str, ...],
    kinds: tuple[str, ...],
    tier: str | None,
    force: bool,
    concurrency: int | None,
    show_all: bool,
) -> None:
    """Crawl the configured sources once and load what they hold.

    Names, kinds and the tier are checked against the sources file first: a typo is one line
    and exit 2, never an empty run.

    Runs as the Prefect flow "crawl" when a Prefect server is configured (PREFECT_API_URL),
    else in this process (EOLIST_PREFECT=always|never decides instead).

    \b
    Example:
      eolist crawl --kind blog-feed
      eolist crawl --source acme --force
    """
    settings = current()
    prefect = through_prefect(settings)
    from ops.crawl import Selection, select
    from ops.settings import check_landing, load_sources

    selection = Selection(sources, kinds, tier, None, force)
    select(load_sources(settings.config), selection, str(settings.config))  # before Prefect
    check_landing(settings)
    from cli import progress

    progress.enable(sys.stderr)
    if not prefect:  # the flow's steps, without a temporary Prefect server (ops.env)
        from dataclasses import replace

        from ops.crawl import crawl as crawl_here

        here = replace(settings, concurrency=concurrency or settings.concurrency)
        finish(crawl_here(here, selection), show_all)
    from flows.crawl import crawl_flow

    state = crawl_flow(
        config=str(settings.config), db=str(settings.db), landing=str(settings.landing),
        sources=list(sources) or None, kinds=list(kinds) or None, tier=tier, force=force,
        concurrency=concurrency or settings.concurrency, return_state=True,
    )  # fmt: skip
    finish(state.result(raise_on_failure=False), show_all)


def finish(result: Any, show_all: bool = False) -> None:
    """Print a run's summary and exit 1 when something failed; a run that could not report
    (an exception instead of a report) is one line, exit 1."""
    from cli import report

    if isinstance(result, BaseException):
        raise click.ClickException(f"the run did not finish: {result}") from result
    report.print_run(result, show_all)
    if result.every_source_failed:
        click.echo(f"eolist: every source failed ({len(result.sources)} tried)", err=True)
    sys.exit(1 if result.failed else 0)


@click.command()
@friendly
def load() -> None:
    """Load landing batches that are not loaded yet (e.g. left by a crashed run).

    A batch that cannot be loaded is set aside in <landing>/quarantine/ (exit 1); the others
    still load.

    Runs as the Prefect flow "load" when a Prefect server is configured, else in this process.

    \b
    Example:
      eolist --db data/eolist.duckdb load
    """
    settings = current()
    if not through_prefect(settings):
        from ops.crawl import load as load_here

        finish(load_here(settings))
    from flows.crawl import load_flow

    finish(load_flow(db=str(settings.db), landing=str(settings.landing)))


@click.command()
@click.option("--seed", default=7, show_default=True, help="Seed of the generated sample web.")
@click.option("--scale", default=1, show_default=True, help="Size of the sample web.")
@friendly
def demo(seed: int, scale: int) -> None:
    """Serve the bundled sample web on 127.0.0.1, crawl it into a fresh database, write a digest.

    Uses no network beyond 127.0.0.1.

    \b
    Example:
      eolist demo
    """
    settings = current()
    prefect = through_prefect(settings)
    from cli import report
    from ops import demo as demo_ops

    started = time.monotonic()
    with demo_ops.sample_web(settings, seed, scale) as (address, config, count):
        report.console.print(f"sample web serving at {address} ({count} sources)")
        result: Any = _demo_run(settings, config, prefect)
    report.print_run(result)
    digest = demo_ops.write_digest(settings)
    for what, where in (("database", settings.db), ("digest", digest), ("sources", config)):
        report.console.print(f"{what + ':':9} {where}")
    report.console.print(f"done in {time.monotonic() - started:.1f} s")
    sys.exit(1 if result.failed else 0)


def _demo_run(settings: Any, config: Any, prefect: bool) -> Any:
    """The demo's crawl run: the ``crawl`` flow when a Prefect server keeps it, else the same
    steps in this process; the run report either way."""
    if not prefect:
        from dataclasses import replace

        from ops.crawl import Selection
        from ops.crawl import crawl as crawl_here

        return crawl_here(replace(settings, config=config), Selection())
    from flows.crawl import crawl_flow

    state = crawl_flow(config=str(config), db=str(settings.db),
                       landing=str(settings.landing), return_state=True)  # fmt: skip
    return state.result(raise_on_failure=False)  # the report, whatever the state
