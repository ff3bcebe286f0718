"""The description readers' shortcuts find what the plain searches find (issue 19 item 7).

``pipeline.normalize.terms`` and ``paytext`` run their rules through ``screen.Anchored`` (a
search tried only where a match can start), find a word's lines from its occurrences, and
test a money line one alternative at a time. Each shortcut is compared here with the plain
code it replaced, on the labelled real snippets, the bench's descriptions and generated text.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.bench_normalize import make
from pipeline.normalize import paytext, termlines, terms, workplace
from pipeline.normalize.text import html_to_text
from pipeline.screen import _DIGIT, _LINE, Anchored, _anchors

LABELS = Path(__file__).parents[1] / "data" / "labels"
RULES = [
    v
    for mod in (terms, workplace, paytext)
    for v in vars(mod).values()
    if isinstance(v, re.Pattern)
]
ANCHORED = [(r, Anchored(r)) for r in RULES if r.flags & re.I]
WORDS = sorted({w for r in RULES for w in re.findall(r"[a-zé]{2,}", r.pattern)})


def _texts() -> list[str]:
    out = [html_to_text(r.description_html or "") for r in make(300, seed=3)]
    for name in sorted(LABELS.glob("*_text.csv")):
        with name.open(encoding="utf-8", newline="") as f:
            out += [row["text"] for row in csv.DictReader(f)]
    return out


def _naive_having(text: str, *words: str) -> str:
    # what termlines.Lines.having did before: every line lower-cased and tested for every word
    return "\n".join(ln for ln in text.split("\n") if any(w in ln.lower() for w in words))


def _same(text: str) -> None:
    for regex, fast in ANCHORED:
        want, got = regex.search(text), fast.search(text)
        assert (want and (want.span(), want.groups())) == (got and (got.span(), got.groups())), (
            regex.pattern[:60],
            text,
        )
    lines = termlines.Lines(text)
    for words in (("part", "partiel"), ("day", "jour"), workplace._OFFICE, ("remote", "home")):
        assert lines.having(*words) == _naive_having(text, *words)
    for line in text.split("\n"):
        assert paytext._money_line(line) == bool(paytext._MONEY_LINE_RE.search(line)), line
    # terms._employment reads a line blanked of what is not this job's only when the rule
    # matches it as it stands: blanking must never make a match that was not there
    for _value, rule, words in terms._EMPLOYMENT:
        for piece in (text, lines.having(*words)):
            if rule.search(terms._this_job(piece)):
                assert rule.search(piece), (rule.pattern[:60], piece)


def test_most_reader_rules_are_anchored() -> None:
    bare = [r.pattern[:40] for r, a in ANCHORED if a._literals is None]
    assert len(bare) <= 4, bare  # _AMOUNT_RE and friends start with a currency class


def test_anchors_of_simple_patterns() -> None:
    assert _anchors(r"\bremote\s+role|\(remote\)|^\s*remote") == {"remote", "(remote)", _LINE}
    assert _anchors(r"(?P<n>\d{1,2}|one|two)\s+days?") == {_DIGIT, "one", "two"}
    assert _anchors(r"(?:in)?\s*office") is None  # an optional group leads


def test_shortcuts_agree_on_labelled_and_bench_texts() -> None:
    for text in _texts():
        _same(text)


def test_fold_safe_literals() -> None:
    # An anchor literal is found in text.lower(): no character may match it under re.I
    # unless its lower case is the literal's (checked for the non-ASCII letters they use).
    odd = {c for _, a in ANCHORED for lit in (a._literals or ()) for c in lit if not c.isascii()}
    for c in odd:
        for other in (c.upper(), c.lower(), c.casefold(), c.title()):
            if re.fullmatch(re.escape(c), other, re.I):
                assert other.lower() == c.lower()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(WORDS),
            st.sampled_from(["\n", " ", "-", "(", ")", ":", "$", "3", "12", "İ", "ı", "ſ", "K"]),
            st.text(max_size=5),
        ),
        max_size=25,
    )
)
def test_shortcuts_agree_on_generated_text(parts: list[str]) -> None:
    _same(" ".join(parts))
    _same("".join(parts))


def test_blanking_never_makes_an_employment_match() -> None:
    # lines where _NOT_THIS_JOB_RE blanks something, next to the words the rules look for
    pieces = [
        "Benefits for intern, part-time and seasonal employees", "full-time and part-time"
        " graduate degree programs", "our dedicated full-time in office specialists",
        "could grow into a permanent role", "career possibilities like permanent Team Lead",
        "full our part-time time", "part our full-time staff time", "temporary our casual"
        " workers contract", "full-time and/or part-time students, permanent position",
    ]  # fmt: skip
    blanked = 0
    for a in pieces:
        for b in pieces:
            text = f"{a} {b}"
            blanked += terms._this_job(text) != text
            _same(text)
            _same(f"{a}\n{b}")
    assert blanked > 50  # the invariant was exercised, not vacuously true
