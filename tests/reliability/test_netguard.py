"""Network safety: the guard as a decision, and through a real local redirect."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from spiders.netguard import decide, is_public_address

ROOT = Path(__file__).resolve().parents[2]

DECISIONS = [
    # url, resolved addresses, origin public?, refused?
    ("https://jobs.example.com/a", ["93.184.216.34"], True, False),
    ("http://internal/a", ["10.1.2.3"], True, True),
    ("http://localhost:8080/", ["127.0.0.1"], True, True),
    ("http://169.254.169.254/latest/meta-data/", ["169.254.169.254"], True, True),
    ("http://[::1]/", ["::1"], True, True),
    ("http://x.test/", ["::ffff:127.0.0.1"], True, True),
    ("http://x.test/", ["fe80::1"], True, True),
    ("http://x.test/", ["192.168.1.10", "93.184.216.34"], True, True),
    ("http://127.0.0.1:8000/", ["127.0.0.1"], False, False),  # operator's own local source
    ("file:///etc/passwd", [], False, True),
    ("ftp://example.com/x", ["93.184.216.34"], True, True),
    ("gopher://127.0.0.1/", ["127.0.0.1"], False, True),
]


@pytest.mark.parametrize("url,addresses,public,refused", DECISIONS)
def test_decide(url, addresses, public, refused):
    assert (decide(url, addresses, public) is not None) is refused


def test_public_address_classes():
    assert is_public_address("8.8.8.8")
    assert not is_public_address("100.64.0.1")  # carrier-grade NAT
    assert not is_public_address("0.0.0.0")
    assert not is_public_address("not an ip")


class _Hits:
    def __init__(self) -> None:
        self.paths: list[str] = []


def _serve(handler_factory):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_factory)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.e2e
def test_redirect_from_public_source_to_private_port_is_refused(tmp_path):
    hits = _Hits()

    class Secret(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.paths.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"jobs": []}')

        def log_message(self, *args):
            pass

    secret = _serve(Secret)
    target = f"http://127.0.0.1:{secret.server_port}/v1/boards/x/jobs"

    class Redirector(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            if self.path == "/robots.txt":
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()

        def log_message(self, *args):
            pass

    front = _serve(Redirector)
    try:
        config = tmp_path / "sources.toml"
        config.write_text(
            '[[source]]\nname = "trap"\nkind = "greenhouse"\n'
            f'url = "http://127.0.0.1:{front.server_port}/v1/boards/x/jobs"\n'
        )
        origins = json.dumps([f"127.0.0.1:{front.server_port}"])
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "spiders.run",
                "--config",
                str(config),
                "--landing",
                str(tmp_path / "landing"),
                "--batch-id",
                "b1",
                "--setting",
                f"EOLIST_NETGUARD_PUBLIC_ORIGINS={origins}",
            ],  # fmt: skip
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
    finally:
        front.shutdown()
        secret.shutdown()
    assert hits.paths == [], "the guard let traffic reach the private port"
    lines = [json.loads(x) for x in (tmp_path / "landing" / "b1.jsonl").read_text().splitlines()]
    (outcome,) = [x for x in lines if x["record"] == "SourceOutcome"]
    assert outcome["status"] == "failed" and not outcome["complete"]
    assert "private address 127.0.0.1" in outcome["error"]


@pytest.mark.e2e
def test_page_budget_ends_a_crawler_trap(tmp_path):
    """A listing whose rel=next never ends stops at the page budget, incomplete, not failed."""
    from sampleweb import SampleWeb

    budget = 25
    with SampleWeb(seed=7, scale=1) as web:
        web.set_fault("/trap/", "trap")
        config = tmp_path / "sources.toml"
        config.write_text(
            '[[source]]\nname = "trap"\nkind = "jsonld"\n'
            f'url = "{web.base_url}/trap/jobs?page=1"\nmax_pages = 1000000\n'
        )
        proc = subprocess.run(
            [sys.executable, "-m", "spiders.run", "--config", str(config),
             "--landing", str(tmp_path / "landing"), "--batch-id", "b1",
             "--setting", f"EOLIST_PAGE_BUDGET={budget}"],
            capture_output=True, text=True, timeout=120, cwd=ROOT,
        )  # fmt: skip
        trap_hits = web.hits.get("/trap/jobs", 0)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert 1 <= trap_hits <= budget, trap_hits
    lines = [json.loads(x) for x in (tmp_path / "landing" / "b1.jsonl").read_text().splitlines()]
    (outcome,) = [x for x in lines if x["record"] == "SourceOutcome"]
    assert outcome["status"] == "ok" and not outcome["complete"], outcome
