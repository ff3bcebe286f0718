"""A tiny local feed server for the feed tests: fixed bytes per path, ETag and 304, counters.

``FeedServer.routes[path] = Route(body, status, headers, etag)``; ``etag=False`` makes the
route ignore conditional requests (a server that always answers 200). ``hits[path]`` and
``conditional[path]`` count requests and 304 answers. 127.0.0.1 only.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Route:
    body: bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: bool = True
    ctype: str = "application/xml; charset=utf-8"


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                server.hits[self.path] += 1
                if self.path == "/robots.txt":
                    return self._send(200, b"User-agent: *\nAllow: /\n", {}, "text/plain")
                route = server.routes.get(self.path)
                if route is None:
                    return self._send(404, b"not found", {}, "text/plain")
                headers = dict(route.headers)
                if route.etag and route.status == 200:
                    tag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
                    headers["ETag"] = tag
                    if self.headers.get("If-None-Match") == tag:
                        server.not_modified[self.path] += 1
                        return self._send(304, b"", headers, None)
                return self._send(route.status, route.body, headers, route.ctype)

            def _send(
                self, status: int, body: bytes, headers: dict[str, str], ctype: str | None
            ) -> None:
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
