"""``eolist ui`` and ``eolist digest``: the list owner's page and her weekly list.

Thin commands over ``ops.digest`` (the one digest path, shared with the Monday flow) and
``curation.web`` (the page); policy in ``curation.compose``, publishing in
``curation.publishing``, formats in ``curation.render``.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import click

from cli.common import UsageProblem, current, friendly
from ops.digest import ALL_FORMATS

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
    return Path(out) if out else current().data_dir / "digests"


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
    settings = current()
    app = create_app(settings.db, _out(out), password=password, hosts=hosts)
    click.echo(f"curation page at http://{host}:{port}/ (Ctrl+C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


@click.command()
@click.option(
    "--week", default=None, help="ISO week, e.g. 2026-W48 [default: this week, in her time zone]."
)
@click.option("--format", "formats", default=",".join(ALL_FORMATS), show_default=True,
              help="Comma-separated formats to write.")  # fmt: skip
@click.option(
    "--out", default=None, help="Folder to write to [default: <database folder>/digests]."
)
@click.option("--publish", is_flag=True,
              help="Publish: record the jobs it holds (never offered again) and update the feed.")  # fmt: skip
@click.option("--supplement", is_flag=True,
              help="With --publish: a second list for a week already published, on purpose.")  # fmt: skip
@click.option("--public-url", default=None, metavar="URL",
              help="Where the lists are read (the feed's links); needed before the first publish.")  # fmt: skip
@click.option("--unpublish", default=None, metavar="ID",
              help="Take a published list back within the grace period (leaves the feed).")  # fmt: skip
@click.option("--send", is_flag=True,
              help="E-mail the week's published list (a dry run unless --for-real).")  # fmt: skip
@click.option("--to-file", default=None, type=click.Path(dir_okay=False),
              help="With --send: the subscribers, one address a line (sent as Bcc).")  # fmt: skip
@click.option("--test-to", default=None, metavar="ADDRESS",
              help="With --send: send it to this one address only (yours), marked [test].")  # fmt: skip
@click.option("--for-real", is_flag=True, help="With --send: really send to --to-file.")
@friendly
def digest(
    week: str | None, formats: str, out: str | None, publish: bool, supplement: bool,
    public_url: str | None, unpublish: str | None, send: bool, to_file: str | None,
    test_to: str | None, for_real: bool,
) -> None:  # fmt: skip
    """Write the week's list: email HTML, Markdown, text, CSV, JSON and the RSS/Atom feed.

    Without --publish it writes the week's published list again, or, when the week is not
    published yet, a preview (preview-<week>.*) of what publishing now would send. A week has
    one list; --publish --supplement sends a second one on purpose. --send e-mails the week's
    published list through SMTP (EOLIST_SMTP_HOST, EOLIST_SMTP_PORT, EOLIST_SMTP_TLS,
    EOLIST_SMTP_USER, EOLIST_SMTP_PASSWORD, EOLIST_MAIL_FROM): a dry run that writes the
    message to <out>/<id>.eml, unless --for-real; --test-to sends it to you alone.

    \b
    Example:
      eolist digest --week 2026-W48 --format html,md
      eolist digest --publish --public-url https://example.org/hr-list/
      eolist digest --send --to-file subscribers.txt --test-to me@example.org
      eolist digest --send --to-file subscribers.txt --for-real
    """
    from curation import compose, export, mail
    from ops import digest as ops_digest

    chosen, folder, now = _formats(formats), _out(out), datetime.now(UTC)
    if supplement and not publish:
        raise UsageProblem("--supplement goes with --publish")
    try:
        if unpublish:
            done = ops_digest.unpublish(current(), unpublish, folder, now)
        elif send:
            return click.echo(
                ops_digest.send(current(), week, folder, to_file, test_to, for_real, now)
            )
        elif publish:
            done = ops_digest.publish_digest(current(), week, chosen, folder, now, supplement,
                                             public_url)  # fmt: skip
        else:
            done = ops_digest.write_week(current(), week, chosen, folder, now)
    except (compose.DigestError, mail.MailError, ValueError) as e:
        raise UsageProblem(str(e)) from e
    except export.PublishError as e:
        raise click.ClickException(str(e)) from e
    click.echo(
        done.what if unpublish else f"{done.what}: {done.jobs} jobs, {done.posts} blog posts"
    )
    for p in done.paths:
        click.echo(f"  {p}")
