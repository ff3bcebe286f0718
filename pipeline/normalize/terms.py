"""Workplace and employment terms read from a job description.

``read_terms(text)`` returns ``Terms``: workplace (onsite, hybrid, remote), days a week in
the office when a hybrid ad states them, the employment type (schema.org values, as
``pipeline.normalize.employment``) and the contract length in months when stated, plus
the region a remote ad restricts its hires to ("Remote - Ontario residents"). Any field
it cannot read is ``None``; a source's own fields come first (``pipeline.build``).

Descriptions are long and mention work words in passing, so each rule needs a phrase that
states the term, not a bare word:

* **hybrid** -- "hybrid" (not "hybrid cloud/app"), "N days a week in (the) office",
  "in-office N days", "mode hybride", "N jours par semaine au bureau". Days: the lowest
  figure stated ("2-3 days" is 2), in digits or words.
* **remote** -- "fully/100% remote", "remote position/role/job/opportunity/first",
  "work from home", "work remotely", "this role is remote", "télétravail complet",
  "Remote (Canada)"; negated ("not remote", "no remote", "remote work is not available")
  it is on-site.
* **on-site** -- "on-site/onsite/in-person/in office" stating the work ("this role is
  on-site", "on-site position", "5 days a week in the office", "sur place",
  "en présentiel"), never an amenity ("on-site gym/parking/cafeteria/daycare").
  Hybrid beats remote beats on-site when an ad says several ("remote with occasional
  on-site visits" is remote).
* written around the word (round 3, docs/quality.md): a title naming it ("Overnight Remote
  Pharmacist", "Call Center-REMOTE"; not "Remote Sensing Analyst"), work "carried out
  remotely", "transition to remote", "our remote team", "permanent telecommuting"; "part
  remote and part in-person", "on-site 75% of the time", "(Hybrid, 2 onsite, 3 remote)" are
  hybrid; India's and the UK's "work from office", "commute to our office", "Located
  Remotely? N", "no option for homeworking" are on-site. "hybrid" naming a technology
  ("hybrid retrieval", "hybrid environments", "hybrid/semantic search") is no workplace.
* **employment type** -- internship/co-op/stage first, then casual/on-call (PER_DIEM),
  seasonal/temporary/fixed-term/maternity cover (TEMPORARY), a contract stated as the
  job's term ("12-month contract", "contract position", "on a contract basis": a duty
  such as "contract management" is not), part-time, then full-time/permanent. Terms that
  are not this job's are dropped first: a list of terms naming other people or studies
  ("intern, part-time and seasonal employees", "full-time and part-time degree programs"),
  the company's staff ("our dedicated full-time ... specialists"), a prospect ("career
  possibilities like permanent Team Lead").
* **contract length** -- months (or years x 12, weeks / 4.33 rounded) next to
  contract/term/temporary/leave/contrat words: "12-month contract", "contract length:
  6 months", "for up to eighteen (18) months", "contrat de 12 mois".

This module reads employment and contract length; the workplace, office days and remote
region are read by ``pipeline.normalize.workplace``. Both read through
``pipeline.normalize.termlines`` (the lines holding a rule's words, numbers in words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.normalize.termlines import NUMBER, Lines, has, number, search
from pipeline.normalize.workplace import read_workplace, remote_region
from pipeline.screen import anchored

__all__ = ["Terms", "read_terms"]

_MAX_TEXT = 200_000


@dataclass(frozen=True)
class Terms:
    workplace: str | None = None  # onsite | hybrid | remote
    office_days: int | None = None  # days a week in the office (hybrid)
    employment_type: str | None = None  # schema.org value
    contract_months: int | None = None
    remote_region: str | None = None  # the region a remote ad restricts hires to


_INTERN_RE = re.compile(
    r"\b(?:internships?|co-?op\s+(?:position|term|student|placement|program|role)|(?:summer|fall|winter)"
    r"\s+(?:student|intern)|\bintern\b(?!al|ational|et|,\s*part)|stage\s+(?:rémunéré|d'été|de\s+\d)|stagiaire"
    # a plural "interns" names volunteers and teams too; sought by the ad, they are this job
    r"|(?:seeking|hiring|recruiting|looking\s+for)\s+(?:(?!(?:for|to|with|of|our|the)\b)[\w-]+\s+){0,3}interns\b)"
    # an internship asked for as experience is not this job's term
    r"(?!\s+(?:hours|experience|will\s+be\s+considered))",
    re.I,
)
_CASUAL_RE = re.compile(
    r"\b(?:casual\s+(?:position|role|basis|part[-\s]time|full[-\s]time|relief|pool)"
    r"|on[-\s]call\s+(?:position|basis|role|pool)|per\s+diem\s+(?:position|basis)|sur\s+appel"
    # the UK's staff bank: hours covered as needed ("This is a Bank role"), not a bank holiday
    r"|bank\s+(?:role|position|basis|contract|worker))\b",
    re.I,
)
_TEMP_RE = re.compile(
    r"\b(?:temporary\s+(?:full[-\s]time|part[-\s]time|position|role|assignment|contract|opportunity|appointment)"
    r"|seasonal\s+(?:position|role|job|employment|full[-\s]time|part[-\s]time)|fixed[-\s]term"
    r"|(?:maternity|parental|mat|vacation)\s+(?:leave\s+)?(?:coverage|cover|replacement|contract|position)"
    r"|temp[-\s]to[-\s](?:hire|perm)|(?:position|role|job)\s+is\s+(?:a\s+)?(?:seasonal|temporary)"
    r"|(?:hiring|recruiting|seeking)\s+(?:an?\s+)?(?:temporary|seasonal)"
    r"|poste\s+temporaire|emploi\s+saisonnier|durée\s+déterminée|remplacement\s+de\s+congé"
    # "on a temporary-permanent basis": temp-to-perm written with a hyphen
    r"|temporary\s*[-/]\s*(?:to[-\s]+)?perm(?:anent)?\b"
    # "Employment Type: **Temporary**", "Job Types: Full-time, Seasonal", as for a contract
    r"|(?:job|position|employment)\s+types?\s*:[^\n.]{0,30}?\b(?:temporary|seasonal)\b)",
    re.I,
)
_CONTRACT_RE = re.compile(
    rf"\b(?:{NUMBER}[-\s]?(?:month|year|week)s?\s+(?:(?:remote|hybrid|on-?site)\s+)?contract|contract\s+(?:position|role|opportunity|basis"
    r"|assignment|term|length|employee|to\s+(?:hire|perm))|on\s+a\s+contract\b|contractor\s+(?:position|role)"
    r"|freelance\s+(?:position|role|basis)|independent\s+contractor|1099"
    r"|contrat\s+(?:de\s+\d|à\s+durée)|contractuel(?:le)?|contract\s+duration\s*[:-]"
    # "Job Type: Contract", "Job Types: Full-time, Contract": the term named among the hours
    r"|(?:job|position|employment)\s+types?\s*:[^\n.]{0,30}?\bcontract\b(?!\s+(?:management|to))"
    r"|(?:job|position|employment)\s+types?\s*:\s*contract"
    r"|(?:hiring|seeking|recruiting|looking\s+for)\s+an?\s+contracted\b)"
    # a title's "(Contract)": outside the group, since no word boundary precedes a bracket
    r"|\(contract(?:or)?\)",
    re.I,
)
_PART_RE = re.compile(
    # "part-time qualifying work experience", "going to school part-time" are not the job's
    # a capital glued after is the next heading ("Type of Position: Part-TimeLocation")
    r"\bpart[-\s]?time(?:\b|(?=(?-i:[A-Z])))(?<!school part-time)(?<!school part time)"
    r"(?<!equivalent part-time)"
    r"(?!\s+(?:qualifying|work\s+experience|experience|in\s+the\s+evening))|\btemps\s+partiel\b",
    re.I,
)
_FULL_RE = re.compile(
    # "as would a regular full-time employee" compares; it does not state this job's terms
    # glued to the word before ("TeacherFull-time") or the heading after; not "3 years full-time"
    r"full[-\s]?time(?:\b|(?=(?-i:[A-Z])))(?<!years full-time)(?<!years full time)"
    r"(?!\s+(?:employees?|staff|equivalent|students?|workers?|roles|salaries"
    r"|work\s+experience|experience|and/or|if\s+performance))"
    r"|\bpermanent\b(?!\s+(?:resident|work\s+authori[sz]ation|housing|placement|telecommut))|\btemps\s+plein\b"
    r"|\bposte\s+permanent\b",
    re.I,
)
# Terms that are not this job's (round 4, docs/quality.md): blanked before the employment
# rules read a line. A list of terms naming a class of people or studies ("Benefits for
# intern, part-time and seasonal employees", "full-time and part-time graduate degree
# programs"); the company's own staff ("our dedicated full-time in office employment
# specialists"), unless a word of the job's terms follows ("our full-time position"); a
# prospect ("career possibilities like permanent Team Lead", "could grow into a permanent").
_TERM_WORD = (
    r"(?:full[-\s]?time|part[-\s]?time|permanent|temporary|seasonal|casual|contract|intern"
    r"|regular|hourly|salaried)"
)
_TERM_AND = r"\s*(?:,|/|&|\band\b|\bor\b)\s*(?:and\s+|or\s+)?"
_TERM_LIST = rf"{_TERM_WORD}(?:{_TERM_AND}{_TERM_WORD})*"
_NOT_THIS_JOB_RE = re.compile(
    # one term may name the job's people ("openings for part-time employees"); a list does not
    rf"\b{_TERM_WORD}(?:{_TERM_AND}{_TERM_WORD})+\s+(?:employees|staff|workers|associates"
    r"|colleagues|team\s+members)\b"
    rf"|\b{_TERM_LIST}\s+(?:students|programs?|programmes?|courses|studies|(?:under)?graduate"
    r"|degrees?|diplomas?)\b"
    rf"|\b(?:our|their|other|existing|current)\s+(?:[\w-]+\s+){{0,2}}?{_TERM_LIST}\b"
    r"(?!\s*(?:positions?|roles?|jobs?|opportunit\w*|openings?|vacanc\w*|basis|schedule|hours"
    r"|employment|contracts?|team|\||,|\.|$))"
    r"|\b(?:like|such\s+as|into|become|potential\s+(?:for|of)|possibility\s+of|chance\s+(?:for|of)"
    rf"|lead\s+to|grow\s+to|convert(?:ed)?\s+to)\s+(?:an?\s+)?{_TERM_LIST}\b",
    re.I | re.M,
)
_LENGTH_RE = re.compile(
    rf"(?:contract|term|temporary|leave|assignment|contrat|durée|fixed|position|duration|coverage)"
    rf"[^.\n]{{0,40}}?"
    rf"\b(?:up\s+to\s+|for\s+|of\s+|de\s+|:\s*)?(?P<n>{NUMBER})\s*(?:\((?P<d>\d{{1,2}})\)\s*)?[-\s]?"
    r"(?P<u>months?|mois|years?|ans?|weeks?|semaines?)(?:\b|(?=(?-i:[A-Z])))"
    rf"|\b(?P<n2>{NUMBER})\s*(?:\((?P<d2>\d{{1,2}})\)\s*)?[-\s]?(?P<u2>months?|mois|years?|weeks?)"
    r"[-\s]+(?:(?:remote|hybrid|on-?site)\s+)?(?:contract|term|temporary|assignment|fixed|contrat|position\s+\(contract|leave"
    r"|internship|co-?op|stage|vacation\s+coverage)",
    re.I,
)
_LENGTH = anchored(_LENGTH_RE)
_NOT_THIS_JOB = anchored(_NOT_THIS_JOB_RE)


def read_terms(text: str | None) -> Terms:
    """The terms ``text`` states; fields it does not state are ``None``."""
    if not isinstance(text, str) or not text.strip():
        return Terms()
    try:
        return _read(text[:_MAX_TEXT])
    except Exception:  # noqa: BLE001 - never raise on site data
        return Terms()


@lru_cache(maxsize=4_096)
def _read(text: str) -> Terms:
    lines = Lines(text)
    low = lines.low
    workplace, days = read_workplace(lines, low)
    region = remote_region(lines, low) if workplace == "remote" else None
    emp = _employment(lines, low)
    months = (
        _contract_months(
            lines.having(
                "contract",
                "term",
                "temporar",
                "leave",
                "assignment",
                "contrat",
                "durée",
                "fixed",
                "position",
                "duration",
                "coverage",
                "internship",
                "co-op",
                "stage",
            )
        )
        if emp in ("CONTRACTOR", "TEMPORARY", "INTERN", None)
        and has(low, "month", "year", "week", "mois", "semaine", " an")
        else None
    )
    if emp is None and months is not None:
        emp = "CONTRACTOR"
    return Terms(workplace, days, emp, months, region)


_EMPLOYMENT = (
    ("INTERN", anchored(_INTERN_RE), ("intern", "co-op", "coop", "student", "stage")),
    ("PER_DIEM", anchored(_CASUAL_RE), ("casual", "call", "diem", "appel", "bank")),
    ("TEMPORARY", anchored(_TEMP_RE), ("temp", "seasonal", "fixed", "leave", "saisonn", "durée", "coverage",
                             "remplacement")),
    ("CONTRACTOR", anchored(_CONTRACT_RE), ("contract", "freelance", "1099", "contrat")),
    ("PART_TIME", anchored(_PART_RE), ("part", "partiel")),
    ("FULL_TIME", anchored(_FULL_RE), ("full", "permanent", "plein", "regular")),
)  # fmt: skip


def _employment(lines: Lines, low: str) -> str | None:
    for value, pattern, words in _EMPLOYMENT:
        # having() is "" exactly when no line holds a word (a word holds no newline)
        text = lines.having(*words)
        # Blanking what is not this job's only takes matches away (it replaces a span that
        # starts and ends at a term word's boundary with a space): a line the rule does not
        # match as it stands is not read twice (most lines holding "part" say "partner").
        if text and search(pattern, text) and search(pattern, _this_job(text)):
            return value
    return None


@lru_cache(maxsize=16_384)
def _this_job(text: str) -> str:
    """``text`` with the terms that are not this job's blanked (``_NOT_THIS_JOB_RE``)."""
    # most texts hold none: an anchored search says so at a fraction of a plain sub's cost
    return _NOT_THIS_JOB_RE.sub(" ", text) if _NOT_THIS_JOB.search(text) else text


def _contract_months(text: str) -> int | None:
    m = search(_LENGTH, text)
    if not m:
        return None
    n = number(m.group("d") or m.group("n") or m.group("d2") or m.group("n2"))
    unit = (m.group("u") or m.group("u2") or "").lower()
    if n is None or n <= 0:
        return None
    if unit.startswith(("year", "an")):
        n *= 12
    elif unit.startswith(("week", "semaine")):
        n = n / 4.33
    months = round(n)
    return months if 1 <= months <= 60 else None
