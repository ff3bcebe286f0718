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
* A token hashes to a stable 64-bit value, so signatures are equal in every process and can
  be stored: its UTF-8 bytes, 8 at a time as little-endian words, each folded in with
  splitmix64's mixer, starting from its length. The texts of a chunk are joined and read as
  one byte array: token boundaries are a numpy pass over the bytes and each round of 8 bytes
  is one over the tokens, instead of a Python string and a dictionary lookup per token
  (version 1 hashed each token with blake2b through a per-process cache: 3.3x slower over
  100k descriptions, at the same precision and recall). The bytes split where ``str.split`` splits:
  the ASCII whitespace bytes, after the other Unicode spaces became a space.
* Shingles are ``SHINGLE`` consecutive tokens.
* A text with no shingle (missing, or shorter than ``SHINGLE`` tokens) gets the ``EMPTY``
  signature (all ``0xFFFFFFFF``): it collides with nothing and compares as unknown.

``SIGNATURE_VERSION`` names all of the above; stored signatures of another version are
recomputed, never compared.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

SIGNATURE_VERSION = "oph64-3w-v2"
BINS = 64
SHINGLE = 3
MAX_CHARS = 4000
MAX_TOKENS = 500
EMPTY = np.uint32(0xFFFFFFFF)
_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xC2B2AE3D27D4EB4F)
_M3 = np.uint64(0x165667B19E3779F9)
_M4 = np.uint64(0xBF58476D1CE4E5B9)
_M5 = np.uint64(0x94D049BB133111EB)
# the low k bytes of a 64-bit word, k = 0..8
_LOW_BYTES = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [2**64 - 1], dtype=np.uint64)
CHUNK_CHARS = 2_000_000  # characters of text per numpy pass: ~100 MB of working arrays

# str.split's whitespace: the ASCII bytes here, the other Unicode spaces (none is above
# U+3000; a test checks) replaced by a space before the text is encoded
# (1: part of a word, 0: a space; a UTF-8 byte above 0x7F is part of a character)
_WORD_BYTE = np.array([c >= 128 or not chr(c).isspace() for c in range(256)], dtype=np.int8)
_WIDE_SPACE = re.compile(
    "[" + "".join(chr(c) for c in range(128, 0x3001) if chr(c).isspace()) + "]"
)


def tokens(text: str | None) -> list[str]:
    """The word tokens of ``text`` that count (what ``signatures`` hashes, as strings)."""
    if not text:
        return []
    return text[:MAX_CHARS].lower().split()[:MAX_TOKENS]


def _prepared(text: str | None) -> str:
    if not text:
        return ""
    low = text[:MAX_CHARS].lower()
    return low if low.isascii() else _WIDE_SPACE.sub(" ", low)


def token_hashes(texts: Sequence[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """The hash of every counted token of ``texts``, in order, and each text's token count."""
    docs = [_prepared(t) for t in texts]
    sizes = np.fromiter(
        (len(d) if d.isascii() else len(d.encode("utf-8", "surrogatepass")) for d in docs),
        dtype=np.int64,
        count=len(docs),
    )
    data = np.frombuffer(" ".join(docs).encode("utf-8", "surrogatepass"), dtype=np.uint8)
    edge = np.diff(np.take(_WORD_BYTE, data), prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edge == 1), np.flatnonzero(edge == -1)
    if not len(starts):
        return np.empty(0, dtype=np.uint64), np.zeros(len(docs), dtype=np.int64)
    # the text each token is in (texts are joined by one space: no token spans two), and
    # its rank there: at most MAX_TOKENS count
    text_starts = np.concatenate(([0], np.cumsum(sizes[:-1] + 1)))
    doc = np.searchsorted(text_starts, starts, side="right") - 1
    rank = np.arange(len(starts)) - np.searchsorted(starts, text_starts)[doc]
    keep = rank < MAX_TOKENS
    starts, lengths = starts[keep], (ends - starts)[keep]
    # a token's bytes as 8-byte little-endian words, read in place from a padded copy: word
    # i of the view is bytes i..i+7 of the text
    padded = np.zeros(len(data) + 8, dtype=np.uint8)
    padded[: len(data)] = data
    words = np.ndarray((len(data),), dtype="<u8", buffer=padded, strides=(1,))
    with np.errstate(over="ignore"):
        h = _mix(
            lengths.astype(np.uint64) * _M3 ^ (words[starts] & _LOW_BYTES[np.minimum(lengths, 8)])
        )
        todo, offset = np.flatnonzero(lengths > 8), 8
        while len(todo):  # the next 8 bytes of every token that has them
            left = np.minimum(lengths[todo] - offset, 8)
            h[todo] = _mix(h[todo] ^ (words[starts[todo] + offset] & _LOW_BYTES[left]))
            offset += 8
            todo = todo[lengths[todo] > offset]
    return h, np.bincount(doc[keep], minlength=len(docs)).astype(np.int64)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer: every input bit reaches every output bit."""
    x = x ^ (x >> np.uint64(30))
    x = x * _M4
    x ^= x >> np.uint64(27)
    x *= _M5
    x ^= x >> np.uint64(31)
    return x


def signatures(texts: Sequence[str | None], chunk: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """``(signatures, shingle_counts)``: an ``(n, BINS)`` uint32 matrix and an int32 vector."""
    n = len(texts)
    sigs = np.full((n, BINS), EMPTY, dtype=np.uint32)
    counts = np.zeros(n, dtype=np.int32)
    start = 0
    while start < n:  # chunks of at most ``chunk`` texts and about CHUNK_CHARS characters
        stop, chars = start, 0
        while stop < n and stop - start < chunk and (chars < CHUNK_CHARS or stop == start):
            chars += min(len(texts[stop] or ""), MAX_CHARS)
            stop += 1
        _chunk(texts[start:stop], sigs[start:stop], counts[start:stop])
        start = stop
    return sigs, counts


def _chunk(texts: Sequence[str | None], out: np.ndarray, counts: np.ndarray) -> None:
    h, lengths = token_hashes(texts)
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
