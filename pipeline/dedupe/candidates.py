"""Candidate pairs: which postings are worth comparing at all.

Every posting gets a few bucket keys; postings sharing a bucket are candidates:

* ``BANDS`` LSH band keys of its description signature (``minhash.band_keys``), each mixed
  with its *block*, the normalized company: only postings of one company can collide;
* one title key (the sorted title tokens, mixed with the block), so two postings of one
  company with the same title are compared even when one has no usable description;
* exact keys (``keys.specific_keys``), across companies too.

A posting without a company has no block and is linked by exact keys only.

Buckets are found by sorting each key column once; a bucket of ``s`` postings yields its pairs
by comparing each posting with the next ``cap`` in sort order, so a huge bucket (one company's
boilerplate-only ads) costs ``cap * s`` pairs, not ``s * s``. Only pairs with at least one
*new* posting are kept: existing postings were decided before (incremental matching).
"""

from __future__ import annotations

import numpy as np

from pipeline.dedupe.minhash import band_keys

_MIX = np.uint64(0x9E3779B97F4A7C15)


def _mix(keys: np.ndarray, block: np.ndarray) -> np.ndarray:
    """Bucket keys restricted to a block; 0 (no bucket) where either is missing."""
    with np.errstate(over="ignore"):
        mixed = (keys ^ ((block.astype(np.uint64) + np.uint64(1)) * _MIX)) * _MIX
        mixed ^= mixed >> np.uint64(29)
    mixed |= np.uint64(1)
    return np.where((keys == 0) | (block < 0), np.uint64(0), mixed)


def _distinct(codes: np.ndarray) -> np.ndarray:
    """``np.unique(codes)`` by one sort: numpy 2.3+ hashes first in ``np.unique``, which took
    1-6 s for the few million pair codes of a 100k-posting load here, the sort 0.1-0.3 s
    (numpy 2.4.6, 2026-12-07)."""
    if len(codes) < 2:
        return codes
    codes = np.sort(codes)
    keep = np.empty(len(codes), dtype=bool)
    keep[0] = True
    np.not_equal(codes[1:], codes[:-1], out=keep[1:])
    return codes[keep]


def bucket_pairs(col: np.ndarray, cap: int) -> np.ndarray:
    """``(m, 2)`` index pairs of rows sharing a non-zero key in ``col``."""
    idx = np.flatnonzero(col)
    if len(idx) < 2:
        return np.empty((0, 2), dtype=np.int64)
    order = idx[np.argsort(col[idx], kind="stable")]
    k = col[order]
    out = []
    for d in range(1, cap + 1):
        hit = np.flatnonzero(k[:-d] == k[d:])
        if len(hit) == 0:
            break
        out.append(np.stack([order[hit], order[hit + d]], axis=1))
    return np.concatenate(out) if out else np.empty((0, 2), dtype=np.int64)


def candidate_pairs(
    sigs: np.ndarray,
    block: np.ndarray,
    title_key: np.ndarray,
    new: np.ndarray,
    bands: int,
    rows: int,
    cap: int,
) -> np.ndarray:
    """Unique ``(a, b)`` pairs, ``a < b``, sharing an LSH or title bucket in one block, with
    at least one new posting."""
    n = len(block)
    codes = np.empty(0, dtype=np.int64)
    pending: list[np.ndarray] = []
    keys = band_keys(sigs, bands, rows)
    columns = [keys[:, i] for i in range(bands)] + [title_key]
    for col in columns:
        col = _mix(col, block)
        if not (col[new] != 0).any():
            continue
        pairs = bucket_pairs(col, cap)
        if len(pairs):
            pairs = pairs[new[pairs[:, 0]] | new[pairs[:, 1]]]
            pairs.sort(axis=1)
            pending.append(pairs[:, 0] * n + pairs[:, 1])
        # Most pairs recur in many bands: fold them in as we go to bound memory.
        if sum(len(p) for p in pending) > 4 * len(codes) + 5_000_000:
            codes = _distinct(np.concatenate([codes, *pending]))
            pending = []
    codes = _distinct(np.concatenate([codes, *pending]))
    return np.stack([codes // n, codes % n], axis=1)
