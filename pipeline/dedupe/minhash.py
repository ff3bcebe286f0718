"""MinHash signatures of descriptions and LSH band keys, in numpy.

Written here rather than taken from datasketch: datasketch hashes one document per call with
``NUM_PERM`` permutations of every shingle; a million postings took minutes. This module
uses *one-permutation hashing* (Li, Owen and Zhang 2012) with rotation densification
(Shrivastava and Li 2014): every shingle is hashed once, its top bits pick one of ``BINS``
bins and the bin keeps its minimum. Each bin is a min-hash over a random part of the
shingles, and the fraction of bins two signatures share estimates their Jaccard similarity
as well as ``BINS`` classic permutations do, at 1/``BINS`` of the cost.

* Text: the first ``MAX_CHARS`` characters, lowercased, split on whitespace, at most
  ``MAX_TOKENS`` tokens (a board's long boilerplate tail cannot swamp the job's own words,
  and the cost of one posting is bounded). Punctuation stays on its word: copies of one
  description keep it, and splitting on whitespace is what survives HTML reformatting.
* A token hashes to a stable 64-bit value (blake2b, cached per process; the vocabulary of
  job ads is small), so signatures are equal in every process and can be stored.
* Shingles are ``SHINGLE`` consecutive tokens.
* A text with no shingle (missing, or shorter than ``SHINGLE`` tokens) gets the ``EMPTY``
  signature (all ``0xFFFFFFFF``): it collides with nothing and compares as unknown.

``SIGNATURE_VERSION`` names all of the above; stored signatures of another version are
recomputed, never compared.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence

import numpy as np

SIGNATURE_VERSION = "oph64-3w-v1"
BINS = 64
SHINGLE = 3
MAX_CHARS = 4000
MAX_TOKENS = 500
EMPTY = np.uint32(0xFFFFFFFF)
_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xC2B2AE3D27D4EB4F)
_M3 = np.uint64(0x165667B19E3779F9)
_VOCAB_CAP = 2_000_000
_vocab: dict[str, int] = {}


def _stable_hash(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "little")


def tokens(text: str | None) -> list[str]:
    """The word tokens of ``text`` that count."""
    if not text:
        return []
    return text[:MAX_CHARS].lower().split()[:MAX_TOKENS]


def _token_hashes(flat: list[str]) -> np.ndarray:
    try:
        return np.fromiter(map(_vocab.__getitem__, flat), dtype=np.uint64, count=len(flat))
    except KeyError:
        pass
    if len(_vocab) > _VOCAB_CAP:
        _vocab.clear()
    for token in set(flat).difference(_vocab):
        _vocab[token] = _stable_hash(token)
    return np.fromiter(map(_vocab.__getitem__, flat), dtype=np.uint64, count=len(flat))


def signatures(texts: Sequence[str | None], chunk: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """``(signatures, shingle_counts)``: an ``(n, BINS)`` uint32 matrix and an int32 vector."""
    n = len(texts)
    sigs = np.full((n, BINS), EMPTY, dtype=np.uint32)
    counts = np.zeros(n, dtype=np.int32)
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        _chunk(texts[start:stop], sigs[start:stop], counts[start:stop])
    return sigs, counts


def _chunk(texts: Sequence[str | None], out: np.ndarray, counts: np.ndarray) -> None:
    per_doc = [tokens(t) for t in texts]
    lengths = np.fromiter(map(len, per_doc), dtype=np.int64, count=len(per_doc))
    h = _token_hashes(list(itertools.chain.from_iterable(per_doc)))
    m = len(h) - SHINGLE + 1
    if m <= 0:
        return
    with np.errstate(over="ignore"):
        sh: np.ndarray = h[:m] * _M1
        for j in range(1, SHINGLE):
            sh = (sh ^ (sh >> np.uint64(29))) * _M2 + h[j : j + m] * _M3
        sh ^= sh >> np.uint64(32)
        sh *= _M1
    # Shingle i covers tokens i..i+SHINGLE-1 and counts only inside one document.
    ends = np.cumsum(lengths)
    doc = np.repeat(np.arange(len(texts)), lengths)[:m]
    valid = np.arange(m) + SHINGLE <= ends[doc]
    sh, doc = sh[valid], doc[valid]
    counts[:] = np.maximum(lengths - SHINGLE + 1, 0)
    if len(sh) == 0:
        return
    flat = out.reshape(-1)
    bins = (sh >> np.uint64(58)).astype(np.int64)  # top 6 bits: BINS == 64
    values = ((sh >> np.uint64(16)) & np.uint64(0xFFFFFFFE)).astype(np.uint32)
    np.minimum.at(flat, doc * BINS + bins, values)
    _densify(out, counts > 0)


def _densify(out: np.ndarray, has: np.ndarray) -> None:
    """Fill each empty bin from the next non-empty bin to its right (circularly)."""
    rows = np.flatnonzero(has & (out == EMPTY).any(axis=1))
    if len(rows) == 0:
        return
    part = out[rows]
    for _ in range(BINS):
        empty = part == EMPTY
        if not empty.any():
            break
        part = np.where(empty, np.roll(part, -1, axis=1), part)
    out[rows] = part


def similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of row pairs; ``nan`` where either side is empty."""
    est = (a == b).mean(axis=-1)
    unknown = (a[..., 0] == EMPTY) | (b[..., 0] == EMPTY)
    return np.where(unknown, np.nan, est)


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """An ``(n, bands)`` uint64 matrix: one bucket key per band of ``rows`` bins; 0 = none."""
    n = sigs.shape[0]
    keys = np.empty((n, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band in range(bands):
            k = np.full(n, np.uint64(band + 1) * _M3, dtype=np.uint64)
            for r in range(rows):
                k = (k ^ sigs[:, band * rows + r].astype(np.uint64)) * _M1
                k ^= k >> np.uint64(31)
            keys[:, band] = k | np.uint64(1)
    keys[sigs[:, 0] == EMPTY] = 0
    return keys
