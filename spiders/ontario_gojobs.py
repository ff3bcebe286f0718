"""Ontario Public Service jobs (``www.gojobs.gov.on.ca``): registered, detected, and refused.

The OPS job list is an ASP.NET page whose results come only from a form POST (``__VIEWSTATE``
and ``__EVENTVALIDATION`` round-trips), and the whole site sits behind Radware bot protection
that answers a non-browser client with an hCaptcha challenge. Replaying that would be exactly
the session dance issue 20 forbids, and a challenge page read as "no jobs" would close every
OPS posting, so a crawl refuses the source with one line saying why and what to do instead.

The posting pages, ``Preview.aspx?Language=English&JobID=N``, are plain GETs, but no capture
of one was found (format from documentation only would mean guessing its markup), so no
reader of them is offered: a single OPS posting worth following can be added as a ``jsonld``
or ``html`` source of its own. The kind stays registered so that configurations naming
``ontario-gojobs`` keep loading, and ``sources add`` recognises the site instead of guessing.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from pipeline.records import RawPosting
from pipeline.sources import SourceConfig
from spiders.kinds import ExtractError

KIND = "ontario-gojobs"
HOSTS = frozenset({"www.gojobs.gov.on.ca", "gojobs.gov.on.ca"})
REFUSAL = (
    "{host} (Ontario Public Service jobs) is bot-protected (Radware/hCaptcha) and its job list "
    "needs a browser's ASP.NET form POST, so eolist does not crawl it; add single postings "
    "(Preview.aspx?Language=English&JobID=N) as jsonld or html sources, or follow OPS jobs "
    "through a board that republishes them"
)


def refusal(url: str) -> str:
    """The one line a crawl of this kind fails with (also shown by ``sources add``)."""
    return REFUSAL.format(host=urlsplit(url).hostname or "www.gojobs.gov.on.ca")


def start_urls(source: SourceConfig) -> list[str]:
    raise ExtractError(refusal(source.url))


def extract(url: str, body: bytes) -> list[RawPosting]:
    raise ExtractError(refusal(url))  # never reached: start_urls refuses first


def next_pages(url: str, body: bytes) -> list[str]:
    return []
