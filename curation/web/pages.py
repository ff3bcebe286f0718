"""The digest (preview, publish, published lists, feed), the sources' health, and her rules."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import duckdb
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from curation import compose, export, feed, render
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
    def week_param(request: Request) -> str:
        return request.query_params.get("week") or compose.week_of(desk.clock())

    async def digest_page(request: Request) -> Response:
        week = week_param(request)
        now = desk.clock()

        def work(con: duckdb.DuckDBPyConnection) -> Any:
            d = compose.compose(con, week, now)
            heads = con.execute(
                "SELECT digest_id, week, title, published_at, job_count, post_count FROM digests"
                " ORDER BY published_at DESC LIMIT 52"
            ).fetchall()
            return d, heads

        try:
            d, heads = await desk.read(work)
        except compose.DigestError as e:
            return PlainTextResponse(str(e), 400)
        return desk.page(request, "digest.html.j2", d=d, published=heads, week=week,
                         message=request.query_params.get("published"))  # fmt: skip

    async def preview(request: Request) -> Response:
        fmt = request.path_params["fmt"]
        if fmt not in MEDIA:
            return PlainTextResponse(f"no format {fmt}", 404)
        week, now = week_param(request), desk.clock()
        try:
            d = await desk.read(lambda con: compose.compose(con, week, now))
        except compose.DigestError as e:
            return PlainTextResponse(str(e), 400)
        return _digest_response(d, fmt, download=fmt not in ("html", "txt"))

    async def publish(request: Request) -> Response:
        if not await desk.csrf.check(request):
            return forbidden()
        form = await request.form()
        week = str(form.get("week") or compose.week_of(desk.clock()))
        now = desk.clock()

        def work(con: duckdb.DuckDBPyConnection) -> compose.Digest:
            rules_mod.apply_standing(con, now)  # her always-approve employers' new jobs
            d = compose.compose(con, week, now)
            return export.publish(con, d, now, desk.out_dir, render.FORMATS)[0]

        try:
            d = await desk.write(work)
        except compose.DigestError as e:
            return PlainTextResponse(str(e), 400)
        except export.PublishError as e:  # nothing changed: the previous lists stand
            return PlainTextResponse(str(e), 500)
        return RedirectResponse(f"/digest?week={week}&published={d.digest_id}", 303)

    async def published(request: Request) -> Response:
        digest_id, fmt = request.path_params["digest_id"], request.path_params["fmt"]
        if fmt not in MEDIA:
            return PlainTextResponse(f"no format {fmt}", 404)
        d = await desk.read(lambda con: compose.published(con, digest_id))
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
        "published": published,
        "feed_rss": feed_rss,
        "feed_atom": feed_atom,
        "sources": sources_page,
        "rules": rules_page,
        "rules_change": rules_change,
    }
