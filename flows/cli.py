"""The ``eolist`` command line: a thin click layer over the flows and the warehouse.

Exit codes: 0 success; 1 a run finished but some sources failed (the summary says which);
2 bad usage or config (one line saying what and where). Users never see a traceback for a bad
config, URL or input file; set ``EOLIST_DEBUG=1`` to get one for a real bug.
"""

from __future__ import annotations

if __name__ == "__main__":  # pragma: no cover - ``python -m flows.cli``
    # Run the importable module, not this __main__ copy: the command modules import
    # flows.cli, and a second copy of it would make those imports circular.
    import sys

    from flows.cli import main

    sys.exit(main())

import functools
import os
import sys
from collections.abc import Callable
from typing import Any

import click

from flows.settings import Settings, resolve
from pipeline.sources import ConfigError
from warehouse.errors import DatabaseLocked, WarehouseError


class UsageProblem(click.ClickException):
    exit_code = 2


def friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn expected errors into one line and the documented exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ConfigError as e:
            raise UsageProblem(str(e)) from e
        except DatabaseLocked as e:
            raise click.ClickException(str(e)) from e
        except WarehouseError as e:
            raise UsageProblem(str(e)) from e

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="EOLIST_DB", default="data/eolist.duckdb", show_default=True,
              help="The warehouse file.")  # fmt: skip
@click.option("--config", envvar="EOLIST_CONFIG", default="sources.toml", show_default=True,
              help="The sources file.")  # fmt: skip
@click.pass_context
def cli(ctx: click.Context, db: str, config: str) -> None:
    """eolist: HR jobs and HR blogs, gathered, cleaned and listed.

    \b
    Example:
      eolist demo
      eolist --config sources.toml crawl --kind greenhouse
    """
    ctx.obj = resolve(db=db, config=config)


def _settings() -> Settings:
    return click.get_current_context().find_object(Settings)  # type: ignore[return-value]


def _prefect_ready(settings: Settings) -> None:
    from flows import env

    env.prepare(settings.data_dir)


@cli.command()
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

    \b
    Example:
      eolist crawl --kind blog-feed
    """
    from flows.settings import load_sources

    settings = _settings()
    load_sources(settings.config)  # fail fast with exit 2 before Prefect starts
    _prefect_ready(settings)
    from flows import alerts, progress, report
    from flows.crawl import with_concurrency

    progress.enable(sys.stderr)
    flow = with_concurrency(concurrency or settings.concurrency)
    state = flow(
        config=str(settings.config), db=str(settings.db), landing=str(settings.landing),
        sources=list(sources) or None, kinds=list(kinds) or None, tier=tier, force=force,
        return_state=True,
    )  # fmt: skip
    result = alerts.report_of(state)  # a Failed run (every source failed) has its report too
    report.print_run(result, show_all)
    sys.exit(1 if report.failed(result) else 0)


@cli.command()
@friendly
def load() -> None:
    """Load landing batches that are not loaded yet (e.g. left by a crashed run).

    A batch that cannot be loaded is set aside in <landing>/quarantine/ (exit 1); the others
    still load.
    """
    settings = _settings()
    _prefect_ready(settings)
    from flows import report
    from flows.crawl import load_flow

    result = load_flow(db=str(settings.db), landing=str(settings.landing))
    report.print_run(result)
    sys.exit(1 if report.failed(result) else 0)


@cli.command()
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
    settings = _settings()
    _prefect_ready(settings)
    from flows import demo as demo_mod

    code = demo_mod.run(settings, seed=seed, scale=scale)
    sys.exit(code)


@cli.group()
def sources() -> None:
    """Manage sources."""


@sources.command("list")
@click.option("--failing", is_flag=True, help="Only sources failing, empty or suspect.")
@click.option("--kind", "kinds", multiple=True, help="Only sources of this kind (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="Output format.")  # fmt: skip
@friendly
def sources_list(failing: bool, kinds: tuple[str, ...], fmt: str) -> None:
    """List the configured sources and their health: tier, last ok, failing since, next try.

    \b
    Example:
      eolist sources list --failing
      eolist sources list --kind blog-feed --format csv
    """
    from datetime import UTC, datetime

    from flows import sourcelist
    from flows.settings import load_sources

    settings = _settings()
    rows, set_aside, unknown = sourcelist.gather(settings, load_sources(settings.config))
    sourcelist.show(sourcelist.select(rows, failing, kinds), fmt, datetime.now(UTC))
    if unknown:
        click.echo(f"health unknown: {unknown}", err=True)
    for line in sourcelist.set_aside_lines(set_aside):  # their postings are not loaded
        click.echo(line, err=fmt != "table")


from flows.cli_dedupe import dedupe as _dedupe  # noqa: E402

cli.add_command(_dedupe)
from flows.cli_warehouse import export as _export  # noqa: E402
from flows.cli_warehouse import query as _query  # noqa: E402
from flows.cli_warehouse import snapshot as _snapshot  # noqa: E402

cli.add_command(_query)
cli.add_command(_export)
cli.add_command(_snapshot)
from flows.cli_curation import digest as _digest  # noqa: E402
from flows.cli_curation import ui as _ui  # noqa: E402

cli.add_command(_ui)
cli.add_command(_digest)

from flows.cli_feeds import export_opml as _export_opml  # noqa: E402
from flows.cli_feeds import import_opml as _import_opml  # noqa: E402

sources.add_command(_import_opml)
sources.add_command(_export_opml)

from flows.cli_ops import maintenance as _maintenance  # noqa: E402
from flows.cli_ops import serve as _serve  # noqa: E402

cli.add_command(_serve)
cli.add_command(_maintenance)

from flows.cli_sources import add as _sources_add  # noqa: E402
from flows.cli_sources import check as _sources_check  # noqa: E402

sources.add_command(_sources_add)
sources.add_command(_sources_check)


def main() -> None:
    if os.environ.get("EOLIST_DEBUG") == "1":
        cli()
        return
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("eolist: interrupted", err=True)
        sys.exit(130)
