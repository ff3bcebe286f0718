"""``eolist sources``: list, add, check, and the OPML pair (``cli.opml``).

Thin commands: ``add`` is ``ops.sources.add_source`` (kind detection, the checked append to the
sources file), ``check`` is ``ops.check.check_source`` (one source crawled now into a throwaway
landing folder; nothing is loaded).
"""

from __future__ import annotations

import sys

import click

from cli import opml
from cli.common import current, friendly
from ops.settings import load_sources
from pipeline.sources import KINDS


@click.group()
def sources() -> None:
    """Manage sources.

    \b
    Example:
      eolist sources list
      eolist sources add https://boards.greenhouse.io/acme
    """


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

    from cli import sourcelist as printed
    from ops import sourcelist

    settings = current()
    rows, set_aside, unknown = sourcelist.gather(settings, load_sources(settings.config))
    printed.show(sourcelist.select(rows, failing, kinds), fmt, datetime.now(UTC))
    if unknown:
        click.echo(f"health unknown: {unknown}", err=True)
    for line in printed.set_aside_lines(set_aside):  # their postings are not loaded
        click.echo(line, err=fmt != "table")


@sources.command("add")
@click.argument("url")
@click.option("--name", default=None, help="Source name (default: from the URL).")
@click.option("--kind", type=click.Choice(KINDS), default=None, help="Kind (default: detected).")
@click.option("--company", default=None, help="Employer, for sources that do not name it.")
@click.option("--dry-run", is_flag=True, help="Print the table instead of adding it.")
@friendly
def add(url: str, name: str | None, kind: str | None, company: str | None, dry_run: bool) -> None:
    """Add a source: its kind is recognised from the URL or the page.

    \b
    Example:
      eolist sources add https://boards.greenhouse.io/acme
      eolist sources add https://careers.example.org/jobs --kind jsonld --dry-run
    """
    from ops.sources import add_source

    settings = current()
    added = add_source(settings, url, name, kind, company, dry_run)
    if dry_run:
        click.echo(f"# {added.why}")
        click.echo(added.shown, nl=False)
        return
    click.echo(f"added source '{added.name}' ({added.kind}) to {settings.config}: {added.why}")


@sources.command("check")
@click.argument("name")
@friendly
def check(name: str) -> None:
    """Crawl one source now and say what it found (nothing is loaded).

    \b
    Example:
      eolist sources check acme
    """
    from ops.check import check_source
    from ops.crawlproc import CrawlFailed

    try:
        found = check_source(current(), name)
    except CrawlFailed as e:
        raise click.ClickException(f"the crawl of '{name}' did not finish: {e}") from e
    outcome, items = found.outcome, found.items
    click.echo(
        f"{name} ({found.source.kind}): {outcome['status']}, "
        f"{'complete' if outcome['complete'] else 'incomplete'}; {outcome['pages']} pages, "
        f"{outcome['fetched']} kept, {outcome['dropped_non_hr']} dropped as not HR"
    )
    for line in (outcome.get("error"), outcome.get("diagnosis")):
        if line:
            click.echo(f"  {line}")
    for item in items[:10]:
        where = item.get("location_city") or item.get("blog_title") or ""
        click.echo(f"  - {item['title']}" + (f" ({where})" if where else ""))
    if len(items) > 10:
        click.echo(f"  ... and {len(items) - 10} more")
    sys.exit(1 if found.alert else 0)


sources.add_command(opml.import_opml)
sources.add_command(opml.export_opml)
