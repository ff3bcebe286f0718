"""Which links of a career listing lead to postings, and which to its next pages.

Real career sites rarely put their postings *below* the listing's path: a board lists at
``/boarda/jobs`` and shows each posting at ``/boarda/job/<id>``; a provincial board searches at
``/search/?q=`` and shows ``/job/<slug>/<id>/``; a listing is ``/careers/index.html``. So every
same-site link of a listing is a candidate, and each is scored by how much it looks like a
posting (``score``):

* a job word in the path (outside the listing's own directory: ``/careers/index.html``
  lists ``/careers/``) (job, career, position, opening, vacancy,
  posting, requisition, req, and their French forms): +2; a job id in the query
  (``?jobId=``, ``?id=``, ``?req=``): +2;
* an id-like last segment (a run of digits, a UUID, a long slug): +1; link text that reads
  like a job title (a few words, not "Read more"): +1;
* inside ``<nav>``, ``<header>`` or ``<footer>``: -2.

A link scoring ``FOLLOW_AT`` or more is followed, best first; so is any link below the
source's listing that is not in the page's chrome (what eolist always followed), ranked
after the links that look more like postings. Navigation, legal, social and
asset links (``/about``, ``/privacy``, ``.pdf``, ``mailto:``) and the listing's own pages are
never candidates. A source's ``follow`` pattern (sources.toml) replaces the scoring: exactly
the same-site links it matches are followed, for sites no heuristic reads.

Pagination is read against the *source's* listing, so page 2 and later keep its scope:
``rel=next``, links that differ from the listing only by a page parameter (``?page=N``,
``?startrow=N``, ``?offset=N``), ``/page/N`` paths, numbered pager links and "Load more"
links or buttons (``data-url``) to an HTML or JSON endpoint.

Written here rather than taken from a library: the crawl libraries (Scrapy's LinkExtractor)
filter by patterns the caller must know; what is wanted is a guess for unknown sites.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from spiders.common import join

FOLLOW_AT = 3
# campaign parameters: the same posting linked with and without them is one fetch
_TRACKING = re.compile(r"^(?:utm_[a-z]+|gh_src|lever-source|ref|source|src|trk)(?:=|$)", re.I)
_JOB_WORD = re.compile(
    r"^(?:jobs?|careers?|positions?|openings?|vacanc(?:y|ies)|postings?|requisitions?|reqs?"
    r"|job-?details?|jobdetails?|emplois?|postes?|offres?|opportunit(?:y|ies))$",
    re.I,
)
_JOB_KEYS = re.compile(
    r"^(?:job_?id|jobid|id|job|req|req_?id|requisition_?id|posting_?id|position_?id"
    r"|vacancy_?id|opening_?id|jid|gh_jid|pid)$",
    re.I,
)
_PAGE_KEYS = re.compile(
    r"^(?:page|p|pg|paged|pagenum|page_?no|page_?number|start|startrow|offset|from|skip)$", re.I
)
# whole path segments that name site furniture, never a posting
_NAV = frozenset(
    "about about-us contact contact-us privacy privacy-policy terms terms-of-use legal cookies"
    " cookie-policy login log-in signin sign-in signup sign-up register account accessibility"
    " sitemap faq faqs help blog news press media events investors subscribe newsletter"
    " donate shop cart home team leadership our-team search support disclaimer copyright"
    " imprint impressum rss feed tag tags category categories author".split()
)
_ASSET = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|jpe?g|png|gif|svg|webp|ico|css|js|zip|xml|rss|mp[34]|mov"
    r"|woff2?|ttf|eot|json|txt|ics|vcf)$",
    re.I,
)
_GENERIC_TEXT = re.compile(
    r"^(?:read more|more|learn more|apply|apply now|details|view|view details|view job|see more"
    r"|click here|here|next|previous|prev|back|home|menu|share|[0-9]+|[«»‹›<>|]+)$",
    re.I,
)
_LOAD_MORE = re.compile(
    r"^(?:load|show|view|see)\s+more(?:\s+(?:jobs|positions|openings|results|postings))?\b"
    r"|^more (?:jobs|positions|openings|results)$|^next(?: page)?\s*[›»>]?$|^[›»]$",
    re.I,
)
_ID_SEGMENT = re.compile(
    r"\d{3,}|^[0-9a-f]{8}-[0-9a-f]{4}-|^[A-Za-z]*\d+[A-Za-z0-9]*$|^(?:[^-_]+[-_]){3,}[^-_]+$",
    re.I,
)
_PAGE_PATH = re.compile(r"/page/\d+/?$")


@dataclass(frozen=True)
class Scope:
    """A source's listing: what its pages are, and what lies below it."""

    url: str
    host: str
    path: str  # the listing's own path
    directory: str  # "/careers/" for /careers/index.html and /careers

    @classmethod
    def of(cls, url: str) -> Scope:
        parts = urlsplit(url)
        path = parts.path or "/"
        last = path.rsplit("/", 1)[-1]
        if path.endswith("/"):
            directory = path
        elif "." in last:  # index.html, jobs.php, default.aspx: the folder is the listing
            directory = path[: len(path) - len(last)]
        else:
            directory = path + "/"
        return cls(url, _site(parts.hostname or ""), path, directory)

    def is_listing_path(self, path: str) -> bool:
        """One of the listing's own pages (itself, its index file, ``/page/N``)."""
        bare = _PAGE_PATH.sub("/", path)
        return bare.rstrip("/") in (self.path.rstrip("/"), self.directory.rstrip("/")) or (
            bare == self.directory
        )


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    in_chrome: bool  # inside <nav>, <header> or <footer>


def _site(host: str) -> str:
    return host.lower().removeprefix("www.")


def clean(url: str) -> str:
    """``url`` without its fragment and campaign parameters (one posting, one fetch)."""
    parts = urlsplit(url)
    query = "&".join(kv for kv in parts.query.split("&") if kv and not _TRACKING.match(kv))
    return parts._replace(query=query, fragment="").geturl()


def links(doc: Any, page_url: str) -> list[Link]:
    """Every ``<a href>`` of a parsed page, resolved, with its text and whether it is chrome."""
    out = []
    for a in doc.iterfind(".//a[@href]"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
            continue
        url = join(page_url, href)  # no URL at all stays as it is: the crawler counts it
        text = " ".join((a.text_content() or a.get("title") or a.get("aria-label") or "").split())
        chrome = any(p.tag in ("nav", "header", "footer") for p in a.iterancestors())
        out.append(Link(url, text, chrome))
    return out


def _same_site(url: str, scope: Scope) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and _site(parts.hostname or "") == scope.host


def is_page_link(url: str, scope: Scope, page_url: str) -> bool:
    """A further page of the listing: its path, differing only by a page parameter or /page/N."""
    parts = urlsplit(url)
    page_keys = [k for k, _ in parse_qsl(parts.query) if _PAGE_KEYS.match(k)]
    if _PAGE_PATH.search(parts.path) and scope.is_listing_path(parts.path):
        return True
    if not page_keys:
        return False
    current = urlsplit(page_url).path
    return scope.is_listing_path(parts.path) or parts.path == current


def _title_like(text: str) -> bool:
    words = text.split()
    return (
        1 <= len(words) <= 15
        and len(text) <= 140
        and any(c.isalpha() for c in text)
        and not _GENERIC_TEXT.match(text)
        and len(words) >= 2  # one word is a menu entry more often than a title
    )


def score(link: Link, scope: Scope) -> int | None:
    """How much ``link`` looks like a posting of ``scope``'s listing (followed at ``FOLLOW_AT``);
    ``None``: never a posting."""
    parts = urlsplit(link.url)
    path = parts.path or "/"
    segments = [s for s in path.split("/") if s]
    if any(s.lower().rsplit(".", 1)[0] in _NAV for s in segments) or _ASSET.search(path):
        return None
    job_key = any(_JOB_KEYS.match(k) for k, v in parse_qsl(parts.query) if v)
    if scope.is_listing_path(path) and not job_key:
        return None  # the listing itself (a search form's own URL, a sort order)
    below = path.startswith(scope.directory) and len(path) > len(scope.directory)
    if below:  # the scope's own words ("careers") say nothing about what lies below it
        segments = [s for s in path[len(scope.directory) :].split("/") if s]
    points = 0
    if any(_JOB_WORD.match(w) for s in segments for w in re.split(r"[._]", s)):
        points += 2
    if job_key:
        points += 2
    if segments and _ID_SEGMENT.search(segments[-1].rsplit(".", 1)[0]):
        points += 1
    if _title_like(link.text):
        points += 1
    if link.in_chrome:
        points -= 2
    elif below:
        # what eolist always followed; ranked after links that look more like postings
        points = points + 1 if points >= FOLLOW_AT else FOLLOW_AT
    return points


def detail_links(
    found: Iterable[Link], scope: Scope, page_url: str, follow: re.Pattern[str] | None = None
) -> list[str]:
    """The links worth fetching as posting pages, most job-like first, each once."""
    ranked: dict[str, int] = {}
    for link in found:
        try:
            urlsplit(link.url)
        except ValueError:  # the crawler counts it as an unusable link (never silently lost)
            ranked[link.url] = 0
            continue
        if not _same_site(link.url, scope):
            continue
        url = clean(link.url)
        if url == clean(page_url) or is_page_link(url, scope, page_url):
            continue
        if follow is not None:
            points: int | None = 1 if follow.search(url) else None
        else:
            points = score(link, scope)
            points = points if points is not None and points >= FOLLOW_AT else None
        if points is not None:
            ranked[url] = max(points, ranked.get(url, points))
    return sorted(ranked, key=lambda u: -ranked[u])  # stable: page order within a score


def page_links(
    found: Iterable[Link], scope: Scope, page_url: str, rel_next: list[str]
) -> list[str]:
    """Further pages of the listing: rel=next first, then pager and "Load more" links."""
    out: dict[str, None] = {}
    here = clean(page_url)
    for url in rel_next:
        target = join(page_url, url)
        try:
            out[clean(target)] = None
        except ValueError:
            out[target] = None  # no URL at all: the crawler counts it as unusable
    for link in found:
        try:
            if not _same_site(link.url, scope):
                continue
        except ValueError:
            continue  # counted once, as a detail link
        url = clean(link.url)
        if url == here or url == clean(scope.url):
            continue
        if _LOAD_MORE.match(link.text) or (
            is_page_link(url, scope, page_url) and _page_number(url) > _page_number(page_url)
        ):
            out[url] = None  # earlier pages ("1", "Previous") were read already
    return list(out)


def _page_number(url: str) -> int:
    """Where a page sits in its listing (a page number or an offset; 0 for the first)."""
    parts = urlsplit(url)
    m = re.search(r"/page/(\d+)/?$", parts.path)
    if m:
        return int(m[1])
    for key, value in parse_qsl(parts.query):
        if _PAGE_KEYS.match(key) and value.isdigit():
            return int(value)
    return 0


def load_more_targets(doc: Any, page_url: str) -> list[Link]:
    """Buttons that fetch more results (``data-url``, ``data-href``, ``data-next``)."""
    out = []
    for el in doc.xpath("//*[@data-url or @data-href or @data-next or @data-next-page]"):
        text = " ".join((el.text_content() or "").split())
        target = (
            el.get("data-url")
            or el.get("data-href")
            or el.get("data-next")
            or el.get("data-next-page")
        )
        if target and _LOAD_MORE.match(text):
            try:
                out.append(Link(urljoin(page_url, target.strip()), text, False))
            except ValueError:
                continue
    return out


_NUMBER_KEYS = re.compile(r"^(?:page|p|pg|paged|pagenum|page_?no|page_?number)$", re.I)


def page_number_shown(url: str) -> int:
    """The page number a pager link names (``?page=8``, ``/page/8/``); 0 for offsets
    (``?startrow=25`` counts postings, not pages) and for other links."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return 0
    m = re.search(r"/page/(\d+)/?$", parts.path)
    if m:
        return int(m[1])
    numbers = [int(v) for k, v in parse_qsl(parts.query) if _NUMBER_KEYS.match(k) and v.isdigit()]
    return max(numbers, default=0)
