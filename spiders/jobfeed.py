"""Job boards' RSS/Atom feeds (``job-feed``): one ``RawPosting`` per item.

Read through ``spiders.feeds.read`` (feedparser; the same hostile-input rules, conditional
GET and backfill as blog feeds: ``next_pages`` is the blog feeds' one). Three shapes:

* **We Work Remotely style** -- ``"Company: Title"`` titles are split into company and
  title; ``<region>`` is the location, ``<type>`` the employment type, ``<expires_at>``
  the closing date.
* **craigslist** -- RSS 1.0 (RDF) items: title, link, ``dc:date``; the company comes from the
  source's configuration.
* **NEOGOV** (governmentjobs.com) -- the ``joblisting:`` namespace: ``jobId`` is the external
  id, ``location``, ``department``, structured pay (``minimumSalary``/``maximumSalary``/
  ``salaryCurrency``/``salaryInterval``), ``advertiseToDateTimeUTC`` is ``valid_through``;
  the description joins the item's description, duties, qualifications and supplemental
  information. The channel title is the agency, used when the source names no company.

Any other feed (WordPress WP Job Manager's ``job_listing:`` namespace, aggregators' own
namespaces such as ``<x:companyName>`` or ``<x:locationRestrictions>``, boards that write
the facts into the body): the place is ``<region>``/``<location>``/``job_listing:location``
or any namespaced ``location``/``region``/``city`` field, else a "Location:" line of the body
(several facts may share a line, "Location: Ottawa, ON | Salary: ..."), else a first line of
the body that is a place ("Calgary, AB"), else a place the title ends with; the company is
the title's "Company:" prefix, else ``job_listing:company``/``<company>`` or any namespaced
``company``/``companyName``/``employer`` field, else a "Company:" line, else the title's
"Title at Company" or "Title - Company - Place"; a "Salary:"/"Pay:" line (or
``job_listing:salary`` or a namespaced ``salary`` field) is the source's pay text
(``pipeline.build`` otherwise reads pay from the description, as for every kind).

The external id is the item's guid (else its link). Items without a title or a link are
skipped (the job cannot be shown or applied to) and counted (``skipped``): the listing is then
incomplete, so a posting whose item lost its link is never closed for it.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.normalize.dates import is_date
from pipeline.normalize.location import parse_location
from pipeline.normalize.text import html_to_text
from pipeline.records import RawPosting, Salary
from spiders import feeds
from spiders.feeds.model import Entry, date_text
from spiders.kinds import Skipped

KIND = "job-feed"
_NEOGOV_PARTS = (
    "joblisting_examplesofduties",
    "joblisting_qualifications",
    "joblisting_supplementalinformation",
)
_PERIODS = {"year": "YEAR", "annual": "YEAR", "annually": "YEAR", "hour": "HOUR",
            "hourly": "HOUR", "month": "MONTH", "monthly": "MONTH", "week": "WEEK",
            "weekly": "WEEK", "day": "DAY", "daily": "DAY", "biweekly": None}  # fmt: skip


def _split_title(title: str) -> tuple[str | None, str]:
    company, sep, rest = title.partition(": ")
    if sep and rest.strip() and 0 < len(company) <= 80:
        return company.strip(), rest.strip()
    return None, title.strip()


def _field(raw: dict[str, Any], *names: str) -> str | None:
    """The first of ``names`` the entry carries, as itself or in any namespace
    (feedparser names ``<himalaya:companyName>`` ``himalaya_companyname``)."""
    for name in names:
        value = _text(raw.get(name))
        if value:
            return value
    for name in names:
        for key, value in raw.items():
            if key.endswith("_" + name) and isinstance(value, str) and value.strip():
                return value.strip()
    return None


# "HR Generalist at Maple Foods", "Recruiter - Maple Foods - Toronto, ON": a title that names
# its employer (and place) in words, for feeds that have no field for them
_AT_RE = re.compile(r"^(?P<t>.{3,}?)\s+(?:at|@)\s+(?P<c>[A-Z0-9][^@]{1,60})$")
_PARTS_RE = re.compile(r"\s+[-\u2013\u2014|]\s+")


def _title_facts(title: str) -> tuple[str, str | None, str | None]:
    """(title, company, place) the title states in words; the title alone when it states none."""
    parts = _PARTS_RE.split(title)
    if len(parts) == 3 and _is_place(parts[2]) and not _is_place(parts[1]):
        return parts[0].strip(), parts[1].strip(), parts[2].strip()
    m = _AT_RE.match(title)
    if m:
        right = m.group("c").strip()
        place = parse_location(right)
        if place is not None and (place.city or place.region or place.country):
            return m.group("t").strip(), None, right  # "Cashier at Toronto, ON": a place
        return m.group("t").strip(), right, None
    return title, None, None


def _num(value: Any) -> float | None:
    try:
        out = float(str(value).replace(",", "").replace("$", "").strip())
    except (TypeError, ValueError):
        return None
    return out if out > 0 else None


def _neogov_salary(raw: dict[str, Any]) -> Salary | None:
    low, high = _num(raw.get("joblisting_minimumsalary")), _num(raw.get("joblisting_maximumsalary"))
    if low is None and high is None:
        return None
    period = _PERIODS.get(str(raw.get("joblisting_salaryinterval") or "").strip().lower())
    currency = str(raw.get("joblisting_salarycurrency") or "").strip().upper() or None
    return Salary(low, high, currency, period)


_LABEL_RE = re.compile(
    r"^\s*(?P<k>location|job\s+location|lieu(?:\s+de\s+travail)?|company|employer|employeur"
    r"|salary|pay|compensation|salaire|rémunération|job\s+type|type)\s*:\s*(?P<v>.{1,120})$",
    re.I,
)
_KEYS = {"location": "place", "job location": "place", "lieu": "place",
         "lieu de travail": "place", "company": "company", "employer": "company",
         "employeur": "company", "salary": "pay", "pay": "pay", "compensation": "pay",
         "salaire": "pay", "rémunération": "pay", "job type": "type", "type": "type"}  # fmt: skip


# a bar or a middle dot between two labelled facts; not a hyphen ("Remote - Canada")
_FACT_SEP_RE = re.compile(r"\s+[|\u2022\u00b7]\s+")


def _body_facts(description: str | None) -> dict[str, str]:
    """Labelled lines of an entry's body ("Location: Calgary, AB"), and a first line that
    is a place (boards that open the body with it)."""
    if not description:
        return {}
    lines = [ln.strip(" -*\u2022") for ln in html_to_text(description).split("\n")]
    lines = [ln for ln in lines if ln]
    facts: dict[str, str] = {}
    for line in lines[:40]:
        # one line may hold several facts: "Location: Ottawa, ON | Salary: $80,000/year"
        for part in _FACT_SEP_RE.split(line):
            m = _LABEL_RE.match(part)
            if m:
                key = _KEYS.get(" ".join(m.group("k").lower().split()))
                if key and key not in facts:
                    facts[key] = m.group("v").strip()
    if "place" not in facts and lines and _is_place(lines[0]):
        facts["place"] = lines[0]
    return facts


def _is_place(line: str) -> bool:
    # Short, no sentence, and read as a city with its region or country ("Calgary, AB").
    if len(line) > 60 or not any(c in line for c in ",(") or line.endswith((".", ":")):
        return False
    loc = parse_location(line)
    return bool(loc and loc.city and (loc.region or loc.country))


def _text(value: Any) -> str | None:
    text = str(value or "").strip()
    return text or None


def _neogov_date(value: Any) -> str | None:
    # "Sun, 20 Sep 2026 04:59:00:0": an RFC 822 date with a stray ":0" on the time
    text = str(value or "").strip()
    if text.count(":") == 3:
        text = text.rsplit(":", 1)[0] + " GMT"
    return text or None


def _posted(entry: Entry) -> str | None:
    """The entry's date as the feed wrote it (read later, with the source's country and
    language, by ``pipeline.build``): published, else updated when published is no date."""
    texts = [t for t in (entry.published_text, entry.updated_text) if t]
    for text in texts:
        if not text.isdigit() and is_date(text):  # a bare number is no feed date
            return text
    return texts[0] if texts else None  # as written, though no date: build reads it as None


def _posting(entry: Entry, agency: str | None, language: str | None) -> RawPosting | None:
    raw = entry.raw
    title, link = entry.title, entry.link
    if not title or not link:
        return None
    description = entry.content_html or None
    common: dict[str, Any] = {
        "source_name": "",
        "source_kind": KIND,
        "url": str(link),
        "external_id": entry.id,
        "apply_url": str(link),
        "posted_at": _posted(entry),
        "language": language,
    }
    if "joblisting_jobid" in raw:  # NEOGOV
        parts = [description or ""] + [str(raw.get(k) or "") for k in _NEOGOV_PARTS]
        location = str(raw.get("joblisting_location") or "").strip()
        salary = _neogov_salary(raw)
        return RawPosting(
            **common | {"external_id": str(raw["joblisting_jobid"]).strip() or entry.id},
            title=title,
            company=agency,
            locations=(location,) if location else (),
            description_html="".join(p for p in parts if p) or None,
            salary=salary,
            salary_origin="structured" if salary else None,
            department=str(raw.get("joblisting_department") or "").strip() or None,
            valid_through=_neogov_date(raw.get("joblisting_advertisetodatetimeutc")),
        )
    company, title = _split_title(title)
    facts = _body_facts(description)
    place = _field(
        raw, "region", "location", "joblocation", "locationrestrictions", "city"
    ) or facts.get("place")
    company = (
        company
        or _field(raw, "company", "companyname", "employer", "hiringorganization")
        or facts.get("company")
    )
    if company is None:
        title, company, named = _title_facts(title)
        place = place or named
    return RawPosting(
        **common,
        title=title,
        company=company,
        locations=(place,) if place else (),
        description_html=description,
        salary_text=_field(raw, "salary", "salaryrange") or facts.get("pay"),
        employment_type=(
            _text(raw.get("type"))  # a namespaced "type" is Dublin Core's ("text")
            or _field(raw, "job_type", "jobtype", "employmenttype")
            or facts.get("type")
        ),
        valid_through=date_text(raw.get("expires_at"), raw.get("expires")),
    )


def extract(url: str, body: bytes) -> list[RawPosting]:
    feed = feeds.read(url, body)
    neogov = any("joblisting_jobid" in e.raw for e in feed.entries)
    agency = feed.title if neogov else None
    return [p for e in feed.entries if (p := _posting(e, agency, feed.language)) is not None]


def skipped(url: str, body: bytes) -> list[Skipped]:
    feed = feeds.read(url, body)
    untitled = sum(1 for e in feed.entries if not e.title)
    unlinked = sum(1 for e in feed.entries if e.title and not e.link)
    out = feeds.unread(feed)
    if untitled:
        out.append(Skipped("feed items without a title", untitled))
    if unlinked:
        out.append(Skipped("feed items without a link", unlinked))
    return out


def next_pages(url: str, body: bytes) -> list[str]:
    return feeds.next_pages(url, body)


def ends_pagination(url: str, status: int) -> bool:
    return feeds.ends_pagination(url, status)
