"""Deciding pairs and growing jobs from them (union-find with cluster-level guards).

``match`` is the one entry point: existing postings (each with its job id) and new ones go
in; out come groups, each a set of new postings plus the existing jobs they join. Existing
jobs are never split and existing postings are never compared with each other again, so a
batch costs what its candidates cost, not a re-clustering of everything. ``cluster`` is
``match`` with nothing existing.

A pair is *confirmed* (see ``pipeline.dedupe`` for the policy and thresholds) when the
guards pass -- different sources, same level markers and classified seniority, compatible
places, posted within ``window_days`` -- and the evidence suffices: a shared exact key
(with a sanity floor on title similarity), or title and description similarity over their
thresholds, or an identical title when a description is missing.

Confirmed pairs are applied strongest first (exact keys, then by title + description
similarity). Two groups are joined only if the joined job would still be consistent: no
two postings from one source, at most one known city, region, country, seniority and
level-marker set. This stops chains (A~B, B~C) from gluing the Toronto and Vancouver
openings together through a posting that names no city.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from pipeline.dedupe.candidates import candidate_pairs
from pipeline.dedupe.keys import specific_keys, url_keys
from pipeline.dedupe.minhash import BINS, similarity
from pipeline.dedupe.titles import level_markers, place, title_similarity, title_tokens

NO_DAY = -(2**31)


@dataclass(frozen=True, slots=True)
class Item:
    """One posting as dedupe sees it (normalized values, ``day`` = days since 1970-01-01)."""

    key: str
    source: str
    company: str | None
    title: str
    seniority: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None
    day: int | None = None
    url: str | None = None
    apply_url: str | None = None
    job: str | None = None  # the job of an existing posting
    # False when the country is only the source's configured default (no city or region,
    # and the ad's location text names no country): such a country is not compared.
    country_stated: bool = True
    # The exact keys it carries when already known (``keys.url_keys`` of url and apply_url,
    # e.g. stored by the warehouse); None: computed here.
    keys: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Params:
    bands: int = 32
    rows: int = 2
    cap: int = 40
    title_min: float = 0.5
    desc_min: float = 0.5
    title_only_min: float = 1.0
    exact_title_min: float = 0.25
    window_days: int = 30
    ambiguity_margin: float = 0.25


@dataclass(frozen=True)
class Group:
    jobs: tuple[str, ...]  # existing jobs joined (more than one: they merge)
    items: tuple[int, ...]  # new postings (indices into ``new``)


@dataclass
class Stats:
    candidates: int = 0
    confirmed: int = 0
    exact: int = 0
    linked: int = 0
    refused_by_group: int = 0
    rejected: dict[str, int] = field(default_factory=dict)


class _Interner(dict[object, int]):
    def __missing__(self, value: object) -> int:
        if value is None:
            return 0
        self[value] = len(self) + 1
        return self[value]


def _codes(values: Sequence[object]) -> np.ndarray:
    intern = _Interner()
    return np.fromiter((intern[v] for v in values), dtype=np.int64, count=len(values))


def _compatible(col: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (col[a] == 0) | (col[b] == 0) | (col[a] == col[b])


def cluster(
    items: Sequence[Item], sigs: np.ndarray, counts: np.ndarray, params: Params = Params()
) -> tuple[list[int], Stats]:
    """A cluster label per posting (the index of one member), for a whole corpus at once."""
    groups, stats = match([], _no_sigs(), _no_counts(), items, sigs, counts, params)
    labels = [0] * len(items)
    for g in groups:
        for i in g.items:
            labels[i] = g.items[0]
    return labels, stats


def _no_sigs() -> np.ndarray:
    return np.empty((0, BINS), dtype=np.uint32)


def _no_counts() -> np.ndarray:
    return np.empty(0, dtype=np.int32)


def match(
    existing: Sequence[Item],
    existing_sigs: np.ndarray,
    existing_counts: np.ndarray,
    new: Sequence[Item],
    new_sigs: np.ndarray,
    new_counts: np.ndarray,
    params: Params = Params(),
) -> tuple[list[Group], Stats]:
    """Groups covering every new posting (see the module docstring)."""
    items = [*existing, *new]
    n_old, n = len(existing), len(existing) + len(new)
    is_new = np.zeros(n, dtype=bool)
    is_new[n_old:] = True
    sigs = np.concatenate([existing_sigs, new_sigs]) if n_old else new_sigs
    counts = np.concatenate([existing_counts, new_counts]).astype(np.float64)
    cols = {
        "source": _codes([it.source for it in items]),
        "seniority": _codes([it.seniority for it in items]),
        "city": _codes([place(it.city) for it in items]),
        "region": _codes([place(it.region) for it in items]),
        "country": _codes(
            [(it.country or "").upper() or None if it.country_stated else None for it in items]
        ),
        # Where, as precisely as stated: the ambiguity guard compares these.
        "place": _codes(
            [
                (it.country if it.country_stated else None, place(it.city)) if it.city else None
                for it in items
            ]  # fmt: skip
        ),  # fmt: skip
    }
    block = _codes([it.company for it in items]) - 1  # -1: no company, no block
    day = np.fromiter((NO_DAY if it.day is None else it.day for it in items), np.int64, n)
    tokens: dict[int, frozenset[str]] = {}

    def toks(i: int) -> frozenset[str]:
        t = tokens.get(i)
        if t is None:
            t = tokens[i] = title_tokens(items[i].title)
        return t

    title_key = np.zeros(n, dtype=np.uint64)
    for i in np.flatnonzero(block >= 0).tolist():
        title_key[i] = hash(toks(i)) & 0xFFFFFFFFFFFFFFFF or 1
    stats = Stats()
    pairs = candidate_pairs(sigs, block, title_key, is_new, params.bands, params.rows, params.cap)
    exact = _exact_pairs(items, cols["source"], is_new)
    if len(exact):
        pairs = np.unique(np.concatenate([pairs, exact]), axis=0)
    stats.candidates = len(pairs)
    exact_set = {(int(a), int(b)) for a, b in exact}
    scored = _confirm(pairs, exact_set, cols, day, sigs, counts, toks, params, stats)
    return _grow(items, n_old, cols, toks, scored, stats), stats


def _exact_pairs(items: Sequence[Item], source: np.ndarray, is_new: np.ndarray) -> np.ndarray:
    keys = [url_keys(it.url, it.apply_url) if it.keys is None else it.keys for it in items]
    out = set()
    for idx in specific_keys(list(source), keys).values():
        for x in idx:
            for y in idx:
                if x < y and (is_new[x] or is_new[y]):
                    out.add((x, y))
    return np.array(sorted(out), dtype=np.int64).reshape(-1, 2)


def _confirm(pairs, exact_set, cols, day, sigs, counts, toks, params, stats) -> list:
    a, b = pairs[:, 0], pairs[:, 1]
    ok = cols["source"][a] != cols["source"][b]
    stats.rejected["same source"] = int((~ok).sum())
    for name in ("seniority", "country", "region", "city"):
        fit = _compatible(cols[name], a, b)
        stats.rejected[name] = int((ok & ~fit).sum())
        ok &= fit
    near = (day[a] == NO_DAY) | (day[b] == NO_DAY) | (np.abs(day[a] - day[b]) <= params.window_days)
    stats.rejected["date window"] = int((ok & ~near).sum())
    ok &= near
    a, b = a[ok], b[ok]
    desc = np.empty(len(a))
    for s in range(0, len(a), 100_000):
        sa, sb = a[s : s + 100_000], b[s : s + 100_000]
        j = similarity(sigs[sa], sigs[sb])
        small = np.maximum(np.minimum(counts[sa], counts[sb]), 1.0)
        contained = j * (counts[sa] + counts[sb]) / ((1.0 + j) * small)
        desc[s : s + 100_000] = np.fmax(j, np.minimum(contained, 1.0))
    scored = []
    markers_off = title_off = 0
    for x, y, d in zip(a.tolist(), b.tolist(), desc.tolist(), strict=True):
        tx, ty = toks(x), toks(y)
        if level_markers(tx) != level_markers(ty):
            markers_off += 1
            continue
        t = title_similarity(tx, ty)
        if (x, y) in exact_set:
            if t >= params.exact_title_min:
                scored.append((3.0 + t, x, y))
                stats.exact += 1
                continue
        if d != d:  # no description on one side: only an identical title will do
            good = t >= params.title_only_min
            score = t
        else:
            good = t >= params.title_min and d >= params.desc_min
            score = t + d
        if good:
            scored.append((score, x, y))
        else:
            title_off += 1
    stats.rejected["level markers"] = markers_off
    stats.rejected["similarity"] = title_off
    scored = _drop_ambiguous(scored, cols["place"], params.ambiguity_margin, stats)
    stats.confirmed = len(scored)
    scored.sort(key=lambda s: -s[0])
    return scored


def _drop_ambiguous(scored: list, city: np.ndarray, margin: float, stats: Stats) -> list:
    """A posting that names no place and matches postings in two different places (``city``:
    the place codes) could be either job (one ad for two openings). It keeps its links to the
    place whose best match beats every other place's by ``margin`` (title + description
    score); with no clear winner its fuzzy links are all dropped, not guessed. Exact links
    are never ambiguous."""
    best: dict[int, dict[int, float]] = {}
    for score, x, y in scored:
        if score < 3.0:
            for a, b in ((x, y), (y, x)):
                if city[a] == 0 and city[b] != 0:
                    per_city = best.setdefault(a, {})
                    per_city[int(city[b])] = max(per_city.get(int(city[b]), 0.0), score)
    keep_city: dict[int, int] = {}  # torn posting -> the city it may link to (0: none)
    for a, per_city in best.items():
        if len(per_city) > 1:
            ranked = sorted(per_city.items(), key=lambda kv: -kv[1])
            clear = ranked[0][1] - ranked[1][1] >= margin
            keep_city[a] = ranked[0][0] if clear else 0

    def ok(x: int, y: int) -> bool:
        for a, b in ((x, y), (y, x)):
            k = keep_city.get(a)
            if k is not None and (k == 0 or int(city[b]) not in (0, k)):
                return False
        return True

    kept = [s for s in scored if s[0] >= 3.0 or ok(s[1], s[2])]
    stats.rejected["ambiguous"] = len(scored) - len(kept)
    return kept


def _grow(items, n_old, cols, toks, scored, stats) -> list[Group]:
    n = len(items)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    attrs = [cols[k].tolist() for k in ("seniority", "country", "region", "city")]
    src = cols["source"].tolist()
    sources: dict[int, set[int]] = {}  # root -> sources of its postings (singletons absent)

    def join(keep: int, drop: int) -> None:
        parent[drop] = keep
        sources[keep] = sources.pop(keep, {src[keep]}) | sources.pop(drop, {src[drop]})
        for col in attrs:
            if col[keep] == 0:
                col[keep] = col[drop]

    first_of_job: dict[str, int] = {}
    for i in range(n_old):  # existing jobs start whole, whatever their members say
        job = items[i].job
        if job is None:
            continue
        if job in first_of_job:
            join(find(first_of_job[job]), i)
        else:
            first_of_job[job] = i
    for _, x, y in scored:
        rx, ry = find(x), find(y)
        if rx == ry:
            continue
        sx, sy = sources.get(rx, {src[rx]}), sources.get(ry, {src[ry]})
        clash = (
            not sx.isdisjoint(sy)
            or any(col[rx] and col[ry] and col[rx] != col[ry] for col in attrs)
            or level_markers(toks(rx)) != level_markers(toks(ry))
        )
        if clash:
            stats.refused_by_group += 1
            continue
        if len(sx) < len(sy):
            rx, ry = ry, rx
        join(rx, ry)
        stats.linked += 1
    by_root: dict[int, tuple[set[str], list[int]]] = {}
    for i in range(n_old, n):
        by_root.setdefault(find(i), (set(), []))[1].append(i - n_old)
    for i in range(n_old):
        r = find(i)
        job = items[i].job
        if job is not None and r in by_root:
            by_root[r][0].add(job)
    return [Group(tuple(sorted(jobs)), tuple(idx)) for jobs, idx in by_root.values()]
