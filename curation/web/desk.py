"""The state every page shares: where the warehouse is, the clock, templates, and DB access.

The warehouse file is shared with crawls' loads and ``eolist query``, so the page never
holds it: each request opens it (read-only for reads, read-write for a decision), works for a
few milliseconds and closes it (``warehouse.db.session``, which waits out a load's lock).
DuckDB refuses two connections of different modes to one file inside one process, so the
page's own requests take turns (``lock``).

A load holds the file for as long as it takes (seconds to minutes), and no other process can
open it meanwhile, not even to read. A request waits for it ``busy_wait_s`` (a short load's
commit fits), then answers 503 "busy" at once (``busy``) instead of hanging for the
warehouse's own 30 s and failing: the queue's script keeps an unsaved decision to resend,
and a plain form is given back, filled in, with a Resend button.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import duckdb
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from curation import fmt
from curation import rules as rules_mod
from curation.web.security import Csrf
from warehouse import db
from warehouse.errors import DatabaseLocked

T = TypeVar("T")
BUSY = "the warehouse is busy (a load is running), try again"
# Long enough for a small load's commit to pass, short enough that the page answers at once.
BUSY_WAIT_S = 3.0
RETRY_AFTER_S = 5


def _date(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def _short_date(value: datetime | None) -> str:
    return value.strftime("%b %d").replace(" 0", " ") if value else ""


def _datetime(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "never"


class Desk:
    def __init__(
        self,
        db_path: Path,
        out_dir: Path,
        csrf: Csrf,
        clock: Callable[[], datetime] | None = None,
        busy_wait_s: float = BUSY_WAIT_S,
    ) -> None:
        self.db_path = db_path
        self.busy_wait_s = busy_wait_s
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
            date=_date, short_date=_short_date, datetime=_datetime, safe_url=fmt.safe_url,
            category=fmt.category_label,
        )  # fmt: skip

    def prepare(self) -> None:
        """Create or migrate the warehouse and write the starting rules (once, at startup)."""
        with self.lock, db.session(self.db_path) as con:
            rules_mod.seed(con, self.clock())

    def _run(self, fn: Callable[[duckdb.DuckDBPyConnection], T], write: bool) -> T:
        """Open, work, close, within ``busy_wait_s`` in all (this page's turn, then the file's);
        a holder for longer raises ``DatabaseLocked``, which ``busy`` answers."""
        deadline = time.monotonic() + self.busy_wait_s
        if not self.lock.acquire(timeout=self.busy_wait_s):
            raise DatabaseLocked(BUSY)
        try:
            wait = max(0.1, deadline - time.monotonic())
            try:
                with db.session(self.db_path, read_only=not write, wait_s=wait) as con:
                    return fn(con)
            except DatabaseLocked as e:
                raise DatabaseLocked(BUSY) from e
        finally:
            self.lock.release()

    async def read(self, fn: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        return await run_in_threadpool(self._run, fn, False)

    async def write(self, fn: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        return await run_in_threadpool(self._run, fn, True)

    async def busy(self, request: Request, exc: Exception) -> Response:
        """503 with the reason: JSON for the queue's script, else a page that offers the same
        request again (a POST's fields filled in, to resend with one click)."""
        headers = {"Retry-After": str(RETRY_AFTER_S)}
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse({"error": BUSY, "busy": True}, 503, headers=headers)
        fields: list[tuple[str, str]] = []
        if request.method == "POST":
            form = await request.form()  # read already by the route: Starlette keeps it
            fields = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
        response = self.page(request, "busy.html.j2", 503, message=BUSY, fields=fields,
                             again=str(request.url.path) + (f"?{request.url.query}"
                                                            if request.url.query else ""))  # fmt: skip
        response.headers.update(headers)
        return response

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
