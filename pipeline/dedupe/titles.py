"""Titles and places as dedupe compares them.

``title_tokens`` turns a normalized title (``pipeline.normalize.normalize_title``) into a set
of tokens: accents folded, punctuation dropped, a few spellings unified ("human resources",
"ressources humaines", "h.r." and "rh" are all ``hr``; "sr" is ``senior``, "mgr" is
``manager``, ...) and filler words dropped ("and", "of", "the", ...), so "Manager, Human
Resources" and "HR Manager" are the same set.

``level_markers`` is the seniority guard: the tokens of a title that name a level or rank
(senior, junior, lead, principal, head, director, manager, intern, I/II/III, ...). Two
postings whose marker sets differ are never the same job, whatever else they share:
"Recruiter" is not "Senior Recruiter", "HR Assistant" is not "HR Assistant Manager".

``place`` folds a city or region name for equality (case, accents, punctuation, "St."/"Saint").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PHRASES = [
    (
        re.compile(
            r"\bhuman[\s-]+resources?\b|\bressources\s+humaines\b|\bh\s*\.?\s*r\s*\.?(?=\s|$)"
        ),
        " hr ",
    ),
    (re.compile(r"\bpeople\s+(?:and|&)\s+culture\b|\bp\s*&\s*c\b"), " people culture "),
    (re.compile(r"\btalent\s+acquisition\b"), " ta "),
    (re.compile(r"\bco[\s-]?op\b"), " intern "),
    (re.compile(r"\bvice[\s-]+president\b"), " vp "),
    (re.compile(r"\bentry[\s-]+level\b"), " junior "),
    (re.compile(r"\bhead[\s-]+(?:office|quarters)\b"), " office "),  # a place, not a rank
]
_SYNONYMS = {
    "rh": "hr",
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "jnr": "junior",
    "mgr": "manager",
    "asst": "assistant",
    "coord": "coordinator",
    "admin": "administrator",
    "administrative": "administrator",
    "rep": "representative",
    "spec": "specialist",
    "bp": "business partner",
    "hrbp": "hr business partner",
    "internship": "intern",
    "1": "i",
    "2": "ii",
    "3": "iii",
    "4": "iv",
}
_FILLER = frozenset(
    {
        "and",
        "of",
        "the",
        "for",
        "a",
        "an",
        "to",
        "in",
        "at",
        "with",
        "on",
        "de",
        "du",
        "des",
        "la",
        "le",
        "et",
    }
)
MARKERS = frozenset(
    {
        "intern", "student", "trainee", "apprentice", "graduate", "junior", "entry",
        "associate", "assistant", "senior", "lead", "principal", "staff", "head", "chief",
        "director", "manager", "supervisor", "vp", "executive", "i", "ii", "iii", "iv",
    }
)  # fmt: skip
_WORD_RE = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lowercase ASCII with accents dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


@lru_cache(maxsize=262_144)
def title_tokens(title: str) -> frozenset[str]:
    """The comparable token set of a normalized title."""
    t = fold(title or "").replace("&", " and ")
    for pattern, repl in _PHRASES:
        t = pattern.sub(repl, t)
    out: set[str] = set()
    for word in _WORD_RE.findall(t):
        word = _SYNONYMS.get(word, word)
        for part in word.split():
            if part not in _FILLER:
                out.add(part)
    return frozenset(out)


def level_markers(tokens: frozenset[str]) -> frozenset[str]:
    """The level/rank words of a title's tokens (the seniority guard compares these)."""
    return tokens & MARKERS


def title_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two token sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


_SAINT_RE = re.compile(r"\bst\b\.?")


@lru_cache(maxsize=65_536)
def place(name: str | None) -> str | None:
    """A city or region name folded for equality; ``None`` for unknown."""
    if not name:
        return None
    t = _SAINT_RE.sub("saint", fold(name))
    t = "".join(_WORD_RE.findall(t))
    return t or None
