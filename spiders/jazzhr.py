"""JazzHR career pages: ``{company}.applytojob.com/apply/jobs``, one HTML list plus one page each.

JazzHR serves every open job of a company in one server-rendered list, ``/apply/jobs`` (no
paging, no public JSON): the jobs sit inside ``#job_listings_wrapper`` as links to
``/apply/jobs/details/{id}`` (the id, letters and digits such as ``FFZLDWvD0h``, is JazzHR's
own job id: the external id). The list has titles and places but no description, so each job's
page is fetched once; it carries a schema.org JobPosting (JSON-LD: title, description,
``datePosted``, ``employmentType``, ``jobLocation``, ``hiringOrganization``), and older themes
only ``h1.job_title``, ``h3.job_meta`` ("Department - Place - Full Time": the last two parts
are place and employment type, anything before them the department) and ``div.job_description``. A list page without
``#job_listings_wrapper`` (JazzHR's marketing site for an unknown company, a bot challenge) is
an error, never an empty board. A link to another company's board, or a scrambled one, fails
the page. Closing: a job leaves the list (scraped HTML: two complete crawls).

Format learned from Jobseek's JazzHR monitor, detail scraper and their tests (MIT,
colophon-group/jobseek: the wrapper id, the link shape, JSON-LD first with the ``job_meta``
fallback); no full capture was found, so the goldens are written by hand in that markup with
invented employers.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from pipeline.records import RawPosting
from pipeline.sources import SourceConfig
from spiders import schemaorg
from spiders.common import text
from spiders.kinds import ExtractError

KIND = "jazzhr"
HOST_CONCURRENCY = 2  # per host: one JazzHR company's pages, read gently
_DETAIL = re.compile(r"^/apply/jobs/details/(?P<id>[A-Za-z0-9_-]+)/?$")
_TENANT = re.compile(r"^(?P<tenant>[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.applytojob\.com$")
RESERVED = frozenset({"app", "developers", "login", "portal", "support", "www"})


def tenant_of(url: str) -> str | None:
    """The company of an ``{company}.applytojob.com`` address (None for JazzHR's own hosts)."""
    m = _TENANT.match((urlsplit(url).hostname or "").lower())
    return m["tenant"] if m and m["tenant"] not in RESERVED else None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme or 'https'}://{parts.netloc}"


def start_urls(source: SourceConfig) -> list[str]:
    if not urlsplit(source.url).netloc:
        raise ExtractError(f"not a JazzHR careers URL: {source.url}")
    return [f"{_origin(source.url)}/apply/jobs"]


def _page(body: bytes) -> Selector:
    if body.lstrip()[:1] != b"<":
        raise ExtractError("expected a JazzHR HTML page, got a body that is not HTML")
    return Selector(text=body.decode("utf-8", "replace"))


def _job_meta(page: Selector) -> tuple[str | None, str | None, str | None]:
    """Department, place and employment type of "Department - Place - Full Time"."""
    meta = text(" ".join(page.css("h3.job_meta ::text").getall()))
    parts = [p.strip() for p in (meta or "").split(" - ") if p.strip()]
    if len(parts) < 2:
        return None, None, None
    return (" - ".join(parts[:-2]) or None), parts[-2], parts[-1]


def _detail(url: str, body: bytes) -> list[RawPosting]:
    m = _DETAIL.match(urlsplit(url).path)
    page = _page(body)
    if m is None:
        raise ExtractError("a JazzHR job page not at /apply/jobs/details/ID")
    doc = schemaorg.parse_html(body)
    found = schemaorg.job_postings(doc) if doc is not None else []
    record = schemaorg.to_raw(found[0], url, KIND) if found else None
    title = (record.title if record else None) or text(
        " ".join(page.css("h1.job_title ::text, h1 ::text").getall()[:1])
    )
    if not title:
        raise ExtractError("a JazzHR job page without a JobPosting or an h1 title")
    record = record or RawPosting(source_name="", source_kind=KIND, url=url, title=title)
    department, place, kind_of_work = _job_meta(page)
    workplace = record.workplace
    if workplace is None and place and place.lower() in ("remote", "hybrid"):
        workplace = place.lower()
    link = f"{_origin(url)}/apply/jobs/details/{m['id']}"
    return [
        replace(
            record,
            url=link,
            title=" ".join(title.split()),
            external_id=m["id"],
            locations=record.locations or ((place,) if place and workplace is None else ()),
            workplace=workplace,
            employment_type=record.employment_type or kind_of_work,
            department=record.department or department,
            description_html=record.description_html or page.css("div.job_description").get(),
            apply_url=link,
        )
    ]


def extract(url: str, body: bytes) -> list[RawPosting]:
    if _DETAIL.match(urlsplit(url).path):
        return _detail(url, body)
    _listing_links(url, body)  # the list: jobs are emitted from their own pages
    return []


def _listing_links(url: str, body: bytes) -> list[str]:
    page = _page(body)
    wrapper = page.css("#job_listings_wrapper")
    if not wrapper:
        raise ExtractError(
            "a JazzHR page without #job_listings_wrapper (not the /apply/jobs list: an unknown "
            "company or a challenge page), not read as an empty board"
        )
    origin = _origin(url)
    # the board's own host; a copy served elsewhere (a mirror, a test server) still links
    # to its one applytojob.com host, which then counts as its own
    own = {(urlsplit(url).hostname or "").lower()}
    board_host = next(iter(own)) if tenant_of(url) else None
    out = []
    for i, link in enumerate(wrapper.css("a[href*='/apply/jobs/details/']")):
        href = urljoin(url, link.attrib.get("href", ""))
        host = (urlsplit(href).hostname or "").lower()
        if board_host is None and tenant_of(href):
            board_host = host
            own.add(host)
        m = _DETAIL.match(urlsplit(href).path)
        if host not in own or m is None:
            raise ExtractError(f"malformed posting #{i}: link {href[:60]!r} is not this board's "
                               "/apply/jobs/details/ID")  # fmt: skip
        if not text(" ".join(link.css("::text").getall())):
            raise ExtractError(f"malformed posting #{i}: a job link without a title")
        out.append(f"{origin}/apply/jobs/details/{m['id']}")  # a mirror stays a mirror
    return list(dict.fromkeys(out))


def next_pages(url: str, body: bytes) -> list[str]:
    return []  # the list is the whole board


def detail_urls(url: str, body: bytes) -> list[str]:
    if _DETAIL.match(urlsplit(url).path):
        return []
    return _listing_links(url, body)
