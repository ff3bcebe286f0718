"""The list owner's curation page (``eolist ui``): Starlette, Jinja2 templates, plain forms.

Pages: ``/queue`` (review: a compact list beside a preview pane, keyboard shortcuts, bulk
decisions, undo, saved filters), ``/jobs/{id}`` (``?pane=1``: the pane's part), ``/digest`` (preview and
Publish), ``/digests/{id}.{fmt}`` (published lists), ``/feed.rss`` and ``/feed.atom``,
``/sources`` (health) and ``/rules``. No front-end build step: the little script the queue
needs is inline in its template, allowed by the page's CSP nonce.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from curation.web import pages, review
from curation.web.desk import Desk
from curation.web.security import Csrf, FailedLogins, GuardMiddleware, allowed_hosts
from warehouse.errors import DatabaseLocked


def create_app(
    db_path: Path,
    out_dir: Path,
    password: str | None = None,
    clock: Callable[[], datetime] | None = None,
    hosts: Sequence[str] | None = None,
    logins: FailedLogins | None = None,
) -> Starlette:
    """The page's app; ``hosts`` are the Host names it answers (default: loopback names)."""
    desk = Desk(Path(db_path), Path(out_dir), Csrf(), clock)
    desk.prepare()
    r = review.routes(desk)
    p = pages.routes(desk)

    async def home(request: Request) -> Response:
        return RedirectResponse("/queue", 302)

    async def no_icon(request: Request) -> Response:
        return Response(status_code=204)

    app = Starlette(
        routes=[
            Route("/", home),
            Route("/favicon.ico", no_icon),
            Route("/queue", r["queue"]),
            Route("/jobs/{job_id}", r["job"]),
            Route("/jobs/{job_id}/decide", r["decide"], methods=["POST"]),
            Route("/jobs/{job_id}/annotate", r["annotate"], methods=["POST"]),
            Route("/jobs/{job_id}/employer", r["employer"], methods=["POST"]),
            Route("/jobs/{job_id}/unhide", r["unhide"], methods=["POST"]),
            Route("/decisions", r["decide_many"], methods=["POST"]),
            Route("/decisions/undo", r["undo"], methods=["POST"]),
            Route("/decisions/changes", r["changes"]),
            Route("/filters/{op}", r["filters_change"], methods=["POST"]),
            Route("/digest", p["digest"]),
            Route("/digest/preview.{fmt}", p["preview"]),
            Route("/digest/confirm", p["confirm"]),
            Route("/digest/publish", p["publish"], methods=["POST"]),
            Route("/digest/unpublish", p["unpublish"], methods=["POST"]),
            Route("/digest/posts", p["choose_post"], methods=["POST"]),
            Route("/digests/{digest_id}.{fmt}", p["published"]),
            Route("/feed.rss", p["feed_rss"]),
            Route("/feed.atom", p["feed_atom"]),
            Route("/sources", p["sources"]),
            Route("/rules", p["rules"]),
            Route("/rules/{op}", p["rules_change"], methods=["POST"]),
        ],
        middleware=[
            # outermost: a request for another host name (DNS rebinding) is answered 400
            Middleware(
                TrustedHostMiddleware, allowed_hosts=hosts or allowed_hosts(), www_redirect=False
            ),
            Middleware(GuardMiddleware, csrf=desk.csrf, password=password, logins=logins),
        ],
        exception_handlers={DatabaseLocked: desk.busy},
    )
    app.state.desk = desk
    return app
