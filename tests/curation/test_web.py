"""The curation page over HTTP (Starlette's test client): CSRF, password, escaping, actions."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from curation.web import create_app
from curation.web.security import InsecureBind, require_password
from tests.conftest import NOW, make_posting
from tests.curation.helpers import XSS_COMPANY, XSS_DESCRIPTION, XSS_TITLE, template
from warehouse import db

ROOT = Path(__file__).resolve().parents[2]
EVIL = make_posting(
    "evil", title=XSS_TITLE, company=XSS_COMPANY, company_normalized="evil",
    description_html=XSS_DESCRIPTION, description_text=XSS_DESCRIPTION,
    apply_url="javascript:window.__xss='apply'",
    url="javascript:window.__xss='url'",
)  # fmt: skip


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return template(tmp_path_factory.mktemp("web"), [EVIL])


@pytest.fixture
def client(base, tmp_path):
    shutil.copy(base, tmp_path / "w.duckdb")
    app = create_app(tmp_path / "w.duckdb", tmp_path / "out", clock=lambda: NOW)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        c.db_path = tmp_path / "w.duckdb"  # type: ignore[attr-defined]
        yield c


def token(client: TestClient) -> str:
    page = client.get("/queue").text
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def job_ids(client: TestClient, query: str = "") -> list[str]:
    return re.findall(r'<tr class="job[^"]*" data-id="([^"]+)"', client.get("/queue" + query).text)


def id_of(client: TestClient, title: str) -> str:
    with db.session(client.db_path, read_only=True) as con:  # type: ignore[attr-defined]
        return con.execute("SELECT job_id FROM jobs WHERE title = ?", [title]).fetchone()[0]


def status_of(client: TestClient, job_id: str):
    with db.session(client.db_path, read_only=True) as con:  # type: ignore[attr-defined]
        return con.execute(
            "SELECT status, featured FROM curation WHERE job_id = ?", [job_id]
        ).fetchone()


def test_post_without_csrf_token_is_refused(client):
    job = job_ids(client)[0]
    for data, headers in (
        ({"action": "approve"}, {}),
        ({"action": "approve", "csrf": "0" * 64}, {}),
        ({"action": "approve"}, {"X-CSRF-Token": "forged"}),
    ):
        r = client.post(f"/jobs/{job}/decide", data=data, headers=headers)
        assert r.status_code == 403 and "CSRF" in r.text
    assert status_of(client, job) is None
    for path in ("/digest/publish", "/rules/add", f"/jobs/{job}/annotate"):
        assert (
            client.post(path, data={"kind": "agency", "value": "x", "week": "2026-W48"}).status_code
            == 403
        )


def test_token_of_another_browser_is_refused(client, base, tmp_path):
    stolen = token(client)
    job = job_ids(client)[0]
    client.cookies.clear()
    r = client.post(f"/jobs/{job}/decide", data={"action": "approve", "csrf": stolen})
    assert r.status_code == 403


def test_decisions_with_token(client):
    t = token(client)
    a, b = id_of(client, "HR Business Partner"), id_of(client, "Payroll Administrator")
    r = client.post(f"/jobs/{a}/decide", data={"action": "approve"},
                    headers={"X-CSRF-Token": t, "Accept": "application/json"})  # fmt: skip
    assert r.json()["status"] == "approved"
    r = client.post(f"/jobs/{b}/decide", data={"action": "feature", "csrf": t, "next": "//evil.test/x"},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == "/queue", "no open redirect"
    assert status_of(client, a) == ("approved", False) and status_of(client, b) == (
        "approved",
        True,
    )
    client.post(f"/jobs/{b}/decide", data={"action": "reject", "csrf": t})
    assert status_of(client, b) == ("rejected", False)
    assert b not in job_ids(client), "rejected jobs leave the default view"
    assert b in job_ids(client, "?status=rejected")
    client.post(
        f"/jobs/{a}/annotate",
        data={"title": "  HR Partner (Toronto) ", "note": "ask Sam", "csrf": t},
    )
    page = client.get("/queue").text
    assert (
        "HR Partner (Toronto)" in page and "ask Sam" in page and "was: HR Business Partner" in page
    )


def test_filters(client):
    all_ids = job_ids(client)
    assert len(all_ids) == 9
    assert len(job_ids(client, "?category=talent_acquisition")) == 2
    assert len(job_ids(client, "?region=Ontario&workplace=onsite")) == 3
    assert len(job_ids(client, "?q=PAYROLL")) == 1
    assert len(job_ids(client, "?salary=1")) == 7
    assert len(job_ids(client, "?agency=only")) == 2, "Randstad by name, 'our client' by wording"
    assert len(job_ids(client, "?source=acme")) == 9 and job_ids(client, "?source=nope") == []


def test_rules_hide_and_settings_validate(client):
    t = token(client)
    client.post(
        "/rules/add", data={"kind": "blocked_employer", "value": "Northwind Inc.", "csrf": t}
    )
    client.post("/rules/add", data={"kind": "blocked_keyword", "value": "recruiter", "csrf": t})
    page = client.get("/queue").text
    assert "Payroll Administrator" not in page and "Senior Recruiter" not in page
    assert "3 hidden by your rules" in page
    r = client.post(
        "/rules/settings", data={"employer_cap": "lots", "csrf": t}, follow_redirects=False
    )
    assert "error=" in r.headers["location"]
    client.post("/rules/remove", data={"kind": "blocked_keyword", "value": "recruiter", "csrf": t})
    assert "Senior Recruiter" in client.get("/queue").text


def test_scraped_values_are_escaped_everywhere(client):
    t = token(client)
    evil = next(i for i in job_ids(client, "?q=xss"))
    page = client.get("/queue?q=xss").text
    assert "&lt;/title&gt;&lt;script&gt;" in page and "&lt;svg onload" in page
    assert "<svg" not in page
    assert 'href="javascript:' not in page
    assert len(re.findall(r"<script\b", page)) == 1, "only the page's own script"
    detail = client.get(f"/jobs/{evil}").text
    assert "<script>window" not in detail
    assert 'onerror="' not in detail
    assert 'href="javascript:' not in detail
    client.post(f"/jobs/{evil}/decide", data={"action": "approve", "csrf": t})
    preview = client.get("/digest/preview.html?week=2026-W48")
    assert (
        "<script" not in preview.text
        and "default-src 'none'" in preview.headers["content-security-policy"]
    )
    ask = client.get("/digest/confirm?week=2026-W48").text
    counts = re.search(r'name="expect_jobs" value="(\d+)".*name="expect_posts" value="(\d+)"', ask)
    client.post("/digest/publish", data={"week": "2026-W48", "csrf": t, "expect_jobs": counts[1],
                                         "expect_posts": counts[2],
                                         "public_url": "https://lists.example.org/"})  # fmt: skip
    rss = client.get("/feed.rss").text
    assert "<script" not in rss and "&amp;lt;script&amp;gt;" in rss


def test_pages_render_and_csp(client):
    for path in ("/queue", "/digest", "/sources", "/rules", "/feed.atom", "/digests/nope.html"):
        r = client.get(path)
        assert r.status_code == (404 if "nope" in path else 200), path
    csp = client.get("/queue").headers["content-security-policy"]
    assert "script-src 'nonce-" in csp and "unsafe-inline'" not in csp.split("style-src")[0]


def test_password_when_set(base, tmp_path):
    shutil.copy(base, tmp_path / "w.duckdb")
    app = create_app(tmp_path / "w.duckdb", tmp_path / "out", password="s3cret", clock=lambda: NOW)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        assert c.get("/queue").status_code == 401
        bad = base64.b64encode(b"list:wrong").decode()
        assert c.get("/queue", headers={"Authorization": f"Basic {bad}"}).status_code == 401
        good = base64.b64encode(b"list:s3cret").decode()
        assert c.get("/queue", headers={"Authorization": f"Basic {good}"}).status_code == 200


@pytest.mark.parametrize(
    ("host", "password", "ok"),
    [("127.0.0.1", None, True), ("localhost", None, True), ("::1", None, True),
     ("0.0.0.0", None, False), ("192.168.1.5", None, False), ("0.0.0.0", "pw", True)],
)  # fmt: skip
def test_binding_beyond_loopback_needs_a_password(host, password, ok):
    if ok:
        require_password(host, password)
    else:
        with pytest.raises(InsecureBind, match="EOLIST_UI_PASSWORD"):
            require_password(host, password)


def test_the_file_is_free_between_requests(client):
    """Another process (a crawl's load, eolist query) can open the warehouse read-write while
    the page is up: the page holds it only during a request."""
    assert "Senior Recruiter" in client.get("/queue").text
    code = (
        "import sys; from warehouse import db\n"
        "with db.session(sys.argv[1], wait_s=2) as con:\n"
        "    con.execute(\"UPDATE jobs SET title = 'Lead Recruiter' WHERE title = 'Senior Recruiter'\")\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(client.db_path)], capture_output=True,
                          text=True, timeout=60, cwd=ROOT)  # fmt: skip
    assert done.returncode == 0, done.stderr[-500:]
    assert "Lead Recruiter" in client.get("/queue").text


class Holder:
    """Another process holding the warehouse read-write, as a long load does."""

    def __init__(self, path: Path, seconds: float = 120) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.warehouse.procs", "hold", str(path), str(seconds)],
            cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip

    def __enter__(self) -> Holder:
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "holding"
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.kill()
        self.proc.wait(timeout=30)


def test_a_decision_under_a_load_is_answered_busy_at_once_and_can_be_resent(client):
    t = token(client)
    job = id_of(client, "HR Business Partner")
    decide = f"/jobs/{job}/decide"
    form = {"action": "feature", "csrf": t, "next": "/queue?region=Ontario"}
    with Holder(client.db_path):  # type: ignore[attr-defined]
        started = time.monotonic()
        r = client.post(decide, data={"action": "approve"},
                        headers={"X-CSRF-Token": t, "Accept": "application/json"})  # fmt: skip
        took = time.monotonic() - started
        assert r.status_code == 503 and took < 5, (r.status_code, took)
        assert r.json() == {"error": "the warehouse is busy (a load is running), try again",
                            "busy": True}  # fmt: skip
        assert r.headers["retry-after"] == "5"
        page = client.post(decide, data=form)  # a plain form: given back, filled in
        assert page.status_code == 503 and "busy (a load is running)" in page.text
        resend = re.search(r'<form method="post" action="([^"]+)" id="resend">(.*?)</form>',
                           page.text, re.S)  # fmt: skip
        assert resend and resend.group(1) == decide
        fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', resend.group(2)))
        assert fields == {**form, "next": "/queue?region=Ontario"}
        shown = client.get("/queue?region=Ontario")
        assert shown.status_code == 503 and 'href="/queue?region=Ontario" id="again"' in shown.text
    assert status_of(client, job) is None  # nothing half-written
    again = client.post(resend.group(1), data=fields, follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == "/queue?region=Ontario"
    assert status_of(client, job) == ("approved", True)
