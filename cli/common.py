"""What every command module shares: one-line errors, exit codes and the resolved settings.

Exit codes: 0 success; 1 a run finished but some sources failed (the summary says which);
2 bad usage or config (one line saying what and where). Users never see a traceback for a bad
config, URL or input file; set ``EOLIST_DEBUG=1`` to get one for a real bug.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from ops.settings import Settings
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


def current() -> Settings:
    """The settings the root group resolved once (``cli.main``)."""
    return click.get_current_context().find_object(Settings)  # type: ignore[return-value]


def prefect_ready(current: Settings) -> None:
    """Point Prefect at eolist's own home before the first flow imports it (``ops.env``)."""
    from ops import env

    env.prepare(current.data_dir)


def through_prefect(current: Settings) -> bool:
    """Whether this foreground run goes through its Prefect flow: only when a Prefect server
    is configured to keep it (``ops.env.flows_through_prefect``; ``EOLIST_PREFECT`` decides
    otherwise). Prefect is pointed at eolist's home either way."""
    from ops import env

    env.prepare(current.data_dir, create=False)  # nothing on disk for a run without Prefect
    try:
        prefect = env.flows_through_prefect()
    except ValueError as e:
        raise UsageProblem(str(e)) from e
    if prefect:
        prefect_ready(current)
    return prefect
