"""Review pages: the queue, one job (page and preview pane), and every decision on jobs.

A write answers JSON to the page's script (``Accept: application/json``): the page saves in
the background and keeps her place. A plain form gets a redirect back to where it came from,
so the page works without JavaScript too.

Two tabs: a decision may carry the state the page showed (``expect``); a job changed since
answers 409 with what it is now, and nothing is overwritten. ``/decisions/changes`` tells a
tab what changed after its version (the largest ``curation_log`` entry it has seen).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

import duckdb
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

from curation import decisions, queue, views
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


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _refusal(request: Request, status: int, message: str, **extra: Any) -> Response:
    """A write that was not made: JSON for the script, one line for a plain form."""
    if wants_json(request):
        return JSONResponse({"error": message, **extra}, status)
    return PlainTextResponse(f"{message} (go back and reload the page)", status)


def routes(desk: Desk) -> dict[str, Any]:
    async def run_write(request: Request, work: Any, next_url: Any) -> Response:
        """Run one decision; answer JSON or a redirect, or say why nothing was written."""
        try:
            result = await desk.write(work)
        except decisions.UnknownJob as e:
            return _refusal(request, 404, f"no job {e} (it may have been merged: reload)")
        except decisions.NothingToUndo as e:
            return _refusal(request, 404, str(e))
        except decisions.Conflict as e:
            return _refusal(request, 409, str(e), conflict=e.current)
        except ValueError as e:
            return _refusal(request, 400, str(e))
        if wants_json(request):
            return JSONResponse(result)
        return RedirectResponse(back_to(next_url), 303)

    async def queue_page(request: Request) -> Response:
        filters = queue.Filters.from_query(request.query_params)
        now = desk.clock()
        try:
            limit = min(queue.MAX_LIMIT, max(1, int(request.query_params.get("limit", ""))))
        except ValueError:
            limit = queue.LIMIT

        def work(con: duckdb.DuckDBPyConnection) -> Any:
            return queue.review_queue(con, filters, rules_mod.load(con), now, limit), (
                views.listing(con)
            )

        q, saved = await desk.read(work)
        if any(j.always_approved and not j.status for j in q.jobs):
            # new jobs of an always-approve employer: approve them (logged, undoable), re-read
            await desk.write(lambda con: queue.apply_standing(con, now))
            q, saved = await desk.read(work)
        here = request.url.path + ("?" + request.url.query if request.url.query else "")
        more = "/queue?" + urlencode({**request.query_params, "limit": limit + queue.LIMIT})
        return desk.page(request, "queue.html.j2", q=q, f=filters, now=now, here=here,
                         more=more, saved=saved, query=filters.query(),
                         error=request.query_params.get("error"))  # fmt: skip

    async def job_page(request: Request) -> Response:
        job_id = request.path_params["job_id"]
        now = desk.clock()
        job = await desk.read(lambda con: queue.job_detail(con, job_id, now))
        if job is None:
            return PlainTextResponse(f"no job {job_id} (it may have been merged)", 404)
        here = request.url.path + ("?" + request.url.query if request.url.query else "")
        template = "preview.html.j2" if request.query_params.get("pane") else "job.html.j2"
        return desk.page(request, template, job=job, here=here,
                         back=back_to(request.query_params.get("next")))  # fmt: skip

    async def decide(request: Request) -> Response:
        if not await desk.csrf.check(request):
            return forbidden()
        job_id = request.path_params["job_id"]
        form = await request.form()
        action = str(form.get("action", ""))
        now = desk.clock()
        try:
            expect = decisions.parse_state(str(form.get("expect") or ""))
        except ValueError as e:
            return _refusal(request, 400, str(e))
        return await run_write(
            request,
            lambda con: decisions.decide(con, job_id, action, now, expect),
            form.get("next"),
        )

    async def decide_many(request: Request) -> Response:
        if not await desk.csrf.check(request):
            return forbidden()
        form = await request.form()
        ids = [str(v) for v in form.getlist("job")]
        states = [str(v) for v in form.getlist("expect")]
        action = str(form.get("action", ""))
        now = desk.clock()
        try:
            expect = {j: decisions.parse_state(s) for j, s in zip(ids, states, strict=False)}
        except ValueError as e:
            return _refusal(request, 400, str(e))
        return await run_write(
            request,
            lambda con: decisions.decide_many(con, ids, action, now, expect),
            form.get("next"),
        )

    async def undo(request: Request) -> Response:
        if not await desk.csrf.check(request):
            return forbidden()
        form = await request.form()
        group = str(form.get("group") or "")
        job_id = str(form.get("job") or "") or None
        now = desk.clock()
        if group and not group.isdigit():
            return _refusal(request, 400, f"bad group {group!r}")
        return await run_write(
            request,
            lambda con: decisions.undo(con, int(group) if group else None, job_id, now),
            form.get("next"),
        )

    async def changes(request: Request) -> Response:
        since = request.query_params.get("since", "0")
        if not since.isdigit():
            return JSONResponse({"error": "since must be a whole number"}, 400)
        return JSONResponse(await desk.read(lambda con: decisions.changes(con, int(since))))

    async def annotate(request: Request) -> Response:
        if not await desk.csrf.check(request):
            return forbidden()
        job_id = request.path_params["job_id"]
        form = await request.form()
        title = form.get("title")
        note = form.get("note")
        now = desk.clock()
        return await run_write(
            request,
            lambda con: decisions.annotate(
                con, job_id,
                title=title if isinstance(title, str) else None,
                note=note if isinstance(note, str) else None, now=now,
            ),
            form.get("next"),
        )  # fmt: skip

    async def employer(request: Request) -> Response:
        """Always approve / always hide this job's employer (a rule, from a row)."""
        if not await desk.csrf.check(request):
            return forbidden()
        job_id = request.path_params["job_id"]
        form = await request.form()
        kind = {"approve": "approved_employer", "hide": "blocked_employer"}.get(
            str(form.get("rule", ""))
        )
        now = desk.clock()
        if kind is None:
            return _refusal(request, 400, "rule must be approve or hide")

        def work(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
            row = con.execute("SELECT company FROM jobs WHERE job_id = ?", [job_id]).fetchone()
            if row is None:
                raise decisions.UnknownJob(job_id)
            if not row[0]:
                raise ValueError("this job names no employer")
            rules_mod.add(con, kind, row[0], now)
            approved = queue.apply_standing(con, now) if kind == "approved_employer" else 0
            return {"rule": kind, "employer": row[0], "approved": approved,
                    "jobs": rules_mod.matching_jobs(con, row[0]),
                    "version": decisions.version(con)}  # fmt: skip

        return await run_write(request, work, form.get("next"))

    async def unhide(request: Request) -> Response:
        """Show one job her rules hide (or hide it again: ``hide=1``)."""
        if not await desk.csrf.check(request):
            return forbidden()
        job_id = request.path_params["job_id"]
        form = await request.form()
        again = str(form.get("hide", "")) == "1"
        now = desk.clock()

        def work(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
            if not decisions.shown(con, [job_id]):
                raise decisions.UnknownJob(job_id)
            if again:
                rules_mod.remove(con, "unhidden_job", job_id)
            else:
                rules_mod.add(con, "unhidden_job", job_id, now)
            return {"job_id": job_id, "hidden": again}

        return await run_write(request, work, form.get("next"))

    async def filters_change(request: Request) -> Response:
        if not await desk.csrf.check(request):
            return forbidden()
        form = await request.form()
        op = request.path_params["op"]
        name, query = str(form.get("name", "")), str(form.get("query", ""))
        now = desk.clock()

        def work(con: duckdb.DuckDBPyConnection) -> str:
            if op == "save":
                return views.save(con, name, query, now)
            if op == "delete":
                views.delete(con, name)
                return ""
            raise ValueError(f"no such filter change: {op}")

        try:
            saved = await desk.write(work)
        except ValueError as e:
            return RedirectResponse(f"/queue?{query.lstrip('?')}&error={quote(str(e))}", 303)
        return RedirectResponse("/queue" + (f"?{saved}" if saved else ""), 303)

    return {
        "queue": queue_page,
        "job": job_page,
        "decide": decide,
        "decide_many": decide_many,
        "undo": undo,
        "changes": changes,
        "annotate": annotate,
        "employer": employer,
        "unhide": unhide,
        "filters_change": filters_change,
    }
