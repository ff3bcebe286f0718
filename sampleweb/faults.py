"""Fault modes of the sample web: the ways other people's servers fail, switchable per path.

``SampleWeb.set_fault(prefix, "kind:arg")`` makes every path under ``prefix`` misbehave; the
handler dispatches here before answering. Each mode is a function ``(handler, arg) -> bool``
that returns True when it has answered (or dropped) the request itself, False to let the
normal answer go out (after a delay, say). ``handler.sample_web`` is the ``SampleWeb``, so a
mode can damage the page the path would have served instead of inventing one.

| mode | what the client sees |
|---|---|
| ``bare:<code>`` | that status with no ``Retry-After`` (``status:<code>`` sends ``Retry-After: 1``) |
| ``throttle:<s>`` | 429 with ``Retry-After: <s>`` |
| ``burst:<code>:<n>`` | the first ``n`` requests of each path answer ``code``; then the real page |
| ``reset`` | the connection is reset (TCP RST) after the request is read |
| ``trickle:<s>`` | the real page, its bytes spread over ``s`` seconds |
| ``truncate:<fraction>`` | ``Content-Length`` of the real page, only that fraction of it, then close |
| ``redirect-loop`` | ``/x`` → ``/x?loop=1`` → ``/x`` → ... |
| ``redirect-chain:<n>`` | ``n`` redirects through ``?hop=k``, then the real page |
| ``oversize:<mb>[:stream]`` | a body of ``mb`` MiB, announced by ``Content-Length`` (``stream``: not) |
| ``gzip-bomb:<mb>`` | ``Content-Encoding: gzip``, ~1/1000 the size, inflating to ``mb`` MiB |
| ``xml-bomb`` | a feed whose DTD nests entities ("billion laughs") |
| ``xml-xxe`` | a feed whose entity reads a local file (``/etc/hostname``) |
| ``bad-utf8`` | the real page with bytes that are not UTF-8 inside its first string |
| ``latin1`` | the real page re-encoded as windows-1252 while still declaring UTF-8 |
| ``html`` | a 200 HTML "checking your browser" page, whatever was asked |
| ``wrong-types`` | the real JSON page with values of the wrong types (numbers, lists, objects) |
| ``empty`` | a 200 with an empty body |
| ``trap`` | a JSON-LD listing whose ``rel=next`` never ends (a crawler trap) |

All of it is generated here; nothing is fetched from anywhere.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable
from functools import lru_cache
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

HTML = "text/html; charset=utf-8"
JSON = "application/json; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
MIB = 1024 * 1024

_counts: dict[tuple[int, str], int] = {}
_counts_lock = threading.Lock()


def _send(h: Any, status: int, body: bytes, ctype: str | None, **extra: str) -> bool:
    h._send(status, body, ctype, None, {k.replace("_", "-"): v for k, v in extra.items()})
    return True


def _real(h: Any, path: str | None = None) -> tuple[int, bytes, str]:
    status, body, ctype, _etag = h.sample_web.respond(path or h.path)
    return status, body, ctype


def _write(h: Any, data: bytes) -> bool:
    """Write, tolerating a client that gave up (that is the point of several modes)."""
    try:
        h.wfile.write(data)
        h.wfile.flush()
        return True
    except OSError:
        h.close_connection = True
        return False


def _head(h: Any, status: int, headers: dict[str, str]) -> None:
    h.send_response(status)
    for k, v in headers.items():
        h.send_header(k, v)
    h.end_headers()


def bare(h: Any, arg: str) -> bool:
    code = int(arg)
    return _send(h, code, f"fault {code}\n".encode(), TEXT)


def throttle(h: Any, arg: str) -> bool:
    return _send(h, 429, b"slow down\n", TEXT, Retry_After=str(int(float(arg))))


def burst(h: Any, arg: str) -> bool:
    code, _, n = arg.partition(":")
    key = (id(h.sample_web), f"{arg}|{urlsplit(h.path).path}")
    with _counts_lock:
        _counts[key] = seen = _counts.get(key, 0) + 1
    if seen > int(n or 1):
        return False
    return _send(h, int(code), f"fault {code} ({seen} of {n})\n".encode(), TEXT)


def reset_counts() -> None:
    """Forget how many requests each ``burst`` path has had (tests start afresh)."""
    with _counts_lock:
        _counts.clear()
        _times.clear()


def reset(h: Any, arg: str) -> bool:
    # SO_LINGER with a zero timeout turns close() into a TCP RST instead of a FIN.
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.connection.close()
    h.close_connection = True
    return True


def trickle(h: Any, arg: str) -> bool:
    status, body, ctype = _real(h)
    _head(h, status, {"Content-Type": ctype, "Content-Length": str(len(body))})
    steps = 20
    size = max(1, -(-len(body) // steps))
    for i in range(0, len(body), size):
        if not _write(h, body[i : i + size]):
            break
        time.sleep(float(arg) / steps)
    return True


def truncate(h: Any, arg: str) -> bool:
    status, body, ctype = _real(h)
    _head(h, status, {"Content-Type": ctype, "Content-Length": str(len(body))})
    _write(h, body[: int(len(body) * float(arg or 0.5))])
    h.close_connection = True
    return True


def _with_query(h: Any, **params: str) -> str:
    parts = urlsplit(h.path)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    query += list(params.items())
    return f"{parts.path}?{urlencode(query)}"


def redirect_loop(h: Any, arg: str) -> bool:
    query = dict(parse_qsl(urlsplit(h.path).query))
    target = _with_query(h, loop="0" if query.get("loop") == "1" else "1")
    return _send(h, 302, b"", None, Location=h.sample_web.base_url + target)


def redirect_chain(h: Any, arg: str) -> bool:
    parts = urlsplit(h.path)
    query = parse_qsl(parts.query, keep_blank_values=True)
    hop = int(dict(query).get("hop", "0"))
    if hop >= int(arg):
        rest = urlencode([(k, v) for k, v in query if k != "hop"])
        status, body, ctype = _real(h, f"{parts.path}?{rest}")
        return _send(h, status, body, ctype)
    return _send(h, 302, b"", None, Location=_with_query(h, hop=str(hop + 1)))


def oversize(h: Any, arg: str) -> bool:
    mb, _, how = arg.partition(":")
    total = int(float(mb) * MIB)
    headers = {"Content-Type": JSON}
    if how != "stream":
        headers["Content-Length"] = str(total)
    _head(h, 200, headers)
    chunk = b'{"pad": "' + b"x" * (64 * 1024 - 12) + b'"},'
    sent = 0
    while sent < total and _write(h, chunk[: total - sent]):
        sent += len(chunk)
    h.close_connection = True
    return True


@lru_cache(maxsize=4)
def _bomb(mb: int) -> bytes:
    """``mb`` MiB of zeros, gzipped a MiB at a time (the server never holds the inflated body)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # 16+: gzip framing
    block = b"\0" * MIB
    return b"".join(packer.compress(block) for _ in range(mb)) + packer.flush()


def gzip_bomb(h: Any, arg: str) -> bool:
    body = _bomb(int(arg or 256))
    return _send(h, 200, body, JSON, Content_Encoding="gzip")


_LAUGHS = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i else "lol"}">' for i in range(10))
XML_BOMB = (
    f'<?xml version="1.0"?>\n<!DOCTYPE rss [{_LAUGHS}]>\n'
    '<rss version="2.0"><channel><title>bomb</title><link>http://127.0.0.1/</link>'
    "<item><title>&lol9;</title><link>http://127.0.0.1/a</link>"
    "<description>&lol9;</description></item></channel></rss>\n"
).encode()
XML_XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>\n'
    b'<rss version="2.0"><channel><title>xxe</title><link>http://127.0.0.1/</link>'
    b"<item><title>HR Manager &xxe;</title><link>http://127.0.0.1/xxe</link>"
    b"<guid>xxe-1</guid><description>leak: &xxe;</description></item></channel></rss>\n"
)


def xml_bomb(h: Any, arg: str) -> bool:
    return _send(h, 200, XML_BOMB, RSS)


def xml_xxe(h: Any, arg: str) -> bool:
    return _send(h, 200, XML_XXE, RSS)


def bad_utf8(h: Any, arg: str) -> bool:
    status, body, ctype = _real(h)
    at = body.find(b'"', body.find(b'"title') + 7) + 1 if b'"title' in body else body.find(b">")
    body = body[: max(at, 0)] + b"\xff\xfe\xc3(" + body[max(at, 0) :]
    return _send(h, status, body, ctype)


def latin1(h: Any, arg: str) -> bool:
    status, body, ctype = _real(h)
    return _send(h, status, body.decode("utf-8").encode("cp1252", "replace"), ctype)


CHALLENGE = (
    b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    b"<h1>Checking your browser before accessing the site.</h1>"
    b"<p>This process is automatic.</p></body></html>"
)


def html(h: Any, arg: str) -> bool:
    return _send(h, 200, CHALLENGE, HTML)


def _scramble(value: Any, depth: int = 0) -> Any:
    """The same shape with the wrong types: strings become numbers or lists, and so on."""
    if isinstance(value, dict):
        out = {}
        for i, (k, v) in enumerate(value.items()):
            out[k] = _scramble(v, depth + 1) if isinstance(v, dict | list) else _wrong(v, i)
        return out
    if isinstance(value, list):
        return [_scramble(v, depth + 1) for v in value]
    return _wrong(value, depth)


def _wrong(value: Any, i: int) -> Any:
    if isinstance(value, str):
        return [12345, None, {"value": value}, ["x"], True][i % 5]
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, int | float):
        return str(value) if i % 2 else [value]
    if value is None:
        return {}
    return value


def wrong_types(h: Any, arg: str) -> bool:
    status, body, ctype = _real(h)
    try:
        data = json.loads(body)
    except ValueError:
        return _send(h, status, body, ctype)
    return _send(h, status, json.dumps(_scramble(data)).encode(), JSON)


def empty(h: Any, arg: str) -> bool:
    return _send(h, 200, b"", JSON)


def trap(h: Any, arg: str) -> bool:
    query = dict(parse_qsl(urlsplit(h.path).query))
    page = int(query.get("page", "1")) if query.get("page", "1").isdigit() else 1
    nxt = _with_query(h, page=str(page + 1))
    body = (
        f'<!DOCTYPE html><html><head><link rel="next" href="{nxt}"><title>Jobs, page {page}'
        f'</title></head><body><a rel="next" href="{nxt}">next</a></body></html>'
    ).encode()
    return _send(h, 200, body, HTML)


Mode = Callable[[BaseHTTPRequestHandler, str], bool]
_times: dict[tuple[int, str], list[float]] = {}


def _recorded(mode: Mode) -> Mode:
    def run(h: Any, arg: str) -> bool:
        key = (id(h.sample_web), urlsplit(h.path).path)
        with _counts_lock:
            _times.setdefault(key, []).append(time.monotonic())
        return mode(h, arg)

    return run


def hit_times(web: Any, path: str) -> list[float]:
    """When each faulted request for ``path`` arrived (monotonic seconds): shows the backoff."""
    with _counts_lock:
        return list(_times.get((id(web), path), []))


# fault kind -> mode; the sample web's server merges these into its own table
_MODES: dict[str, Mode] = {
    "bare": bare,
    "throttle": throttle,
    "burst": burst,
    "reset": reset,
    "trickle": trickle,
    "truncate": truncate,
    "redirect-loop": redirect_loop,
    "redirect-chain": redirect_chain,
    "oversize": oversize,
    "gzip-bomb": gzip_bomb,
    "xml-bomb": xml_bomb,
    "xml-xxe": xml_xxe,
    "bad-utf8": bad_utf8,
    "latin1": latin1,
    "html": html,
    "wrong-types": wrong_types,
    "empty": empty,
    "trap": trap,
}
MODES: dict[str, Mode] = {kind: _recorded(mode) for kind, mode in _MODES.items()}
