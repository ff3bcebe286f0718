"""``eolist ui`` and ``eolist digest``: the list owner's page and her weekly list.

Thin commands over ``curation`` (policy in ``curation.compose``, formats in ``curation.render``
and ``curation.feed``, the page in ``curation.web``).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import click

from flows.cli import UsageProblem, _settings, friendly

ALL_FORMATS = ("html", "md", "txt", "csv", "json", "rss")
PASSWORD_ENV = "EOLIST_UI_PASSWORD"


def _formats(value: str) -> list[str]:
    chosen = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in ALL_FORMATS]
    if unknown or not chosen:
        raise UsageProblem(
            f"--format: unknown format(s) {', '.join(unknown) or '(none)'}; "
            f"choose from {','.join(ALL_FORMATS)}"
        )
    return chosen


def _out(out: str | None) -> Path:
    return Path(out) if out else _settings().data_dir / "digests"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help=f"Address to bind; anything but loopback needs {PASSWORD_ENV}.")  # fmt: skip
@click.option("--port", default=8765, show_default=True, type=int, help="Port to listen on.")
@click.option("--allow-host", "allow_host", multiple=True, metavar="NAME",
              help="Another host name the page answers to (repeatable); loopback names and "
              "--host always are.")  # fmt: skip
@click.option("--out", default=None, help="Folder for published digests and the feed "
              "[default: <database folder>/digests].")  # fmt: skip
@friendly
def ui(host: str, port: int, allow_host: tuple[str, ...], out: str | None) -> None:
    """Serve the curation page: review queue, digest preview and publishing, sources, rules.

    Binds to 127.0.0.1 unless told otherwise; binding elsewhere requires a password in the
    EOLIST_UI_PASSWORD environment variable (HTTP Basic auth, any user name). The page
    answers only the host names 127.0.0.1, localhost, [::1], --host and --allow-host.

    \b
    Example:
      eolist ui --port 8765        # then open http://127.0.0.1:8765/
      eolist ui --host 0.0.0.0 --allow-host eolist.lan   # with EOLIST_UI_PASSWORD set
    """
    import uvicorn

    from curation.web import create_app
    from curation.web.security import InsecureBind, allowed_hosts, require_password

    password = os.environ.get(PASSWORD_ENV) or None
    try:
        require_password(host, password)
        hosts = allowed_hosts(host, allow_host)
    except InsecureBind as e:
        raise UsageProblem(str(e)) from e
    settings = _settings()
    app = create_app(settings.db, _out(out), password=password, hosts=hosts)
    click.echo(f"curation page at http://{host}:{port}/ (Ctrl+C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


@click.command()
@click.option("--week", default=None, help="ISO week, e.g. 2026-W48 [default: this week].")
@click.option("--format", "formats", default=",".join(ALL_FORMATS), show_default=True,
              help="Comma-separated formats to write.")  # fmt: skip
@click.option(
    "--out", default=None, help="Folder to write to [default: <database folder>/digests]."
)
@click.option("--publish", is_flag=True,
              help="Publish: record the jobs it holds (never offered again) and update the feed.")  # fmt: skip
@friendly
def digest(week: str | None, formats: str, out: str | None, publish: bool) -> None:
    """Write the week's list: email HTML, Markdown, text, CSV, JSON and the RSS/Atom feed.

    Without --publish it writes the week's published list again, or, when the week is not
    published yet, a preview (preview-<week>.*) of what publishing now would send.

    \b
    Example:
      eolist digest --week 2026-W48 --format html,md
      eolist digest --publish
    """
    from curation import compose, export
    from curation import rules as rules_mod
    from warehouse import db

    chosen = _formats(formats)
    settings = _settings()
    if not settings.db.exists():
        raise UsageProblem(f"no warehouse at {settings.db}: run a crawl first (eolist crawl)")
    folder = _out(out)
    now = datetime.now(UTC)
    try:
        week = week or compose.week_of(now)
        compose.parse_week(week)
        with db.session(settings.db) as con:
            rules_mod.seed(con, now)
            ids = compose.published_ids(con, week)
            if publish:  # rows, files and feed together, or nothing (curation.export)
                rules_mod.apply_standing(con, now)  # her always-approve employers' new jobs
                d, paths = export.publish(con, compose.compose(con, week, now), now, folder, chosen)
                what = f"published {d.digest_id}"
            else:
                if ids:
                    d = compose.published(con, ids[0])  # type: ignore[assignment]
                    what = f"{ids[0]} as published"
                else:
                    d = compose.compose(con, week, now)
                    what = f"preview of {week} (not published; --publish to send it)"
                paths = export.write_digest(d, folder, chosen)
                if "rss" in chosen:
                    paths += export.write_feed(con, folder)
    except compose.DigestError as e:
        raise UsageProblem(str(e)) from e
    except export.PublishError as e:
        raise click.ClickException(str(e)) from e
    click.echo(f"{what}: {len(d.jobs)} jobs, {len(d.posts)} blog posts")
    for p in paths:
        click.echo(f"  {p}")
