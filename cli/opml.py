"""``eolist sources import-opml FILE`` and ``eolist sources export-opml``: a feed reader's
subscription list in and out of sources.toml.

Import appends one ``[[source]]`` of kind ``blog-feed`` per OPML outline with an ``xmlUrl``
(folders flattened), named from its title (lowercase, dashes; ``-2``, ``-3`` … when taken),
skipping feeds whose URL is already configured. The new file is checked with the same parser
as every command before it replaces the old one (written beside it, then renamed), so a bad
OPML never leaves a half-written sources file. Export writes the feed sources as OPML 2.0,
which reads back to the same list.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import click

from cli.common import UsageProblem, current, friendly
from ops.settings import load_sources
from pipeline.safety import redact_url
from pipeline.sources import ConfigError, SourceConfig, parse_sources
from spiders.feeds import OpmlError, OpmlFeed, read_opml, write_opml

FEED_KINDS = ("blog-feed", "job-feed")


def _slug(title: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:56] or "feed"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name)
    return name


def _toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def plan_import(existing: list[SourceConfig], feeds: list[OpmlFeed]) -> list[tuple[str, OpmlFeed]]:
    """(new source name, feed) for every feed not configured yet, in OPML order."""
    urls = {s.url for s in existing}
    taken = {s.name for s in existing}
    return [(_slug(f.title, taken), f) for f in feeds if f.xml_url not in urls]


@click.command("import-opml")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only say what would be added.")
@friendly
def import_opml(file: Path, dry_run: bool) -> None:
    """Add the feeds of an OPML subscription list as blog-feed sources.

    \b
    Example:
      eolist sources import-opml ~/Subscriptions.opml
    """
    config = current().config
    try:
        body = file.read_bytes()
    except OSError as e:
        raise UsageProblem(f"{file}: cannot read it: {e.strerror or e}") from e
    try:
        feeds = read_opml(body, str(file))
    except OpmlError as e:
        raise UsageProblem(str(e)) from e
    existing = load_sources(config) if config.exists() else []
    plan = plan_import(existing, feeds)
    blocks = [
        f'\n[[source]]\nname = "{name}"\nkind = "blog-feed"\nurl = {_toml_str(f.xml_url)}\n'
        for name, f in plan
    ]
    old = config.read_text(encoding="utf-8") if config.exists() else ""
    text = old + ("\n" if old and not old.endswith("\n") else "") + "".join(blocks)
    try:
        parse_sources(text, str(config))
    except ConfigError as e:
        raise UsageProblem(f"{file}: the imported feeds would make {config} invalid: {e}") from e
    if not dry_run and plan:
        tmp = config.with_name(f".{config.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, config)
    verb = "would add" if dry_run else "added"
    skipped = len(feeds) - len(plan)
    click.echo(f"{verb} {len(plan)} feed sources to {config} ({skipped} already configured)")


@click.command("export-opml")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")  # fmt: skip
@click.option("--kind", "kinds", multiple=True, type=click.Choice(FEED_KINDS),
              default=("blog-feed",), show_default=True, help="Kinds to export (repeatable).")  # fmt: skip
@friendly
def export_opml(output: Path | None, kinds: tuple[str, ...]) -> None:
    """Write the configured feed sources as an OPML subscription list.

    \b
    Example:
      eolist sources export-opml -o feeds.opml
    """
    sources = [s for s in load_sources(current().config) if s.kind in kinds]
    # credentials stay in sources.toml: an OPML file is for sharing
    text = write_opml([OpmlFeed(s.name, redact_url(s.url)) for s in sources])
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {len(sources)} feeds to {output}", err=True)
