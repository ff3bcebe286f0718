"""Credentials in a source URL are used (as a header) and never shown or stored elsewhere.

A feed behind HTTP Basic auth, configured as ``http://alice:PASSWORD@127.0.0.1:PORT/...?token=``:
the crawl sends ``Authorization`` to that origin only, requests and lands bare URLs (relative
links included), and the password and token appear in no landing record, warehouse table,
report, page or export. Real local servers, a real crawl subprocess, a real DuckDB file.
"""

from __future__ import annotations

import base64
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from cli.main import cli
from ops.report import RunReport
from ops.summary import run_markdown
from pipeline import safety
from pipeline.sources import parse_sources
from tests.reliability.support import run_crawl
from warehouse import db, export
from warehouse import sources as source_table
from warehouse.load import load_batch

PASSWORD = "pw-Zq81x"
TOKEN = "tok-77aa"
SECRETS = (PASSWORD, TOKEN, "alice:")


def _feed(other: str) -> bytes:
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Jobs</title>
<link>/</link>
<item><title>HR Manager</title><link>/jobs/1</link><guid>j1</guid>
<description>People operations lead.</description></item>
<item><title>Payroll Specialist</title><link>jobs/2?ref=feed</link><guid>j2</guid>
<description>Payroll for the team.</description></item>
<item><title>HR Advisor</title><link>{other}/jobs/3</link><guid>j3</guid>
<description>Advice on people matters.</description></item>
</channel></rss>""".encode()


class Server:
    def __init__(self, body: bytes = b"", password: str | None = None) -> None:
        self.seen: list[tuple[str, str | None]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                auth = self.headers.get("Authorization")
                outer.seen.append((self.path, auth))
                if self.path == "/robots.txt":
                    self.send_response(404)
                    self.end_headers()
                    return
                want = "Basic " + base64.b64encode(f"alice:{password}".encode()).decode()
                if password is not None and auth != want:
                    self.send_response(401)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def _assert_clean(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked into {where}"


REDACTIONS = [
    ("invalid hostname: alice:pw@127.0.0.1", "invalid hostname: REDACTED@127.0.0.1"),
    ("ValueError fetching http://a:b@h.test/x?token=t1 (u:p@[::1])",
     "ValueError fetching http://REDACTED@h.test/x?token=REDACTED (REDACTED@[::1])"),
    ("mail jobs@example.org at 10:30", "mail jobs@example.org at 10:30"),
]  # fmt: skip


@pytest.mark.parametrize("text,expected", REDACTIONS)
def test_redact_text_without_a_scheme(text, expected):
    assert safety.redact_text(text) == expected


def test_split_credentials():
    assert safety.split_credentials("https://al%40ice:p%3As@h.test:8443/f?x=1") == (
        "https://h.test:8443/f?x=1",
        "Basic " + base64.b64encode(b"al@ice:p:s").decode(),
    )
    assert safety.split_credentials("https://h.test/f") == ("https://h.test/f", None)


@pytest.mark.e2e
def test_credentials_in_a_source_url(tmp_path: Path) -> None:
    other = Server(b"", password=None)
    feed = Server(_feed(other.base), password=PASSWORD)
    bare = feed.base.removeprefix("http://")
    config = tmp_path / "sources.toml"
    config.write_text(
        f'[[source]]\nname = "private-feed"\nkind = "job-feed"\n'
        f'url = "http://alice:{PASSWORD}@{bare}/feed.xml?token={TOKEN}"\n'
        # the same credentials on a port nobody listens on: the failure must not show them
        f'[[source]]\nname = "down"\nkind = "job-feed"\n'
        f'url = "http://alice:{PASSWORD}@127.0.0.1:9/feed.xml"\n'
    )
    result = run_crawl(config, tmp_path / "landing", "b1")
    for s in (feed, other):
        s.server.shutdown()
    assert result.returncode == 0, result.stderr[-2000:]
    landed = result.landing.read_text()  # type: ignore[union-attr]
    _assert_clean(landed, "the landing file")
    _assert_clean(result.stderr, "the crawl's log")
    outcomes = result.outcomes()
    assert outcomes["private-feed"]["status"] == "ok", outcomes["private-feed"]
    assert outcomes["down"]["status"] == "failed" and outcomes["down"]["error"]
    urls = {r["url"] for r in result.records() if r["record"] == "Posting"}
    assert urls == {feed.base + "/jobs/1", feed.base + "/jobs/2?ref=feed", other.base + "/jobs/3"}
    # the header went to the feed's origin, with no credentials in any request line
    want = "Basic " + base64.b64encode(f"alice:{PASSWORD}".encode()).decode()
    assert (f"/feed.xml?token={TOKEN}", want) in feed.seen
    assert all(auth is None for _, auth in other.seen)

    path = tmp_path / "w.duckdb"
    configs = parse_sources(config.read_text())
    with db.session(path) as con:
        source_table.sync(con, configs)
        load_batch(con, result.landing)  # type: ignore[arg-type]
        rows = con.execute("SELECT * FROM sources").fetchall()
        counts = export.export(con, tmp_path / "export", "json")
    _assert_clean(repr(rows), "the sources table")
    assert counts["postings"] == 3
    for f in (tmp_path / "export").iterdir():
        _assert_clean(f.read_text(errors="replace"), f"the export {f.name}")
    runner = CliRunner()
    listing = runner.invoke(cli, ["--db", str(path), "--config", str(config), "sources", "list"])
    assert listing.exit_code == 0, listing.output
    _assert_clean(listing.output, "eolist sources list")
    opml = runner.invoke(cli, ["--config", str(config), "sources", "export-opml"])
    _assert_clean(opml.output, "eolist sources export-opml")
    run = RunReport(sources=[dict(outcomes["down"], new=0, changed=0, closed=0)],
                    crashed_batches=[result.stderr[-500:]])  # fmt: skip
    _assert_clean(run_markdown("crawl", run), "the run artifact")

    from curation.web import create_app

    with TestClient(create_app(path, tmp_path / "out"), base_url="http://127.0.0.1") as client:
        page = client.get("/sources").text
    assert "private-feed" in page
    _assert_clean(page, "the /sources page")
    assert re.search(r"REDACTED", page)
