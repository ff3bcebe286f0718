"""Breezy HR career sites: ``{company}.breezy.hr``, the public ``/json`` list plus each position page.

* list: ``GET /json`` is a bare JSON array of the published positions, the whole board in one
  response (no paging; an empty board is ``[]``). Entries have ``id`` (Breezy's position id:
  the external id), ``friendly_id``, ``name``, ``url`` (the public page,
  ``/p/{friendly_id}``), ``published_date``, ``type`` (``{id, name}``), ``location`` (``name``,
  ``city``, ``state``, ``country``, ``is_remote``), ``department`` and ``salary`` (free text),
  but no description: list entries emit nothing and each position page is fetched once.
* detail: ``GET /p/{friendly_id}`` is the server-rendered position page; the posting is read
  from its schema.org JobPosting (JSON-LD or microdata, ``spiders.schemaorg``), or failing
  that from the page itself (``h1`` and ``div.description``). The id is the part of the path
  before the first dash (``/p/{id}-{slug}``), as the list's ``friendly_id`` is built.

A list entry without an id, a name or a ``/p/ID-slug`` url is left out and counted
(``skipped``, ``spiders.unreadable``). An unknown company redirects to Breezy's marketing site (HTML where the list was due): that
fails the source. Closing: a position leaves the list; its page then answers 404.

Where the format was learned: the list from open-source clients' code and tests quoting live
``/json`` responses (field names and nesting); the position page from documentation only (no
capture of one was found), which is why it is read as generic schema.org markup with a plain
fallback. Golden responses are written by hand in these shapes with invented employers.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from urllib.parse import urlsplit

from parsel import Selector

from pipeline.records import RawPosting
from pipeline.sources import SourceConfig
from spiders import schemaorg
from spiders.common import require, text
from spiders.kinds import ExtractError, Skipped, load_json
from spiders.unreadable import as_skipped, read_each

KIND = "breezy"
HOST_CONCURRENCY = 2  # per host: at most two requests in flight (spiders.settings.host_slots)
_POSITION = re.compile(r"^/p/(?P<id>[A-Za-z0-9]+)(?:-[^/]*)?/?$")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme or 'https'}://{parts.netloc}"


def start_urls(source: SourceConfig) -> list[str]:
    if not urlsplit(source.url).netloc:
        raise ExtractError(f"not a Breezy HR careers URL: {source.url}")
    return [f"{_origin(source.url)}/json"]


def _detail(url: str, body: bytes) -> list[RawPosting]:
    m = _POSITION.match(urlsplit(url).path)
    doc = schemaorg.parse_html(body)
    if m is None or doc is None:
        raise ExtractError("expected a Breezy position page at /p/ID-slug (HTML)")
    found = schemaorg.job_postings(doc)
    record = schemaorg.to_raw(found[0], url, KIND) if found else None
    page = Selector(text=body.decode("utf-8", "replace"))
    title = (record.title if record else None) or text(" ".join(page.css("h1 ::text").getall()))
    if not title:
        raise ExtractError("a Breezy position page without a JobPosting or an h1 title")
    record = record or RawPosting(source_name="", source_kind=KIND, url=url, title=title)
    description = record.description_html or page.css("div.description").get()
    link = url.split("?", 1)[0]
    return [replace(record, url=link, title=" ".join(title.split()), external_id=m["id"],
                    description_html=description, apply_url=f"{link.rstrip('/')}/apply")]  # fmt: skip


def extract(url: str, body: bytes) -> list[RawPosting]:
    if urlsplit(url).path.startswith("/p/"):
        return _detail(url, body)
    load_json(body, "Breezy HR positions", list)  # the list: emitted from the position pages
    return []


def next_pages(url: str, body: bytes) -> list[str]:
    return []  # the list is the whole board


def _position_url(origin: str, i: int, position: object) -> str:
    ident, _name, link = require(position, i, "id", "name", "url")
    path = urlsplit(link).path
    m = _POSITION.match(path)
    if m is None or m["id"] != ident:
        raise ExtractError(f"malformed posting #{i}: 'url' {link[:60]!r} is not /p/{ident}-…")
    return f"{origin}{path}"  # the list's own host: a mirror stays a mirror


@lru_cache(maxsize=4)
def _listing(url: str, body: bytes) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The position pages the list leads to, and why each entry that leads nowhere could not
    be read."""
    origin = _origin(url)
    positions = load_json(body, "Breezy HR positions", list)
    out, bad = read_each(positions, lambda i, p: _position_url(origin, i, p))
    return tuple(dict.fromkeys(out)), tuple(bad)


def detail_urls(url: str, body: bytes) -> list[str]:
    if urlsplit(url).path.startswith("/p/"):
        return []
    return list(_listing(url, body)[0])


def skipped(url: str, body: bytes) -> list[Skipped]:
    """List entries without an id, a name or a ``/p/ID-slug`` url (no page to fetch)."""
    if urlsplit(url).path.startswith("/p/"):
        return []
    return as_skipped(_listing(url, body)[1])
