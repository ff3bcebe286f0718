"""Network safety: the guard as a decision, and through a real local redirect."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from spiders.netguard import Guard, decide, is_public_address

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


ADDRESSES = [
    # address, public?  -- IPv6 forms carrying an IPv4 address are judged by the IPv4 inside
    ("93.184.216.34", True),
    ("2606:2800:220:1:248:1893:25c8:1946", True),
    ("127.0.0.1", False),
    ("169.254.169.254", False),
    ("::1", False),
    ("::", False),
    ("::ffff:127.0.0.1", False),  # IPv4-mapped
    ("::ffff:169.254.169.254", False),
    ("::ffff:8.8.8.8", True),
    ("::7f00:1", False),  # IPv4-compatible ::127.0.0.1 (Python calls it global)
    ("::127.0.0.1", False),
    ("::a9fe:a9fe", False),  # ::169.254.169.254
    ("::808:808", True),  # ::8.8.8.8
    ("::ffff:0:7f00:1", False),  # IPv4-translated (SIIT)
    ("64:ff9b::7f00:1", False),  # NAT64 well-known prefix to 127.0.0.1 (Python: global)
    ("64:ff9b::a9fe:a9fe", False),
    ("64:ff9b::10.0.0.1", False),
    ("64:ff9b::808:808", True),
    ("64:ff9b:1::808:808", False),  # NAT64 local-use prefix: never public
    ("2002:7f00:1::1", False),  # 6to4 of 127.0.0.1 (Python: global)
    ("2002:a9fe:a9fe::", False),
    ("2002:c0a8:101::1", False),  # 6to4 of 192.168.1.1
    ("2002:808:808::1", True),  # 6to4 of 8.8.8.8
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False),  # Teredo
    ("fe80::1", False),
    ("fc00::1", False),
    ("ff02::1", False),
    ("[::1]", False),
]


@pytest.mark.parametrize("address,public", ADDRESSES)
def test_address_classification(address, public):
    assert is_public_address(address) is public


def test_unresolvable_hosts_fail_closed():
    guard = Guard(dns={"gone.example": [], "jobs.example": ["93.184.216.34"]})
    assert guard.refusal("https://gone.example/x", origin_is_public=True) is not None
    assert guard.refusal("https://jobs.example/x", origin_is_public=True) is None
    # a source whose own host does not resolve is held to the public rule, not trusted
    assert guard.is_public("https://gone.example/") is True
    assert guard.is_public("http://127.0.0.1:8000/") is False


def test_connection_address_is_judged_too():
    guard = Guard()
    assert guard.connection_refusal("https://jobs.example/", "127.0.0.1", True)
    assert guard.connection_refusal("https://jobs.example/", "::ffff:10.0.0.1", True)
    assert guard.connection_refusal("https://jobs.example/", "93.184.216.34", True) is None
    assert guard.connection_refusal("http://127.0.0.1:8000/", "127.0.0.1", False) is None


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
    # the trap's pages hold no posting: "empty" (never plainly ok), cut short, not failed
    assert outcome["status"] == "empty" and not outcome["complete"], outcome
    assert f"page budget of {budget} requests spent" in outcome["diagnosis"], outcome


@pytest.mark.e2e
def test_a_response_from_a_private_address_is_refused(tmp_path):
    """DNS rebinding: the guard's look-up answered a public address, the connection landed on
    127.0.0.1. ``localhost`` stands for the hostile name: the guard is told it resolves to a
    public address (EOLIST_NETGUARD_DNS) while the downloader connects to 127.0.0.1."""
    hits = _Hits()
    board = b'{"jobs": [{"id": 1, "title": "HR Manager", "absolute_url": "https://x.test/1",'
    board += b' "updated_at": "2026-11-01T00:00:00Z", "location": {"name": "Toronto"}}]}'

    class Inside(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.paths.append(self.path)
            if self.path == "/robots.txt":
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(board)

        def log_message(self, *args):
            pass

    inside = _serve(Inside)
    try:
        config = tmp_path / "sources.toml"
        config.write_text(
            '[[source]]\nname = "rebound"\nkind = "greenhouse"\n'
            f'url = "http://localhost:{inside.server_port}/v1/boards/x/jobs"\n'
        )
        dns = json.dumps({"localhost": ["93.184.216.34"]})
        proc = subprocess.run(
            [sys.executable, "-m", "spiders.run", "--config", str(config),
             "--landing", str(tmp_path / "landing"), "--batch-id", "b1",
             "--setting", f"EOLIST_NETGUARD_DNS={dns}"],
            capture_output=True, text=True, timeout=120, cwd=ROOT,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-2000:]
    finally:
        inside.shutdown()
    assert any(p.startswith("/v1/boards/x/jobs") for p in hits.paths), "no connection made"
    lines = [json.loads(x) for x in (tmp_path / "landing" / "b1.jsonl").read_text().splitlines()]
    assert not [x for x in lines if x["record"] == "Posting"], "nothing read from it may land"
    (outcome,) = [x for x in lines if x["record"] == "SourceOutcome"]
    assert outcome["status"] == "failed" and not outcome["complete"]
    assert "private address 127.0.0.1" in outcome["error"], outcome["error"]
