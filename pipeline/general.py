"""General applications: "Open Application", "Talent Community", "Candidature spontanée".

Employers list a standing invitation to apply among their jobs; it names no job, so the list
owner does not want it in her queue or the weekly list, but an analyst counting what an
employer advertises does. ``build_posting`` flags it (``Posting.general_application``); the
warehouse keeps it and the queue and digest leave it out.

Read from the title only (a description of a real job may well invite other applications
too), in English and French, and from a source's own flag where its ATS has one
(``RawPosting.general_application``). A title that *names a job* and then says "general
application" in brackets (``"Registered Nurse - General Application"``) is still an
invitation to a pool, not a posting with a start date: it counts too.
"""

from __future__ import annotations

import re
import unicodedata

_PATTERNS = re.compile(
    r"\b(?:"
    r"open\s+applications?|general\s+(?:applications?|interest|inquir(?:y|ies)|submissions?)"
    r"|talent\s+(?:community|pool|network|pipeline)|expressions?\s+of\s+interest"
    r"|unsolicited\s+applications?|spontaneous\s+applications?|future\s+opportunities"
    r"|don'?t\s+see\s+(?:a|the|your)\s+(?:right\s+)?(?:role|job|position)"
    r"|candidatures?\s+spontanees?|candidatures?\s+libres?|banque\s+de\s+candidatures?"
    r"|reserve\s+de\s+(?:candidats|talents)|manifestations?\s+d'interet"
    r")\b",
    re.I,
)


def _fold(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_general_application(title: str, flagged: bool | None = None) -> bool:
    """Whether a posting is a standing invitation to apply rather than a job."""
    if flagged is not None:
        return flagged
    return bool(_PATTERNS.search(_fold(title)))
