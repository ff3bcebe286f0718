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


def crawl(config: Any, landing: Any, batch_id: str, settings: dict[str, Any] | None = None,
          state: Any = None, timeout: float = 240) -> Any:  # fmt: skip
    """``tests.reliability.support.run_crawl`` with a ``--state`` file (validators)."""
    import json
    import os
    import subprocess
    import sys

    from tests.reliability.support import ROOT, CrawlResult

    cmd = [sys.executable, "-m", "spiders.run", "--config", str(config),
           "--landing", str(landing), "--batch-id", batch_id]  # fmt: skip
    if state is not None:
        cmd += ["--state", str(state)]
    for name, value in (settings or {}).items():
        cmd += ["--setting", f"{name}={json.dumps(value)}"]
    landing.mkdir(parents=True, exist_ok=True)
    err_path = landing.parent / f"{batch_id}.stderr"
    with err_path.open("w") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
    path = landing / f"{batch_id}.jsonl"
    return CrawlResult(
        os.waitstatus_to_exitcode(status), err_path.read_text(errors="replace"),
        usage.ru_maxrss / 1024, path if path.exists() else None,
    )  # fmt: skip
