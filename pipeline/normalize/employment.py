"""Employment type: a site's wording as a schema.org ``employmentType`` value.

Ordered rules (first match wins), English and French: internships and co-ops before
anything else ("Summer Internship (Full-time)" is an internship), then volunteer, per
diem/casual, temporary/contract/freelance, part-time, and last full-time/permanent.
A source's own enum spellings ("FullTime", "full_time", "CONTRACT") read the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache

_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "INTERN",
        re.compile(
            r"\b(?:intern(?:ship)?s?|co[\s-]?op|coop|stagiaire|stage|apprentice(?:ship)?|"
            r"trainee|work[\s-]?study|alternance|werkstudent|praktikum|student)\b",
            re.I,
        ),
    ),
    ("VOLUNTEER", re.compile(r"\b(?:volunteer|b[ée]n[ée]vole|unpaid)\b", re.I)),
    ("PER_DIEM", re.compile(r"\b(?:per[\s-]?diem|casual|on[\s-]?call|sur\s+appel|relief)\b", re.I)),
    (
        "TEMPORARY",
        re.compile(
            r"\b(?:temp(?:orary)?|seasonal|saisonnier|temporaire|fixed[\s-]?term|"
            r"maternity|parental|leave\s+cover|mat\s+leave|interim|intérim|remplacement|"
            r"durée\s+déterminée|cdd|befristet)\b",
            re.I,
        ),
    ),
    (
        "CONTRACTOR",
        re.compile(
            r"\b(?:contract(?:or|uel(?:le)?)?|contrat|freelance|consultant|1099|"
            r"self[\s-]?employed|independent|c2c|corp[\s-]?to[\s-]?corp)\b",
            re.I,
        ),
    ),
    (
        "PART_TIME",
        re.compile(r"part[\s_-]?time|parttime|temps\s+partiel|teilzeit|mi[\s-]temps", re.I),
    ),
    (
        "FULL_TIME",
        re.compile(
            r"full[\s_-]?time|fulltime|permanent|regular|temps\s+plein|plein\s+temps|"
            r"\bcdi\b|vollzeit|unbefristet|salaried|\bft\b|indéterminée",
            re.I,
        ),
    ),
]
_OTHER_RE = re.compile(r"^\s*other\s*$", re.I)


def employment_type(text: str) -> str | None:
    """The schema.org employment type ``text`` describes, or ``None``."""
    if not isinstance(text, str) or not text.strip() or len(text) > 300:
        return None
    return _employment_type(text)


@lru_cache(maxsize=4_096)  # a few dozen spellings across all sources
def _employment_type(text: str) -> str | None:
    for value, pattern in _RULES:
        if pattern.search(text):
            return value
    return "OTHER" if _OTHER_RE.match(text) else None
