"""Dedupe decisions as pure code: signatures, titles, keys, pairs and clusters (no database)."""

from __future__ import annotations

import random
import subprocess
import sys

import numpy as np
import pytest

from pipeline.dedupe import Item, Params, cluster, match, signatures
from pipeline.dedupe.keys import specific_keys, url_keys
from pipeline.dedupe.minhash import similarity
from pipeline.dedupe.titles import level_markers, place, title_similarity, title_tokens

_WORDS = (
    "support leaders employees policy payroll benefits recruit onboarding relations coach "
    "develop programs compliance records analyze reports manage stakeholders improve process "
    "culture engagement performance training compensation systems data teams regional union"
).split()


def text(seed: int, n: int = 120) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(_WORDS) + str(rng.randint(0, 40)) for _ in range(n))


BOILER = " ".join(f"Apply today on BoardCo, the home of HR careers number{i}." for i in range(6))


def item(key: str, source: str, title: str = "hr business partner", **kw) -> Item:
    base = {"company": "acme", "seniority": "intermediate", "city": "Toronto",
            "region": "Ontario", "country": "CA", "day": 20_000}  # fmt: skip
    base.update(kw)
    return Item(key=key, source=source, title=title, **base)


def run(items: list[Item], texts: list[str | None], **params) -> list[set[str]]:
    sigs, counts = signatures(texts)
    labels, _ = cluster(items, sigs, counts, Params(**params))
    groups: dict[int, set[str]] = {}
    for it, label in zip(items, labels, strict=True):
        groups.setdefault(label, set()).add(it.key)
    return sorted(groups.values(), key=lambda g: sorted(g))


# --- signatures -------------------------------------------------------------------------


def test_signature_similarity_tracks_text_overlap():
    a, b = text(1), text(2)
    sigs, counts = signatures([a, a, a + " " + BOILER, b, None, "too short"])
    assert similarity(sigs[0], sigs[1]) == 1.0
    assert 0.5 < similarity(sigs[0], sigs[2]) < 1.0  # boilerplate added
    assert similarity(sigs[0], sigs[3]) < 0.1
    assert np.isnan(similarity(sigs[0], sigs[4])) and np.isnan(similarity(sigs[0], sigs[5]))
    assert counts[4] == counts[5] == 0 and counts[0] == 118


def test_signatures_are_whitespace_and_case_blind():
    a = text(3)
    sigs, _ = signatures([a, "  " + a.upper().replace(" ", "\n\n ")])
    assert similarity(sigs[0], sigs[1]) == 1.0


def test_signatures_are_stable_across_processes():
    code = (
        "from pipeline.dedupe import signatures;"
        f"print(signatures([{text(4)!r}])[0].tobytes().hex())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={"PYTHONHASHSEED": "123", "PATH": ""},
    ).stdout.strip()  # fmt: skip
    assert out == signatures([text(4)])[0].tobytes().hex()


# --- titles and places -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("manager, human resources", "hr manager"),
        ("sr. recruiter", "senior recruiter"),
        ("hrbp", "hr business partner"),
        ("coordonnateur rh", "coordonnateur ressources humaines"),
        ("people & culture advisor", "people and culture advisor"),
    ],
)
def test_same_title_spelled_differently(a, b):
    assert title_tokens(a) == title_tokens(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("recruiter", "senior recruiter"),
        ("hr assistant", "hr assistant manager"),
        ("hr generalist i", "hr generalist ii"),
        ("payroll specialist", "lead payroll specialist"),
        ("talent acquisition partner", "talent acquisition intern"),
    ],
)
def test_level_markers_tell_levels_apart(a, b):
    assert level_markers(title_tokens(a)) != level_markers(title_tokens(b))


def test_title_similarity_and_places():
    assert title_similarity(title_tokens("hr advisor"), title_tokens("hr advisor")) == 1.0
    assert title_similarity(title_tokens("hr advisor"), frozenset()) == 0.0
    assert place("St. John's") == place("saint johns") and place("Montréal") == "montreal"
    assert place(None) is None and place("  ") is None


# --- exact keys --------------------------------------------------------------------------


def test_url_keys_read_ats_requisitions_and_canonical_urls():
    keys = url_keys(
        "https://boards.greenhouse.io/acme/jobs/4412?gh_src=board",
        "https://jobs.lever.co/acme/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab/apply",
    )
    assert "greenhouse:4412" in keys and "lever:0f1e2d3c-aaaa-bbbb-cccc-1234567890ab" in keys
    assert "url:https://boards.greenhouse.io/acme/jobs/4412" in keys
    assert url_keys("https://acme.example/careers?gh_jid=77", None) == ("greenhouse:77",)
    assert url_keys("https://acme.example/careers/", None) == ()  # a bare careers page
    assert url_keys(None, None) == ()


def test_a_key_two_postings_of_one_source_share_is_not_evidence():
    keys = [("url:https://acme.example/apply-now",)] * 3 + [("greenhouse:1",), ("greenhouse:1",)]
    found = specific_keys(["board", "board", "ats", "ats", "board"], keys)
    assert found == {"greenhouse:1": [3, 4]}


# --- clusters ----------------------------------------------------------------------------


def test_cross_posted_job_with_realistic_variation_is_one_job():
    d = text(10)
    items = [
        item("ats:1", "ats", url="https://boards.greenhouse.io/acme/jobs/1"),
        item("b1:9", "board1", "human resources business partner", region=None,
             url="https://board1.example/j/9", apply_url="https://boards.greenhouse.io/acme/jobs/1"),
        item("b2:7", "board2", "hr business partner", city="toronto", day=20_003),
        item("feed:3", "feed", "hr business partner", city=None, region=None),
    ]  # fmt: skip
    texts = [d, d + " " + BOILER, BOILER + " " + d, " ".join(d.split()[:40])]
    assert run(items, texts) == [{"ats:1", "b1:9", "b2:7", "feed:3"}]


def test_look_alikes_stay_apart():
    d = text(11)
    items = [
        item("ats:1", "ats"),
        item("ats:2", "ats", city="Vancouver", region="British Columbia"),
        item("ats:3", "ats", "senior hr business partner", seniority="senior"),
        item("b:1", "board", city="Vancouver", region="British Columbia"),
        item("b:2", "board", "senior hr business partner", seniority="senior"),
        item("b:3", "board", "hr business partner", day=20_200),  # months later
    ]
    groups = run(items, [d] * 6)
    assert groups == [{"ats:1"}, {"ats:2", "b:1"}, {"ats:3", "b:2"}, {"b:3"}]


def test_a_posting_without_city_cannot_glue_two_cities_together():
    d = text(12)
    items = [
        item("ats:1", "ats"),
        item("ats:2", "ats", city="Vancouver", region="British Columbia"),
        item("feed:1", "feed", city=None, region=None),
    ]
    # The same ad in two cities: the city-less copy could be either, so it is left alone.
    assert run(items, [d, d, d]) == [{"ats:1"}, {"ats:2"}, {"feed:1"}]
    # When its description points clearly at one of them, it joins that one.
    assert run(items, [d, text(19), d]) == [{"ats:1", "feed:1"}, {"ats:2"}]


def test_same_title_different_description_is_not_enough():
    items = [item("ats:1", "ats"), item("b:1", "board")]
    assert run(items, [text(13), text(14)]) == [{"ats:1"}, {"b:1"}]
    # ... but with no description on one side an identical title is.
    assert run(items, [text(13), None]) == [{"ats:1", "b:1"}]


def test_different_companies_never_match_without_an_exact_key():
    d = text(15)
    items = [item("a:1", "ats"), item("b:1", "board", company="globex")]
    assert run(items, [d, d]) == [{"a:1"}, {"b:1"}]
    shared = "https://jobs.lever.co/acme/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab"
    items = [item("a:1", "ats", url=shared), item("b:1", "board", company=None, apply_url=shared)]
    assert run(items, [d, None]) == [{"a:1", "b:1"}]


def test_generic_apply_link_does_not_link_different_jobs():
    generic = "https://acme.example/jobs/apply-online"
    items = [
        item("b:1", "board", "payroll clerk", apply_url=generic),
        item("b:2", "board", "hr director", seniority="director", apply_url=generic),
        item("c:1", "board2", "payroll clerk", apply_url=generic),
    ]
    groups = run(items, [text(16), text(17), text(18)])
    assert {"b:2"} in groups and {"b:1"} in groups


def test_incremental_match_joins_merges_and_never_splits():
    d, e = text(20), text(21)
    old = [
        item("ats:1", "ats", job="J1", url="https://boards.greenhouse.io/acme/jobs/5"),
        item("b1:1", "board1", job="J2", url="https://board1.example/5"),
        item("ats:2", "ats", "payroll manager", seniority="manager", job="J3"),
        item("b1:2", "board1", "payroll manager", seniority="manager", job="J3"),
    ]
    new = [
        # links J1 by description and J2 by its apply URL: the two jobs merge
        item("feed:1", "feed", apply_url="https://board1.example/5"),
        item("b2:9", "board2", "benefits analyst"),  # a job of its own
    ]
    osigs, ocounts = signatures([d, BOILER + " short summary by the board", e, e])
    nsigs, ncounts = signatures([d, text(22)])
    groups, stats = match(old, osigs, ocounts, new, nsigs, ncounts)
    by_items = {g.items: g.jobs for g in groups}
    assert by_items == {(0,): ("J1", "J2"), (1,): ()}
    assert stats.linked == 2


def test_params_window_and_thresholds_are_applied():
    d = text(23)
    items = [item("ats:1", "ats", day=20_000), item("b:1", "board", day=20_040)]
    assert run(items, [d, d], window_days=45) == [{"ats:1", "b:1"}]
    assert run(items, [d, d], window_days=30) == [{"ats:1"}, {"b:1"}]
    assert run(items, [d, d], title_min=1.01) == [{"ats:1"}, {"b:1"}]


def test_pairwise_scores():
    from pipeline.dedupe.quality import pairwise

    s = pairwise(["a", "a", "a", "b", "c"], [1, 1, 2, 2, 3])
    assert (s.predicted_pairs, s.true_pairs, s.correct_pairs) == (3, 2, 1)
    assert (round(s.precision, 3), s.recall) == (0.333, 0.5)
    assert pairwise([1, 2], [1, 2]).f1 == 1.0


def test_distinct_pair_codes_are_numpy_unique():
    from pipeline.dedupe.candidates import _distinct

    rng = np.random.default_rng(5)
    for n in (0, 1, 2, 17, 50_000):
        codes = rng.integers(0, max(n // 3, 1), n, dtype=np.int64)
        got = _distinct(codes)
        assert got.dtype == np.int64 and np.array_equal(got, np.unique(codes))
