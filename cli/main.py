"""The root of the ``eolist`` command: global options, the settings resolved once, and the
command modules plugged in (this module imports them; none imports it back).

Exit codes and one-line errors: ``cli.common``.
"""

from __future__ import annotations

import os
import sys

import click

from cli import analyst, crawl, curation, dedupe, operate, sources
from cli.common import UsageProblem
from ops.settings import resolve
from pipeline.sources import ConfigError


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
    try:
        ctx.obj = resolve(db=db, config=config)
    except ConfigError as e:
        raise UsageProblem(str(e)) from e


for command in (
    crawl.crawl, crawl.load, crawl.demo, sources.sources, dedupe.dedupe, analyst.query,
    analyst.export, analyst.snapshot, curation.ui, curation.digest, operate.serve,
    operate.maintenance,
):  # fmt: skip
    cli.add_command(command)


def main() -> None:
    if os.environ.get("EOLIST_DEBUG") == "1":
        cli()
        return
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("eolist: interrupted", err=True)
        sys.exit(130)
