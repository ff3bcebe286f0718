"""GC Jobs, the federal public service of Canada: results pages plus one poster page each.

GC Jobs (the Public Service Commission's Public Service Resourcing System) has no public API;
its pages are server-rendered Java pages, read here. Format learned from real pages saved by
open-source scrapers of the live site (search results and posters of all three layouts,
October-November 2025) and from their code; the golden pages are written by hand in that
markup with invented postings.

* list: ``GET /psrs-srfp/applicant/page2440?requestedPage=N&tab=1&toggleLanguage=en``.
  ``tab=1`` is "jobs open to the public"; ``tab=2`` (jobs open to federal employees) needs a
  GC Jobs account and is refused. Search criteria in a pasted ``page2440`` URL (``title``,
  ``departments``, ``locationsFilter`` ...) are kept. Rows are ``li.searchResult``: the link
  ``page1800?poster=ID`` and its title; two ``div.tableCell`` with lines split by ``<br>``:
  "Closing date: 2025-11-09", the organization ("Department - Branch"), the place(s); then
  the language requirements and the salary. ``span.pagelinks`` says "Page 1 of 3": paging
  follows ``requestedPage`` up to that count (the page's own size). An empty board says so
  in its tab ("Jobs open to the public (0)"); a page with neither rows nor that zero fails.
* poster: ``GET /psrs-srfp/applicant/page1800?poster=ID`` in one of three layouts: the new one
  (``h1 span.no-break-word``, ``h2.pst-h2`` organization, ``h3.pst-h3`` closing date, a
  ``div.well`` of labelled ``div.bottomSpace`` boxes, sections in ``div.right-box``), the
  classic one (``h1``, ``div.rightRefNumberWithPadding``, a centred ``fieldset`` of lines:
  organization, place, classification, tenure, salary, closing date), and "You will leave the
  GC Jobs Web site" (the process is advertised on the hiring organization's own site: one
  link). The list row travels with the poster request (``RequestSpec.carry``), so a moved
  poster keeps the employer, place, closing date and pay the list showed.

The external id is the poster id (GC Jobs' own id of the advertisement). The selection
process number, reference number, classification ("PM-01", "AS-02"), tenure, who can apply
and language requirements head the description (no record field holds them). Pay: the
salary field ("$60,424 to $67,582", "$33.08 to $35.98 per hour") is structured pay in CAD,
a year unless it says per hour/week/month. Closing: every poster states its closing date and
time with the zone ("14 December 2025 - 23:59, Pacific Time"), kept as written for
``valid_through`` (``pipeline.normalize.dates`` reads the named zone, daylight saving
included); a poster also leaves the results when it closes (scraped: two complete crawls).
A result row without a poster link and title is left out and counted (``skipped``).

Language: postings are bilingual, one poster id in English and French. The source's
``language`` picks one ("fr..." is French, anything else English); without it, the host
pasted does (``emploisfp-psjobs.cfp-psc.gc.ca`` is the French name, else English). The site
keeps the language in a session we do not hold (no cookies), so every request names it
(``toggleLanguage``); records carry it, so French dates read day-first. Each poster is
fetched once, in one language: the other language is the same posting, never a second one.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

from parsel import Selector

from pipeline.records import RawPosting, Salary
from pipeline.sources import SourceConfig
from spiders.kinds import ExtractError, RequestSpec, Skipped
from spiders.unreadable import as_skipped, read_each

KIND = "gc-jobs"
HOST_CONCURRENCY = 2  # per host: a government site behind a guard (spiders.settings.host_slots)
LIST_PATH = "/psrs-srfp/applicant/page2440"
POSTER_PATH = "/psrs-srfp/applicant/page1800"
FRENCH_HOSTS = ("emploisfp-psjobs.cfp-psc.gc.ca",)
HOSTS = ("psjobs-emploisfp.psc-cfp.gc.ca", *FRENCH_HOSTS)
# query keys of a results URL that are paging or session state, not the operator's criteria
_STATE_KEYS = {"requestedPage", "fromPage", "tab", "toggleLanguage", "fromMenu", "log",
               "tabKeepCriteria"}  # fmt: skip
_POSTER = re.compile(r"[?&]poster=(\d+)(?:&|$)")
_PAY = re.compile(
    r"\$\s*([\d][\d,\s]*(?:\.\d+)?)(?:\s*(?:to|à|-)\s*\$\s*([\d][\d,\s]*(?:\.\d+)?))?"
)
_PERIODS = (("hour", "HOUR"), ("heure", "HOUR"), ("week", "WEEK"), ("semaine", "WEEK"),
            ("month", "MONTH"), ("mois", "MONTH"), ("day", "DAY"), ("jour", "DAY"))  # fmt: skip
_CLASSIFICATION = re.compile(r"^[A-Z]{1,4}(?:-[A-Z]{1,4})?-?\s?\d{1,2}\b")
_TENURES = ("acting", "assignment", "deployment", "indeterminate", "secondment",
            "specified period", "intérim", "affectation", "mutation", "indéterminée",
            "détachement", "durée déterminée", "term", "casual", "occasionnel")  # fmt: skip


def language_of(url: str, language: str | None = None) -> str:
    """The language to ask for ("en" or "fr"): the source's, the URL's, else the host's."""
    if language:
        return "fr" if language.lower().startswith("fr") else "en"
    asked = _query(url).get("toggleLanguage", "").lower()
    if asked in ("en", "fr"):
        return asked
    return "fr" if (urlsplit(url).hostname or "").lower() in FRENCH_HOSTS else "en"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme or 'https'}://{parts.netloc}"


def _query(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}


def list_url(url: str, page: int, lang: str) -> str:
    """The public results page ``page`` of a GC Jobs URL, its search criteria kept."""
    query = _query(url) if urlsplit(url).path == LIST_PATH else {}
    criteria = {k: v for k, v in query.items() if k not in _STATE_KEYS}
    state = {"requestedPage": str(page), "tab": "1", "toggleLanguage": lang}
    return f"{_origin(url)}{LIST_PATH}?{urlencode(sorted({**criteria, **state}.items()))}"


def poster_url(origin: str, poster: str, lang: str | None = None) -> str:
    tail = f"&toggleLanguage={lang}" if lang else ""
    return f"{origin}{POSTER_PATH}?poster={poster}{tail}"


def start_urls(source: SourceConfig) -> list[str]:
    parts = urlsplit(source.url)
    if not parts.netloc:
        raise ExtractError(f"not a GC Jobs URL: {source.url}")
    if _query(source.url).get("tab") == "2" or parts.path.endswith("/page1710"):
        raise ExtractError(
            "GC Jobs internal postings (tab=2) and the applicant pages need a GC Jobs login; "
            f"eolist reads only the public results (tab=1): {source.url}"
        )
    return [list_url(source.url, 1, language_of(source.url, source.language))]


def _page(body: bytes) -> Selector:
    text = body.decode("utf-8", "replace")
    if not text.lstrip()[:1] == "<":
        got = "an empty body" if not text.strip() else "text that is not HTML"
        raise ExtractError(f"expected a GC Jobs HTML page, got {got}")
    return Selector(text=text)


def _lines(cell: Selector) -> list[str]:
    """The text lines of a cell, split where the page puts ``<br>``."""
    html = cell.get() or ""
    parts = re.split(r"<br\s*/?>", html, flags=re.I)
    out = [" ".join(" ".join(Selector(text=p).css("::text").getall()).split()) for p in parts]
    return [line for line in out if line]


def _label_value(line: str) -> str:
    return line.split(":", 1)[1].strip() if ":" in line else line


def _row(i: int, row: Any) -> tuple[str, dict[str, str]]:
    """(poster id, what the row says) of result row ``i``; ``ExtractError`` for a bad one."""
    link = row.css("a[href*='page1800']")
    href = link.attrib.get("href", "") if link else ""
    title = " ".join(" ".join(link.css("::text").getall()).split()) if link else ""
    m = _POSTER.search(href)
    if not title or m is None:
        raise ExtractError(
            f"malformed posting #{i}: no page1800?poster=ID link with a title ({href[:60]!r})"
        )
    cells = row.css("div.tableCell")
    first = _lines(cells[0]) if cells else []
    second = _lines(cells[1]) if len(cells) > 1 else []
    said = {"title": title}
    for line in first:
        if re.match(r"^(closing date|date de clôture)\b", line, re.I):
            said["closing"] = _label_value(line)
        elif "organization" not in said:
            said["organization"] = line
        else:
            said["location"] = line
    for line in second:
        key = "salary" if "$" in line else "languages"
        said.setdefault(key, line)
    return m[1], said


def _read_rows(url: str, page: Selector) -> tuple[list[tuple[str, dict[str, str]]], list[str]]:
    """Every readable result row (``_row``), and why each other row could not be read."""
    rows = page.css("li.searchResult")
    out, bad = read_each(rows, _row)
    if not rows:
        tab = " ".join(page.css("a.searchJobTabAnchor::text, li.searchResultTabSelected ::text")
                       .getall())  # fmt: skip
        if not re.search(r"\(\s*0\s*\)", tab):
            raise ExtractError(
                "a GC Jobs results page with no result rows (li.searchResult) and no zero "
                "count in its tab: the layout changed, or this is not a results page"
            )
    return out, bad


def _rows(url: str, page: Selector) -> list[tuple[str, dict[str, str]]]:
    return _read_rows(url, page)[0]


def _pages(page: Selector) -> tuple[int, int] | None:
    """(this page, last page) from "Page 1 of 3" (French "Page 1 de 3")."""
    text = " ".join(" ".join(page.css("span.pagelinks ::text").getall()).split())
    current = page.css("span.pagelinks strong::text").get()
    m = re.search(r"(\d+)\s+(?:of|de|sur)\s+(\d+)", text)
    if not m:
        return None
    return int(current or m[1]), int(m[2])


def _is_poster(url: str) -> bool:
    return urlsplit(url).path == POSTER_PATH


def extract(url: str, body: bytes) -> list[RawPosting]:
    return extract_request(RequestSpec(url), url, body)


def extract_request(spec: RequestSpec, url: str, body: bytes) -> list[RawPosting]:
    page = _page(body)
    if not _is_poster(url):
        _rows(url, page)  # a results page emits nothing, but must be a real one
        return []
    m = _POSTER.search(url)
    if m is None:
        raise ExtractError("a GC Jobs poster URL without poster=ID")
    said = dict(spec.carry)
    record = _poster(url, m[1], page, said)
    return [record]


def next_pages(url: str, body: bytes) -> list[str]:
    if _is_poster(url):
        return []
    page = _page(body)
    _read_rows(url, page)  # must be a real results page
    if not page.css("li.searchResult"):  # a page of unreadable rows still has a next one
        return []
    pages = _pages(page)
    if pages is None:
        raise ExtractError("a GC Jobs results page without its 'Page N of M' line")
    current, last = pages
    if current >= last:
        return []
    lang = _query(url).get("toggleLanguage", "en")
    return [list_url(url, current + 1, lang)]


def detail_requests(spec: RequestSpec, body: bytes) -> list[RequestSpec]:
    if _is_poster(spec.url):
        return []
    lang = _query(spec.url).get("toggleLanguage", "en")
    origin = _origin(spec.url)
    return [
        RequestSpec(poster_url(origin, poster, lang), carry=tuple(sorted(said.items())))
        for poster, said in _rows(spec.url, _page(body))
    ]


def skipped(url: str, body: bytes) -> list[Skipped]:
    """Result rows without a ``page1800?poster=ID`` link and title: left out and counted
    (``spiders.unreadable``)."""
    if _is_poster(url):
        return []
    return as_skipped(_read_rows(url, _page(body))[1])


# --- one poster ------------------------------------------------------------------------


def _text(node: Any) -> str:
    return " ".join(" ".join(node.css("::text").getall()).split()) if node else ""


def _boxes(page: Selector) -> dict[str, str]:
    """The new layout's labelled boxes: ``<b>Label</b><br>value`` -> {label: value}."""
    out = {}
    for box in page.css("div.well div.bottomSpace, div.well > div"):
        label = _text(box.css("b"))
        value = _text(box)
        if label and value.startswith(label):
            out[label.lower()] = value[len(label) :].strip()
    return out


def _pay(text: str | None) -> Salary | None:
    if not text:
        return None
    m = _PAY.search(text)
    if m is None:
        return None
    low = float(re.sub(r"[,\s]", "", m[1]))
    high = float(re.sub(r"[,\s]", "", m[2])) if m[2] else low
    lowered = text[m.end() : m.end() + 20].lower()
    period = next((p for word, p in _PERIODS if word in lowered), "YEAR")
    return Salary(low, high, "CAD", period)


def _org(text: str | None) -> tuple[str | None, str | None]:
    """("Department", "Branch") from "Department - Branch"."""
    if not text:
        return None, None
    head, _, rest = text.partition(" - ")
    return head.strip() or None, rest.strip() or None


def _places(text: str | None) -> tuple[str, ...]:
    """One place each from "Calgary (Alberta), Edmonton (Alberta)"; "Tsuut'ina, AB" is one."""
    if not text:
        return ()
    return tuple(p.strip() for p in re.split(r"(?<=\)),\s*", text) if p.strip())


def _facts_html(facts: list[tuple[str, str | None]]) -> str:
    from html import escape

    items = "".join(f"<li>{escape(k)}: {escape(v)}</li>" for k, v in facts if v)
    return f"<ul>{items}</ul>" if items else ""


def _section_html(nodes: list[Selector]) -> str | None:
    html = "\n".join(n.get() for n in nodes)
    return html or None


def _poster(url: str, poster: str, page: Selector, said: dict[str, str]) -> RawPosting:
    origin = _origin(url)
    link = poster_url(origin, poster)
    lang = _query(url).get("toggleLanguage")
    main = page.css("main") or page.css("body")
    if page.css("div.rightRefNumberWithPadding"):
        fields = _classic(page)
    elif page.css("div.well") and page.css("h1 span.no-break-word, h2.pst-h2"):
        fields = _new(page)
    else:
        away = [a for a in main.css("p a[href]") if a.attrib["href"].lower().startswith("http")]
        if len(away) != 1 or page.css("fieldset, div.well"):
            raise ExtractError(
                "not a GC Jobs poster page (no reference number, no labelled boxes, no "
                "single link to the hiring organization's site)"
            )
        # moved to the hiring organization's site: the list's title names the posting
        fields = {"apply": away[0].attrib["href"], "title": said.get("title") or _text(away[0])}
    title = fields.get("title") or said.get("title")
    if not title:
        raise ExtractError("a GC Jobs poster page without a title (h1)")
    company, branch = _org(fields.get("organization") or said.get("organization"))
    salary_text = fields.get("salary") or said.get("salary")
    pay = _pay(salary_text)
    facts = [
        ("Classification", fields.get("classification")),
        ("Selection process number", fields.get("process")),
        ("Reference number", fields.get("reference")),
        ("Tenure", fields.get("tenure")),
        ("Language requirements", fields.get("languages") or said.get("languages")),
        ("Who can apply", fields.get("who")),
    ]
    head = _facts_html(facts)
    body = fields.get("description")
    description = "\n".join(x for x in (head, body) if x) or None
    apply = fields.get("apply")
    return RawPosting(
        source_name="",
        source_kind=KIND,
        url=link,
        title=title,
        external_id=poster,
        company=company,
        locations=_places(fields.get("location") or said.get("location")),
        description_html=description,
        salary=pay,
        salary_text=None if pay else salary_text,
        salary_origin=("structured" if pay else "text") if salary_text else None,
        department=branch,
        valid_through=fields.get("closing") or said.get("closing"),
        apply_url=urljoin(url, apply) if apply else link,
        country="CA",
        language=lang,
    )


def _classic(page: Selector) -> dict[str, str]:
    """The classic poster: reference box, a centred fieldset of lines, ``h2`` sections."""
    out: dict[str, str] = {"title": _text(page.css("main h1, h1")[:1])}
    ref = _lines(page.css("div.rightRefNumberWithPadding")[0])
    for line in ref:
        low = line.lower()
        if low.startswith(("selection process", "numéro du processus")):
            out["process"] = _label_value(line)
        elif low.startswith(("reference", "numéro de référence")):
            out["reference"] = _label_value(line)
    box = page.css("fieldset div.text-center")
    if box:
        closing = box[0].xpath(".//strong[contains(., 'Closing date') or contains(., 'clôture')]")
        out["closing"] = _label_value(_text(closing[:1]))
        who = (
            box[0]
            .xpath(
                "strong[contains(., 'Who can apply') or contains(., 'Qui est admissible')]"
                "/following-sibling::text()[1]"
            )
            .get()
        )
        out["who"] = " ".join((who or "").split())
    # the lines before the first paragraph: organization, place, level, tenure, salary
    head = re.split(r"<p\b", box[0].get(), maxsplit=1)[0] if box else ""
    plain = _lines(Selector(text=head)) if head else []
    for i, line in enumerate(plain):
        low = line.lower()
        if "$" in line and "salary" not in out:
            out["salary"] = line
        elif _CLASSIFICATION.match(line) and "classification" not in out:
            out["classification"] = line
        elif any(t in low for t in _TENURES) and "tenure" not in out:
            out["tenure"] = line
        elif i == 0:
            out["organization"] = line
        elif "location" not in out:
            out["location"] = line
    apply = page.css("p.featuredLink a::attr(href)").get()
    if apply:
        out["apply"] = apply
    fieldset = page.css("fieldset")
    sections = fieldset[0].xpath(
        "following-sibling::*[not(self::p[contains(@class,'featuredLink')])]"
        "[not(@data-gc-analytics-pageid)][not(contains(@class,'clearfix'))]"
        "[not(self::dl)]"
    ) if fieldset else []  # fmt: skip
    description = _section_html(list(sections))
    if description:
        out["description"] = description
    return {k: v for k, v in out.items() if v}


def _new(page: Selector) -> dict[str, str]:
    """The new poster: ``h1 span``, ``h2.pst-h2``, ``h3.pst-h3``, labelled boxes, sections."""
    out: dict[str, str] = {
        "title": _text(page.css("h1 span.no-break-word")) or _text(page.css("h1")[:1]),
        "organization": _text(page.css("h2.pst-h2")),
    }
    # the closing date's <p> sits in h3.pst-h3 in the source; parsers close the h3 before it
    closing = _text(page.xpath("//p[contains(@class,'text-success')]")[:1])
    out["closing"] = _label_value(closing) if closing else ""
    boxes = _boxes(page)
    names = {"process": ("selection process number", "numéro du processus de sélection"),
             "reference": ("reference number", "numéro de référence"),
             "location": ("location", "lieu"), "salary": ("salary", "salaire"),
             "classification": ("level", "niveau"), "who": ("who can apply",
             "qui est admissible")}  # fmt: skip
    for key, labels in names.items():
        value = next((boxes[x] for x in labels if x in boxes), "")
        if value:
            out[key] = value
    if "classification" in out:
        out["classification"] = out["classification"].split(" - ", 1)[0].strip()
    languages = _text(page.css("div#langReq div[id^='somcID']")[:1])
    if languages:
        out["languages"] = languages
    apply = page.css("div.left-box a[href*='page1710']::attr(href)").get()
    if apply:
        out["apply"] = apply
    sections = page.css("div.right-box > div[id]:not(#backToTop)")
    description = _section_html(list(sections))
    if description:
        out["description"] = description
    return {k: v for k, v in out.items() if v}
