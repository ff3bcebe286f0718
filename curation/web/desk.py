"""The state every page shares: where the warehouse is, the clock, templates, and DB access.

The warehouse file is shared with crawls' loads and ``eolist query``, so the page never
holds it: each request opens it (read-only for reads, read-write for a decision), works for a
few milliseconds and closes it (``warehouse.db.session``, which waits out a load's lock).
DuckDB refuses two connections of different modes to one file inside one process, so the
page's own requests take turns (``lock``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import duckdb
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse

from curation import fmt
from curation import rules as rules_mod
from curation.web.security import Csrf
from pipeline.normalize import sanitize_html
from warehouse import db

T = TypeVar("T")


def _date(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def _datetime(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "never"


def _sanitized(html: str | None) -> Markup:
    """Description HTML after nh3 (again: the warehouse's copy is trusted no further)."""
    return Markup(sanitize_html(html or ""))


class Desk:
    def __init__(
        self,
        db_path: Path,
        out_dir: Path,
        csrf: Csrf,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.db_path = db_path
        self.out_dir = out_dir
        self.csrf = csrf
        self.clock = clock or (lambda: datetime.now(UTC))
        self.lock = threading.Lock()
        self.env = Environment(
            loader=PackageLoader("curation", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
        )
        self.env.filters.update(
            date=_date, datetime=_datetime, sanitized=_sanitized, safe_url=fmt.safe_url,
            category=fmt.category_label,
        )  # fmt: skip

    def prepare(self) -> None:
        """Create or migrate the warehouse and write the starting rules (once, at startup)."""
        with self.lock, db.session(self.db_path) as con:
            rules_mod.seed(con, self.clock())

    def _run(self, fn: Callable[[duckdb.DuckDBPyConnection], T], write: bool) -> T:
        with self.lock, db.session(self.db_path, read_only=not write) as con:
            return fn(con)

    async def read(self, fn: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        return await run_in_threadpool(self._run, fn, False)

    async def write(self, fn: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        return await run_in_threadpool(self._run, fn, True)

    def page(
        self, request: Request, template: str, status: int = 200, **values: Any
    ) -> HTMLResponse:
        html = self.env.get_template(template).render(
            request=request,
            csrf=request.state.csrf,
            nonce=request.state.nonce,
            path=request.url.path,
            **values,
        )
        return HTMLResponse(html, status_code=status)
