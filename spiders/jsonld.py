"""Career sites and job boards marked up with schema.org ``JobPosting`` (JSON-LD).

Starts from a listing page; follows pagination (``<link rel="next">``/``<a rel="next">``) and
the links to detail pages (any same-site link whose page may hold a posting); emits one
``RawPosting`` per ``JobPosting`` found, including postings inside ``@graph`` and several on
one page. JSON-LD that a strict parser rejects (trailing commas, control characters, JS
comments) is read leniently. The listing's own postings, if any, are emitted too.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from pipeline.records import RawPosting, Salary

KIND = "jsonld"
_COMMENT = re.compile(r"^\s*//.*$|/\*.*?\*/", re.MULTILINE | re.DOTALL)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x1f]")


def _doc(body: bytes) -> Any:
    try:
        return lxml_html.fromstring(body)
    except (ValueError, lxml_html.etree.ParserError):
        return None


def _lenient_json(text: str) -> Any:
    for candidate in (
        text,
        _CONTROL.sub(" ", text),
        _TRAILING_COMMA.sub(r"\1", _COMMENT.sub("", _CONTROL.sub(" ", text))),
    ):
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    return None


def _walk(node: Any) -> list[dict[str, Any]]:
    """Every JobPosting object in a JSON-LD value (lists, @graph, nesting)."""
    found: list[dict[str, Any]] = []
    if isinstance(node, list):
        for x in node:
            found.extend(_walk(x))
    elif isinstance(node, dict):
        types = node.get("@type")
        types = types if isinstance(types, list) else [types]
        if "JobPosting" in types:
            found.append(node)
        for key in ("@graph", "mainEntity", "itemListElement", "item"):
            if key in node:
                found.extend(_walk(node[key]))
    return found


def job_postings(body: bytes) -> list[dict[str, Any]]:
    doc = _doc(body)
    if doc is None:
        return []
    out = []
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        data = _lenient_json(script.text_content() or "")
        if data is not None:
            out.extend(_walk(data))
    return out


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value).strip() if value not in (None, "") else None


def _location(loc: Any) -> str | None:
    if not isinstance(loc, dict):
        return _text(loc)
    addr = loc.get("address", loc)
    if isinstance(addr, str):
        return addr
    if not isinstance(addr, dict):
        return None
    parts = [_text(addr.get(k)) for k in ("addressLocality", "addressRegion", "addressCountry")]
    return ", ".join(p for p in parts if p) or None


def _salary(value: Any) -> Salary | None:
    if not isinstance(value, dict):
        return None
    currency = value.get("currency")
    amount = value.get("value", value)
    if isinstance(amount, int | float | str):
        amount = {"value": amount}
    if not isinstance(amount, dict):
        return None

    def num(x: Any) -> float | None:
        try:
            return float(str(x).replace(",", "")) if x not in (None, "") else None
        except ValueError:
            return None

    low = num(amount.get("minValue")) or num(amount.get("value"))
    high = num(amount.get("maxValue")) or num(amount.get("value"))
    if low is None and high is None:
        return None
    unit = str(amount.get("unitText") or "YEAR").upper()
    return Salary(low, high, str(currency) if currency else None, unit)


def _posting(url: str, jp: dict[str, Any]) -> RawPosting | None:
    title = _text(jp.get("title"))
    if not title:
        return None
    locs = jp.get("jobLocation")
    locs = locs if isinstance(locs, list) else [locs] if locs else []
    locations = tuple(x for x in (_location(loc) for loc in locs) if x)
    remote = str(jp.get("jobLocationType") or "").upper() == "TELECOMMUTE"
    ident = jp.get("identifier")
    ident = ident.get("value") if isinstance(ident, dict) else ident
    etype = jp.get("employmentType")
    pay = _salary(jp.get("baseSalary"))
    return RawPosting(
        source_name="",
        source_kind=KIND,
        url=_text(jp.get("url")) or url,
        title=title,
        external_id=str(ident) if ident not in (None, "") else None,
        company=_text(jp.get("hiringOrganization")),
        locations=locations,
        workplace="remote" if remote else None,
        description_html=_text(jp.get("description")),
        salary=pay,
        salary_origin="structured" if pay else None,
        employment_type=", ".join(etype) if isinstance(etype, list) else _text(etype),
        posted_at=_text(jp.get("datePosted")),
        valid_through=_text(jp.get("validThrough")),
        apply_url=_text(jp.get("url")) or url,
        department=_text(jp.get("occupationalCategory")),
    )


def extract(url: str, body: bytes) -> list[RawPosting]:
    found = (_posting(url, jp) for jp in job_postings(body))
    return [p for p in found if p is not None]


def next_pages(url: str, body: bytes) -> list[str]:
    doc = _doc(body)
    if doc is None:
        return []
    hrefs = doc.xpath('//link[@rel="next"]/@href | //a[@rel="next"]/@href')
    return [urljoin(url, h) for h in hrefs[:1]]


def detail_urls(url: str, body: bytes) -> list[str]:
    """Same-site links that look like posting pages (deeper than the listing path)."""
    doc = _doc(body)
    if doc is None:
        return []
    base = urlsplit(url)
    listing_path = base.path.rstrip("/")
    out: list[str] = []
    for href in doc.xpath("//a[@href]/@href"):
        target = urlsplit(urljoin(url, href))
        if target.netloc != base.netloc or target.query and target.path == base.path:
            continue
        if target.path.startswith(listing_path + "/") and target.path != base.path:
            link = target._replace(fragment="").geturl()
            if link not in out:
                out.append(link)
    return out
