"""Literal screens for the classifier's regexes: skip a search that cannot match.

Python's ``re`` tries every alternative of a pattern at every position of the text, so a rule
of forty alternatives costs forty attempts per character even on titles that share no word
with it (most titles, for most rules). ``screen`` derives, from the pattern's source, a set of
literal strings of which any match must contain at least one (the leading literal run of each
top-level alternative, looking into a leading group), and runs the regex only when the text
contains one of them. A pattern whose alternatives do not all start with a literal gets no
screen and always runs: the screen can only skip searches that would have failed.

Only for text already lower-cased and accent-folded (``fold``) and patterns compiled
with ``re.I``: literals are compared in lower case.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

_META = set("\\.[]()|?*+{}^$")
_ZERO_OK = ("?", "*", "{0", "{,")


def _structure(src: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """``(index, char, depth after it)`` for each bracket or bar of ``src`` from ``start``,
    skipping escapes and character sets; depth counts open groups. A last ``(-1, "", depth)``
    marks the end (depth -1 there: an unclosed character set)."""
    depth, in_set, i = 0, False, start
    while i < len(src):
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if in_set:
            in_set = c != "]"
        elif c == "[":
            in_set = True
        elif c in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[c]
            yield i, c, depth
        i += 1
    yield -1, "", -1 if in_set else depth


def _alternatives(src: str) -> list[str] | None:
    """Top-level alternatives of ``src``; None when its brackets do not balance."""
    out, begin = [], 0
    for i, c, depth in _structure(src):
        if c == "|" and depth == 0:
            out.append(src[begin:i])
            begin = i + 1
        elif not c:
            if depth:
                return None
            out.append(src[begin:])
    return out


def _group_end(src: str, i: int) -> int:
    """Index just past the group opening at ``src[i] == "("``; -1 when it never closes."""
    for j, c, depth in _structure(src, i):
        if c == ")" and depth == 0:
            return j + 1
    return -1


def _leading(alt: str) -> set[str] | None:
    """Literals one of which any match of ``alt`` contains; None when none can be named."""
    i = 0
    while True:
        if alt.startswith(("\\b", "^"), i):
            i += 2 if alt.startswith("\\b", i) else 1
        elif alt.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            end = _group_end(alt, i)  # consumes nothing: look past it
            if end < 0:
                return None
            i = end
        else:
            break
    if alt.startswith("(", i):
        end = _group_end(alt, i)
        if (
            end < 0
            or alt.startswith(_ZERO_OK, end)
            or alt.startswith("(?", i)
            and not alt.startswith("(?:", i)
        ):
            return None
        inner = alt[i + 3 if alt.startswith("(?:", i) else i + 1 : end - 1]
        return required_literals(inner)
    j = i
    while j < len(alt) and alt[j] not in _META:
        j += 1
    literal = alt[i:j]
    if j < len(alt) and alt.startswith(_ZERO_OK, j):
        literal = literal[:-1]  # the last character is optional
    literal = literal.lower()
    return {literal} if literal.strip() else None


def required_literals(src: str) -> set[str] | None:
    """Literals one of which every match of the pattern ``src`` contains, or None."""
    alts = _alternatives(src)
    if alts is None:
        return None
    found: set[str] = set()
    for alt in alts:
        lits = _leading(alt)
        if lits is None:
            return None
        found |= lits
    return found


class Screened:
    """A compiled pattern whose ``search`` first checks for a required literal."""

    __slots__ = ("pattern", "_regex", "_literals")

    def __init__(self, regex: re.Pattern[str]):
        self._regex = regex
        self.pattern = regex.pattern
        lits = required_literals(regex.pattern) if regex.flags & re.I else None
        self._literals = tuple(sorted(lits)) if lits else None

    def search(self, text: str) -> re.Match[str] | None:
        literals = self._literals
        if literals is not None:
            for lit in literals:  # a loop, not any(<generator>): this runs ~50 times a title
                if lit in text:
                    break
            else:
                return None
        return self._regex.search(text)


def screen(regex: re.Pattern[str]) -> Screened:
    return Screened(regex)


# Characters that ``re.I`` matches to an ASCII letter although ``str.lower`` does not give
# that letter (dotted and dotless i, long s; found by trying every code point). Without them,
# ``text.lower()`` keeps every index and a literal found in it is a case-insensitive match.
_FOLD_ODD = ("\u0130", "\u0131", "\u017f")
_DIGIT = "\\d"  # an alternative that starts with a digit
_LINE = "^"  # an alternative that starts at the start of a line
_DIGIT_RE = re.compile(r"\d")


def _anchors(src: str) -> set[str] | None:
    """Literals one of which every match of ``src`` *starts* with (``_DIGIT``: a digit,
    ``_LINE``: a line start), or None. Like ``required_literals``, looking into named groups
    and taking ``\\d`` and ``^`` too."""
    alts = _alternatives(src)
    if alts is None:
        return None
    found: set[str] = set()
    for alt in alts:
        i = 0
        while alt.startswith("\\b", i):
            i += 2
        if alt.startswith("^", i):
            found.add(_LINE)
            continue
        if alt.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            return None  # a lookaround before the first literal: not worth reading
        if alt.startswith("(", i):
            end = _group_end(alt, i)
            if end < 0 or alt.startswith(_ZERO_OK, end):
                return None
            if alt.startswith("(?:", i):
                inner = alt[i + 3 : end - 1]
            elif alt.startswith("(?P<", i):
                inner = alt[alt.index(">", i) + 1 : end - 1]
            elif alt.startswith("(?", i):
                return None
            else:
                inner = alt[i + 1 : end - 1]
            lits = _anchors(inner)
            if lits is None:
                return None
            found |= lits
            continue
        if alt.startswith("\\d", i) and not alt.startswith(_ZERO_OK, i + 2):
            found.add(_DIGIT)
            continue
        chars, j = [], i
        while j < len(alt):
            if alt[j] == "\\" and j + 1 < len(alt) and not alt[j + 1].isalnum():
                chars.append(alt[j + 1])  # an escaped sign, "\\(": a literal character
                j += 2
            elif alt[j] in _META:
                break
            else:
                chars.append(alt[j])
                j += 1
        if j < len(alt) and alt.startswith(_ZERO_OK, j):
            chars.pop() if chars else None
        literal = "".join(chars)
        if not literal.strip():
            return None
        found.add(literal.lower())
    return found


class Anchored:
    """A compiled case-insensitive pattern whose ``search`` tries only where a match can
    start: at each occurrence of the literal (or digit) that leads one of its alternatives.

    Python's ``re`` tries every alternative at every position, ~0.4-0.8 us a character for
    the description readers' rules (``pipeline.normalize.terms``), while a description
    holds their words a few times at most. ``pattern.match(text, pos)`` at those positions,
    leftmost first, is what ``search`` returns: a match can start nowhere else, and a match
    attempt at ``pos`` sees the text before it (``\\b``, lookbehind, ``^`` with ``re.M``)
    as ``search`` does. Texts where ``lower()`` moves indices or ``re.I`` folds otherwise
    (``_FOLD_ODD``), and patterns with no such literals, are searched plainly.
    """

    __slots__ = ("pattern", "_regex", "_literals", "_digits", "_lines")

    def __init__(self, regex: re.Pattern[str]):
        self._regex = regex
        self.pattern = regex.pattern
        lits = _anchors(regex.pattern) if regex.flags & re.I else None
        self._digits = bool(lits and _DIGIT in lits)
        self._lines = bool(lits and _LINE in lits)
        self._literals = tuple(sorted(lits - {_DIGIT, _LINE})) if lits else None

    def search(self, text: str, low: str | None = None) -> re.Match[str] | None:
        """``regex.search(text)``; ``low`` is ``text.lower()`` when the caller has it."""
        if self._literals is None:
            return self._regex.search(text)
        if low is None:
            low = text.lower()
        if len(low) != len(text) or (not text.isascii() and any(c in text for c in _FOLD_ODD)):
            return self._regex.search(text)
        best: re.Match[str] | None = None
        match = self._regex.match
        for lit in self._literals:
            pos = low.find(lit)
            while pos >= 0 and (best is None or pos < best.start()):
                m = match(text, pos)
                if m:
                    best = m
                    break
                pos = low.find(lit, pos + 1)
        if self._lines:
            pos = 0
            while pos >= 0 and (best is None or pos < best.start()):
                m = match(text, pos)
                if m:
                    best = m
                    break
                pos = text.find("\n", pos)
                pos = pos + 1 if pos >= 0 else -1
        if self._digits:
            for d in _DIGIT_RE.finditer(text, 0, best.start() if best else len(text)):
                m = match(text, d.start())
                if m:
                    return m
        return best


def anchored(regex: re.Pattern[str]) -> Anchored:
    return Anchored(regex)


def rule(pattern: str) -> re.Pattern[str]:
    """A classifier rule: compiled case-insensitive, to run on ``fold``-ed text."""
    return re.compile(pattern, re.I)


_GENDER_ENDING_RE = re.compile(
    r"(?<=\w)(?:[·•](?:e|ere|euse|trice|rice|ne|le|ve|se)s?\b|\((?:ere|euse|ve|le|se)\))"
)


@lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """Lower case without accents, curly apostrophes or French gender endings; single spaces.

    Gender endings are the bracketed ("Conseiller(ère)") and the inclusive ones written with a
    middle dot ("Conseiller·ère", "Directeur·trice", "adjoint·e"): the masculine form stays.
    """
    if text.isascii():  # most titles: nothing to decompose, no curly apostrophe or dot
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c)).lower()
        text = text.replace("’", "'")
    text = text.replace("(e)", "").replace("(ne)", "").replace("(trice)", "")
    if "(" in text or "·" in text or "•" in text:
        text = _GENDER_ENDING_RE.sub("", text)
    return " ".join(text.split())  # str.split() splits on what \s matches: runs to one space
