"""Signature version 2 hashes tokens in numpy over the texts' bytes: it must cut the texts
into the tokens ``str.split`` makes, and hash each as the rule in ``pipeline.dedupe.minhash``
says (written again here, one token at a time in plain Python)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from pipeline.dedupe import minhash
from pipeline.dedupe.minhash import MAX_CHARS, MAX_TOKENS, signatures, token_hashes, tokens

MASK = 2**64 - 1


def mix(x: int) -> int:
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & MASK
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & MASK
    return x ^ (x >> 31)


def reference(token: str) -> int:
    """length times the constant, then each 8 bytes (little-endian, zero-padded) mixed in"""
    raw = token.encode("utf-8", "surrogatepass")
    h = (len(raw) * 0x165667B19E3779F9) & MASK
    for i in range(0, len(raw), 8):
        h = mix(h ^ int.from_bytes(raw[i : i + 8], "little"))
    return h


TEXTS = [
    "Partner with leaders on people strategy.",
    "tabs\tand\nnewlines\r\nand\x0bvertical\x0cfeeds\x1cand\x1dunit\x1eseparators\x1fhere",
    "no\u00a0break\u2003em\u3000ideographic\u2028line\u0085next\u202fnarrow\u205fmath space",
    "control\x01chars\x7fstay inside\x00their words",
    "Équipe RH à Montréal — rémunération globale",
    "招聘 人力资源 经理 🙂 emoji👍🏽joined",
    "lone \ud800 surrogate and İstanbul (lowercase grows)",
    "exactly8 sixteen_bytes_xx seventeen_bytes_xx " + "x" * 100 + " " + "é" * 37,
    "   leading and trailing spaces   ",
    "",
    " \t\n ",
    "word " * (MAX_TOKENS + 40),
    "a" * (MAX_CHARS + 500) + " cut off here",
    "b " * (MAX_CHARS // 2 - 1) + "cccc dddd",  # the limit falls inside a word
]


@pytest.mark.parametrize("text", TEXTS)
def test_one_text_hashes_the_tokens_str_split_makes(text: str) -> None:
    hashes, counts = token_hashes([text])
    expected = [reference(t) for t in tokens(text)]
    assert counts.tolist() == [len(expected)]
    assert hashes.tolist() == expected


def test_many_texts_at_once_are_each_text_alone() -> None:
    texts = [*TEXTS, None, *reversed(TEXTS)]
    hashes, counts = token_hashes(texts)
    assert counts.tolist() == [len(tokens(t)) for t in texts]
    assert hashes.tolist() == [reference(tok) for t in texts for tok in tokens(t)]


def test_equal_tokens_hash_equal_and_different_ones_differ() -> None:
    words = sorted({w for t in TEXTS for w in tokens(t) if len(w) < 40})  # both fit MAX_CHARS
    hashes, _ = token_hashes([" ".join(words), " ".join(reversed(words))])
    first, second = hashes[: len(words)], hashes[len(words) :]
    assert len(set(first.tolist())) == len(words)
    assert first.tolist() == second[::-1].tolist()


def test_chunks_by_count_and_by_characters_change_nothing(monkeypatch) -> None:
    texts = [f"{i} " + " ".join(TEXTS) for i in range(40)]
    whole, whole_counts = signatures(texts, chunk=len(texts))
    by_three, counts = signatures(texts, chunk=3)
    assert np.array_equal(whole, by_three) and np.array_equal(whole_counts, counts)
    monkeypatch.setattr(minhash, "CHUNK_CHARS", 1000)  # every text is a chunk of its own
    by_size, counts = signatures(texts)
    assert np.array_equal(whole, by_size) and np.array_equal(whole_counts, counts)


def test_no_unicode_space_lies_above_the_ones_replaced() -> None:
    above = [c for c in range(0x3001, sys.maxunicode + 1) if chr(c).isspace()]
    assert above == []
    for c in range(128, 0x3001):
        if chr(c).isspace():
            assert minhash._WIDE_SPACE.fullmatch(chr(c)), hex(c)
