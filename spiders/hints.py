"""What a listing page says about where its postings really are: hints for the source's diagnosis.

A careers page read as an ``html`` or ``jsonld`` source often holds no posting itself: it embeds
an ATS board (an iframe, a script, a ``data-`` attribute, a "View all jobs" link), or its
postings live on another host name (``www.example.com/careers`` listing
``jobs.example.com/job/123``), which discovery never follows (``spiders.discovery`` keeps to the
source's site). The crawl reports both, so the operator is told what to add instead of seeing
an unexplained empty source. ``sources add`` reads the same embeds (``spiders.detect``).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from pipeline.sources import SourceConfig
from spiders import detect, discovery, schemaorg


@dataclass(frozen=True)
class Hint:
    kind: str  # "embed" (an ATS board on the page) or "offsite" (job links to other hosts)
    text: str  # one line for the diagnosis


def page_hints(source: SourceConfig, url: str, body: bytes) -> list[Hint]:
    """Hints for one listing page (none for a page that is not HTML)."""
    doc = schemaorg.parse_html(body)
    if doc is None:
        return []
    out = []
    board = detect.embedded_board(url, doc)
    if board is not None:
        out.append(Hint("embed", f"the page embeds a {board.kind} board: eolist sources add"
                                 f" {board.url}"))  # fmt: skip
    scope = discovery.Scope.of(source.url)
    offsite = []
    for link in discovery.links(doc, url):
        try:
            host = (urlsplit(link.url).hostname or "").lower()
            if not host or host.removeprefix("www.") == scope.host or detect.from_url(link.url):
                continue  # the site itself, or an ATS board (the embed hint names it)
            points = discovery.score(link, scope)
        except ValueError:  # no address at all: the crawler counts it
            continue
        if points is not None and points >= discovery.FOLLOW_AT:
            offsite.append(link.url)
    if offsite:
        out.append(Hint("offsite", f"{len(offsite)} job-like links lead to another host"
                                   f" ({offsite[0][:100]}), outside the followed scope"))  # fmt: skip
    return out
