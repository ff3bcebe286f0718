"""Politeness that Scrapy does not do by itself: the W3C TDM Reservation Protocol.

TDMRep (https://www.w3.org/community/reports/tdmrep/) lets a site reserve its text-and-data
mining rights, by an HTTP header ``tdm-reservation: 1`` or, in HTML, by
``<meta name="tdm-reservation" content="1">``. A reserved page is not mined: the crawler
(``spiders.crawler``) skips the whole source and records it as *skipped* with the reason, not
as a failure (nothing is closed, the source's health is not hurt). ``tdm-reservation: 0`` or
no signal means no reservation. The well-known file (``/.well-known/tdmrep.json``) is not
read yet.

Retry-After on 429/503 is honoured by ``spiders.middlewares_retry``; robots.txt by Scrapy's
``RobotsTxtMiddleware`` (``ROBOTSTXT_OBEY``); per-domain concurrency and AutoThrottle are in
``spiders.settings``.
"""

from __future__ import annotations

import re

# a <meta> tag naming tdm-reservation, attributes in either order
_META = re.compile(
    rb"<meta\b[^>]*?(?:name|http-equiv)\s*=\s*[\"']?tdm-reservation[\"']?[^>]*>", re.IGNORECASE
)
_CONTENT = re.compile(rb"content\s*=\s*[\"']?\s*([01])", re.IGNORECASE)
HEAD_BYTES = 65536  # a <meta> belongs in <head>; never scan a whole large body


def tdm_reserved(header: bytes | None, body: bytes, content_type: bytes | None = None) -> bool:
    """True when the response reserves TDM rights (header, or an HTML page's meta tag)."""
    if header is not None:
        return header.strip() == b"1"
    if content_type is not None and b"html" not in content_type.lower():
        return False
    for tag in _META.finditer(body[:HEAD_BYTES]):
        m = _CONTENT.search(tag.group(0))
        if m and m.group(1) == b"1":
            return True
    return False
