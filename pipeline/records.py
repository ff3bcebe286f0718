"""Records by stage: what a site said, what we made of it.

``RawPosting`` is what a spider extracted, untouched beyond decoding; ``Posting`` is the
normalized record that lands and loads; ``BlogPost`` is one feed entry, already cleaned.
All are frozen dataclasses (no pydantic in the data path) and every datetime is
timezone-aware UTC. ``to_json`` gives the landing-file form (JSON Lines, read back by DuckDB:
``warehouse.landing``), a posting's with its content digest (``record_digest``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

SALARY_PERIODS = ("HOUR", "DAY", "WEEK", "MONTH", "YEAR")
WORKPLACES = ("onsite", "hybrid", "remote")
EMPLOYMENT_TYPES = (
    "FULL_TIME",
    "PART_TIME",
    "CONTRACTOR",
    "TEMPORARY",
    "INTERN",
    "VOLUNTEER",
    "PER_DIEM",
    "OTHER",
)
# Where a salary figure came from; only the first two are shown to subscribers.
SALARY_ORIGINS = ("structured", "text", "estimate")


@dataclass(frozen=True)
class Salary:
    """A pay range as stated: ``min``/``max`` in ``currency`` per ``period``."""

    min: float | None
    max: float | None
    currency: str | None
    period: str | None  # one of SALARY_PERIODS


@dataclass(frozen=True)
class Location:
    city: str | None = None
    region: str | None = None  # province or state, full name
    country: str | None = None  # ISO 3166-1 alpha-2
    workplace: str | None = None  # one of WORKPLACES


@dataclass(frozen=True)
class RawPosting:
    """One job posting as a source said it. Only ``source_name``, ``url`` and ``title`` are required."""

    source_name: str
    source_kind: str
    url: str
    title: str
    external_id: str | None = None
    company: str | None = None
    locations: tuple[str, ...] = ()
    workplace: str | None = None  # when the source states it in a field of its own
    description_html: str | None = None
    salary_text: str | None = None
    # Structured pay stated by the source (ATS compensation, schema.org baseSalary).
    salary: Salary | None = None
    salary_origin: str | None = None  # "structured" | "text" | "estimate"
    employment_type: str | None = None
    department: str | None = None
    posted_at: str | None = None  # as the site wrote it
    updated_at: str | None = None
    valid_through: str | None = None
    apply_url: str | None = None
    country: str | None = None  # the source's default country, if configured
    default_currency: str | None = None
    # The language tag the dates were written in (the source's ``language``, else the page's
    # or feed's): with ``country``, decides day- or month-first numeric dates.
    language: str | None = None
    # the ATS's own word that this is a general application (None: it does not say)
    general_application: bool | None = None


@dataclass(frozen=True)
class Posting:
    """A normalized job posting: the landing and warehouse form (DESIGN.md field contract)."""

    source_name: str
    source_kind: str
    posting_key: str  # "<source>:<external id>" or "<source>:<canonical url>"
    external_id: str | None
    url: str
    title: str
    title_normalized: str
    company: str | None
    company_normalized: str | None
    location_city: str | None
    location_region: str | None
    location_country: str | None
    locations: tuple[str, ...]
    workplace: str | None
    employment_type: str | None
    salary_min: float | None
    salary_max: float | None
    salary_currency: str | None
    salary_period: str | None
    salary_annual_min: float | None
    salary_annual_max: float | None
    salary_origin: str | None
    posted_at: datetime | None
    valid_through: datetime | None
    apply_url: str | None
    description_html: str | None
    description_text: str | None
    department: str | None
    hr_category: str | None
    seniority: str | None
    fingerprint: str
    fetched_at: datetime
    # Every place the locations name, in order, the first primary ("Toronto, Ontario, CA",
    # "Remote, CA"): derived, so not in the fingerprint. A default keeps older landing files.
    places: tuple[str, ...] = ()
    # The words the pay was read from: the source's pay field, or the sentence of the
    # description ``pipeline.normalize.paytext`` found (salary_origin 'text'), for auditing.
    salary_text: str | None = None
    office_days: int | None = None  # days a week in the office, when a hybrid ad states them
    contract_months: int | None = None  # length of a contract or temporary job, when stated
    # a standing invitation to apply, not a job (pipeline.general): kept, never queued
    general_application: bool = False
    # A digest of every other field but the key and fetched_at (``record_digest``), set by
    # ``to_json`` as the record lands: the load compares it with the stored posting's to
    # decide whether the row is written again, instead of comparing ~35 columns and hashing
    # both descriptions. Absent from a file written before it: the load compares the columns.
    record_digest: int | None = None


@dataclass(frozen=True)
class BlogPost:
    """One blog entry, cleaned; identity rules live in ``pipeline.feeds``."""

    source_name: str
    entry_key: str
    guid: str | None
    url: str | None
    title: str
    author: str | None
    published_at: datetime | None
    updated_at: datetime | None
    summary_text: str | None
    content_html: str | None
    content_text: str | None
    tags: tuple[str, ...]
    blog_title: str | None
    fingerprint: str
    fetched_at: datetime


@dataclass(frozen=True)
class SourceOutcome:
    """What happened to one source in one crawl batch (a landing record of its own)."""

    source_name: str
    source_kind: str
    source_url: str
    # "ok" | "failed" | "not_modified" | "skipped" | "empty" | "suspect" (lifecycle.STATUSES)
    status: str
    # every page of the listing was fetched and parsed, every link on it followed and every
    # entry on it made a record: nothing skipped, no cap reached
    complete: bool
    pages: int = 0
    fetched: int = 0  # records extracted
    dropped_non_hr: int = 0
    not_modified: int = 0  # 304 or unchanged body
    error: str | None = None
    skipped: int = 0  # entries and links of the listing not read (why: ``diagnosis``)
    links: int = 0  # requests the source's pages led to (pagination and detail pages)
    found: int = 0  # entries the extractors found (records made plus entries skipped)
    # one line: why the crawl is incomplete, empty or suspect (None when it is plainly ok)
    diagnosis: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    retry_after_s: float | None = None
    gone_keys: tuple[str, ...] = field(default_factory=tuple)  # detail pages that said 404/410
    # candidate detail pages fetched that held no posting (spiders.discovery guessed wrong)
    idle_pages: int = 0
    # detail pages not fetched again: their sitemap lastmod is not newer than the source's last
    # complete crawl (pipeline.recrawl); the postings they hold, which count as seen
    unchanged_pages: int = 0
    unchanged_keys: tuple[str, ...] = field(default_factory=tuple)
    started_at: datetime | None = None
    finished_at: datetime | None = None


# Values written as they are: most fields of most records. Checked by exact type first, so
# a record costs one dict look-up a field instead of three isinstance checks and an
# is_dataclass (a third of landing 200 unchanged feeds' outcomes).
_AS_IS = frozenset({str, int, float, bool, type(None)})
_field_names: dict[type, tuple[str, ...]] = {}


def to_json(record: Any) -> dict[str, Any]:
    """A record as a JSON-ready dict: datetimes to ISO 8601, tuples to lists, a ``record`` tag."""
    cls = type(record)
    names = _field_names.get(cls)
    if names is None:
        names = _field_names[cls] = tuple(f.name for f in dataclasses.fields(record))
    out: dict[str, Any] = {"record": cls.__name__}
    for name in names:
        value = getattr(record, name)
        if type(value) in _AS_IS:
            pass
        elif isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            value = dataclasses.asdict(value)
        out[name] = value
    if cls is Posting:  # made here, from what lands, so no later change can leave it stale
        out["record_digest"] = record_digest(out)
    return out


def json_line(data: dict[str, Any]) -> str:
    """One line of a landing file: compact JSON, non-ASCII as it is."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def landing_line(record: Any) -> str:
    """A record's line in a landing file (``to_json``, then ``json_line``)."""
    return json_line(to_json(record))


# What a posting's digest covers: every field but its identity, the moment it was read and the
# digest itself, in field order (a field added later changes every digest once: each known
# posting is written again at its next load, as its new column would be anyway).
_NOT_DIGESTED = ("posting_key", "fetched_at", "record_digest")
_DIGESTED = tuple(f.name for f in dataclasses.fields(Posting) if f.name not in _NOT_DIGESTED)


def record_digest(landing: dict[str, Any]) -> int:
    """A signed 64-bit BLAKE2b digest of a posting's content, from its landing form
    (``to_json``): the JSON array of its ``_DIGESTED`` values in field order. Equal content,
    equal digest, in any process; a collision between two contents of one posting is a
    2**-64 chance."""
    text = json.dumps([landing[name] for name in _DIGESTED], ensure_ascii=False)
    raw = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(raw, "big", signed=True)
