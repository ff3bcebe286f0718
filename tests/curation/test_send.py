"""``eolist digest --send`` against a real SMTP server (aiosmtpd) on 127.0.0.1, started here.

The server keeps each message as it arrived (envelope and bytes); the test parses it with the
standard library and checks both parts and the headers a newsletter needs.
"""

from __future__ import annotations

import email
import email.policy
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from cli.main import cli
from curation import decisions
from curation import rules as rules_mod
from tests.conftest import NOW
from tests.curation.helpers import template
from warehouse import db

WEEK = "2026-W48"


@dataclass
class Inbox:
    """aiosmtpd handler: every message received, with its envelope."""

    received: list[tuple[str, list[str], bytes]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(monkeypatch) -> Iterator[Inbox]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    for key, value in {"EOLIST_SMTP_HOST": "127.0.0.1", "EOLIST_SMTP_PORT": str(port),
                       "EOLIST_SMTP_TLS": "none", "EOLIST_MAIL_FROM": "Her List <list@example.org>"}.items():  # fmt: skip
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("EOLIST_SMTP_USER", raising=False)
    yield inbox
    controller.stop()


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = template(tmp_path_factory.mktemp("send"))
    with db.session(path) as con:
        rules_mod.seed(con, NOW)
        rules_mod.set_settings(con, {"public_url": "https://lists.example.org/",
                                     "unsubscribe": "mailto:list@example.org?subject=unsubscribe"})  # fmt: skip
        for (job_id,) in con.execute("SELECT job_id FROM jobs ORDER BY job_id LIMIT 3").fetchall():
            decisions.decide(con, job_id, "approve", NOW)
    return path


@pytest.fixture
def wh(base, tmp_path):
    path = tmp_path / "w.duckdb"
    shutil.copy(base, path)
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_send_is_a_dry_run_unless_for_real_then_a_multipart_message_arrives(wh, tmp_path, smtp):
    out = tmp_path / "out"
    subscribers = tmp_path / "subscribers.txt"
    subscribers.write_text("# my list\nada@example.com\n\nBOB@example.net\nada@example.com\n")
    code, text = run("--db", str(wh), "digest", "--week", WEEK, "--send", "--to-file",
                     str(subscribers), "--out", str(out))  # fmt: skip
    assert code == 2 and "not published yet" in text
    code, text = run("--db", str(wh), "digest", "--week", WEEK, "--publish", "--out", str(out))
    assert code == 0, text
    code, text = run("--db", str(wh), "digest", "--week", WEEK, "--send", "--to-file",
                     str(subscribers), "--out", str(out))  # fmt: skip
    assert code == 0 and text.startswith("dry run:") and "2 addresses" in text, text
    assert smtp.received == [], "a dry run sends nothing"
    assert (out / f"{WEEK}.eml").exists()

    code, text = run("--db", str(wh), "digest", "--week", WEEK, "--send", "--test-to",
                     "me@example.org", "--out", str(out))  # fmt: skip
    assert code == 0 and "(test)" in text, text
    code, text = run("--db", str(wh), "digest", "--week", WEEK, "--send", "--to-file",
                     str(subscribers), "--for-real", "--out", str(out))  # fmt: skip
    assert code == 0 and "sent 2026-W48 to 2 addresses" in text, text
    assert [(f, to) for f, to, _ in smtp.received] == [
        ("list@example.org", ["me@example.org"]),
        ("list@example.org", ["ada@example.com", "bob@example.net"]),
    ]
    test_msg = email.message_from_bytes(smtp.received[0][2], policy=email.policy.default)
    assert test_msg["Subject"].startswith("[test] ")
    msg = email.message_from_bytes(smtp.received[1][2], policy=email.policy.default)
    assert msg["Subject"] == "Employment Opportunities List — Week of November 23, 2026"
    assert msg["List-Unsubscribe"] == "<mailto:list@example.org?subject=unsubscribe>"
    assert msg["List-Unsubscribe-Post"] is None, "one-click is for https links only"
    assert msg["To"] == "Her List <list@example.org>" and msg["Bcc"] is None
    assert "ada@example.com" not in smtp.received[1][2].decode(), "no subscriber in a header"
    assert msg.get_content_type() == "multipart/alternative"
    parts = [p.get_content_type() for p in msg.iter_parts()]
    assert parts == ["text/plain", "text/html"], "text first, HTML last (the one shown)"
    plain = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "Week of November 23, 2026" in plain and "Friends helping friends of friends" in plain
    assert html.lstrip().startswith("<!DOCTYPE html>") and '<table role="presentation"' in html
    assert "Forward this list" in html


def test_send_problems_are_one_line(wh, tmp_path, smtp, monkeypatch):
    out = tmp_path / "out"
    assert run("--db", str(wh), "digest", "--week", WEEK, "--publish", "--out", str(out))[0] == 0
    bad = tmp_path / "bad.txt"
    bad.write_text("ok@example.com\nnot an address\n")
    code, text = run("--db", str(wh), "digest", "--week", WEEK, "--send", "--to-file", str(bad))
    assert code == 2 and f"{bad}:2: not an e-mail address" in text and "Traceback" not in text
    monkeypatch.delenv("EOLIST_SMTP_HOST")
    code, text = run("--db", str(wh), "digest", "--week", WEEK, "--send", "--test-to", "a@b.org")
    assert code == 2 and "set EOLIST_SMTP_HOST" in text
    monkeypatch.setenv("EOLIST_SMTP_HOST", "127.0.0.1")
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        monkeypatch.setenv("EOLIST_SMTP_PORT", str(s.getsockname()[1]))
    code, text = run("--db", str(wh), "digest", "--week", WEEK, "--send", "--test-to", "a@b.org")
    assert code == 2 and "mail server 127.0.0.1:" in text and len(text.strip().splitlines()) == 1
    assert smtp.received == []
