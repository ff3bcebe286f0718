"""The digest (preview, publish, published lists, feed), the sources' health, and her rules."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import duckdb
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from curation import compose, export, feed, fmt, publishing, queue, render
from curation import rules as rules_mod
from curation.web.desk import Desk
from curation.web.review import forbidden
from pipeline.safety import redact_url

MEDIA = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
SOURCES_SQL = """
    SELECT h.source_name, h.kind, s.url, h.health, h.last_ok_at, h.last_attempt_at, h.last_error,
           h.consecutive_failures, h.empty_crawls, h.next_attempt_at, h.open_postings,
           h.last_status, h.last_fetched
    FROM source_health h JOIN sources s ON s.name = h.source_name
    ORDER BY h.health = 'ok', h.consecutive_failures DESC, h.source_name
"""


def _digest_response(d: compose.Digest, fmt: str, download: bool = False) -> Response:
    headers = {}
    if download:
        headers["Content-Disposition"] = f'attachment; filename="{d.digest_id or d.week}.{fmt}"'
    # The email HTML has no script: a CSP of none keeps it that way even if a bug slipped in.
    headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    )
    return Response(render.render(d, fmt), media_type=MEDIA[fmt], headers=headers)


def routes(desk: Desk) -> dict[str, Any]:
    def week_of(request: Request, con: duckdb.DuckDBPyConnection, form: Any = None) -> str:
        """The week asked for, else this week on her calendar (her time zone)."""
        given = (form.get("week") if form is not None else None) or request.query_params.get("week")
        week = str(given or compose.this_week(con, desk.clock()))
        compose.parse_week(week)
        return week

    def kind_of(value: Any) -> str | None:
        return str(value) if value in compose.KINDS else None

    async def digest_page(request: Request) -> Response:
        now = desk.clock()
        kind = kind_of(request.query_params.get("kind"))

        def work(con: duckdb.DuckDBPyConnection) -> Any:
            week = week_of(request, con)
            d = compose.compose(con, week, now, kind=kind)
            settings = rules_mod.settings(con)
            tz = fmt.zone(settings["timezone"])
            heads = [
                (digest_id, w, title, fmt.local_time(at, tz), jobs, posts, k,
                 fmt.local_time(gone, tz) if gone else None)
                for digest_id, w, title, at, jobs, posts, k, gone in con.execute(
                    "SELECT digest_id, week, title, published_at, job_count, post_count,"
                    " coalesce(kind, 'list'), unpublished_at FROM digests"
                    " ORDER BY published_at DESC LIMIT 52"
                ).fetchall()
            ]  # fmt: skip
            sent = [
                (s, fmt.local_time(s.published_at, tz), publishing.can_unpublish(s, now, settings))
                for s in d.sent
            ]
            return week, d, heads, sent, settings

        try:
            week, d, heads, sent, settings = await desk.read(work)
        except compose.DigestError as e:
            return PlainTextResponse(str(e), 400)
        # Once the week's list is out the page shows what went out; a supplement is asked for.
        show_draft = not d.sent or kind == "supplement"
        return desk.page(request, "digest.html.j2", d=d, published=heads, week=week,
                         sent=sent, show_draft=show_draft, kind=d.kind,
                         public_url=settings["public_url"],
                         window=rules_mod.number(settings, "post_window_days"),
                         message=request.query_params.get("published"),
                         error=request.query_params.get("error"))  # fmt: skip

    async def preview(request: Request) -> Response:
        fmt_ = request.path_params["fmt"]
        if fmt_ not in MEDIA:
            return PlainTextResponse(f"no format {fmt_}", 404)
        now, kind = desk.clock(), kind_of(request.query_params.get("kind"))
        try:
            d = await desk.read(lambda con: compose.compose(con, week_of(request, con), now,
                                                            kind=kind))  # fmt: skip
        except compose.DigestError as e:
            return PlainTextResponse(str(e), 400)
        return _digest_response(d, fmt_, download=fmt_ not in ("html", "txt"))

    async def confirm(request: Request) -> Response:
        """The question before anything goes out: "Send 8 jobs and 5 posts to the list?" with
        the counts she is about to send (and the public address, before the first publish)."""
        now, kind = desk.clock(), kind_of(request.query_params.get("kind"))

        def work(con: duckdb.DuckDBPyConnection) -> Any:
            week = week_of(request, con)
            return week, compose.compose(con, week, now, kind=kind), rules_mod.settings(con)

        try:
            week, d, settings = await desk.read(work)
        except compose.DigestError as e:
            return PlainTextResponse(str(e), 400)
        return desk.page(request, "digest_confirm.html.j2", d=d, week=week,
                         public_url=settings["public_url"], changed=request.query_params.get("changed"))  # fmt: skip

    async def publish(request: Request) -> Response:
        if not await desk.csrf.check(request):
            return forbidden()
        form = await request.form()
        now, kind = desk.clock(), kind_of(form.get("kind")) or "list"
        expect = (str(form.get("expect_jobs", "")), str(form.get("expect_posts", "")))
        public_url = str(form.get("public_url") or "").strip()

        def work(con: duckdb.DuckDBPyConnection) -> tuple[str, compose.Digest | None]:
            week = week_of(request, con, form)
            if public_url and not rules_mod.settings(con)["public_url"]:
                rules_mod.set_settings(con, {"public_url": public_url})
            queue.apply_standing(con, now)  # her always-approve employers' new jobs
            d = compose.compose(con, week, now, kind=kind)
            if expect != (str(len(d.jobs)), str(len(d.posts))):
                return week, None  # changed since she was asked (another tab): ask again
            # rows, files and feed together, or nothing (curation.export.publish)
            return week, export.publish(con, d, now, desk.out_dir, render.FORMATS)[0]

        try:
            week, d = await desk.write(work)
        except (compose.DigestError, ValueError) as e:
            return RedirectResponse(f"/digest?error={quote(str(e))}", 303)
        except export.PublishError as e:  # nothing changed: the previous lists stand
            return PlainTextResponse(str(e), 500)
        if d is None:
            return RedirectResponse(f"/digest/confirm?week={week}&kind={kind}&changed=1", 303)
        return RedirectResponse(f"/digest?week={week}&published={d.digest_id}", 303)

    async def unpublish(request: Request) -> Response:
        if not await desk.csrf.check(request):
            return forbidden()
        form = await request.form()
        digest_id, now = str(form.get("digest_id", "")), desk.clock()

        def work(con: duckdb.DuckDBPyConnection) -> str:
            week = con.execute(
                "SELECT week FROM digests WHERE digest_id = ?", [digest_id]
            ).fetchone()
            publishing.unpublish(con, digest_id, now)
            export.write_feed(con, desk.out_dir)
            return str(week[0]) if week else ""

        try:
            week = await desk.write(work)
        except compose.DigestError as e:
            return RedirectResponse(f"/digest?error={quote(str(e))}", 303)
        return RedirectResponse(f"/digest?week={week}", 303)

    async def choose_post(request: Request) -> Response:
        if not await desk.csrf.check(request):
            return forbidden()
        form = await request.form()
        key, choice, now = str(form.get("entry_key", "")), str(form.get("choice", "")), desk.clock()
        back = f"/digest?week={quote(str(form.get('week') or ''))}"
        back += f"&kind={form.get('kind')}" if kind_of(form.get("kind")) else ""
        try:
            await desk.write(lambda con: compose.choose_post(con, key, choice, now))
        except compose.DigestError as e:
            return RedirectResponse(f"{back}&error={quote(str(e))}", 303)
        return RedirectResponse(f"{back}#posts", 303)

    async def published(request: Request) -> Response:
        digest_id, fmt = request.path_params["digest_id"], request.path_params["fmt"]
        if fmt not in MEDIA:
            return PlainTextResponse(f"no format {fmt}", 404)
        d = await desk.read(lambda con: publishing.published(con, digest_id))
        if d is None:
            return PlainTextResponse(f"no published digest {digest_id}", 404)
        return _digest_response(d, fmt, download=fmt not in ("html", "txt"))

    async def feed_rss(request: Request) -> Response:
        return Response(await desk.read(feed.rss), media_type="application/rss+xml")

    async def feed_atom(request: Request) -> Response:
        return Response(await desk.read(feed.atom), media_type="application/atom+xml")

    async def sources_page(request: Request) -> Response:
        rows = await desk.read(lambda con: con.execute(SOURCES_SQL).fetchall())
        # stored redacted since the secrets issue; a warehouse from before may still hold them
        rows = [(r[0], r[1], redact_url(r[2] or ""), *r[3:]) for r in rows]
        return desk.page(request, "sources.html.j2", sources=rows, now=desk.clock())

    async def rules_page(request: Request) -> Response:
        def work(con: duckdb.DuckDBPyConnection) -> Any:
            return rules_mod.listing(con), rules_mod.settings(con)

        listing, settings = await desk.read(work)
        return desk.page(request, "rules.html.j2", rules=listing, settings=settings,
                         kinds=rules_mod.KINDS, error=request.query_params.get("error"))  # fmt: skip

    async def rules_change(request: Request) -> Response:
        if not await desk.csrf.check(request):
            return forbidden()
        form = await request.form()
        op = request.path_params["op"]
        kind, value = str(form.get("kind", "")), str(form.get("value", ""))
        now = desk.clock()

        def work(con: duckdb.DuckDBPyConnection) -> None:
            if op == "add":
                rules_mod.add(con, kind, value, now)
            elif op == "remove":
                rules_mod.remove(con, kind, value)
            elif op == "settings":
                rules_mod.set_settings(con, {k: str(v) for k, v in form.items() if k != "csrf"})
            else:
                raise ValueError(f"no such rules change: {op}")

        try:
            await desk.write(work)
        except ValueError as e:
            return RedirectResponse(f"/rules?error={quote(str(e))}", 303)
        return RedirectResponse("/rules", 303)

    return {
        "digest": digest_page,
        "preview": preview,
        "publish": publish,
        "confirm": confirm,
        "unpublish": unpublish,
        "choose_post": choose_post,
        "published": published,
        "feed_rss": feed_rss,
        "feed_atom": feed_atom,
        "sources": sources_page,
        "rules": rules_page,
        "rules_change": rules_change,
    }
