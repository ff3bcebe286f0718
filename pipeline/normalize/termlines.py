"""What the terms readers share: the lines of a description that hold given words, and
numbers written in digits or words.

A description is mostly duties, and each rule of ``pipeline.normalize.terms`` and
``pipeline.normalize.workplace`` needs a phrase that states a term: so a rule's regex reads
only the lines holding one of its words (``Lines.having``), after a cheap substring gate
(``has``), and its searches are remembered (``search``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from pipeline.screen import Anchored

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18,
    "twenty-four": 24, "twenty four": 24, "un": 1, "une": 1, "deux": 2, "trois": 3,
    "quatre": 4, "cinq": 5, "six_fr": 6, "douze": 12, "dix-huit": 18, "twice": 2,
}  # fmt: skip
NUMBER = (
    r"(?:\d{1,2}(?:\.\d)?|"
    + "|".join(sorted((w for w in NUMBER_WORDS if "_" not in w), key=len, reverse=True))
    + ")"
)


@lru_cache(maxsize=16_384)
def search(rule: Anchored, text: str) -> re.Match[str] | None:
    """``rule.search(text)``, remembered: the lines a rule reads repeat from ad to ad (a
    source's boilerplate, "Permanent, full-time.") while the rest of the description differs."""
    return rule.search(text) if text else None


def number(word: str | None) -> float | None:
    if not word:
        return None
    word = word.strip().lower()
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    try:
        return float(word)
    except ValueError:
        return None


# Cheap substring gates: a rule's regex runs only on text holding one of its words (most
# descriptions state few terms, and the regexes scan every position).
def has(low: str, *words: str) -> bool:
    for w in words:
        if w in low:
            return True
    return False


class Lines:
    """The lines of a description holding given words: each rule's regex reads only those
    (a description is mostly duties; scanning all of it per rule cost ~0.6 ms).

    A line holds a word when the word is in the line lower-cased; the lines are found from
    the word's occurrences in the whole text lower-cased (``str.lower`` never adds or drops a
    newline, so line i of one is line i of the other), not by testing every line for every
    word (~0.8 ms a real description)."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.low = text.lower()
        self._starts: list[int] | None = None
        self._found: dict[str, list[int]] = {}

    def _with(self, word: str) -> list[int]:
        """Indices of the lines holding ``word``, in order."""
        if word in self._found:
            return self._found[word]
        low, out = self.low, []
        pos = low.find(word)
        if pos >= 0:
            if self._starts is None:
                starts, nl = [0], low.find("\n")
                while nl >= 0:
                    starts.append(nl + 1)
                    nl = low.find("\n", nl + 1)
                self._starts = starts
            starts = self._starts
            while pos >= 0:
                i = bisect_right(starts, pos) - 1
                out.append(i)
                # the next line, if any: one index per line
                pos = low.find(word, starts[i + 1]) if i + 1 < len(starts) else -1
        self._found[word] = out
        return out

    def having(self, *words: str) -> str:
        low = self.low
        hit = [self._with(w) for w in words if w in low]  # most words are absent
        if not hit:
            return ""
        index = hit[0] if len(hit) == 1 else sorted(set().union(*hit))
        return "\n".join([self.lines[i] for i in index])
