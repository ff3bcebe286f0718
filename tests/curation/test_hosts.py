"""The curation page over real HTTP (uvicorn on 127.0.0.1): host names, Origin, login rate.

DNS rebinding is a browser on a hostile page whose name now resolves to 127.0.0.1: the
request reaches the page with ``Host: evil.example``. Here the same request is sent by httpx
with that header; the page must refuse it, and refuse writes another origin sends.
"""

from __future__ import annotations

import base64
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from curation.web import create_app
from curation.web.security import FailedLogins, InsecureBind, allowed_hosts
from tests.conftest import NOW, make_posting
from tests.curation.helpers import template
from warehouse import db


class Page:
    """The app served by uvicorn in a thread, on a free 127.0.0.1 port."""

    def __init__(self, db_path: Path, out: Path, **kwargs: Any) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.db_path = db_path
        app = create_app(db_path, out, clock=lambda: NOW, **kwargs)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Page:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "the curation server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return template(tmp_path_factory.mktemp("hosts"), [make_posting("one", title="HR Advisor")])


def _copy(base: Path, tmp_path: Path) -> Path:
    shutil.copy(base, tmp_path / "w.duckdb")
    return tmp_path / "w.duckdb"


@pytest.fixture
def page(base: Path, tmp_path: Path) -> Iterator[Page]:
    with Page(_copy(base, tmp_path), tmp_path / "out") as p:
        yield p


def _job_and_token(client: httpx.Client) -> tuple[str, str]:
    text = client.get("/queue").text
    job = re.search(r'<tr class="job[^"]*" data-id="([^"]+)"', text).group(1)
    return job, re.search(r'name="csrf-token" content="([^"]+)"', text).group(1)


def _status(db_path: Path, job: str) -> Any:
    with db.session(db_path, read_only=True) as con:
        return con.execute("SELECT status FROM curation WHERE job_id = ?", [job]).fetchone()


def test_only_configured_host_names_are_answered(page: Page) -> None:
    with httpx.Client(base_url=page.url) as client:
        assert client.get("/queue").status_code == 200
        for name in ("localhost", f"localhost:{page.port}", "[::1]", f"[::1]:{page.port}"):
            assert client.get("/queue", headers={"Host": name}).status_code == 200, name
        for name in ("evil.example", f"evil.example:{page.port}", "127.0.0.1.evil.example",
                     "localhost.", ""):  # fmt: skip
            r = client.get("/queue", headers={"Host": name})
            assert r.status_code == 400, name
            assert "HR Advisor" not in r.text
        r = client.get("/sources", headers={"Host": "evil.example"})
        assert r.status_code == 400


def test_an_allowed_name_is_answered(base: Path, tmp_path: Path) -> None:
    hosts = allowed_hosts("0.0.0.0", ["Eolist.LAN"])
    assert hosts == ["127.0.0.1", "localhost", "[::1]", "0.0.0.0", "eolist.lan"]
    with Page(_copy(base, tmp_path), tmp_path / "out", hosts=hosts) as p:
        with httpx.Client(base_url=p.url) as client:
            assert client.get("/queue", headers={"Host": "eolist.lan:8765"}).status_code == 200
            assert client.get("/queue", headers={"Host": "evil.example"}).status_code == 400
    with pytest.raises(InsecureBind):
        allowed_hosts("127.0.0.1", ["*"])
    assert allowed_hosts("::1") == ["127.0.0.1", "localhost", "[::1]"]


def test_a_rebound_name_cannot_write(page: Page) -> None:
    """Even with a stolen cookie and token, a write under another Host is refused."""
    with httpx.Client(base_url=page.url) as client:
        job, token = _job_and_token(client)
        r = client.post(f"/jobs/{job}/decide", data={"action": "approve", "csrf": token},
                        headers={"Host": "evil.example"})  # fmt: skip
        assert r.status_code == 400
    assert _status(page.db_path, job) is None


def test_cross_origin_writes_are_refused_same_origin_works(page: Page) -> None:
    with httpx.Client(base_url=page.url) as client:
        job, token = _job_and_token(client)
        data = {"action": "approve", "csrf": token}
        for headers in (
            {"Origin": "http://evil.example"},
            {"Origin": "null"},
            {"Origin": "http://127.0.0.1:1"},  # another local service is another origin
            {"Origin": f"http://localhost:{page.port}"},  # allowed name, but not this origin
            {"Referer": "http://evil.example/attack.html"},
            {"Sec-Fetch-Site": "cross-site"},
            {"Sec-Fetch-Site": "same-site", "Origin": page.url},
        ):
            r = client.post(f"/jobs/{job}/decide", data=data, headers=headers)
            assert r.status_code == 403, headers
            assert "refused" in r.text
        assert _status(page.db_path, job) is None
        r = client.post(f"/jobs/{job}/decide", data=data, follow_redirects=False,
                        headers={"Origin": page.url, "Sec-Fetch-Site": "same-origin",
                                 "Referer": page.url + "/queue"})  # fmt: skip
        assert r.status_code == 303, r.text
    assert _status(page.db_path, job) == ("approved",)


def test_wrong_passwords_are_rate_limited(base: Path, tmp_path: Path) -> None:
    now = [1000.0]
    logins = FailedLogins(limit=5, window_s=60, clock=lambda: now[0])

    def auth(password: str) -> dict[str, str]:
        return {"Authorization": "Basic " + base64.b64encode(f"list:{password}".encode()).decode()}

    with Page(_copy(base, tmp_path), tmp_path / "out", password="s3cret", logins=logins) as p:
        with httpx.Client(base_url=p.url) as client:
            for _ in range(3):  # a browser asking first, with no credentials, is not a guess
                assert client.get("/queue").status_code == 401
            assert client.get("/queue", headers=auth("s3cret")).status_code == 200
            for _ in range(5):
                assert client.get("/queue", headers=auth("guess")).status_code == 401
            r = client.get("/queue", headers=auth("s3cret"))
            assert r.status_code == 429, "the sixth try within the minute must wait"
            assert 1 <= int(r.headers["Retry-After"]) <= 61
            now[0] += 30
            assert client.get("/queue", headers=auth("s3cret")).status_code == 429
            now[0] += 31
            assert client.get("/queue", headers=auth("s3cret")).status_code == 200
            assert client.get("/queue", headers=auth("guess")).status_code == 401


def test_failed_logins_memory_is_bounded() -> None:
    logins = FailedLogins(limit=2, window_s=60, clock=lambda: 0.0, max_clients=3)
    for n in range(10):
        logins.failed(f"10.0.0.{n}")
    assert len(logins.failures) == 3
    logins.failed("10.0.0.9")
    assert logins.wait_s("10.0.0.9") == 60.0 and logins.wait_s("10.0.0.1") == 0.0
