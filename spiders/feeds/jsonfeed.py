"""JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/) read into a ``Feed``.

feedparser 6 reads XML feeds only, and JSON Feed is small enough that a library would add
nothing: this module maps its fields onto the same ``Entry`` the XML path produces.

* identity: ``id`` (required by the spec, but some feeds send a number: made a string);
* link: ``url``, else ``external_url``; relative URLs are resolved against the feed's URL,
  and so are ``href``/``src`` attributes inside ``content_html``;
* content: ``content_html``, else ``content_text`` (escaped into a paragraph), summary:
  ``summary``; authors: 1.1 ``authors`` or 1.0 ``author``; tags; dates as
  written (RFC 3339; read by ``pipeline.normalize.dates`` like every feed's); ``language``;
* pagination: ``next_url`` becomes a ``rel="next"`` link.

A body that is not a JSON object, or one without ``items`` and a ``version`` naming
jsonfeed.org, is not a JSON Feed: ``ExtractError``. Items of the wrong shape are skipped
(counted in ``Feed.not_objects``).
"""

from __future__ import annotations

import html
import json
from typing import Any
from urllib.parse import urljoin

from spiders.feeds.model import MAX_ENTRIES, Entry, Feed, absolutize, date_text
from spiders.kinds import ExtractError


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _author(item: dict[str, Any], feed: dict[str, Any]) -> str | None:
    for holder in (item, feed):
        authors = holder.get("authors")
        if not isinstance(authors, list):
            authors = [holder.get("author")]
        names = [_text(a.get("name")) for a in authors if isinstance(a, dict)]
        names = [n for n in names if n]
        if names:
            return ", ".join(names)
    return None


def _entry(item: dict[str, Any], base: str, feed: dict[str, Any]) -> Entry:
    ident = item.get("id")
    ident_s = str(ident).strip() if isinstance(ident, str | int | float) else ""
    link = _text(item.get("url")) or _text(item.get("external_url"))
    content = _text(item.get("content_html"))
    if not content and _text(item.get("content_text")):
        content = "<p>" + html.escape(_text(item["content_text"])) + "</p>"
    listed = item.get("tags")
    tags: list[Any] = listed if isinstance(listed, list) else []
    return Entry(
        id=ident_s or None,
        link=urljoin(base, link) if link else None,
        title=_text(item.get("title")),
        content_html=absolutize(content, base) if content else "",
        summary_html=html.escape(_text(item.get("summary"))),
        author=_author(item, feed),
        tags=tuple(dict.fromkeys(t.strip() for t in tags if isinstance(t, str) and t.strip())),
        published_text=date_text(item.get("date_published")),  # RFC 3339, read later
        updated_text=date_text(item.get("date_modified")),
        raw=item,
    )


def read(url: str, body: bytes) -> Feed:
    try:
        doc = json.loads(body.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError) as e:
        raise ExtractError(f"not a readable JSON Feed: {str(e)[:160]}") from e
    version = doc.get("version") if isinstance(doc, dict) else None
    if not isinstance(version, str) or "jsonfeed.org" not in version:
        raise ExtractError("JSON served where a feed was expected (no jsonfeed.org version)")
    items = doc.get("items")
    if not isinstance(items, list):
        raise ExtractError("JSON Feed without an items list")
    home = _text(doc.get("home_page_url"))
    links = [{"rel": "self", "href": _text(doc.get("feed_url")) or url}]
    if _text(doc.get("next_url")):
        links.append({"rel": "next", "href": urljoin(url, _text(doc["next_url"]))})
    entries = [_entry(i, url, doc) for i in items[:MAX_ENTRIES] if isinstance(i, dict)]
    return Feed(
        url=url,
        title=_text(doc.get("title")) or None,
        link=urljoin(url, home) if home else None,
        generator="",
        links=links,
        entries=entries,
        meta={"version": version},
        language=date_text(doc.get("language")),
        over_cap=max(0, len(items) - MAX_ENTRIES),
        not_objects=sum(not isinstance(i, dict) for i in items[:MAX_ENTRIES]),
    )
