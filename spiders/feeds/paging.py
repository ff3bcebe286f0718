"""Backfill: the next page of a feed, in the order feeds announce it.

1. A ``rel="next"`` link (Atom ``<link>``, RSS ``<atom:link>``, RFC 5005 archives, Blogger,
   JSON Feed ``next_url``).
2. Blogger without one: ``openSearch:totalResults`` beyond this page gives the next
   ``start-index`` (same ``max-results``).
3. WordPress (generator wordpress.org, no next link): ``?paged=N+1`` while the page is full
   (``WP_FULL_PAGE`` entries, WordPress's default ``posts_per_rss``). WordPress answers 404
   past the last page; ``ends_pagination`` tells the crawler that such a 404 is the end of
   the listing, not a failure.

The crawler stops at the source's ``max_pages`` (it then counts the crawl as incomplete).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from spiders.feeds.model import Feed

WP_FULL_PAGE = 10


def _with_query(url: str, **params: int) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    query += [(k, str(v)) for k, v in params.items()]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _int(value: object, default: int = 0) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def next_page(feed: Feed) -> str | None:
    for link in feed.links:
        if link.get("rel") == "next" and link.get("href"):
            return urljoin(feed.url, link["href"])
    if not feed.entries:
        return None
    query = dict(parse_qsl(urlsplit(feed.url).query))
    total = _int(feed.meta.get("opensearch_totalresults"))
    if total and "blogger" in feed.generator.lower():
        start = _int(query.get("start-index"), 1)
        size = _int(query.get("max-results"), len(feed.entries)) or len(feed.entries)
        if start + len(feed.entries) <= total:
            return _with_query(feed.url, **{"start-index": start + len(feed.entries),
                                            "max-results": size})  # fmt: skip
        return None
    if "wordpress.org" in feed.generator.lower() and len(feed.entries) >= WP_FULL_PAGE:
        return _with_query(feed.url, paged=_int(query.get("paged"), 1) + 1)
    return None


def ends_pagination(url: str, status: int) -> bool:
    """Whether this answer to a backfill page means "no more pages" (WordPress's 404)."""
    paged = _int(dict(parse_qsl(urlsplit(url).query)).get("paged"))
    return status in (404, 410) and paged >= 2
