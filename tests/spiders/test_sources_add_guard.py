"""``eolist sources add`` fetches by the crawl's network guard (real local servers).

A page on a "public" origin (a 127.0.0.1 port marked public with
``EOLIST_NETGUARD_PUBLIC_ORIGINS``, as the crawler's tests do) may lead only to public URLs:
neither a redirect nor a discovered feed link may point at another private host, and nothing
but http(s) is followed. A private host the operator names is usable, but only itself. Public
host names get stand-in DNS answers (``EOLIST_NETGUARD_DNS``); nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline.sources import parse_sources
from tests.spiders.test_sources_add import run_cli

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Jobs</title></channel></rss>'
PUBLIC_IP = "93.184.216.34"


def feed_link(href: str) -> bytes:
    return (f'<html><head><link rel="alternate" type="application/rss+xml" href="{href}">'
            "</head><body>Jobs</body></html>").encode()  # fmt: skip


class Site:
    """A local HTTP server with fixed routes; records every path asked for."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.hits: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                site.hits.append(self.path)
                status, headers, body = site.routes.get(self.path, (404, {}, b"not here"))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_port
        self.base = f"http://127.0.0.1:{self.port}"
        self.netloc = f"127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def page(self, path: str, body: bytes, ctype: str = "text/html") -> None:
        self.routes[path] = (200, {"Content-Type": ctype}, body)

    def redirect(self, path: str, location: str) -> None:
        self.routes[path] = (302, {"Location": location}, b"")


class Listener:
    """A bare TCP port (an FTP server stand-in): counts connections made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()


@pytest.fixture
def sites() -> Iterator[tuple[Site, Site]]:
    public, private = Site(), Site()
    private.page("/feed.xml", RSS, "application/rss+xml")
    yield public, private
    public.server.shutdown()
    private.server.shutdown()


def _env(monkeypatch, public_origins=(), dns=None) -> None:
    monkeypatch.setenv("EOLIST_NETGUARD_PUBLIC_ORIGINS", json.dumps(list(public_origins)))
    monkeypatch.setenv("EOLIST_NETGUARD_DNS", json.dumps(dns or {}))


def _refused(config: Path, url: str, *needles: str) -> None:
    before = config.read_text()
    proc = run_cli(config, "add", url)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "not added" in proc.stderr and "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in proc.stderr, proc.stderr
    assert config.read_text() == before, "a refused add must not touch the sources file"


@pytest.mark.parametrize(
    "href", ["http://127.0.0.1:{private}/feed.xml", "http://169.254.169.254/latest/jobs.rss",
             "http://[::ffff:127.0.0.1]:{private}/feed.xml", "http://[::7f00:1]:{private}/x.rss"],
)  # fmt: skip
def test_public_page_may_not_point_at_a_private_feed(sites, tmp_path, monkeypatch, href):
    public, private = sites
    _env(monkeypatch, [public.netloc])
    public.page("/careers", feed_link(href.format(private=private.port)))
    config = tmp_path / "sources.toml"
    config.write_text("")
    _refused(config, public.base + "/careers", "private address")
    assert private.hits == []


def test_public_page_may_not_redirect_to_a_private_port(sites, tmp_path, monkeypatch):
    public, private = sites
    _env(monkeypatch, [public.netloc])
    public.redirect("/jobs.rss", private.base + "/feed.xml")
    config = tmp_path / "sources.toml"
    config.write_text("")
    _refused(config, public.base + "/jobs.rss", "private address 127.0.0.1")
    assert private.hits == [], "the guard let the redirect reach the private port"


def test_no_redirect_to_ftp(sites, tmp_path, monkeypatch):
    public, _ = sites
    ftp = Listener()
    try:
        _env(monkeypatch, [public.netloc])
        public.redirect("/jobs.rss", f"ftp://127.0.0.1:{ftp.port}/jobs.rss")
        config = tmp_path / "sources.toml"
        config.write_text("")
        _refused(config, public.base + "/jobs.rss", "only http and https")
    finally:
        ftp.stop = True
    assert ftp.connections == 0, "an ftp:// redirect was followed"


def test_a_named_private_host_may_lead_only_to_itself_or_public(sites, tmp_path, monkeypatch):
    _, private = sites
    other = Site()
    other.page("/feed.xml", RSS, "application/rss+xml")
    try:
        _env(monkeypatch, dns={"feeds.example.org": [PUBLIC_IP]})
        private.page("/careers", feed_link("/feed.xml"))
        private.page("/elsewhere", feed_link(other.base + "/feed.xml"))
        private.page("/public", feed_link("https://feeds.example.org/jobs.rss"))
        config = tmp_path / "sources.toml"
        config.write_text("")
        _refused(config, private.base + "/elsewhere", f"only {private.netloc}")
        for path in ("/careers", "/public"):
            proc = run_cli(config, "add", private.base + path)
            assert proc.returncode == 0, proc.stderr
    finally:
        other.server.shutdown()
    assert other.hits == []
    urls = [s.url for s in parse_sources(config.read_text())]
    assert urls == [private.base + "/feed.xml", "https://feeds.example.org/jobs.rss"], urls


def test_the_address_connected_to_is_checked(sites, tmp_path, monkeypatch):
    """A rebinding name: the guard's look-up says public, the socket lands on 127.0.0.1."""
    _, private = sites
    _env(monkeypatch, dns={"localhost": [PUBLIC_IP]})
    config = tmp_path / "sources.toml"
    config.write_text("")
    _refused(config, f"http://localhost:{private.port}/feed.xml", "private address 127.0.0.1")
    assert private.hits == [], "the request must not be sent over a refused connection"
