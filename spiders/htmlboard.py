"""Job boards with no structured data, described entirely by selectors in sources.toml.

A new board needs no code, only a ``[source.selectors]`` table. Each value is a CSS selector
(parsel's, with ``::text`` and ``::attr(name)``) or, prefixed ``xpath:``, an XPath::

    [[source]]
    name = "cityjobs"
    kind = "html"
    url  = "https://jobs.example.org/hr?page=1"
    [source.selectors]
    item     = "li.job"                      # one listing entry (required)
    title    = "a.title::text"               # required
    link     = "a.title::attr(href)"         # required: the posting's page
    company  = ".company::text"              # optional fields, read inside the item:
    location = ".where::text"                #   location (several matches: several places),
    posted   = "time::attr(datetime)"        #   posted, closes, salary (text: parsed later),
    next     = "a[rel=next]::attr(href)"     #   employment_type, department, id, description
    [source.selectors.detail]                # optional: read these on each posting's page
    description = "div.job-body"
    salary      = "xpath://dt[.='Pay']/following-sibling::dd[1]"

Without ``detail`` the listing's items are the postings. With it, listing pages emit nothing
and each linked page is one posting, its fields read with the ``detail`` selectors (``title``
defaults to ``h1``; a field not given there is absent). ``description`` keeps the element's
HTML; other fields are the element's text with whitespace collapsed. ``salary`` is pay as
text (``salary_origin = "text"``). Pagination follows the first ``next`` match.

A selector that does not parse fails the source with the key and the expression; a page
where ``item`` matches nothing is an empty listing, not an error (a board where nothing was
found on any page is ``empty``, which closes nothing). An item whose ``link`` or ``title``
matches nothing, and a detail page without a title, make no record and are counted
(``skipped_for``): the listing is then incomplete, so a posting whose item lost its markup is
never closed for it.
"""

from __future__ import annotations

from typing import Any

from parsel import Selector
from parsel.csstranslator import HTMLTranslator

from pipeline.records import RawPosting
from pipeline.sources import SourceConfig
from spiders import hints
from spiders.common import join
from spiders.kinds import ExtractError, Skipped

KIND = "html"
FIELDS = ("title", "link", "company", "location", "posted", "closes", "salary",
          "employment_type", "department", "id", "description")  # fmt: skip
REQUIRED = ("item", "title", "link")
_CSS = HTMLTranslator()


def check_selectors(selectors: dict[str, Any]) -> list[str]:
    """Problems with a ``[source.selectors]`` table, one readable line each (empty when fine)."""
    problems = [f"selectors: missing '{k}'" for k in REQUIRED if not selectors.get(k)]
    detail = selectors.get("detail", {})
    if not isinstance(detail, dict):
        return [*problems, "selectors: 'detail' must be a table"]
    known = {*FIELDS, "item", "next", "detail"}
    for where, table in (("selectors", selectors), ("selectors.detail", detail)):
        for key, expr in table.items():
            if key == "detail" and where == "selectors":
                continue
            if key not in known:
                problems.append(f"{where}: unknown key '{key}' (known: {', '.join(sorted(known))})")
            elif not isinstance(expr, str) or not expr.strip():
                problems.append(f"{where}.{key}: must be a non-empty string")
            else:
                try:
                    Selector(text="<html></html>").xpath(_xpath(expr))
                except Exception as e:  # parsel raises several types for a bad expression
                    problems.append(f"{where}.{key}: cannot parse {expr!r} ({e})")
    return problems


def _xpath(expr: str) -> str:
    return expr[6:] if expr.startswith("xpath:") else _CSS.css_to_xpath(expr)


def _value(scope: Selector, expr: str | None, html: bool = False) -> list[str]:
    if not expr:
        return []
    out = []
    for node in scope.xpath(_xpath(expr)):
        if isinstance(node.root, str):
            value = node.root
        elif html:
            value = node.get()
        else:
            value = node.xpath("string()").get() or ""
        value = value.strip() if html else " ".join(value.split())
        if value:
            out.append(value)
    return out


def _first(scope: Selector, expr: str | None, html: bool = False) -> str | None:
    values = _value(scope, expr, html)
    return values[0] if values else None


def _record(scope: Selector, sel: dict[str, Any], url: str, link: str) -> RawPosting | None:
    title = _first(scope, sel.get("title"))
    if not title:
        return None
    salary = _first(scope, sel.get("salary"))
    return RawPosting(
        source_name="",
        source_kind=KIND,
        url=link,
        title=title,
        external_id=_first(scope, sel.get("id")),
        company=_first(scope, sel.get("company")),
        locations=tuple(dict.fromkeys(_value(scope, sel.get("location")))),
        description_html=_first(scope, sel.get("description"), html=True),
        salary_text=salary,
        salary_origin="text" if salary else None,
        employment_type=_first(scope, sel.get("employment_type")),
        department=_first(scope, sel.get("department")),
        posted_at=_first(scope, sel.get("posted")),
        valid_through=_first(scope, sel.get("closes")),
        apply_url=link,
    )


def _selector(source: SourceConfig, body: bytes) -> tuple[dict[str, Any], Selector]:
    problems = check_selectors(source.selectors)
    if problems:
        raise ExtractError("; ".join(problems))
    try:
        return source.selectors, Selector(body=body, type="html", encoding="utf-8")
    except (TypeError, ValueError) as e:
        raise ExtractError(f"not an HTML page ({e})") from e


def extract_for(source: SourceConfig, role: str, url: str, body: bytes) -> list[RawPosting]:
    sel, page = _selector(source, body)
    detail = sel.get("detail") or {}
    if role == "detail":
        fields = {"title": "h1", **detail}
        record = _record(page, fields, url, url)
        return [record] if record else []
    if detail:
        return []
    out = []
    for item in page.xpath(_xpath(sel["item"])):
        link = _first(item, sel["link"])
        record = _record(item, sel, url, join(url, link)) if link else None
        if record:
            out.append(record)
    return out


def next_pages_for(source: SourceConfig, url: str, body: bytes) -> list[str]:
    sel, page = _selector(source, body)
    href = _first(page, sel.get("next"))
    return [join(url, href)] if href else []


def detail_urls_for(source: SourceConfig, url: str, body: bytes) -> list[str]:
    sel, page = _selector(source, body)
    if not sel.get("detail"):
        return []
    links = (_first(item, sel["link"]) for item in page.xpath(_xpath(sel["item"])))
    return list(dict.fromkeys(join(url, x) for x in links if x))


def skipped_for(source: SourceConfig, role: str, url: str, body: bytes) -> list[Skipped]:
    """Items (or a detail page) that made no record: the rules of ``extract_for``."""
    sel, page = _selector(source, body)
    detail = sel.get("detail") or {}
    if role == "detail":
        titled = _first(page, detail.get("title", "h1"))
        return [] if titled else [Skipped("detail pages where the title selector matched nothing")]
    unlinked = untitled = 0
    for item in page.xpath(_xpath(sel["item"])):
        if not _first(item, sel["link"]):
            unlinked += 1
        elif not detail and not _first(item, sel.get("title")):
            untitled += 1
    out = []
    if unlinked:
        out.append(Skipped("items where the link selector matched nothing", unlinked))
    if untitled:
        out.append(Skipped("items where the title selector matched nothing", untitled))
    return out


def extract(url: str, body: bytes) -> list[RawPosting]:
    raise ExtractError("the html kind reads pages with its source's selectors (extract_for)")


def next_pages(url: str, body: bytes) -> list[str]:
    return []


def hints_for(source: SourceConfig, url: str, body: bytes) -> list[hints.Hint]:
    """An ATS board the listing embeds, job links to other hosts (``spiders.hints``)."""
    return hints.page_hints(source, url, body)
