"""Career sites and job boards marked up with schema.org ``JobPosting`` (JSON-LD or microdata).

A source's URL is a listing page or a sitemap:

* listing: its further pages and its detail pages are found by ``spiders.discovery``: any
  same-site link that looks like a posting (not only those below the listing's path: boards
  list at ``/jobs`` and show ``/job/<id>``), ranked, with navigation, legal and asset links
  left out; pagination by ``rel=next``, page parameters, ``/page/N``, numbered pagers and
  "Load more" links, read against the *source's* listing so page 2 keeps its scope. A
  "Load more" endpoint may answer JSON: its links (``url``/``href`` fields, HTML fragments)
  and ``next`` URL are read the same way. A source's ``follow`` pattern (sources.toml)
  replaces the guess: exactly the links it matches are followed;
* sitemap (``<urlset>``): every ``<loc>`` is a detail page; a ``<sitemapindex>``'s sitemaps are
  further listing pages (they count against ``max_pages``). On a recrawl, a detail page whose
  ``<lastmod>`` is not newer than the source's last complete crawl, and whose posting the
  warehouse holds, is not fetched again (``detail_lastmods``; the rule: ``pipeline.recrawl``).

Emits one ``RawPosting`` per JobPosting on any page, listing or detail (several postings on
one page, ``@graph``, broken JSON-LD read leniently: see ``spiders.schemaorg``). A page with no
JobPosting markup at all is read for job-like records in its inline JSON (``__NEXT_DATA__``,
``application/json`` scripts, ``window.__INITIAL_STATE__ = {...}``: ``spiders.inline``). A page without
postings is not an error: a listing page usually has none; a JobPosting without a title makes
no record and is counted (``skipped``), as is a page lxml stopped reading at a text node
over 10 MB (a huge JSON-LD block): what came before it is read, and the listing is incomplete. A ``<loc>`` that is not an absolute http(s) URL is
skipped and counted by the crawler; the sitemap's other entries are still read. A page parsed once is reused by
``extract``, ``next_pages`` and ``detail_urls`` (a tiny cache keyed by the body), which keeps
the crawl near Scrapy's own page rate (``bench/bench_jsonld.py``).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from pipeline.records import RawPosting
from pipeline.sources import SourceConfig
from spiders import discovery, hints, inline, schemaorg
from spiders.kinds import ExtractError, Skipped

KIND = "jsonld"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
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


def _json(body: bytes) -> Any:
    """A "Load more" endpoint's JSON answer, else ``None``."""
    if body.lstrip()[:1] not in (b"{", b"["):
        return None
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


@lru_cache(maxsize=4)
def _parsed(body: bytes) -> tuple[str, Any]:
    sitemap = _sitemap(body)
    if sitemap is not None:
        return "sitemap", sitemap
    data = _json(body)
    if data is not None:
        return "json", data
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


def _dicts(data: Any) -> list[dict[str, Any]]:
    """Every JSON object in ``data``, by a loop (a deeply nested answer cannot exhaust the stack)."""
    out: list[dict[str, Any]] = []
    stack: list[Any] = [data]
    while stack and len(out) < 100_000:
        node = stack.pop()
        if isinstance(node, dict):
            out.append(node)
            stack.extend(reversed(node.values()))
        elif isinstance(node, list):
            stack.extend(reversed(node))
    return out


@lru_cache(maxsize=4)
def _postings(url: str, body: bytes) -> tuple[tuple[RawPosting, ...], int, int]:
    """The page's postings, and how many JobPosting blocks made none: without a title, and
    JSON-LD naming a JobPosting that could not be read even leniently."""
    form, doc = _read(body)
    if form == "sitemap":
        return (), 0, 0
    problems: list[str] = []
    if form == "json":  # a "Load more" answer: its JobPosting objects, wherever they sit
        postings, unreadable = [d for d in _dicts(doc) if schemaorg.walk(d) == [d]], 0
    else:
        postings, problems, unreadable = schemaorg.read_blocks(doc)
    if problems:
        raise ExtractError(f"{problems[0]} ({len(problems)} on the page)")
    found = [schemaorg.to_raw(jp, url, KIND) for jp in postings]
    untitled = sum(p is None for p in found)
    if form == "html" and not postings and not unreadable:
        # no JobPosting markup: a page rendered from inline JSON (__NEXT_DATA__ and the like)
        return tuple(inline.postings(doc, url, KIND)), 0, 0
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


_URL_KEYS = ("url", "href", "link", "permalink", "absolute_url", "jobUrl", "job_url", "detailUrl")
_TITLE_KEYS = ("title", "name", "jobTitle", "text")
_NEXT_KEY = re.compile(r"^next(?:_?page)?(?:_?(?:url|link|href))?$", re.I)


def _json_links(data: Any, url: str) -> tuple[list[discovery.Link], list[str]]:
    """Links a JSON answer holds (link fields, HTML fragments) and its ``next`` URL."""
    found: list[discovery.Link] = []
    after: list[str] = []
    for node in _dicts(data):
        title = next((v for k in _TITLE_KEYS if isinstance(v := node.get(k), str)), "")
        for key, value in node.items():
            if not isinstance(value, str):
                continue
            if _NEXT_KEY.match(key) and value.strip():
                after.append(urljoin(url, value.strip()))
            elif key in _URL_KEYS and value.strip():
                found.append(discovery.Link(urljoin(url, value.strip()), title, False))
            elif "<a " in value:
                fragment = schemaorg.parse_html(value.encode("utf-8"))
                if fragment is not None:
                    found.extend(discovery.links(fragment, url))
    return found, after


# both next_pages_for and detail_urls_for read a listing page's links: found once (the lists
# are shared, so nobody changes them)
@lru_cache(maxsize=4)
def _page_links(url: str, body: bytes) -> tuple[list[discovery.Link], list[str]]:
    """(the page's links, its rel=next targets)."""
    form, doc = _read(body)
    if form == "json":
        return _json_links(doc, url)
    if form != "html" or doc is None:
        return [], []
    rel = doc.xpath('//link[@rel="next"]/@href | //a[@rel="next"]/@href')
    return discovery.links(doc, url) + discovery.load_more_targets(doc, url), rel[:1]


def next_pages_for(source: SourceConfig, url: str, body: bytes) -> list[str]:
    form, doc = _read(body)
    if form == "sitemap":
        return _locs(doc, "sitemap")
    found, rel_next = _page_links(url, body)
    return discovery.page_links(found, discovery.Scope.of(source.url), url, rel_next)


def detail_urls_for(source: SourceConfig, url: str, body: bytes) -> list[str]:
    """Sitemap entries, or the same-site links that look like posting pages (best first)."""
    form, doc = _read(body)
    if form == "sitemap":
        return _locs(doc, "url")
    found, _ = _page_links(url, body)
    follow = re.compile(source.follow) if source.follow else None
    return discovery.detail_links(found, discovery.Scope.of(source.url), url, follow)


def detail_lastmods(url: str, body: bytes) -> dict[str, str]:
    """A sitemap's ``<lastmod>`` of each ``<url>``, as written (``pipeline.recrawl`` reads them)."""
    form, doc = _read(body)
    if form != "sitemap":
        return {}
    out = {}
    for entry in doc.iterfind(f"{SITEMAP_NS}url"):
        loc, lastmod = entry.findtext(f"{SITEMAP_NS}loc"), entry.findtext(f"{SITEMAP_NS}lastmod")
        if loc and loc.strip() and lastmod and lastmod.strip():
            out[loc.strip()] = lastmod.strip()
    return out


def next_pages(url: str, body: bytes) -> list[str]:
    """``next_pages_for`` a source whose listing is ``url``."""
    return next_pages_for(_listing(url), url, body)


def detail_urls(url: str, body: bytes) -> list[str]:
    """``detail_urls_for`` a source whose listing is ``url``."""
    return detail_urls_for(_listing(url), url, body)


def _listing(url: str) -> SourceConfig:
    return SourceConfig(name="page", kind=KIND, url=url)


def hints_for(source: SourceConfig, url: str, body: bytes) -> list[hints.Hint]:
    """An ATS board the listing embeds, job links to other hosts (``spiders.hints``)."""
    return hints.page_hints(source, url, body)
