"""Review pages: the queue, one job, and the decisions (approve, reject, feature, edit, note).

A decision answers JSON to the page's keyboard script (``Accept: application/json``) and a
redirect back to the queue for a plain form, so the page works without JavaScript too.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import duckdb
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

from curation import decisions, queue
from curation import rules as rules_mod
from curation.web.desk import Desk


def back_to(value: Any, default: str = "/queue") -> str:
    """A local path to return to; anything else (another site, //host) goes to the default."""
    if isinstance(value, str) and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return default


def forbidden() -> Response:
    return PlainTextResponse(
        "refused: this form has no valid CSRF token (reload the page and try again)", 403
    )


def routes(desk: Desk) -> dict[str, Any]:
    async def queue_page(request: Request) -> Response:
        filters = queue.Filters.from_query(request.query_params)
        now = desk.clock()

        try:
            limit = min(queue.MAX_LIMIT, max(1, int(request.query_params.get("limit", ""))))
        except ValueError:
            limit = queue.LIMIT

        def work(con: duckdb.DuckDBPyConnection) -> Any:
            return queue.review_queue(con, filters, rules_mod.load(con), now, limit)

        q = await desk.read(work)
        here = request.url.path + ("?" + request.url.query if request.url.query else "")
        more = "/queue?" + urlencode({**request.query_params, "limit": limit + queue.LIMIT})
        return desk.page(request, "queue.html.j2", q=q, f=filters, now=now, here=here,
                         more=more)  # fmt: skip

    async def job_page(request: Request) -> Response:
        job_id = request.path_params["job_id"]
        job = await desk.read(lambda con: queue.job_detail(con, job_id))
        if job is None:
            return PlainTextResponse(f"no job {job_id} (it may have been merged)", 404)
        return desk.page(
            request, "job.html.j2", job=job, back=back_to(request.query_params.get("next"))
        )

    async def decide(request: Request) -> Response:
        if not await desk.csrf.check(request):
            return forbidden()
        job_id = request.path_params["job_id"]
        form = await request.form()
        action = str(form.get("action", ""))
        now = desk.clock()
        try:
            result = await desk.write(lambda con: decisions.decide(con, job_id, action, now))
        except decisions.UnknownJob:
            return JSONResponse({"error": f"no job {job_id}"}, 404)
        except ValueError as e:
            return JSONResponse({"error": str(e)}, 400)
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse(result)
        return RedirectResponse(back_to(form.get("next")), 303)

    async def annotate(request: Request) -> Response:
        if not await desk.csrf.check(request):
            return forbidden()
        job_id = request.path_params["job_id"]
        form = await request.form()
        title = form.get("title")
        note = form.get("note")
        now = desk.clock()
        try:
            result = await desk.write(
                lambda con: decisions.annotate(
                    con, job_id,
                    title=title if isinstance(title, str) else None,
                    note=note if isinstance(note, str) else None, now=now,
                )
            )  # fmt: skip
        except decisions.UnknownJob:
            return JSONResponse({"error": f"no job {job_id}"}, 404)
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse(result)
        return RedirectResponse(back_to(form.get("next")), 303)

    return {
        "queue": queue_page,
        "job": job_page,
        "decide": decide,
        "annotate": annotate,
    }
