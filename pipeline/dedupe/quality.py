"""Pairwise precision, recall and F1 of a clustering against the truth.

Every pair of postings put in one job is a predicted pair; every pair of postings of one real
job is a true pair. Precision = true pairs predicted / pairs predicted; recall = true pairs
predicted / true pairs. Singletons make no pairs; an empty side scores 1.0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    predicted_pairs: int
    true_pairs: int
    correct_pairs: int


def _pairs(counter: Counter) -> int:
    return sum(c * (c - 1) // 2 for c in counter.values())


def pairwise(predicted: Sequence[Hashable], truth: Sequence[Hashable]) -> Scores:
    """Scores of cluster labels ``predicted`` against ``truth`` (one label each, same order)."""
    correct = _pairs(Counter(zip(predicted, truth, strict=True)))
    pred, true = _pairs(Counter(predicted)), _pairs(Counter(truth))
    p = correct / pred if pred else 1.0
    r = correct / true if true else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Scores(p, r, f, pred, true, correct)
