"""The list owner's standing rules and settings, kept in the warehouse between weeks.

Rules (table ``curation_rules``), each matched case-insensitively:

| kind | matches | effect |
|---|---|---|
| ``blocked_employer`` | the company by its leading words (see *Employers*) | hidden from the queue and never in a digest |
| ``blocked_keyword`` | a whole word or phrase in the title ("intern" blocks "HR Intern", not "International") | hidden from the queue and never in a digest |
| ``agency`` | the company, like ``blocked_employer`` | flagged "agency" (filterable), still listed |
| ``agency_phrase`` | words in the title or description ("our client") | flagged "agency" |
| ``approved_employer`` | the company, like ``blocked_employer`` | its queued undecided jobs are approved (``curation.queue.apply_standing``) |
| ``unhidden_job`` | one job id | shown and publishable although a rule above would hide it |

*Employers*: both names are folded by ``normalize_company`` (case, "&", legal suffixes such as
"Inc.", "Ltd.", "Group") and split into words; a rule matches a company whose words *start
with* the rule's words and go on only with ``QUALIFIERS``: a place ("Canada", "Ontario",
"North America") or a generic business word ("Staffing", "Services", "Recruitment"). So
"Randstad" matches "Randstad Canada", "RANDSTAD INC." and "Robert Half" matches "Robert Half
Technology (Canada)", but "Acme" does not match "Acme Foods" (another business that shares a
first word), "Randstad Canada" does not match plain "Randstad", and "Hays" not "Rhays". Agencies
and large employers post under their brand plus a country or a line of business; a bare prefix
match would also catch unrelated firms that share a first word. A job hidden by mistake is
listed under "Hidden by your rules" with the rule that hid it, one click to unhide.

Staffing agencies post the same employer's job many times under their own name and often hide
the employer ("our client is seeking ..."); she wants them visible as such, not silently
dropped, so they are flagged rather than hidden. ``AGENCY_NAMES`` and ``AGENCY_PHRASES`` are
the maintained starting list, written to the table once (``rules_seeded``) so she can remove an
entry and it stays removed.

Settings (table ``curation_settings``): ``list_title``, ``public_url`` (where the list is
published: links in the feed; empty until she gives it, which she must before the first
publish: a made-up default would go out in every feed link), ``employer_cap`` (at most this
many jobs of one employer in a week's lists; 0 for no cap), her voice (``tagline``, ``intro``,
``footer_forward``, ``footer_suggest``, ``footer_unsubscribe``), ``timezone`` (IANA name: the
week and every time shown are hers), ``unsubscribe`` (the ``List-Unsubscribe`` target of a
mailed list, ``mailto:`` or ``https:``), ``post_window_days`` (blog posts this recent are
candidates) and ``unpublish_grace_minutes`` (how long a published list can be taken back).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb

from pipeline.normalize import normalize_company

KINDS = (
    "blocked_employer", "blocked_keyword", "agency", "agency_phrase", "approved_employer",
    "unhidden_job",
)  # fmt: skip
AGENCY_NAMES = (
    "Adecco", "Aerotek", "Agilus", "Allegis Group", "Drakkar", "Express Employment Professionals",
    "Hays", "Insight Global", "Kelly Services", "Kforce", "LHH", "Manpower", "ManpowerGroup",
    "Michael Page", "Page Personnel", "Procom", "Randstad", "Robert Half", "Spherion",
    "TEKsystems", "Hire Resolve", "Roevin", "Goldbeck Recruiting", "Hunt Personnel",
)  # fmt: skip
AGENCY_PHRASES = (
    "our client", "on behalf of our client", "on behalf of a client", "confidential client",
    "staffing agency", "recruitment agency", "recruiting agency", "temp agency",
)  # fmt: skip
DEFAULTS = {
    "list_title": "Employment Opportunities List",
    "public_url": "",
    "employer_cap": "3",
    "tagline": "Friends helping friends of friends",
    "intro": "The ultimate source for HR jobs and blogs: this week's openings, then a round-up"
    " of HR writing worth your time.",
    "footer_forward": "Know someone looking for HR work? Forward this list to them.",
    "footer_suggest": "Seen an HR job that belongs here? Reply with the link and it may make"
    " next week's list.",
    "footer_unsubscribe": "To stop receiving the list, reply with the word unsubscribe.",
    "unsubscribe": "",
    "timezone": "America/Toronto",
    "post_window_days": "14",
    "unpublish_grace_minutes": "60",
}
# May be left empty: the text is simply not shown (or, for unsubscribe, the header not sent).
OPTIONAL = frozenset({"public_url", "tagline", "intro", "footer_forward", "footer_suggest",
                      "footer_unsubscribe", "unsubscribe"})  # fmt: skip
NUMBERS = {"employer_cap": 1000, "post_window_days": 366, "unpublish_grace_minutes": 10080}


@dataclass(frozen=True)
class Rules:
    """Every rule, ready to match; build with ``Rules.of`` or ``load``."""

    blocked_employers: frozenset[str] = frozenset()
    blocked_keywords: tuple[str, ...] = ()
    agencies: frozenset[str] = frozenset()
    agency_phrases: tuple[str, ...] = ()
    approved_employers: frozenset[str] = frozenset()
    # (employer key, lowercased scraped title) of the jobs she unhid: ``load`` resolves the ids,
    # so callers that know only company and title (the digest) honour them too
    unhidden: frozenset[tuple[str, str]] = frozenset()
    _keyword_re: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    _phrase_re: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, rows: Iterable[tuple[str, str]], unhidden: Iterable[tuple[str, str]] = ()) -> Rules:
        by_kind: dict[str, list[str]] = {k: [] for k in KINDS}
        for kind, value in rows:
            if kind in by_kind and value.strip():
                by_kind[kind].append(value.strip())
        keywords = tuple(sorted(by_kind["blocked_keyword"], key=str.lower))
        phrases = tuple(sorted(by_kind["agency_phrase"], key=str.lower))
        return cls(
            blocked_employers=frozenset(employer_key(v) for v in by_kind["blocked_employer"]),
            blocked_keywords=keywords,
            agencies=frozenset(employer_key(v) for v in by_kind["agency"]),
            agency_phrases=phrases,
            approved_employers=frozenset(employer_key(v) for v in by_kind["approved_employer"]),
            unhidden=frozenset((employer_key(c), t.lower()) for c, t in unhidden),
            _keyword_re=_words_re(keywords),
            _phrase_re=_words_re(phrases),
        )

    def hidden_by(self, company: str | None, title: str | None) -> str | None:
        """Which rule hides this job ("employer: randstad", "title word: intern"), or None."""
        if company and (key := _matches(company, self.blocked_employers)):
            return f"blocked employer: {key}"
        if title and self._keyword_re and (m := self._keyword_re.search(title)):
            return f"blocked title word: {m.group(0).lower()}"
        return None

    def hidden(self, company: str | None, title: str | None) -> bool:
        """Blocked employer, or a blocked word in the title, unless she unhid the job."""
        if self.hidden_by(company, title) is None:
            return False
        return (employer_key(company or ""), (title or "").lower()) not in self.unhidden

    def always_approved(self, company: str | None) -> bool:
        return bool(company and _matches(company, self.approved_employers))

    def agency(self, company: str | None, title: str | None, text: str | None) -> bool:
        """A staffing agency's posting: its name, or agency wording in title or description."""
        if company and _matches(company, self.agencies):
            return True
        if not self._phrase_re:
            return False
        return any(s and self._phrase_re.search(s) for s in (title, text))

    def phrase_pattern_re2(self) -> str | None:
        """The agency wording as one case-insensitive RE2 pattern, for SQL's regexp_matches."""
        if not self.agency_phrases:
            return None
        parts = [r"\s+".join(re.escape(w) for w in p.split()) for p in self.agency_phrases]
        return r"(?i)(?:^|\W)(?:" + "|".join(parts) + r")(?:\W|$)"


def employer_key(name: str) -> str:
    """The words of a company name after folding case and legal suffixes, space-separated."""
    return " ".join(_WORD_RE.findall(normalize_company(name) or name.lower()))


_WORD_RE = re.compile(r"\w+")


# Words that may follow a rule's name in a company name and still mean the same firm: places
# where it trades, and generic words of the staffing and services trade.
QUALIFIERS = frozenset(
    """canada canadian ontario quebec québec alberta british columbia bc manitoba saskatchewan
    nova scotia new brunswick newfoundland toronto montreal montréal vancouver calgary ottawa
    edmonton winnipeg gta usa us america north south east west central na uk emea apac
    international global worldwide region regional staffing services service solutions
    recruitment recruiting recruiters consulting consultants professionals professional
    personnel talent careers employment workforce search hr technology technologies tech
    specialist specialists partners associates agency resourcing resources and of""".split()
)


def _matches(company: str, keys: frozenset[str]) -> str | None:
    """The rule key whose words begin the company's words, the rest being ``QUALIFIERS``
    ("randstad" in "randstad canada", not "acme" in "acme foods")."""
    if not keys:
        return None
    words = employer_key(company).split()
    for n in range(len(words), 0, -1):
        key = " ".join(words[:n])
        if key in keys and all(w in QUALIFIERS for w in words[n:]):
            return key
    return None


def matching_jobs(con: duckdb.DuckDBPyConnection, employer: str) -> list[str]:
    """Ids of the jobs whose employer a rule naming ``employer`` covers (the same loose match
    the queue applies), so a page can hide or mark exactly those rows at once."""
    keys = frozenset({employer_key(employer)})
    rows = con.execute("SELECT job_id, company FROM jobs WHERE company IS NOT NULL").fetchall()
    return [job_id for job_id, company in rows if _matches(company, keys)]


def _words_re(words: Iterable[str]) -> re.Pattern[str] | None:
    parts = [r"\s+".join(re.escape(w) for w in phrase.split()) for phrase in words if phrase]
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def seed(con: duckdb.DuckDBPyConnection, now: datetime | None = None) -> None:
    """Write the maintained agency list once; later edits are hers."""
    if con.execute("SELECT 1 FROM curation_settings WHERE key = 'rules_seeded'").fetchone():
        return
    when = now or datetime.now(UTC)
    rows = [("agency", n, when) for n in AGENCY_NAMES]
    rows += [("agency_phrase", p, when) for p in AGENCY_PHRASES]
    con.executemany("INSERT OR IGNORE INTO curation_rules VALUES (?, ?, ?)", rows)
    con.execute("INSERT OR REPLACE INTO curation_settings VALUES ('rules_seeded', 'yes')")


def load(con: duckdb.DuckDBPyConnection) -> Rules:
    unhidden = con.execute(
        "SELECT coalesce(j.company, ''), j.title FROM curation_rules r"
        " JOIN jobs j ON j.job_id = r.value WHERE r.kind = 'unhidden_job'"
    ).fetchall()
    return Rules.of(con.execute("SELECT kind, value FROM curation_rules").fetchall(), unhidden)


def listing(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Rule values by kind, sorted, for the Rules page."""
    out: dict[str, list[str]] = {k: [] for k in KINDS}
    for kind, value in con.execute(
        "SELECT kind, value FROM curation_rules ORDER BY lower(value)"
    ).fetchall():
        out.setdefault(kind, []).append(value)
    return out


def add(con: duckdb.DuckDBPyConnection, kind: str, value: str, now: datetime | None = None) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown rule kind {kind!r} (one of {', '.join(KINDS)})")
    value = " ".join(value.split())
    if not value:
        raise ValueError("a rule needs a value")
    con.execute(
        "INSERT OR IGNORE INTO curation_rules VALUES (?, ?, ?)",
        [kind, value, now or datetime.now(UTC)],
    )


def remove(con: duckdb.DuckDBPyConnection, kind: str, value: str) -> None:
    con.execute("DELETE FROM curation_rules WHERE kind = ? AND value = ?", [kind, value])


def settings(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    values = dict(DEFAULTS)
    values.update(dict(con.execute("SELECT key, value FROM curation_settings").fetchall()))
    return values


def number(values: dict[str, str], key: str) -> int:
    """A whole-number setting; its default when the stored text is not one."""
    try:
        return max(0, int(values.get(key, DEFAULTS[key])))
    except ValueError:
        return int(DEFAULTS[key])


def employer_cap(values: dict[str, str]) -> int:
    return number(values, "employer_cap")


def set_settings(con: duckdb.DuckDBPyConnection, values: dict[str, str]) -> None:
    """Store the known settings given; the cap must be a whole number >= 0."""
    for key, value in values.items():
        if key not in DEFAULTS:
            continue
        value = value.strip()
        if key in NUMBERS and not (value.isdigit() and int(value) < NUMBERS[key]):
            raise ValueError(
                f"{key.replace('_', ' ')} must be a whole number below {NUMBERS[key]}"
                + (" (0 for no cap)" if key == "employer_cap" else "")
            )
        if key == "public_url" and value and not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("the public address must start with http:// or https://")
        if key == "unsubscribe" and value and not re.match(r"^(mailto:|https://)\S+$", value):
            raise ValueError("the unsubscribe address must be a mailto: or https:// link")
        if key == "timezone" and not _zone_known(value):
            raise ValueError(f"unknown time zone {value!r} (e.g. America/Toronto)")
        if not value and key not in OPTIONAL:
            raise ValueError(f"{key.replace('_', ' ')} cannot be empty")
        con.execute("INSERT OR REPLACE INTO curation_settings VALUES (?, ?)", [key, value])


def _zone_known(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
