"""Hostile text and stopping, end to end through ``python -m spiders.run`` (issue 16, item 6).

* A board whose descriptions are 200k characters of ``<`` (quadratic for the old text rules:
  about a minute each) is crawled in seconds: each description is cut at ``MAX_DESCRIPTION``
  and says so, and the page holds to its CPU budget (``EOLIST_PAGE_CPU_S``), failing only its
  own source with one line when it spends it.
* SIGTERM ends a crawl process within seconds, also in the middle of such a page, and its
  landing file marks every source incomplete: Scrapy's own graceful stop landed a source whose
  request was still in flight as "ok, complete" with nothing fetched, which closes its postings.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from pipeline.normalize.text import MAX_DESCRIPTION
from tests.reliability.support import ROOT, run_crawl

pytestmark = pytest.mark.e2e

HOSTILE_JOBS = 60
HOSTILE_CHARS = 200_000
STOP_WITHIN_S = 10.0  # "within seconds", generous for a loaded 2-core machine


def _board(n: int, description: str, first_id: int = 1) -> bytes:
    jobs = [
        {
            "id": first_id + i,
            "title": f"HR Generalist {first_id + i}",
            "absolute_url": f"https://jobs.example.test/{first_id + i}",
            "company_name": "Cedar Bank",
            "location": {"name": "Toronto, ON"},
            "content": description,
        }
        for i in range(n)
    ]
    return json.dumps({"jobs": jobs}).encode()


def _feed(n: int) -> bytes:
    items = "".join(
        f"<item><title>HR Advisor {i}</title><link>https://feed.example.test/{i}</link>"
        f"<guid>https://feed.example.test/{i}</guid><description>People work.</description></item>"
        for i in range(n)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>HR jobs</title>'
        f"<link>https://feed.example.test/</link>{items}</channel></rss>"
    ).encode()


class Server:
    """Fixed bodies by path; a path in ``hang`` answers only when the server stops."""

    def __init__(self, routes: dict[str, tuple[bytes, str]], hang: tuple[str, ...] = ()):
        self.routes, self.hang = routes, hang
        self.served: list[tuple[float, str]] = []
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                path = self.path.split("?")[0]
                if path in server.hang:
                    server.served.append((time.monotonic(), path))
                    server.release.wait(120)
                body, ctype = server.routes.get(path, (b"not found", "text/plain"))
                self.send_response(200 if path in server.routes else 404)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    return
                server.served.append((time.monotonic(), path))

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._http.daemon_threads = True
        threading.Thread(target=self._http.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self._http.server_port}"

    def close(self) -> None:
        self.release.set()
        self._http.shutdown()
        self._http.server_close()

    def wait_served(self, path: str, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if any(p == path for _, p in self.served):
                return
            time.sleep(0.05)
        raise AssertionError(f"{path} was never requested")


@pytest.fixture
def server() -> Iterator[Server]:
    routes = {
        "/hostile/jobs": (_board(HOSTILE_JOBS, "<" * HOSTILE_CHARS), "application/json"),
        # 2.5 times the hostile board (30 MB, under the crawl's 32 MiB cap): its build
        # outlasts the SIGTERM test's pause (the hostile board alone is built in ~1 s on a
        # quiet machine, and the signal used to come after the crawl had ended)
        "/heavy/jobs": (_board(5 * HOSTILE_JOBS // 2, "<" * HOSTILE_CHARS), "application/json"),
        "/calm/jobs": (_board(5, "<p>Partner with our leaders.</p>", 900), "application/json"),
        "/slow/rss": (_feed(3), "application/rss+xml"),
        "/robots.txt": (b"User-agent: *\nAllow: /\n", "text/plain"),
    }
    s = Server(routes, hang=("/slow/rss",))
    yield s
    s.close()


def _config(tmp: Path, server: Server, *names: str) -> Path:
    kinds = {"hostile": "greenhouse", "heavy": "greenhouse", "calm": "greenhouse",
             "slow": "job-feed"}  # fmt: skip
    paths = {"hostile": "/hostile/jobs", "heavy": "/heavy/jobs", "calm": "/calm/jobs",
             "slow": "/slow/rss"}  # fmt: skip
    text = "".join(
        f'[[source]]\nname = "{n}"\nkind = "{kinds[n]}"\nurl = "{server.base}{paths[n]}"\n'
        "hr_only = false\n\n"
        for n in names
    )
    path = tmp / "sources.toml"
    path.write_text(text)
    return path


def _records(landing: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in landing.read_text("utf-8").splitlines()]


def test_hostile_descriptions_are_cut_and_the_page_holds_to_its_budget(tmp_path, server):
    config = _config(tmp_path, server, "hostile", "calm")
    t0 = time.monotonic()
    crawl = run_crawl(config, tmp_path / "landing", "b1", {"EOLIST_PAGE_CPU_S": 1}, timeout=120)
    took = time.monotonic() - t0
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    outcomes = crawl.outcomes()
    hostile, calm = outcomes["hostile"], outcomes["calm"]
    assert hostile["status"] == "failed" and not hostile["complete"], hostile
    assert hostile["error"].startswith("CPU budget of 1 s for one page spent after "), hostile
    assert (
        f"of {HOSTILE_JOBS} records (the rest were not read) at {server.base}" in (hostile["error"])
    )
    landed = [r for r in crawl.records() if r["record"] == "Posting"]
    cut = [r for r in landed if r["source_name"] == "hostile"]
    assert 0 < len(cut) < HOSTILE_JOBS and len(cut) == hostile["fetched"]
    note = f"the first {MAX_DESCRIPTION:,} of its {HOSTILE_CHARS:,} characters are kept"
    assert all(note in r["description_text"] and note in r["description_html"] for r in cut)
    assert calm["status"] == "ok" and calm["complete"] and calm["fetched"] == 5, calm
    print(f"\nhostile page, budget 1 s: {len(cut)} of {HOSTILE_JOBS} postings, crawl {took:.1f} s")


def _start(config: Path, landing: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "spiders.run", "--config", str(config), "--landing",
           str(landing), "--batch-id", "b1"]  # fmt: skip
    landing.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _stop(proc: subprocess.Popen[bytes]) -> tuple[int, float, str]:
    t0 = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=STOP_WITHIN_S * 3)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    took = time.monotonic() - t0
    return proc.returncode, took, proc.stderr.read().decode(errors="replace") if proc.stderr else ""


def test_sigterm_lands_every_source_incomplete(tmp_path, server):
    config = _config(tmp_path, server, "calm", "slow")
    proc = _start(config, tmp_path / "landing")
    server.wait_served("/calm/jobs")
    server.wait_served("/slow/rss")  # its answer is in flight, and stays so
    time.sleep(3.0)  # the calm board's postings reach the landing writer (first build imports)
    code, took, stderr = _stop(proc)
    print(f"\nSIGTERM with a request in flight: stopped in {took:.2f} s")
    assert took < STOP_WITHIN_S, stderr[-2000:]
    assert code == -signal.SIGTERM, (code, stderr[-2000:])  # killed from outside: retried
    landing = tmp_path / "landing" / "b1.jsonl"
    assert landing.exists(), "what was gathered is landed"
    records = _records(landing)
    outcomes = {r["source_name"]: r for r in records if r["record"] == "SourceOutcome"}
    for name in ("calm", "slow"):
        assert outcomes[name]["complete"] is False, outcomes[name]
        assert outcomes[name]["error"] == "the crawl was stopped (SIGTERM) before it finished"
    landed = sum(r["record"] == "Posting" for r in records)
    assert landed == outcomes["calm"]["fetched"] > 0, "what was counted is landed"
    assert records[-1]["record"] == "Batch"


def test_sigterm_in_the_middle_of_a_hostile_page_stops_within_seconds(tmp_path, server):
    config = _config(tmp_path, server, "heavy")
    proc = _start(config, tmp_path / "landing")
    server.wait_served("/heavy/jobs")
    time.sleep(0.8)  # the page's postings are being built
    assert proc.poll() is None, "the crawl ended before the signal: the test missed its moment"
    code, took, stderr = _stop(proc)
    print(f"\nSIGTERM during a hostile page: stopped in {took:.2f} s")
    assert took < STOP_WITHIN_S, stderr[-2000:]
    assert code == -signal.SIGTERM, (code, stderr[-2000:])
    outcome = next(
        r for r in _records(tmp_path / "landing" / "b1.jsonl") if r["record"] == "SourceOutcome"
    )
    assert outcome["complete"] is False and "SIGTERM" in outcome["error"]


def test_a_stuck_stop_is_cut_short_by_the_grace_alarm(tmp_path):
    """The kernel-level backstop: a process whose reactor never runs the stop still ends."""
    script = (
        "import sys, time\n"
        "from scrapy.crawler import CrawlerProcess\n"
        "from spiders import stopping\n"
        "stopping.STOP_GRACE_S = 2\n"
        "process = CrawlerProcess({'TELNETCONSOLE_ENABLED': False, 'LOG_LEVEL': 'ERROR'})\n"
        "stopping.install(process)\n"
        "from twisted.internet import reactor\n"
        "reactor.callLater(0, lambda: (print('busy', flush=True), time.sleep(60)))\n"
        "process.start(stop_after_crawl=False, install_signal_handlers=False)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"busy"
    code, took, stderr = _stop(proc)
    assert code == -signal.SIGALRM, (code, stderr[-2000:])
    assert took < 2 + STOP_WITHIN_S / 2, took
