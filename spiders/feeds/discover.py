"""Finding feeds, and reading and writing OPML subscription lists (pure functions).

``discover_feeds(url, body)``: the feeds a page offers, best first. A body that is itself a
feed gives ``[url]``. An HTML page gives its ``<link rel="alternate">`` feeds (RSS, Atom,
JSON Feed types, comment feeds last), resolved against ``<base href>`` and the page URL; with
none, ``<a>`` links whose address looks like a feed (``/feed``, ``.rss``, ``.atom``,
``/feeds/posts/default``) on the same site.

``read_opml(body)``: the ``(title, xmlUrl, htmlUrl)`` of every outline with an ``xmlUrl``,
folders flattened, duplicates dropped, in document order. ``write_opml(feeds, title)``: an
OPML 2.0 document that ``read_opml`` (and other readers) read back. OPML is parsed with
lxml with entity resolution and network access off; a DOCTYPE declaring entities is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import urljoin, urlsplit
from xml.sax.saxutils import escape, quoteattr

import lxml.etree
import lxml.html

from pipeline import safety

FEED_TYPES = {
    "application/rss+xml": 0,
    "application/atom+xml": 0,
    "application/feed+json": 1,
    "application/json": 2,
    "application/rdf+xml": 1,
    "text/xml": 2,
    "application/xml": 2,
}
_FEEDISH = re.compile(r"(/feed/?$|/feeds?/posts/default|\.(rss|atom|rdf)$|/rss/?$|/atom/?$|\.xml$)")
_FEED_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)


class OpmlError(ValueError):
    """An OPML file that cannot be read; the message says why."""


def _is_feed(body: bytes) -> bool:
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return b"jsonfeed.org" in body[:4096]
    return bool(_FEED_ROOT.match(head))


def discover_feeds(url: str, body: bytes) -> list[str]:
    """Feed URLs a page offers, best first (see the module docstring); [] when none."""
    if _is_feed(body):
        return [url]
    try:
        doc = lxml.html.document_fromstring(body)
    except (lxml.etree.ParserError, ValueError):
        return []
    base = urljoin(url, (doc.xpath("string(//base/@href)") or "").strip())
    ranked: list[tuple[int, int, str]] = []
    for i, link in enumerate(doc.xpath("//link[@href]")):
        rels = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" not in rels or kind not in FEED_TYPES:
            continue
        href = urljoin(base, link.get("href").strip())
        title = (link.get("title") or "").lower()
        comments = "comment" in title or "/comments/" in href
        ranked.append((FEED_TYPES[kind] + (10 if comments else 0), i, href))
    if not ranked:
        host = urlsplit(url).netloc
        for i, a in enumerate(doc.xpath("//a[@href]")):
            href = urljoin(base, a.get("href").strip())
            parts = urlsplit(href)
            if parts.netloc == host and _FEEDISH.search(parts.path.lower()):
                ranked.append((20, i, href))
    out: list[str] = []
    for _, _, href in sorted(ranked):
        if urlsplit(href).scheme in ("http", "https") and href not in out:
            out.append(href)
    return out


@dataclass(frozen=True)
class OpmlFeed:
    title: str
    xml_url: str
    html_url: str | None = None


def read_opml(body: bytes, where: str = "OPML") -> list[OpmlFeed]:
    problem = safety.hostile_markup(body)
    if problem:
        raise OpmlError(f"{where}: {problem}")
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        root = lxml.etree.fromstring(body, parser)
    except lxml.etree.XMLSyntaxError as e:
        raise OpmlError(f"{where}: not readable XML ({e})") from e
    if root is None or root.tag != "opml":
        raise OpmlError(f"{where}: not an OPML document (no <opml> root element)")
    out: list[OpmlFeed] = []
    seen = set()
    for node in root.iter("outline"):
        xml_url = (node.get("xmlUrl") or node.get("xmlurl") or "").strip()
        if not xml_url or xml_url in seen:
            continue
        if urlsplit(xml_url).scheme not in ("http", "https"):
            continue
        seen.add(xml_url)
        title = (node.get("title") or node.get("text") or "").strip() or xml_url
        html_url = (node.get("htmlUrl") or "").strip() or None
        out.append(OpmlFeed(title, xml_url, html_url))
    return out


def write_opml(feeds: list[OpmlFeed], title: str = "eolist feeds") -> str:
    now = format_datetime(datetime.now(UTC), usegmt=True)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{escape(title)}</title><dateCreated>{now}</dateCreated></head>",
        "  <body>",
    ]
    for f in feeds:
        attrs = f'text={quoteattr(f.title)} title={quoteattr(f.title)} type="rss" xmlUrl={quoteattr(f.xml_url)}'
        if f.html_url:
            attrs += f" htmlUrl={quoteattr(f.html_url)}"
        lines.append(f"    <outline {attrs}/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)
