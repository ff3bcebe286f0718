"""The sample web's HTTP server: routes, caching, conditional GET, and a fault hook.

``SampleWeb(seed, scale)`` builds the world (cheap at any size: job-site pages past the
world's own are generated on request) and serves it from a ``ThreadingHTTPServer`` on
127.0.0.1 in a daemon thread. Rendered responses are kept as bytes with their ETag in a
bounded LRU cache keyed by path and query minus tracking parameters. Every 200 carries
``ETag`` and ``Last-Modified``; ``If-None-Match`` / ``If-Modified-Since`` get 304.

Faults: ``set_fault(prefix, "status:503")`` answers every path under ``prefix`` with that
status (429 and 503 with ``Retry-After: 1``); ``"delay:2.5"`` sleeps before answering. More
modes live in ``sampleweb.faults`` (merged into ``FAULTS`` the first time one is set); a mode is
a function ``(handler, arg) -> bool``, True when it has answered the request itself.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timedelta
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from sampleweb import faults, ids, routes_ent, routes_more, routes_smb, routes_wild
from sampleweb.generate import EPOCH, World
from sampleweb.routes import Router

CACHE_SIZE = 8192
TEXT = "text/plain; charset=utf-8"


def _is_tracking(key: str) -> bool:
    return key.startswith("utm_") or key in ("gh_src", "lever-source")


def _fault_status(handler: BaseHTTPRequestHandler, arg: str) -> bool:
    code = int(arg)
    extra = {"Retry-After": "1"} if code in (429, 503) else {}
    handler._send(code, f"fault {code}\n".encode(), TEXT, None, extra)  # type: ignore[attr-defined]
    return True


def _fault_delay(handler: BaseHTTPRequestHandler, arg: str) -> bool:
    time.sleep(float(arg))
    return False  # then answer normally


# fault kind -> function(handler, argument) -> True when it has answered the request itself
FAULTS: dict[str, Callable[[BaseHTTPRequestHandler, str], bool]] = {
    "status": _fault_status,
    "delay": _fault_delay,
    **faults.MODES,  # every other way a server fails (sampleweb.faults)
}


class SampleWeb:
    """The generated web on 127.0.0.1; use as a context manager (see the package docstring)."""

    def __init__(
        self,
        seed: int = 7,
        scale: int = 1,
        jobsite_pages: int | None = None,
        blog_feeds: int | None = None,
        port: int = 0,
    ) -> None:
        self.world = World(seed, scale, jobsite_pages, blog_feeds)
        self.faults: dict[str, str] = {}
        self.hits: dict[str, int] = {}
        self._cache: OrderedDict[str, tuple[int, bytes, str, str]] = OrderedDict()
        self._lock = threading.Lock()
        self._truth: dict[str, Any] | None = None
        self.modified = EPOCH  # Last-Modified of every page; moves on each change to the web
        self._server = _Server(("127.0.0.1", port), _handler(self))
        self._thread: threading.Thread | None = None
        self.router = Router(self.world, self.base_url)

    def start(self) -> SampleWeb:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )  # a short poll: stop() waits for it
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> SampleWeb:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def set_fault(self, path_prefix: str, fault: str) -> None:
        kind = fault.partition(":")[0]
        if kind not in FAULTS:  # the other modes live in sampleweb.faults, loaded when asked for
            from sampleweb.faults import MODES

            FAULTS.update({k: v for k, v in MODES.items() if k not in FAULTS})
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {fault!r} (known: {', '.join(FAULTS)})")
        self.faults[path_prefix] = fault

    def clear_faults(self) -> None:
        self.faults.clear()

    def close_job(self, job_id: str, closed: bool = True) -> None:
        """Take a real job down from every source (its pages then answer 404), or put it back."""
        if closed:
            self.world.closed.add(job_id)
        else:
            self.world.closed.discard(job_id)
        with self._lock:
            self._cache.clear()
            self._truth = None
            self.modified += timedelta(hours=1)

    def edit_wild(self, site: str, n: int, lastmod: str) -> None:
        """Edit a wild corner posting: its text changes and its sitemap ``lastmod`` says when.
        (``close_job(f"wild:{site}:{n}")`` takes one down: its page 404s, its URL leaves
        the sitemap.)"""
        self.world.wild_edits[f"wild:{site}:{n}"] = lastmod
        with self._lock:
            self._cache.clear()
            self._truth = None
            self.modified += timedelta(hours=1)

    # sources and truth ----------------------------------------------------------------
    def sources(
        self,
        more_kinds: bool = False,
        ent_kinds: tuple[str, ...] = (),
        wild: bool | tuple[str, ...] = False,
    ) -> list[dict[str, Any]]:
        """The sample web's sources; ``more_kinds`` adds one mirror board per other ATS kind
        (``sampleweb.routes_more``): the same jobs again, so not part of the default set;
        ``ent_kinds`` the boards of the employers on those systems (``routes_ent``);
        ``wild`` adds the wild corner's sites (``sampleweb.routes_wild``; truth: ``wild_truth``),
        all of them or those named (``routes_wild.DEMO_SITES``: what ``eolist demo`` crawls)."""
        base, w = self.base_url, self.world
        out: list[dict[str, Any]] = []
        for c in w.companies:
            if c.ats == "greenhouse":
                url = f"{base}/greenhouse/v1/boards/{c.slug}/jobs?content=true"
            elif c.ats == "lever":
                url = f"{base}/lever/v0/postings/{c.slug}?mode=json"
            else:
                continue
            out.append(
                {
                    "name": ids.source_name(c.ats, c.slug),
                    "kind": c.ats,
                    "url": url,
                    "company": c.name,
                }
            )
        out.append(
            {
                "name": "jobsite",
                "kind": "jsonld",
                "url": f"{base}/jobsite/jobs?page=1",
                "max_pages": w.jobsite_pages + 1,
            }
        )
        out.append({"name": "jobfeed", "kind": "job-feed", "url": f"{base}/jobfeed/rss"})
        for blog in w.blogs:
            if w.blog_kind(blog) == "blogger":
                url = f"{base}/blogger/{blog}/feeds/posts/default?start-index=1&max-results=10"
            else:
                url = f"{base}/wp/{blog}/feed/"
            out.append({"name": ids.source_name("blog", blog), "kind": "blog-feed", "url": url})
        # the small-business ATS employers: a few by default, every kind with more_kinds
        out.extend(routes_smb.sources(w, base, every=more_kinds))
        if more_kinds:
            out.extend(routes_more.sources(w, base))
        out.extend(routes_ent.sources(w, base, ent_kinds))
        if wild:
            named = wild if isinstance(wild, tuple) else None
            out.extend(s for s in routes_wild.Wild(w, base).sources()
                       if named is None or s["name"] in named)  # fmt: skip
        for s in out:
            s["country"] = "CA"
        return out

    def sources_toml(
        self,
        more_kinds: bool = False,
        ent_kinds: tuple[str, ...] = (),
        wild: bool | tuple[str, ...] = False,
    ) -> str:
        lines = ["# The sample web (python -m sampleweb); every URL is on 127.0.0.1.", ""]
        for s in self.sources(more_kinds, ent_kinds, wild):
            lines.append("[[source]]")
            for key, value in s.items():
                text = json.dumps(value) if not isinstance(value, bool) else str(value).lower()
                if isinstance(value, dict):  # an inline table (the html kind's selectors)
                    text = "{ " + ", ".join(f"{k} = {json.dumps(v)}" for k, v in value.items())
                    text += " }"
                lines.append(f"{key} = {text}")
            lines.append("")
        return "\n".join(lines)

    @property
    def truth(self) -> dict[str, Any]:
        if self._truth is None:
            self._truth = ids.truth(self.world, self.base_url)
        return self._truth

    @property
    def wild_truth(self) -> dict[str, Any]:
        """The wild corner's ground truth: each source's posting URLs and expected status."""
        return routes_wild.Wild(self.world, self.base_url).truth()

    def truth_json(self) -> str:
        return json.dumps(self.truth, indent=1, sort_keys=True, ensure_ascii=False)

    # responses ------------------------------------------------------------------------
    def respond(self, raw_path: str) -> tuple[int, bytes, str, str]:
        """(status, body, content type, etag) for a request path, rendered once."""
        parts = urlsplit(raw_path)
        query = [
            (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
        ]
        key = parts.path + "?" + urlencode(sorted(query))
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        try:
            status, body, ctype = self.router.route(parts.path, dict(query))
        except ValueError:
            status, body, ctype = 400, b"bad request\n", TEXT
        etag = '"' + hashlib.blake2b(body, digest_size=10).hexdigest() + '"'
        entry = (status, body, ctype, etag)
        with self._lock:
            self._cache[key] = entry
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return entry


class _Server(ThreadingHTTPServer):
    # The listen backlog: socketserver's 5 overflows when a crawl opens its 8-32 connections
    # at once while the accepting thread waits for the interpreter lock; the kernel then drops
    # the handshake and the client's SYN is resent after 1 s, 3 s, ... (a benchmark stalled
    # for 25 s, a 2 s test timeout failed a healthy source)
    request_queue_size = 256
    daemon_threads = True


def _not_modified(headers: Any, etag: str, modified: datetime) -> bool:
    inm = headers.get("If-None-Match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return etag in tags or "*" in tags
    ims = headers.get("If-Modified-Since")
    if ims:
        try:
            return parsedate_to_datetime(ims) >= modified
        except (TypeError, ValueError):
            return False
    return False


def _handler(web: SampleWeb) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "sampleweb/1"
        sample_web = web  # fault modes render the real page through it
        # TCP_NODELAY: with keep-alive, the body written after the headers otherwise waits
        # ~40 ms on Nagle + delayed ACK (measured: 33-45 ms a request; 1-2 ms with it).
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass  # quiet: tests and benchmarks make thousands of requests

        def do_HEAD(self) -> None:  # noqa: N802
            self._answer(head=True)

        def do_GET(self) -> None:  # noqa: N802
            self._answer(head=False)

        def do_POST(self) -> None:  # noqa: N802  (Workday's list API pages by POST)
            size = min(int(self.headers.get("Content-Length") or 0), 65536)
            body = self.rfile.read(size) if size else b""
            path = urlsplit(self.path).path
            with web._lock:
                web.hits[path] = web.hits.get(path, 0) + 1
            for prefix, fault in list(web.faults.items()):
                if path.startswith(prefix):
                    kind, _, arg = fault.partition(":")
                    if FAULTS[kind](self, arg):
                        return
            status, payload, ctype = routes_ent.route_post(
                web.world, self.path, body
            ) or routes_more.route_post(web.world, path, body)
            self._send(status, payload, ctype, None)

        def _answer(self, head: bool) -> None:
            path = urlsplit(self.path).path
            with web._lock:
                web.hits[path] = web.hits.get(path, 0) + 1
            for prefix, fault in list(web.faults.items()):
                if path.startswith(prefix):
                    kind, _, arg = fault.partition(":")
                    if FAULTS[kind](self, arg):
                        return
            status, body, ctype, etag = web.respond(self.path)
            if status == 200 and _not_modified(self.headers, etag, web.modified):
                return self._send(304, b"", None, etag)
            if 300 <= status < 400:  # a redirect's body is its Location (routes_smb: Jobvite)
                return self._send(status, b"", ctype, None, {"Location": body.decode()})
            self._send(
                status,
                b"" if head else body,
                ctype,
                etag if status == 200 else None,
                length=len(body),
            )

        def _send(
            self,
            status: int,
            body: bytes,
            ctype: str | None,
            etag: str | None,
            extra: dict[str, str] | None = None,
            length: int | None = None,
        ) -> None:
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            if etag:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", formatdate(web.modified.timestamp(), usegmt=True))
                self.send_header("Cache-Control", "max-age=0, must-revalidate")
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body) if length is None else length))
            self.end_headers()
            if body:
                self.wfile.write(body)

    return Handler
