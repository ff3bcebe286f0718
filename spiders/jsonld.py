"""Career sites and job boards marked up with schema.org ``JobPosting`` (JSON-LD or microdata).

A source's URL is a listing page or a sitemap:

* listing: follows pagination (``<link rel="next">`` / ``<a rel="next">``, first one only) and
  the links to detail pages (any same-site link below the listing's path, without fragments
  and campaign parameters such as ``utm_*``, so a posting linked twice is fetched once);
* sitemap (``<urlset>``): every ``<loc>`` is a detail page; a ``<sitemapindex>``'s sitemaps are
  further listing pages (they count against ``max_pages``).

Emits one ``RawPosting`` per JobPosting on any page, listing or detail (several postings on
one page, ``@graph``, broken JSON-LD read leniently: see ``spiders.schemaorg``). A page without
postings is not an error: a listing page usually has none; a JobPosting without a title makes
no record and is counted (``skipped``), as is a page lxml stopped reading at a text node
over 10 MB (a huge JSON-LD block): what came before it is read, and the listing is incomplete. A ``<loc>`` that is not an absolute http(s) URL is
skipped and counted by the crawler; the sitemap's other entries are still read. A page parsed once is reused by
``extract``, ``next_pages`` and ``detail_urls`` (a tiny cache keyed by the body), which keeps
the crawl near Scrapy's own page rate (``bench/bench_jsonld.py``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from pipeline.records import RawPosting
from spiders import schemaorg
from spiders.common import join
from spiders.kinds import ExtractError, Skipped

KIND = "jsonld"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# campaign parameters: the same posting linked with and without them is one fetch
_TRACKING = re.compile(r"^(?:utm_[a-z]+|gh_src|lever-source|ref|source|src|trk)(?:=|$)", re.I)
_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _sitemap(body: bytes) -> Any:
    head = body[:512].lstrip()
    if not (head.startswith(b"<?xml") or head.startswith(b"<urlset")) or b"<html" in head:
        return None
    if b"<urlset" not in body[:2048] and b"<sitemapindex" not in body[:2048]:
        return None
    try:
        return etree.fromstring(body, _XML)
    except etree.XMLSyntaxError:
        return None


@lru_cache(maxsize=4)
def _parsed(body: bytes) -> tuple[str, Any]:
    sitemap = _sitemap(body)
    if sitemap is not None:
        return "sitemap", sitemap
    # A page lxml read only in part (a text node over 10 MB) is still read up to that point;
    # ``skipped`` counts the page, so its unread postings and links cannot look gone.
    return "html", schemaorg.parse_html(body)


def _locs(root: Any, tag: str) -> list[str]:
    return [
        (loc.text or "").strip()
        for loc in root.iterfind(f"{SITEMAP_NS}{tag}/{SITEMAP_NS}loc")
        if (loc.text or "").strip()
    ]


def _read(body: bytes) -> tuple[str, Any]:
    """The parsed page: ``("sitemap", root)`` or ``("html", doc or None)``."""
    return _parsed(body)


@lru_cache(maxsize=4)
def _postings(url: str, body: bytes) -> tuple[tuple[RawPosting, ...], int, int]:
    """The page's postings, and how many JobPosting blocks made none: without a title, and
    JSON-LD naming a JobPosting that could not be read even leniently."""
    form, doc = _read(body)
    if form == "sitemap":
        return (), 0, 0
    postings, problems, unreadable = schemaorg.read_blocks(doc)
    if problems:
        raise ExtractError(f"{problems[0]} ({len(problems)} on the page)")
    found = [schemaorg.to_raw(jp, url, KIND) for jp in postings]
    untitled = sum(p is None for p in found)
    return tuple(p for p in found if p is not None), untitled, unreadable


def extract(url: str, body: bytes) -> list[RawPosting]:
    return list(_postings(url, body)[0])


def skipped(url: str, body: bytes) -> list[Skipped]:
    _, untitled, unreadable = _postings(url, body)
    out = schemaorg.cut_short(body) if _read(body)[0] == "html" else []
    if untitled:
        out.append(Skipped("JobPosting blocks without a title", untitled))
    if unreadable:
        out.append(
            Skipped("JSON-LD blocks naming a JobPosting that are not readable JSON", unreadable)
        )
    return out


def next_pages(url: str, body: bytes) -> list[str]:
    form, doc = _read(body)
    if form == "sitemap":
        return _locs(doc, "sitemap")
    if doc is None:
        return []
    hrefs = doc.xpath('//link[@rel="next"]/@href | //a[@rel="next"]/@href')
    return [join(url, h) for h in hrefs[:1]]


def detail_urls(url: str, body: bytes) -> list[str]:
    """Sitemap entries, or same-site links that look like posting pages (below the listing)."""
    form, doc = _read(body)
    if form == "sitemap":
        return _locs(doc, "url")
    if doc is None:
        return []
    base = urlsplit(url)
    listing_path = base.path.rstrip("/")
    out: dict[str, None] = {}
    for href in doc.xpath("//a[@href]/@href"):
        try:
            target = urlsplit(urljoin(url, href))
        except ValueError:  # no URL at all: the crawler counts it as an unusable link
            out[href] = None
            continue
        if target.netloc != base.netloc or target.query and target.path == base.path:
            continue
        if target.path.startswith(listing_path + "/") and target.path != base.path:
            query = "&".join(kv for kv in target.query.split("&") if kv and not _TRACKING.match(kv))
            out[target._replace(query=query, fragment="").geturl()] = None
    return list(out)
