"""The literal screens never change what a classifier rule finds (pipeline.screen)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import classify, seniority
from pipeline.screen import Screened, required_literals

LABELS = Path(__file__).parents[1] / "data" / "labels" / "titles.csv"
PAIRS = [
    *((g, s) for (g, _), (s, _) in zip(classify._NOT_HR, classify._SCREENED_NOT_HR, strict=True)),
    *((a, s) for (_, a), (_, s) in zip(classify._NOT_HR, classify._SCREENED_NOT_HR, strict=True)
      if a is not None and s is not None),
    *((p, s) for (_, p), (_, s) in zip(classify._CATEGORY_RULES, classify._SCREENED_RULES,
                                       strict=True)),
    *((p, s) for (_, p), (_, s) in zip(seniority._SENIORITY_RULES, seniority._SCREENED_SENIORITY,
                                       strict=True)),
    (classify._GENERIC_RE, classify._SCREENED_GENERIC),
    (classify._LEADERSHIP_RE, classify._SCREENED_LEADERSHIP),
    (classify._OPS_LEVEL_RE, classify._SCREENED_OPS),
]  # fmt: skip
WORDS = sorted({w for regex, _ in PAIRS for w in re.findall(r"[a-z]{2,}", regex.pattern)})


def test_literals_of_simple_patterns():
    assert required_literals(r"\bhr\b|human\s+resources?|payroll") == {"hr", "human", "payroll"}
    assert required_literals(r"(?:senior|lead)\s+recruiter") == {"senior", "lead"}
    assert required_literals(r"(?<!workers\s)compensation|rewards?") == {"compensation", "reward"}
    assert required_literals(r"[a-z]+ist") is None  # no literal leads: always searched
    assert required_literals(r"(?:hr)?\s*partner") is None  # an optional group leads


def test_every_classifier_rule_is_screened():
    assert all(isinstance(s, Screened) and s._literals for _, s in PAIRS)


def _same_everywhere(text: str) -> None:
    t = classify._fold(text)  # the folding every rule runs on
    for regex, screened in PAIRS:
        assert bool(screened.search(t)) == bool(regex.search(t)), (regex.pattern[:60], t)


def test_screened_rules_agree_on_every_labeled_title():
    with LABELS.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            _same_everywhere(row["title"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=8))
def test_screened_rules_agree_on_generated_titles(parts: list[str]) -> None:
    _same_everywhere(" ".join(parts))
