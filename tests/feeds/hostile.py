"""A varied set of malformed and oddly encoded feeds, generated (no real content).

``hostile_feeds()`` returns ``{name: (Route, expect)}`` where ``expect`` is ``"posts"`` (must be
read, at least partly), ``"error"`` (must fail the source with a readable sentence) or
``"either"`` (posts or a recorded error, never a crash or half a record).
"""

from __future__ import annotations

import codecs
import json

from tests.feeds.server import Route

TITLES = ["Onboarding that sticks", "Pay equity in practice", "Café culture & HR", "Ça va, RH?"]


def rss(items: str, head: str = '<?xml version="1.0" encoding="utf-8"?>', extra: str = "") -> str:
    return (
        f'{head}<rss version="2.0"{extra}><channel><title>Test HR blog</title>'
        f"<link>http://blog.test/</link>{items}</channel></rss>"
    )


def item(i: int, title: str | None = None, date: str = "Tue, 24 Nov 2026 10:00:00 GMT") -> str:
    t = title if title is not None else f"{TITLES[i % len(TITLES)]} #{i}".replace("&", "&amp;")
    return (
        f"<item><title>{t}</title><link>posts/{i}</link><pubDate>{date}</pubDate>"
        f"<description>&lt;p&gt;Post {i} about people &lt;a href='/p/{i}'&gt;more&lt;/a&gt;&lt;/p&gt;"
        "</description></item>"
    )


def items(n: int, **kw: str) -> str:
    return "".join(item(i, **kw) for i in range(n))


def _bomb() -> bytes:
    ents = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [{ents}]>'.encode()
        + rss("<item><title>&a9;</title><link>http://blog.test/x</link></item>", head="").encode()
    )


def hostile_feeds() -> dict[str, tuple[Route, str]]:
    good = rss(items(3))
    out: dict[str, tuple[Route, str]] = {
        "plain": (Route(good.encode()), "posts"),
        "utf8-bom": (Route(codecs.BOM_UTF8 + good.encode()), "posts"),
        "utf16-bom": (
            Route(rss(items(3), '<?xml version="1.0" encoding="utf-16"?>').encode("utf-16")),
            "posts",
        ),
        "latin1-declared-utf8": (Route(good.encode("latin-1")), "posts"),
        "latin1-undeclared": (Route(rss(items(3), "").encode("latin-1")), "posts"),
        "cp1252-declared": (
            Route(rss(items(3), '<?xml version="1.0" encoding="windows-1252"?>').encode("cp1252")),
            "posts",
        ),
        "wrong-charset-header": (
            Route(good.encode(), ctype="text/xml; charset=shift_jis"),
            "posts",
        ),
        "illegal-control-chars": (
            Route(rss(items(3)).replace("#1", "#1\x01\x0b").encode()),
            "posts",
        ),
        "nul-bytes": (Route(good.encode().replace(b"Post 2", b"Post\x00 2")), "posts"),
        "unescaped-ampersands": (
            Route(
                rss(
                    items(2)
                    + "<item><title>R&D & HR</title><link>http://blog.test/rd?a=1&b=2</link></item>"
                ).encode()
            ),
            "posts",
        ),
        "garbage-dates": (
            Route(rss(items(3, date="the 32nd of Smarch, year 0")).encode()),
            "posts",
        ),
        "far-dates": (Route(rss(items(2, date="Mon, 01 Jan 0001 00:00:00 GMT")).encode()), "posts"),
        "no-guid-relative-links": (Route(good.encode()), "posts"),
        "no-title-no-link": (
            Route(rss("<item><description>only text here</description></item>").encode()),
            "posts",
        ),
        "leading-blank-lines": (Route(b"\n\n  " + good.encode()), "posts"),
        "trailing-comment": (
            Route(good.encode() + b"\n<!-- cached page generated in 0.1s -->\n"),
            "posts",
        ),
        "atom03": (
            Route(
                b'<?xml version="1.0"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title><entry><title>Atom 0.3 post</title><link rel="alternate" href="http://blog.test/a03"/><id>tag:blog.test,2004:1</id><issued>2004-01-01T00:00:00Z</issued></entry></feed>'
            ),
            "posts",
        ),
        "rss091": (
            Route(
                b'<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title><link>http://blog.test/</link><item><title>RSS 0.91 post</title><link>http://blog.test/091</link></item></channel></rss>'
            ),
            "posts",
        ),
        "json-feed": (
            Route(
                json.dumps(
                    {
                        "version": "https://jsonfeed.org/version/1.1",
                        "title": "J",
                        "items": [
                            {
                                "id": 7,
                                "url": "/j/7",
                                "content_text": "hi",
                                "date_published": "not a date",
                            }
                        ],
                    }
                ).encode(),
                ctype="application/feed+json",
            ),
            "posts",
        ),
        "json-feed-bad-items": (
            Route(
                json.dumps(
                    {
                        "version": "https://jsonfeed.org/version/1",
                        "items": [
                            1,
                            "x",
                            None,
                            {"id": "ok", "title": "Fine", "url": "http://blog.test/f"},
                        ],
                    }
                ).encode()
            ),
            "posts",
        ),
        "empty-valid-feed": (Route(rss("").encode()), "either"),
        "empty-body": (Route(b""), "error"),
        "whitespace-body": (Route(b" \n\t "), "error"),
        "html-page": (
            Route(
                b'<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/feed"></head><body>Hi</body></html>',
                ctype="text/html",
            ),
            "error",
        ),
        "json-not-feed": (Route(b'{"jobs": []}', ctype="application/json"), "error"),
        "json-broken": (
            Route(
                b'{"version": "https://jsonfeed.org/version/1", "items": [',
                ctype="application/json",
            ),
            "error",
        ),
        "truncated": (Route(good.encode()[: len(good) // 2]), "error"),
        "entity-bomb": (Route(_bomb()), "error"),
        "xxe": (
            Route(
                b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                + rss(
                    "<item><title>&x;</title><link>http://blog.test/x</link></item>", head=""
                ).encode()
            ),
            "error",
        ),
        "binary-garbage": (Route(bytes(range(256)) * 64), "error"),
        "gigantic": (
            Route(rss(items(3)).encode() + b"<!--" + b"x" * (40 * 1024 * 1024) + b"-->"),
            "error",
        ),
        "http-500": (Route(b"oops", status=500), "error"),
        "http-404": (Route(b"gone", status=404), "error"),
    }
    return out
