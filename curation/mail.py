"""Sending a published list by e-mail (``eolist digest --send``), through her SMTP server.

The message is what mail readers expect of a newsletter: ``multipart/alternative`` with the
plain-text list first and the email HTML second (a reader shows the last part it can), the
list's title as the subject, a ``List-Unsubscribe`` header (RFC 2369) when she has set an
unsubscribe link, with ``List-Unsubscribe-Post`` (RFC 8058 one-click) only for an https link,
which is what that RFC allows. Subscribers go as envelope recipients only (never in a header),
so no one sees the others' addresses; ``To`` is her own address.

Settings come from the environment so the password never sits in the warehouse or a file:
``EOLIST_SMTP_HOST``, ``EOLIST_SMTP_PORT`` (587), ``EOLIST_SMTP_TLS`` (``starttls``, ``ssl`` or
``none``), ``EOLIST_SMTP_USER``, ``EOLIST_SMTP_PASSWORD`` and ``EOLIST_MAIL_FROM``. The standard
library's ``smtplib`` and ``email`` do the work; nothing here is hand-written protocol.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path

from curation import render
from curation.compose import Digest

TLS_MODES = ("starttls", "ssl", "none")
TIMEOUT_S = 30


class MailError(ValueError):
    """Mail that cannot be sent as asked (a setting, an address, the server); one line."""


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    tls: str
    user: str | None
    password: str | None
    sender: str  # the envelope address
    from_header: str  # as she wrote it, with her name: "Her List <list@example.org>"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Smtp:
        host = env.get("EOLIST_SMTP_HOST", "").strip()
        sender = env.get("EOLIST_MAIL_FROM", "").strip()
        missing = [
            n for n, v in (("EOLIST_SMTP_HOST", host), ("EOLIST_MAIL_FROM", sender)) if not v
        ]
        if missing:
            raise MailError(f"set {' and '.join(missing)} to send mail (see docs/curation.md)")
        tls = env.get("EOLIST_SMTP_TLS", "starttls").strip().lower()
        if tls not in TLS_MODES:
            raise MailError(f"EOLIST_SMTP_TLS must be one of {', '.join(TLS_MODES)}, not {tls!r}")
        port_text = env.get("EOLIST_SMTP_PORT", "465" if tls == "ssl" else "587").strip()
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise MailError(f"EOLIST_SMTP_PORT must be a port number, not {port_text!r}")
        return cls(host, int(port_text), tls, env.get("EOLIST_SMTP_USER") or None,
                   env.get("EOLIST_SMTP_PASSWORD") or None, address(sender, "EOLIST_MAIL_FROM"),
                   sender)  # fmt: skip


def address(text: str, where: str) -> str:
    """One e-mail address, or a ``MailError`` naming where it came from."""
    _, addr = parseaddr(text)
    if not addr or "@" not in addr or any(c.isspace() for c in addr) or addr != addr.strip():
        raise MailError(f"{where}: not an e-mail address: {text.strip()!r}")
    return addr


def recipients(path: Path) -> list[str]:
    """Addresses from a file, one a line (blank lines and ``#`` comments skipped), deduplicated
    in order; a bad line is one error naming the file and line."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise MailError(f"cannot read the recipients file {path}: {e}") from e
    seen: dict[str, None] = {}
    for n, line in enumerate(lines, start=1):
        line = line.split("#", 1)[0].strip()
        if line:
            seen.setdefault(address(line, f"{path}:{n}").lower(), None)
    if not seen:
        raise MailError(f"{path}: no addresses in it")
    return list(seen)


def message(d: Digest, sender: str, unsubscribe: str = "", test: bool = False) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = ("[test] " if test else "") + d.title
    msg["From"] = sender
    msg["To"] = sender
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rsplit("@", 1)[-1].strip(">"))
    if unsubscribe:
        msg["List-Unsubscribe"] = f"<{unsubscribe}>"
        if unsubscribe.startswith("https://"):
            msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(render.text(d))
    msg.add_alternative(render.html(d), subtype="html")
    return msg


def send(msg: EmailMessage, smtp: Smtp, to: list[str]) -> None:
    """Hand the message to the server for ``to`` (envelope only); one ``MailError`` line on
    failure, naming the server."""
    where = f"{smtp.host}:{smtp.port}"
    try:
        client: smtplib.SMTP
        if smtp.tls == "ssl":
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=TIMEOUT_S,
                                      context=ssl.create_default_context())  # fmt: skip
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT_S)
        with client:
            if smtp.tls == "starttls":
                client.starttls(context=ssl.create_default_context())
            if smtp.user:
                client.login(smtp.user, smtp.password or "")
            refused = client.send_message(msg, from_addr=smtp.sender, to_addrs=to)
    except (OSError, smtplib.SMTPException) as e:
        raise MailError(f"mail server {where}: {e}") from e
    if refused:
        raise MailError(f"mail server {where} refused {len(refused)} of {len(to)} recipients: "
                        + ", ".join(sorted(refused)[:5]))  # fmt: skip
