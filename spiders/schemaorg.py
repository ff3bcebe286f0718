"""schema.org ``JobPosting`` objects, read from a page and turned into ``RawPosting`` records.

Shared by the ``jsonld`` kind (career sites and job boards) and ``teamtailor`` (its JSON feed
embeds a JobPosting per item). Reads both syntaxes Google accepts for job postings:

* JSON-LD ``<script type="application/ld+json">``: every JobPosting in a block, in lists,
  ``@graph``, ``mainEntity`` or ``itemListElement``. Blocks that a strict JSON parser rejects
  (control characters in strings, JavaScript comments, trailing commas) are read leniently.
* Microdata (``itemscope itemtype=".../JobPosting"``), made into the same dict shape as
  JSON-LD, so one mapping serves both. RDFa is not read (no job board we know uses it).

No library here: extruct reads every syntax but costs ~10x the time of this lxml pass on a
job page and pulls in rdflib; the benchmark target (``bench/bench_jsonld.py``) needs the speed.

Limits, each a finding rather than a silent loss: lxml stops reading a page at a text node over
10 MB (libxml2's limit without ``huge_tree``, which we keep for safety), so such a page, a huge
JSON-LD block, is reported as cut short (``parse_page``; ``cut_short`` gives it as a skip):
what lxml read before that point is still read, and the page counts as skipped, so the
listing is incomplete and closes nothing. A JSON-LD block nested deeper than Python's parser
can follow is reported too (``read_blocks``); ``spiders.jsonld`` fails the page on it.

Mapping quirks: several ``jobLocation`` entries are several locations; ``baseSalary`` may be a
range (``minValue``/``maxValue``), one ``value``, or a bare number, with ``unitText``
(HOUR, DAY, WEEK, MONTH, YEAR); ``estimatedSalary`` (a board's guess, never the employer's) is
recorded with ``salary_origin = "estimate"`` and is not shown to subscribers;
``jobLocationType: TELECOMMUTE`` is remote; ``identifier`` is the external id.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from pipeline.records import RawPosting, Salary
from spiders.common import number
from spiders.kinds import Skipped

_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_UTF8 = lxml_html.HTMLParser(encoding="utf-8")
_GUESS = lxml_html.HTMLParser()
PERIODS = ("HOUR", "DAY", "WEEK", "MONTH", "YEAR")
CUT_SHORT = (
    "the page holds a text node over 10 MB (a JSON-LD or script block): lxml stops reading"
    " there, so the postings and links after it are unread"
)


@lru_cache(maxsize=4)
def parse_page(body: bytes) -> tuple[Any, str | None]:
    """An lxml document for ``body`` (``None`` when it is not HTML at all), and why it is
    incomplete when lxml stopped early (``CUT_SHORT``), else ``None``. Cached by body: a kind
    reads a page several times (records, links, skips); callers only read the document."""
    # UTF-8 unless the bytes say otherwise: lxml alone guesses Latin-1 for a page without
    # <meta charset>, which mangles every non-ASCII character of a UTF-8 page.
    try:
        body.decode("utf-8")
        parser = _UTF8
    except UnicodeDecodeError:
        parser = _GUESS
    try:
        doc = lxml_html.fromstring(body, parser=parser)
    except (ValueError, etree.ParserError):
        return None, None
    # libxml2 gives up silently (recover mode) and says so only in the parser's own log
    limit = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    return doc, CUT_SHORT if limit else None


def parse_html(body: bytes) -> Any:
    """An lxml document for ``body``, or ``None`` when it is not HTML at all."""
    return parse_page(body)[0]


def cut_short(body: bytes) -> list[Skipped]:
    """The page as a skip when lxml stopped reading it early (``CUT_SHORT``), else nothing:
    for a kind's ``skipped``, so what the page held past that point cannot look gone."""
    problem = parse_page(body)[1]
    return [Skipped(problem)] if problem else []


def _strip_js(text: str) -> str:
    """``text`` without JavaScript or HTML comments outside strings; control characters
    inside strings escaped (a raw newline in a string is the commonest breakage)."""
    out: list[str] = []
    i, n, in_string = 0, len(text), False
    while i < n:
        c = text[i]
        if in_string:
            if c == "\\":
                out.append(text[i : i + 2])
                i += 2
                continue
            if c == '"':
                in_string = False
            out.append(f"\\u{ord(c):04x}" if c < " " else c)  # a raw newline, escaped
        elif c == '"':
            in_string = True
            out.append(c)
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif text.startswith("<!--", i) or text.startswith("-->", i):
            i += 4 if text[i] == "<" else 3  # HTML comment markers around the JSON
            if text[i - 4 : i] == "<!--":
                end = text.find("-->", i)
                i = n if end < 0 else end + 3
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        else:
            out.append(c)
        i += 1
    return "".join(out)


def lenient_json(text: str) -> Any:
    """JSON as strict parsers read it, else as browsers' lenient consumers do (see above)."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    # RecursionError (nesting past the interpreter's limit) is left to the caller: read_blocks
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", _strip_js(text)))
    except ValueError:
        return None


def _is_posting(node: dict[str, Any]) -> bool:
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and t.rsplit("/", 1)[-1] == "JobPosting" for t in types)


def walk(node: Any) -> list[dict[str, Any]]:
    """Every JobPosting object in a JSON-LD value (lists, @graph, nesting), in document order.

    A loop over a stack, not recursion: a value nested as deep as the JSON parser allows
    would otherwise exhaust the interpreter's stack here.
    """
    found: list[dict[str, Any]] = []
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            if _is_posting(node):
                found.append(node)
            keys = ("@graph", "mainEntity", "itemListElement", "item")
            stack.extend(node[k] for k in reversed(keys) if k in node)
    return found


def _microdata_value(el: Any) -> Any:
    if el.get("itemscope") is not None:
        return microdata_item(el)
    for attr in ("content", "datetime"):
        if el.get(attr) is not None:
            return el.get(attr)
    if el.tag in ("a", "link") and el.get("href"):
        return el.get("href")
    if el.get("itemprop") == "description":
        inner = (el.text or "") + "".join(
            etree.tostring(c, encoding="unicode", method="html") for c in el
        )
        return inner.strip()
    return " ".join(el.text_content().split())


def microdata_item(scope: Any) -> dict[str, Any]:
    """One microdata item as a JSON-LD-shaped dict (nested items become nested dicts)."""
    item: dict[str, Any] = {"@type": (scope.get("itemtype") or "").split()[0].rsplit("/", 1)[-1]}
    for el in scope.iterdescendants():
        names = el.get("itemprop") if isinstance(el.tag, str) else None
        if not names:
            continue
        owner = el.getparent()
        while owner is not None and owner is not scope and owner.get("itemscope") is None:
            owner = owner.getparent()
        if owner is not scope:
            continue  # a property of a nested item
        value = _microdata_value(el)
        for name in names.split():
            if name in item:
                prev = item[name]
                item[name] = [*prev, value] if isinstance(prev, list) else [prev, value]
            else:
                item[name] = value
    return item


def read_blocks(doc: Any) -> tuple[list[dict[str, Any]], list[str], int]:
    """Every JobPosting in a parsed page (JSON-LD first, then microdata), the JSON-LD blocks
    that could not be read for a reason worth a finding (nested too deeply), and how many
    other blocks mention a JobPosting but are not JSON even read leniently (the crawler
    counts them as skipped: such a page lost a posting it held)."""
    if doc is None:
        return [], [], 0
    out, problems, unreadable = [], [], 0
    for script in doc.iterfind(".//script[@type='application/ld+json']"):
        text = script.text or ""
        try:
            data = lenient_json(text)
        except RecursionError:
            problems.append("a JSON-LD block is nested too deeply to read")
            continue
        if data is not None:
            out.extend(walk(data))
        elif "JobPosting" in text:
            unreadable += 1
    for scope in doc.xpath("//*[@itemscope][contains(@itemtype, 'JobPosting')]"):
        out.append(microdata_item(scope))
    return out, problems, unreadable


def job_postings(doc: Any) -> list[dict[str, Any]]:
    """Every JobPosting in a parsed page that could be read (``read_blocks``)."""
    return read_blocks(doc)[0]


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("value")
    if isinstance(value, dict | list) or value in (None, ""):
        return None
    return str(value).strip() or None


def _location(loc: Any) -> str | None:
    if not isinstance(loc, dict):
        return _text(loc)
    addr = loc.get("address", loc)
    if isinstance(addr, list):
        addr = addr[0] if addr else None
    if isinstance(addr, str):
        return addr.strip() or None
    if not isinstance(addr, dict):
        return _text(loc.get("name"))
    parts = [_text(addr.get(k)) for k in ("addressLocality", "addressRegion", "addressCountry")]
    return ", ".join(dict.fromkeys(p for p in parts if p)) or _text(loc.get("name"))


def salary(value: Any) -> Salary | None:
    """A ``MonetaryAmount`` (or a bare number) as ``Salary``; ``None`` when it holds no figure."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, int | float | str):
        value = {"value": value}
    if not isinstance(value, dict):
        return None
    currency = _text(value.get("currency"))
    amount = value.get("value", value)
    if isinstance(amount, int | float | str):
        amount = {"value": amount}
    if not isinstance(amount, dict):
        return None
    single = number(amount.get("value"))
    low = number(amount.get("minValue"))
    high = number(amount.get("maxValue"))
    low, high = (low if low is not None else single), (high if high is not None else single)
    if low is None and high is None:
        return None
    unit = str(amount.get("unitText") or value.get("unitText") or "").upper()
    return Salary(low, high, currency, unit if unit in PERIODS else None)


def to_raw(jp: dict[str, Any], page_url: str, kind: str) -> RawPosting | None:
    """A ``RawPosting`` from one JobPosting dict; ``None`` without a title."""
    title = _text(jp.get("title")) or _text(jp.get("name"))
    if not title:
        return None
    locs = jp.get("jobLocation")
    locs = locs if isinstance(locs, list) else [locs] if locs else []
    locations = tuple(dict.fromkeys(x for x in (_location(loc) for loc in locs) if x))
    remote = str(jp.get("jobLocationType") or "").upper() == "TELECOMMUTE"
    ident = jp.get("identifier")
    ident = ident.get("value") if isinstance(ident, dict) else ident
    etype = jp.get("employmentType")
    pay, origin = salary(jp.get("baseSalary")), "structured"
    if pay is not None and pay.currency is None:  # the older separate salaryCurrency
        pay = Salary(pay.min, pay.max, _text(jp.get("salaryCurrency")), pay.period)
    if pay is None:
        pay, origin = salary(jp.get("estimatedSalary")), "estimate"
    link = _text(jp.get("url")) or page_url
    return RawPosting(
        source_name="",
        source_kind=kind,
        url=link,
        title=title,
        external_id=_text(ident),
        company=_text(jp.get("hiringOrganization")),
        locations=locations,
        workplace="remote" if remote else None,
        description_html=_text(jp.get("description")),
        salary=pay,
        salary_origin=origin if pay else None,
        employment_type=", ".join(map(str, etype)) if isinstance(etype, list) else _text(etype),
        posted_at=_text(jp.get("datePosted")),
        valid_through=_text(jp.get("validThrough")),
        apply_url=link,
        department=_text(jp.get("occupationalCategory")) or _text(jp.get("industry")),
        language=_text(jp.get("inLanguage")),
    )
