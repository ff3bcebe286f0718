"""A small local HTTP server for spider tests: fixed bodies under the real URL paths.

``CaseServer(routes)`` serves ``{(host, method, path_with_query, request_body): (status, body,
content_type)}`` on 127.0.0.1; anything else is 404. The client names the real host in its
``Host`` header (many boards share paths such as Personio's ``/xml``), and POST bodies are part
of the key, so Workday's pages (same URL, different offsets) are told apart.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Route = tuple  # (status, body, content type[, extra headers])


class CaseServer:
    def __init__(self, routes: dict[tuple[str, str, str, bytes], Route]) -> None:
        self.routes = routes
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.times: list[tuple[float, str]] = []  # (monotonic time, path) of every request
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def __enter__(self) -> CaseServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def _answer(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                server.requests.append((method, self.path, dict(self.headers)))
                server.times.append((time.monotonic(), self.path))
                status, payload, ctype, *extra = server.routes.get(
                    (self.headers.get("Host", ""), method, self.path, body),
                    (404, b"not found", "text/plain"),
                )
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                for name, value in (extra[0] if extra else {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self) -> None:  # noqa: N802
                self._answer("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._answer("POST")

        return Handler
