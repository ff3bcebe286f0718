"""Publishing is all-or-nothing, and control characters never break it (issue 16, item 7).

A scraped ``\\x00`` in a title made Publish answer 500 after the digest's rows were committed
and half its files written; from then on ``/feed.rss`` and every publish failed (XML cannot
carry it). Now the build takes out what XML and e-mail cannot carry, the digest does too for
values already in a warehouse, and a publish that fails (a file that cannot be written) leaves
the published lists, the files and the feed exactly as they were.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from cli.main import cli
from curation.web import create_app
from pipeline.build import build_posting
from pipeline.records import RawPosting
from tests.conftest import NOW, make_posting
from tests.curation.helpers import load, template
from warehouse import db

WEEK = "2026-W48"
NASTY = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufffe\uffff"
# what must be gone from every published file and from the build's values
NEVER = set(NASTY) | {"\r"}


def _raw(**fields: str) -> RawPosting:
    values = {
        "source_name": "acme",
        "source_kind": "greenhouse",
        "url": "https://example.test/jobs/1",
        "title": "HR Advisor",
    }
    values.update(fields)
    return RawPosting(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("char", sorted(NASTY))
def test_build_takes_out_what_xml_and_mail_cannot_carry(char: str) -> None:
    raw = _raw(
        title=f"HR{char} Advisor",
        company=f"Maple{char} Foods",
        locations=(f"Toronto{char}, ON",),
        department=f"People{char}",
        description_html=f"<p>Lead{char} the team</p>",
    )
    p = build_posting(raw, NOW)
    values = [
        p.title,
        p.company,
        p.department,
        *p.locations,
        p.description_html,
        p.description_text,
    ]
    assert all(v and not (set(v) & NEVER) for v in values), values
    assert p.title == "HR Advisor" and p.company == "Maple Foods"
    assert p.locations == ("Toronto, ON",) and p.department == "People"
    assert p.description_text == "Lead the team"


def test_character_references_to_them_are_taken_out_too() -> None:
    refs = "".join(f"&#x{ord(c):x};" for c in sorted(NASTY))
    p = build_posting(_raw(description_html=f"<p>a{refs}b</p>"), NOW)
    for value in (p.description_html, p.description_text):
        assert value and value.startswith(("<p>a", "a")) and not set(value) & NEVER, value


def test_build_keeps_tab_newline_and_reads_cr_as_a_newline() -> None:
    p = build_posting(_raw(description_html="<pre>a\tb\r\nc\rd</pre>"), NOW)
    assert p.description_html == "<pre>a\tb\nc\nd</pre>"


# A warehouse filled before this fix (or by a loader that trusted its landing files) holds the
# raw characters: the digest must still publish, and the feed stay well-formed.
DIRTY = make_posting(
    "dirty",
    title="Payroll\x00 Lead\u202e \x1b[31mNOW\x07",
    title_normalized="payroll lead now",
    company="Null\x00 & Sons\x7f",
    company_normalized="null and sons",
    location_city="Toronto\x0b",
    posted_at=NOW - timedelta(days=1),
)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return template(tmp_path_factory.mktemp("publish"), [DIRTY])


@pytest.fixture
def client(base, tmp_path):
    shutil.copy(base, tmp_path / "w.duckdb")
    app = create_app(tmp_path / "w.duckdb", tmp_path / "out", clock=lambda: NOW)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        c.db_path = tmp_path / "w.duckdb"  # type: ignore[attr-defined]
        c.out = tmp_path / "out"  # type: ignore[attr-defined]
        yield c


def _token(client: TestClient) -> str:
    import re

    return re.search(r'name="csrf-token" content="([^"]+)"', client.get("/queue").text).group(1)


def _approve_all(client: TestClient, token: str) -> None:
    with db.session(client.db_path, read_only=True) as con:  # type: ignore[attr-defined]
        ids = [r[0] for r in con.execute("SELECT job_id FROM open_jobs").fetchall()]
    for job_id in ids:
        r = client.post(f"/jobs/{job_id}/decide", data={"action": "approve", "csrf": token})
        assert r.status_code in (200, 303), r.text


def _publish(client: TestClient, token: str):
    """Publish as the page does since issue 18: the confirmation's counts (and a public address,
    asked before the first publish) sent back with the Publish."""
    import re

    ask = client.get(f"/digest/confirm?week={WEEK}").text
    fields = dict(re.findall(r'name="(kind|expect_jobs|expect_posts)" value="([^"]*)"', ask))
    data = {"week": WEEK, "csrf": token, "public_url": "https://lists.example.org/", **fields}
    return client.post("/digest/publish", data=data, follow_redirects=False)


def _published(client: TestClient) -> list[tuple]:
    with db.session(client.db_path, read_only=True) as con:  # type: ignore[attr-defined]
        return con.execute(
            "SELECT d.digest_id, count(j.job_id) FROM digests d JOIN digest_jobs j USING (digest_id)"
            " GROUP BY d.digest_id ORDER BY d.digest_id"
        ).fetchall()


def _files(out: Path) -> dict[str, bytes]:
    """Every file of the folder (temporary ones too) and its bytes; folders are left out."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def test_control_characters_publish_and_the_feed_stays_readable(client) -> None:
    token = _token(client)
    _approve_all(client, token)
    r = _publish(client, token)
    assert r.status_code == 303, r.text
    assert _published(client) == [(WEEK, 9)]
    out: Path = client.out  # type: ignore[attr-defined]
    files = _files(out)
    assert {f"{WEEK}.{e}" for e in ("html", "md", "txt", "csv", "json")} <= set(files)
    assert not [n for n in files if n.startswith(".")], "no temporary file left"
    for name, data in files.items():  # (CSV rows end in CRLF, as RFC 4180 says)
        assert not set(data.decode("utf-8")) & set(NASTY), name
    for path in ("/feed.rss", "/feed.atom"):
        feed = client.get(path)
        assert feed.status_code == 200
        ElementTree.fromstring(feed.content)  # well-formed XML
    assert "Payroll Lead [31mNOW" in client.get("/feed.rss").text  # ESC gone, the rest is text
    assert "Null &amp;amp; Sons" in client.get("/feed.rss").text
    # a second publish of the week (the dirty job is published now: a new one is needed)
    extra = make_posting("later", title="HR Coordinator\x00 II", posted_at=NOW)
    load(client.db_path, out.parent, "b-later", [extra])  # type: ignore[attr-defined]
    _approve_all(client, token)
    r = _publish(client, token)
    assert r.status_code == 303, r.text
    assert _published(client) == [(WEEK, 9), (f"{WEEK}-2", 1)]
    ElementTree.fromstring(client.get("/feed.rss").content)


def test_a_failed_publish_leaves_everything_as_it_was(client) -> None:
    token = _token(client)
    _approve_all(client, token)
    out: Path = client.out  # type: ignore[attr-defined]
    r = _publish(client, token)
    assert r.status_code == 303, r.text
    extra = make_posting("later", title="HR Coordinator II", posted_at=NOW)
    load(client.db_path, out.parent, "b-later", [extra])  # type: ignore[attr-defined]
    _approve_all(client, token)
    # The feed's Atom file cannot be replaced (a folder holds its name): every file before it
    # in the publish (the digest's five, feed.rss) has been put in place by the time it fails.
    (out / "feed.atom").unlink()
    (out / "feed.atom").mkdir()
    (out / "feed.atom" / "keep").write_text("x")
    before_rows, before_files = _published(client), _files(out)
    assert "feed.rss" in before_files and f"{WEEK}.html" in before_files
    r = _publish(client, token)
    assert r.status_code == 500
    assert r.text.startswith("nothing was published") and "feed.atom" in r.text, r.text
    assert "\n" not in r.text.strip()
    assert _published(client) == before_rows, "no digest rows"
    assert _files(out) == before_files, "every file as it was, and no temporary file left"
    assert client.get("/feed.rss").status_code == 200
    # once the folder is fixed the same publish goes through
    shutil.rmtree(out / "feed.atom")
    r = _publish(client, token)
    assert r.status_code == 303, r.text
    assert _published(client) == [*before_rows, (f"{WEEK}-2", 1)]


def test_cli_publish_is_all_or_nothing_too(base, tmp_path) -> None:
    shutil.copy(base, tmp_path / "w.duckdb")
    with db.session(tmp_path / "w.duckdb") as con:
        con.execute(
            "INSERT INTO curation (job_id, status, decided_at)"
            " SELECT job_id, 'approved', ? FROM open_jobs",
            [NOW],
        )
    out = tmp_path / "out"
    (out / "feed.rss").mkdir(parents=True)
    (out / "feed.rss" / "keep").write_text("x")
    runner = CliRunner()
    args = [
        "--db",
        str(tmp_path / "w.duckdb"),
        "digest",
        "--publish",
        "--week",
        WEEK,
        "--out",
        str(out),
        "--public-url",
        "https://lists.example.org/",
    ]
    result = runner.invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert "nothing was published" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir()) == ["feed.rss"], "no digest file, no temp file"
    with db.session(tmp_path / "w.duckdb", read_only=True) as con:
        assert con.execute("SELECT count(*) FROM digests").fetchone() == (0,)
    shutil.rmtree(out / "feed.rss")
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    ElementTree.parse(out / "feed.rss")
