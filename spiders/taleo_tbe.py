"""Taleo Business Edition (``*.tbe.taleo.net``): the ``taleo`` kind's second edition.

``spiders.taleo`` dispatches here for a TBE host; this module knows the edition's URL shapes
(``board_url``, also used by ``sources add``), its listing and its requisition pages.

URL shapes an operator may paste, all read as the same board (``org`` and ``cws`` kept):
``/{partition}/ats/careers/v2/searchResults?org=&cws=`` (today's career site),
``.../v2/viewRequisition?org=&cws=&rid=`` (one posting), and the older
``/{partition}/ats/careers/requisition.jsp?org=&cws=&rid=``, ``jobSearch.jsp`` and
``searchResults.jsp`` pages, and the ``/{partition}/ats/servlet/Rss?org=&cws=`` feed. The
partition is the host's cluster and a number (``phh02``; ``CH06`` on older links).

* list: ``GET searchResults?org=&cws=&rowFrom=N``, server-rendered HTML, 10 a page. Each
  posting is an ``oracletaleocwsv2-accordion-block`` card whose ``h4`` link (class
  ``viewJobLink``) goes to ``viewRequisition?org=&cws=&rid=``; ``rid`` is the requisition
  id, the dedup key. Two paging themes are live: one states the total in
  ``span.oracletaleocwsv2-panel-number`` (paging runs to it), the other has no total and a
  ``a.jscroll-next`` cursor to ``rowFrom`` + 10 (paging follows it; its own ``next&act=null``
  URL needs the session cookie, so eolist asks the board's plain ``rowFrom`` URL instead, as
  Jobseek's monitor does). An empty board still renders its (card-less) accordion group and,
  on the first theme, a total of 0. A card without a ``rid`` link is left out and counted.
* detail: always fetched, since a card holds only the title and the tenant's chosen columns.
  The ``viewRequisition`` page carries a schema.org JobPosting on some tenants, not on
  others; its description is the ``name="cwsJobDescription"`` block, or on the second layout
  the ``col-md-8`` column beside the ``well oracletaleocwsv2-job-description`` header, whose
  ``<span>label</span><strong>value</strong>`` pairs give location, department and type. A
  page without JSON-LD takes its title from the listing card (carried with the request).
* removed posting: the ``rid`` page answers 200 with "Job Not Available" / "no longer
  available" and no JobPosting (or the search page): it emits nothing and the posting closes
  by missing from two complete listings. A page that is none of these fails the source.

Not read: the RSS servlet. It carries each description (``taleo:html-description``), which
would save the detail requests, but a public scraper that measured it live found it capped
below the career site's own list, with no paging: absence from it proves nothing, and the
listing must be complete for postings to close. Pay: no field; only the description text.

Where the format was learned: Jobseek (github.com/colophon-group/jobseek, MIT): its TBE
monitor (``src/shared/taleo.py``: URL identity, total span, ``jscroll-next`` cursor, 10-row
pages); public scrapers of live TBE boards (a ``taleo_be`` scraper's notes on the two detail
layouts, the label spans and the session-bound ``next`` link; ``taleo_tbe`` RSS adapters
noting ``requisition.jsp`` redirecting to ``viewRequisition`` and the "Job Not Available"
page). No saved page with a licence was found: the goldens are written in that format.
"""

from __future__ import annotations

import copy
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pipeline.records import RawPosting
from spiders import schemaorg
from spiders.common import query_int, with_query
from spiders.kinds import ExtractError, RequestSpec, Skipped
from spiders.unreadable import as_skipped, read_each

KIND = "taleo"
PAGE_SIZE = 10
_PATH = re.compile(
    r"^/(?P<partition>[A-Za-z]{2,3}\d{1,2})/ats/(?:careers/(?:v2/(?:searchResults|viewRequisition)"
    r"|requisition\.jsp|jobSearch\.jsp|searchResults\.jsp)|servlet/Rss)/?$",
    re.I,
)
_REMOVED = re.compile(r"job not available|no longer available", re.I)
_CARD = '//div[contains(@class, "oracletaleocwsv2-accordion-block")]//h4//a'
_BOARD = (
    '//*[contains(@class, "oracletaleocwsv2-accordion-group")'
    ' or contains(@class, "oracletaleocwsv2-accordion-list")]'
)
_LABELS = {"location": "location", "primary location": "location", "department": "department",
           "employment type": "employment_type", "job type": "employment_type"}  # fmt: skip


def is_tbe(url: str) -> bool:
    """A TBE host, or a TBE path on any host (a mirror or a capture served elsewhere)."""
    parts = urlsplit(url)
    return (parts.hostname or "").endswith(".tbe.taleo.net") or bool(_PATH.match(parts.path))


def board_url(url: str) -> str | None:
    """The board's ``v2/searchResults?org=&cws=`` URL from any TBE URL shape; None if not one."""
    parts = urlsplit(url)
    m = _PATH.match(parts.path)
    query = parse_qs(parts.query)
    org, cws = query.get("org", [""])[-1], query.get("cws", [""])[-1]
    if not is_tbe(url) or m is None or not org or not cws.isdigit():
        return None
    on_taleo = (parts.hostname or "").endswith(".tbe.taleo.net")  # old links are http://
    origin = f"https://{parts.hostname}" if on_taleo else f"{parts.scheme}://{parts.netloc}"
    return f"{origin}/{m['partition']}/ats/careers/v2/searchResults?org={org}&cws={cws}"


def start(url: str) -> RequestSpec:
    board = board_url(url)
    if board is None:
        raise ExtractError(
            "a Taleo Business Edition URL needs its partition, org and cws, as the site shows "
            f"them: .../<partition>/ats/careers/v2/searchResults?org=<ORG>&cws=<number> (got {url})"
        )
    return RequestSpec(with_query(board, rowFrom=0))


def _doc(body: bytes) -> Any:
    doc = schemaorg.parse_html(body)
    if doc is None:
        raise ExtractError("expected a Taleo Business Edition page, got no HTML")
    return doc


def _total(doc: Any) -> int | None:
    for span in doc.xpath('//span[contains(@class, "oracletaleocwsv2-panel-number")]'):
        digits = re.sub(r"\D", "", span.text_content())
        if digits:
            return int(digits)
    return None


def _anchors(doc: Any) -> list[Any]:
    return list(doc.xpath(f'//a[contains(@class, "viewJobLink")] | {_CARD}'))


def _is_board(doc: Any) -> bool:
    return _total(doc) is not None or bool(doc.xpath(_BOARD)) or bool(_anchors(doc))


def _card(i: int, a: Any) -> tuple[str, str]:
    href = (a.get("href") or "").strip()
    rid = parse_qs(urlsplit(href).query).get("rid", [""])[-1]
    if "viewRequisition" not in href or not rid.isdigit():
        raise ExtractError(f"malformed posting #{i}: link {href[:60]!r} has no rid")
    return href, " ".join(a.text_content().split())


def _cards(doc: Any) -> tuple[list[tuple[str, str]], list[str]]:
    """(link, title) of every readable card, and why each other one is unread."""
    if not _is_board(doc):
        raise ExtractError(
            "Taleo Business Edition answered its search form without results: this board "
            "lists jobs only within a browser session, which eolist does not start"
        )
    return read_each(_anchors(doc), _card)


def next_pages(url: str, body: bytes) -> list[str]:
    doc = _doc(body)
    start_row, total = query_int(url, "rowFrom", 0), _total(doc)
    if not _anchors(doc):  # a page of unreadable cards still has a next one
        return []
    if total is not None:
        return (
            []
            if start_row + PAGE_SIZE >= total
            else [with_query(url, rowFrom=start_row + PAGE_SIZE)]
        )
    cursor = [query_int(a.get("href") or "", "rowFrom", -1)
              for a in doc.xpath('//a[contains(@class, "jscroll-next")]')]  # fmt: skip
    after = [n for n in cursor if n > start_row]  # a cursor going back would loop
    return [with_query(url, rowFrom=min(after))] if after else []


def detail_requests(url: str, body: bytes) -> list[RequestSpec]:
    cards: dict[str, str] = {}
    for link, title in _cards(_doc(body))[0]:
        cards.setdefault(link, title)  # one request per requisition link, its first card's title
    return [RequestSpec(link, carry=(("title", title),)) for link, title in cards.items()]


def _block_html(node: Any) -> str:
    inner = (node.text or "") + "".join(
        schemaorg.etree.tostring(c, encoding="unicode", method="html") for c in node
    )
    return inner.strip()


def _description(doc: Any) -> str | None:
    """The posting's body: the ``cwsJobDescription`` block, or the second layout's column."""
    for xpath in ('//*[@name="cwsJobDescription"]',
                  '//div[contains(@class, "oracletaleocwsv2-job-description")]'
                  '/following::div[contains(@class, "col-md-8")][1]'):  # fmt: skip
        for found in doc.xpath(xpath):
            node = copy.deepcopy(found)  # the parsed page is cached and shared: never mutated
            for noise in node.xpath(
                './/script | .//style | .//*[contains(@class, "button-navigation")]'
            ):
                noise.drop_tree()  # keeps the text that follows it
            inner = _block_html(node)
            if inner:
                return inner
    return None


def _labels(doc: Any) -> dict[str, str]:
    """The header's ``<span>label</span><strong>value</strong>`` pairs that eolist reads."""
    out: dict[str, str] = {}
    for span in doc.xpath('//div[contains(@class, "oracletaleocwsv2-job-description")]//span'):
        strong = span.getnext()
        label = " ".join(span.text_content().split()).rstrip(":").strip().lower()
        if strong is not None and strong.tag == "strong" and label in _LABELS:
            value = " ".join(strong.text_content().split())
            if value:
                out.setdefault(_LABELS[label], value)
    return out


def _rid(url: str) -> str:
    return parse_qs(urlsplit(url).query).get("rid", [""])[-1]


def detail(spec: RequestSpec, url: str, body: bytes) -> list[RawPosting]:
    doc = _doc(body)
    postings = schemaorg.job_postings(doc)
    description, labels = _description(doc), _labels(doc)
    if postings:
        raw = schemaorg.to_raw(postings[0], url, KIND)
        if raw is None:
            raise ExtractError("Taleo JobPosting without a title")
        return [
            RawPosting(
                source_name="", source_kind=KIND, url=url, title=raw.title,
                external_id=_rid(url) or raw.external_id, company=raw.company,
                locations=raw.locations or tuple(x for x in [labels.get("location")] if x),
                workplace=raw.workplace, description_html=description or raw.description_html,
                salary=raw.salary, salary_origin=raw.salary_origin,
                employment_type=raw.employment_type or labels.get("employment_type"),
                department=raw.department or labels.get("department"), posted_at=raw.posted_at,
                valid_through=raw.valid_through, apply_url=url, language=raw.language,
            )
        ]  # fmt: skip
    header = doc.xpath('//div[contains(@class, "oracletaleocwsv2-job-description")]')
    if description is None and not header:
        if _REMOVED.search(doc.text_content()) or _is_board(doc):
            return []  # the site's own word that the requisition is gone
        raise ExtractError(
            f"Taleo Business Edition requisition rid={_rid(url) or '?'} is no requisition page: "
            "no JobPosting, no description and no 'no longer available' notice"
        )
    heading = doc.xpath("//h1")
    said = dict(spec.carry).get("title")
    title = said or (" ".join(heading[0].text_content().split()) if heading else "")
    if not title:
        raise ExtractError(
            f"Taleo Business Edition requisition rid={_rid(url) or '?'} without a title"
        )
    return [  # a layout without a body still names its place and department: kept, body None
        RawPosting(
            source_name="", source_kind=KIND, url=url, title=title, external_id=_rid(url) or None,
            locations=tuple(x for x in [labels.get("location")] if x), description_html=description,
            employment_type=labels.get("employment_type"), department=labels.get("department"),
            apply_url=url,
        )
    ]  # fmt: skip


def is_detail(url: str) -> bool:
    return "viewrequisition" in urlsplit(url).path.lower()


def extract(spec: RequestSpec, url: str, body: bytes) -> list[RawPosting]:
    if is_detail(url):
        return detail(spec, url, body)
    _cards(_doc(body))  # a page that is no results page at all fails here
    return []


def skipped(url: str, body: bytes) -> list[Skipped]:
    """Cards without a ``rid`` link, and a page lxml stopped reading early
    (``schemaorg.cut_short``: a requisition page cut before its JobPosting would look removed)."""
    cut = schemaorg.cut_short(body)
    if is_detail(url):
        return cut
    return cut + as_skipped(_cards(_doc(body))[1])
