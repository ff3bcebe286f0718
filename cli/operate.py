"""``eolist serve`` and ``eolist maintenance``: the operator's commands (docs/operations.md)."""

from __future__ import annotations

import dataclasses
import os
import signal
import sys
from pathlib import Path
from typing import Any

import click

from cli.common import current, friendly, through_prefect
from ops.settings import SETTINGS_FILE_ENV, Settings, check_landing, write_file

CHECKOUT_PREFECT_FILE = Path(__file__).resolve().parents[1] / "prefect.yaml"


def _prefect_file(given: str | None) -> Path:
    if given:
        return Path(given)
    here = Path("prefect.yaml")
    return here if here.exists() else CHECKOUT_PREFECT_FILE


def _stop_on_sigterm() -> None:
    """SIGTERM (systemd, docker stop) ends serve like Ctrl-C: the local server is stopped."""

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


@click.command()
@click.option("--prefect-file", default=None, help="Deployments and schedules [./prefect.yaml].")
@click.option("--port", default=4200, show_default=True,
              help="Port of the local Prefect server (0: any free port).")  # fmt: skip
@click.option("--ui/--no-ui", default=True, show_default=True, help="Serve the Prefect UI too.")
@click.option("--limit", default=4, show_default=True, help="Flow runs at once.")
@friendly
def serve(prefect_file: str | None, port: int, ui: bool, limit: int) -> None:
    """Run prefect.yaml's deployments on their schedules, in this one process.

    Starts a local Prefect server (home: <data>/prefect-serve) unless PREFECT_API_URL names one,
    then serves every deployment until Ctrl-C. Flow runs use this command's --db and --config.

    \b
    Example:
      eolist --config sources.toml serve --port 4200
    """
    from flows import serve as serve_mod
    from ops.crawl import check_deployments

    settings, path = current(), _prefect_file(prefect_file)
    deployments = serve_mod.read_deployments(path)
    # a bad sources file or an unknown tier, kind or source fails now, not every 6 hours
    check_deployments(settings, deployments)
    check_landing(settings)
    home = _hand_over(settings)
    _stop_on_sigterm()
    server = None
    if not os.environ.get("PREFECT_API_URL"):
        server = serve_mod.LocalServer(home, port=port, ui=ui).start()
        os.environ["PREFECT_API_URL"] = server.api_url
        where = server.api_url.removesuffix("/api") if ui else server.api_url
        click.echo(f"eolist serve: Prefect server at {where} (log: {home / 'server.log'})")
    try:
        from prefect.settings import PREFECT_API_URL, temporary_settings

        click.echo(f"eolist serve: {len(deployments)} deployments from {path}")
        with temporary_settings(updates={PREFECT_API_URL: os.environ["PREFECT_API_URL"]}):
            serve_mod.serve(path, limit=limit)
    except KeyboardInterrupt:
        click.echo("eolist serve: stopped", err=True)
    finally:
        if server:
            server.stop()


def _hand_over(settings: Settings) -> Path:
    """Flow runs are subprocesses of the runner: they read these settings from one file
    (``EOLIST_SETTINGS``). Returns the server's own home: one-off commands (eolist crawl)
    start temporary servers on <data>/prefect, and two servers must not share one SQLite file."""
    from ops import env

    landing = settings.landing  # an s3:// URL stays as it is
    absolute = dataclasses.replace(settings, db=settings.db.resolve(),
                                   config=settings.config.resolve(),
                                   landing=landing.resolve() if isinstance(landing, Path) else landing)  # fmt: skip
    handed = write_file(absolute, settings.data_dir / "serve-settings.json")
    os.environ[SETTINGS_FILE_ENV] = str(handed)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")  # serve shows every run's log
    home = Path(os.environ.get("PREFECT_HOME") or settings.data_dir / "prefect-serve")
    env.prepare(settings.data_dir)
    return home


@click.command()
@click.option("--snapshots", default=None, help="Parquet snapshot folder [<data>/snapshots].")
@click.option("--keep", default=7, show_default=True, help="Snapshots to keep.")
@friendly
def maintenance(snapshots: str | None, keep: int) -> None:
    """Close stale postings, checkpoint the warehouse, write a Parquet snapshot and prune
    landing batches loaded more than EOLIST_LANDING_KEEP_DAYS (14) days ago.

    Runs as the Prefect flow "maintenance" when a Prefect server is configured, else in this
    process.

    \b
    Example:
      eolist maintenance --keep 14
    """
    from ops.maintenance import MaintenanceFailed

    settings = current()
    try:
        report = _maintain(settings, snapshots, keep)
    except MaintenanceFailed as e:
        click.echo(f"eolist maintenance: {e}", err=True)
        sys.exit(1)
    closed = sum(report["closed"].values())
    click.echo(f"closed {closed} stale postings; snapshot: {report['snapshot']}")
    click.echo(report["landing"])


def _maintain(settings: Settings, snapshots: str | None, keep: int) -> dict[str, Any]:
    """The ``maintenance`` flow when a Prefect server keeps it, else its steps here (each
    waiting out a held warehouse as the flow's tasks do); ``MaintenanceFailed`` names the
    steps that failed."""
    if through_prefect(settings):
        from flows.maintenance import maintenance_flow

        return maintenance_flow(db=str(settings.db), snapshots=snapshots, keep=keep)
    from ops import maintenance as steps
    from ops.crawl import waiting_out

    report = steps.run(settings, snapshots, keep, None, lambda _name, fn, *a: waiting_out(fn, *a))
    if (error := steps.failed(report)) is not None:
        raise error
    return report
