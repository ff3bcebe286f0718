"""How senior a job title says it is.

``seniority`` — first match: intern (intern, co-op, student, stagiaire, apprentice),
executive (chief, CHRO, VP, vice-president, president), director (director, directeur,
head of), manager (manager, gestionnaire, supervisor, responsable, chef), senior
(senior, sr, lead, principal, III/IV, confirmé), junior (junior, jr, entry level,
assistant, associate, clerk, trainee, I), else intermediate.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.screen import fold as _fold
from pipeline.screen import rule as _re
from pipeline.screen import screen

SENIORITIES = ("intern", "junior", "intermediate", "senior", "manager", "director", "executive")

_SENIORITY_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "intern",
        _re(
            r"\bintern(?:ship)?\b|\bco-?op\b|\bstudent\b|\bstagiaire\b|\bstage\b|apprenti|"
            r"\btrainee\b|werkstudent|praktikant|\bsummer\s+associate\b|\bgraduate\s+program"
        ),
    ),
    (
        "executive",
        _re(
            r"\bchief\b|\bchro\b|\bcpo\b|\bcho\b|\bvp\b|\bv\.p\.|vice[\s-]*pr.sident|\bsvp\b|"
            r"\bevp\b|\bpresident\b|\bpr.sident"
        ),
    ),
    ("director", _re(r"\bdirector\b|\bdirect(?:eur|rice)\b|\bhead\s+of\b|\bhead,|\bdir\.")),
    (
        "manager",
        _re(
            r"\bmanager\b|\bgestionnaire\b|\bsupervisor\b|\bsuperviseur|\bresponsable\b|"
            r"\bchef\s+(?:de|d')|\bmanagement\s+lead|\bleiter"
        ),
    ),
    (
        "senior",
        _re(
            r"\bsenior\b|\bsr\b\.?|\blead\b|\bprincipale?s?\b|\bstaff\b|\biii\b|\biv\b|\bexpert\b|"
            r"\bconfirm[ée]\b|\bs.nior\b|\bchef\b"
        ),
    ),
    (
        "junior",
        _re(
            r"\bjunior\b|\bjr\b\.?|entry[\s-]level|\bassistant\b|\bassociate\b|\bclerk\b|"
            r"\badjoint|\bcommis\b|\bi\b(?!\s*&)|\bgraduate\b|\bd.butant"
        ),
    ),
]

# Run on folded titles: each rule screened by its literals (``pipeline.screen``).
_SCREENED_SENIORITY = [(level, screen(p)) for level, p in _SENIORITY_RULES]


def seniority(title: str) -> str | None:
    """The seniority a title states (see module docstring); ``None`` for an empty title."""
    if not isinstance(title, str):
        return None
    return _seniority(title[:300])


@lru_cache(maxsize=65_536)
def _seniority(title: str) -> str | None:
    t = _fold(title)
    if not t:
        return None
    for level, pattern in _SCREENED_SENIORITY:
        if pattern.search(t):
            return level
    return "intermediate"
