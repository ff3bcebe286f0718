"""The small-business ATS kinds are polite by construction (issue 20, item 3), end to end.

The sample web's SMB mirrors (``sampleweb.routes_smb``) are served through a gauge: a local
server that answers with the sample web's own responses, adds a robots.txt of the test's
choosing and a little latency, and records how many requests were in flight at once and
when each arrived. A crawl of every SMB board must keep at most two requests in flight to
the host (``HOST_CONCURRENCY``, ``spiders.settings.host_slots``) and space them by
robots.txt's Crawl-delay.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from pipeline.sources import SourceConfig
from sampleweb import SampleWeb
from sampleweb.generate import SMB_KINDS
from spiders.settings import host_slots

ROOT = Path(__file__).resolve().parents[2]
NEW_KINDS = (*SMB_KINDS, "ontario-gojobs")
REAL_URLS = {
    "jobvite": "https://jobs.jobvite.com/lakeshorehealth",
    "bamboohr": "https://harbourcu.bamboohr.com/careers",
    "breezy": "https://maplegrovedental.breezy.hr/",
    "pinpoint": "https://northwindlogistics.pinpointhq.com/",
    "jazzhr": "https://fernbrookco-op.applytojob.com/apply/jobs",
    "comeet": "https://www.comeet.co/careers-api/2.0/company/41.00B/positions?token=T",
    "rippling": "https://ats.rippling.com/cedarline-health/jobs",
    "paylocity": "https://recruiting.paylocity.com/Recruiting/Jobs/All/"
    "3c9e1f0a-7b2d-4e58-9a61-0d4f8b2c6e17/Birchfield-Home-Care",
}


class _Server(ThreadingHTTPServer):
    # a listen backlog of 5 drops the handshakes of a crawl's first connections, and the
    # client's SYN retries (1 s, 3 s, 7 s) then land a burst of late requests at once
    request_queue_size = 256
    daemon_threads = True


class Gauge:
    """The sample web behind a server that counts requests in flight (see the docstring)."""

    def __init__(self, web: SampleWeb, robots: str, latency: float) -> None:
        self.web, self.robots, self.latency = web, robots, latency
        self.inflight = self.peak = 0
        self.times: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        gauge = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def do_GET(self) -> None:  # noqa: N802
                if self.path == "/robots.txt":
                    status, body, ctype = 200, gauge.robots.encode(), "text/plain"
                else:
                    with gauge._lock:
                        gauge.inflight += 1
                        gauge.peak = max(gauge.peak, gauge.inflight)
                        gauge.times.append((time.monotonic(), self.path))
                    time.sleep(gauge.latency)
                    status, body, ctype, _ = gauge.web.respond(self.path)
                    with gauge._lock:
                        gauge.inflight -= 1
                self.send_response(status)
                if 300 <= status < 400:  # the sample web's redirect: its body is the Location
                    self.send_header("Location", body.decode())
                    body = b""
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = _Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"


@pytest.fixture(scope="module")
def web() -> Iterator[SampleWeb]:
    with SampleWeb(seed=7, scale=1) as w:
        yield w


def _crawl(web: SampleWeb, gauge: Gauge, tmp: Path) -> list[str]:
    """Crawl every SMB board through the gauge; the names of the sources crawled."""
    boards = [s for s in web.sources(more_kinds=True)
              if s["kind"] in SMB_KINDS and s["name"] != "jobvite-allemployers"]  # fmt: skip
    text = "".join(
        f'[[source]]\nname = "{s["name"]}"\nkind = "{s["kind"]}"\nhr_only = false\n'
        f'url = "{s["url"].replace(web.base_url, gauge.base_url)}"\n'
        for s in boards
    )
    (tmp / "sources.toml").write_text(text)
    proc = subprocess.run(
        [sys.executable, "-m", "spiders.run", "--config", str(tmp / "sources.toml"),
         "--landing", str(tmp), "--batch-id", "b"],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    return [s["name"] for s in boards]


def test_every_new_kind_asks_for_one_or_two_requests_per_host() -> None:
    sources = [SourceConfig(name=k, kind=k, url=u) for k, u in REAL_URLS.items()]
    slots = host_slots(sources)
    for source in sources:
        host = source.url.split("/")[2]
        assert slots.get(host, {}).get("concurrency") in (1, 2), source.kind
    # Rippling's board page is read from its API host: that host is limited too
    assert slots["api.rippling.com"] == {"concurrency": 2}


@pytest.mark.e2e
def test_at_most_two_requests_in_flight(web: SampleWeb, tmp_path: Path) -> None:
    gauge = Gauge(web, "User-agent: *\nAllow: /\n", latency=0.15)
    try:
        _crawl(web, gauge, tmp_path)
    finally:
        gauge.server.shutdown()
    assert len(gauge.times) > 40, "the crawl reached the boards' detail pages"
    assert 1 <= gauge.peak <= 2, gauge.peak


# Scrapy sends a host's requests at least the Crawl-delay apart; the gauge sees them arrive
# after the client's send and its own thread's wake-up, each a few milliseconds late on a
# loaded machine, so one gap can look a little short (measured: 0.177 s for 0.2 s, 11 runs,
# 2 cores shared by 8 test sessions). Back to back, as without the delay, is ~0.00-0.05 s.
ARRIVAL_NOISE_S = 0.05


@pytest.mark.e2e
def test_crawl_delay_spaces_every_request(web: SampleWeb, tmp_path: Path) -> None:
    delay = 0.2
    gauge = Gauge(web, f"User-agent: *\nCrawl-delay: {delay}\n", latency=0.0)
    try:
        _crawl(web, gauge, tmp_path)
    finally:
        gauge.server.shutdown()
    arrivals = sorted(gauge.times)
    assert len(arrivals) > 40
    gaps = sorted((b - a, p) for (a, _), (b, p) in zip(arrivals, arrivals[1:], strict=False))
    assert gaps[0][0] >= delay - ARRIVAL_NOISE_S, gaps[:5]  # no two requests back to back
    # and no drift: n requests span at least n - 1 delays, as robots.txt asks
    span = arrivals[-1][0] - arrivals[0][0]
    assert span >= (len(arrivals) - 1) * delay - ARRIVAL_NOISE_S, (span, len(arrivals))
