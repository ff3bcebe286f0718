"""Cross-source dedup at scale: clustering N postings, and matching new ones incrementally.

Run: ``.venv/bin/python -m bench.bench_dedupe [N ...] [--new 10000]`` (default 100000 1000000).

Postings are generated in-process with known truth (``generate``): real jobs of ~N/20
companies, each carried by 1-4 sources (the company's ATS, 30 boards, 8 feeds) with board
boilerplate added before or after the description, feed descriptions cut to a snippet, 5%
without a description, titles respelled ("human resources" / "HR", "Sr." / "Senior") or
decorated (", people team", " (contract)"), cities missing on some boards, dates a few days
apart; every ad of a company carries its 70-word "about us" block; plus look-alikes that are different jobs: the
same title and description at the same company in another city (8% of jobs) and a
senior/junior opening beside an intermediate one (6%). Descriptions are 120-320 words from a
6,000-word vocabulary, generated and hashed in chunks so the texts never all sit in memory.

Measured, each in a fresh subprocess so peak memory is its own, and reported through
``bench.common.emit`` (wall and CPU seconds, peak RSS, load average):

* ``cluster N``: signatures of all N descriptions, then ``pipeline.dedupe.cluster``; time of
  each phase, peak RSS (``resource.getrusage``), pairwise precision / recall / F1.
  Targets (dedup issue): 1,000,000 in <= 10 min and <= 4 GB.
* ``match`` (with the largest N, in the same child as its clustering, so the million postings
  are generated and signed once): ``--new`` postings drawn at random from N + ``--new``
  generated are the new ones (some are further copies of jobs already known, the rest start
  new jobs), the N others the existing ones, clustered as above; then, with the peak RSS reset,
  ``pipeline.dedupe.match`` of the new against the existing, which carry their *true* jobs (as
  a warehouse would hold them). Time and peak RSS of the match alone (the clustering's peak
  is not the match's). Target: 10,000 vs 1,000,000 <= 60 s.

The naive datasketch peer is ``bench/bench_dedup_peer.py`` (same generator, smaller size).
Figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from bench.common import emit
from pipeline.dedupe import Item, cluster, match, signatures

ROOT = Path(__file__).resolve().parents[1]

TITLES = [
    "hr business partner", "recruiter", "talent acquisition partner", "payroll specialist",
    "payroll administrator", "total rewards analyst", "benefits specialist", "hr generalist",
    "learning and development specialist", "hris analyst", "employee relations advisor",
    "hr coordinator", "people operations specialist", "compensation analyst", "hr advisor",
    "health and safety coordinator", "dei program manager", "onboarding specialist",
    "workforce planning analyst", "labour relations specialist", "hr manager",
    "recruitment coordinator", "talent sourcer", "hr administrator", "training coordinator",
]  # fmt: skip
RESPELL = {"hr": "human resources", "senior": "sr."}
CITIES = [
    ("Toronto", "Ontario", "CA"), ("Vancouver", "British Columbia", "CA"),
    ("Montréal", "Quebec", "CA"), ("Calgary", "Alberta", "CA"), ("Ottawa", "Ontario", "CA"),
    ("Halifax", "Nova Scotia", "CA"), ("New York", "New York", "US"),
    ("Chicago", "Illinois", "US"), ("Austin", "Texas", "US"), ("London", None, "GB"),
]  # fmt: skip
DECORATIONS = [", people team", " - head office", ", retail operations", " (contract)"]
ABOUT: dict[str, str] = {}  # each company's "about us" block, in all its ads
SIG_CPU = [0.0]  # CPU seconds of the last build's signatures
BOARDS = [f"board{i}" for i in range(30)]
FEEDS = [f"feed{i}" for i in range(8)]
rng_words = random.Random(7)
VOCAB = np.array(
    ["".join(rng_words.choice("abcdefghijklmnoprstuvw") for _ in range(rng_words.randint(3, 9)))
     for _ in range(6000)]
)  # fmt: skip
BOILER = {s: " ".join(VOCAB[random.Random(s).sample(range(6000), 45)]) for s in BOARDS + FEEDS}


def _text(rng: np.random.Generator, n: int) -> str:
    return " ".join(VOCAB[rng.integers(0, len(VOCAB), n)])


def generate(n: int, seed: int = 1) -> Iterator[tuple[Item, str | None, int]]:
    """``(item, description, true job)`` for about ``n`` postings."""
    rng = np.random.default_rng(seed)
    r = random.Random(seed)
    companies = max(n // 20, 1)
    made = job = 0
    while made < n:
        job += 1
        company = f"company{r.randrange(companies)}"
        title = r.choice(TITLES)
        city, region, country = r.choice(CITIES)
        day = 20_000 + r.randrange(365)
        if company not in ABOUT:
            ABOUT[company] = _text(np.random.default_rng(len(ABOUT) + seed * 10**7), 70)
        about = ABOUT[company]
        desc = about + " " + _text(rng, r.randint(100, 250))
        variants = [(title, city, region, country, desc)]
        roll = r.random()
        if roll < 0.08:  # the same opening in another city: a different job
            other = r.choice([c for c in CITIES if c[0] != city])
            variants.append((title, *other, desc))
        elif roll < 0.14:  # a senior or junior opening beside it: a different job
            words = desc.split()
            words[r.randrange(len(words)) :] = _text(rng, 40).split()
            variants.append((r.choice(["senior ", "junior "]) + title, city, region, country,
                             " ".join(words)))  # fmt: skip
        for v_title, v_city, v_region, v_country, v_desc in variants:
            job += 1
            copies = r.choices([1, 2, 3, 4], weights=[50, 28, 15, 7])[0]
            sources = [f"ats-{company}", *r.sample(BOARDS + FEEDS, copies - 1)]
            for k, source in enumerate(sources):
                t, d, c, rg = v_title, v_desc, v_city, v_region
                if k and r.random() < 0.3:
                    t = " ".join(RESPELL.get(w, w) for w in t.split())
                if k and r.random() < 0.2:
                    t += r.choice(DECORATIONS)
                if source in BOILER:
                    d = BOILER[source] + " " + d if r.random() < 0.5 else d + " " + BOILER[source]
                    if source.startswith("feed"):
                        d = " ".join(v_desc.split()[: r.randint(40, 80)])
                    if r.random() < 0.25:
                        c = rg = None
                    if r.random() < 0.05:
                        d = None
                item = Item(
                    key=f"{source}:{job}-{k}", source=source, company=company, title=t,
                    seniority="senior" if t.startswith(("senior", "sr.")) else
                    "junior" if t.startswith("junior") else "intermediate",
                    city=c, region=rg, country=v_country, day=day + r.randrange(6),
                )  # fmt: skip
                made += 1
                yield item, d, job


def build(n: int, seed: int = 1) -> tuple[list[Item], np.ndarray, np.ndarray, list[int], float]:
    items: list[Item] = []
    truth: list[int] = []
    sig_parts, count_parts = [], []
    texts: list[str | None] = []
    sig_time = sig_cpu = 0.0

    def flush() -> None:
        nonlocal sig_time, sig_cpu, texts
        t, c0 = time.perf_counter(), time.process_time()
        s, c = signatures(texts)
        sig_time += time.perf_counter() - t
        sig_cpu += time.process_time() - c0
        sig_parts.append(s)
        count_parts.append(c)
        texts = []

    for item, desc, job in generate(n, seed):
        items.append(item)
        truth.append(job)
        texts.append(desc)
        if len(texts) == 20_000:
            flush()
    flush()
    SIG_CPU[0] = sig_cpu
    return items, np.concatenate(sig_parts), np.concatenate(count_parts), truth, sig_time


def pairwise(labels: list, truth: list[int]) -> tuple[float, float, float]:
    def pairs(counter: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())

    tp = pairs(Counter(zip(labels, truth, strict=True)))
    predicted, actual = pairs(Counter(labels)), pairs(Counter(truth))
    p = tp / predicted if predicted else 1.0
    r = tp / actual if actual else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_cluster(n: int) -> dict:
    return run_both(n, 0)["cluster"]


def run_both(n: int, new: int) -> dict[str, dict]:
    """Cluster ``n`` existing postings, then match ``new`` more against them (one generation).

    ``n + new`` postings are generated and signed once; ``new`` of them drawn at random are the
    new ones (those whose job has a posting among the existing ones should join it, the others
    start jobs of their own). The existing ones are clustered (timed, scored), then, with the
    peak RSS reset (``/proc/self/clear_refs``), matched against with their *true* jobs as a
    warehouse would hold them. Match time excludes the new postings' signatures (the cluster
    rate: ~0.1-0.2 ms each).
    """
    t0 = time.perf_counter()
    items, sigs, counts, truth, sig_time = build(n + new)
    gen_time = time.perf_counter() - t0 - sig_time
    order = list(range(len(items)))
    random.Random(3).shuffle(order)
    is_new = np.zeros(len(items), dtype=bool)
    is_new[order[:new]] = True
    old_idx, new_idx = np.flatnonzero(~is_new), np.flatnonzero(is_new)
    old_items, old_truth = [items[i] for i in old_idx], [truth[i] for i in old_idx]
    old_sigs, old_counts = sigs[old_idx], counts[old_idx]
    new_sigs, new_counts = sigs[new_idx], counts[new_idx]
    del sigs, counts  # one copy of the signatures, not two, while clustering
    share = len(old_idx) / len(items)  # signatures were made for all; count the existing share
    t, c0 = time.perf_counter(), time.process_time()
    labels, stats = cluster(old_items, old_sigs, old_counts)
    cluster_time, cluster_cpu = time.perf_counter() - t, time.process_time() - c0
    p, r, f = pairwise(labels, old_truth)
    out = {"cluster": {"case": f"cluster {len(old_items):,}", "generate_s": gen_time,
           "signatures_s": sig_time * share, "cluster_s": cluster_time,
           "total_s": sig_time * share + cluster_time,
           "total_cpu_s": SIG_CPU[0] * share + cluster_cpu, "peak_rss_mb": peak_mb(),
           "precision": p, "recall": r, "f1": f, "candidates": stats.candidates,
           "linked": stats.linked}}  # fmt: skip
    if not new:
        return out
    del labels, stats
    old_items = [
        Item(**{**{f: getattr(it, f) for f in it.__slots__}, "job": f"J{job}"})
        for it, job in zip(old_items, old_truth, strict=True)
    ]
    old_jobs = set(old_truth)
    should_join = sum(truth[i] in old_jobs for i in new_idx)
    new_items = [items[i] for i in new_idx]
    reset_peak()
    t, c0 = time.perf_counter(), time.process_time()
    groups, mstats = match(old_items, old_sigs, old_counts, new_items, new_sigs, new_counts)
    match_time, match_cpu = time.perf_counter() - t, time.process_time() - c0
    joined = sum(len(g.items) for g in groups if g.jobs)
    out["match"] = {"case": f"match {new:,} new vs {len(old_items):,}", "match_s": match_time,
                    "match_cpu_s": match_cpu, "peak_rss_mb": hwm_mb(),
                    "joined_existing": joined, "should_join": should_join,
                    "groups": len(groups), "candidates": mstats.candidates}  # fmt: skip
    return out


def reset_peak() -> None:
    """Reset this process's peak RSS (VmHWM) to its current RSS (Linux)."""
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


def hwm_mb() -> float:
    """Peak RSS since the last ``reset_peak`` (VmHWM), in MB."""
    with open("/proc/self/status") as fh:
        return next(int(ln.split()[1]) for ln in fh if ln.startswith("VmHWM")) / 1024


def report(case: str, n: int, new: int, res: dict) -> None:
    """Emit one case's figures (``res`` from the child)."""
    rss = res["peak_rss_mb"]
    if case == "cluster":
        size = n
        big = n >= 1_000_000
        emit("dedup cluster: signatures + clustering", res["total_s"], "s", size,
             target="<= 600 s at 1M" if big else None, higher_is_better=False, peak_rss=rss,
             cpu_s=round(res["total_cpu_s"], 1), signatures_s=round(res["signatures_s"], 1),
             cluster_s=round(res["cluster_s"], 1), candidates=res["candidates"])  # fmt: skip
        emit("dedup cluster: peak RSS", rss, "MB", size, target="<= 4096 MB at 1M" if big else None,
             higher_is_better=False, peak_rss=rss)  # fmt: skip
        emit("dedup cluster: pairwise F1 (synthetic truth)", res["f1"], "F1", size, peak_rss=rss,
             precision=round(res["precision"], 4), recall=round(res["recall"], 4))  # fmt: skip
    else:
        size = f"{new} vs {n}"
        emit("dedup match: new vs existing", res["match_s"], "s", size,
             target="<= 60 s (10k vs 1M)", higher_is_better=False, peak_rss=rss,
             cpu_s=round(res["match_cpu_s"], 1), joined_existing=res["joined_existing"],
             should_join=res["should_join"], groups=res["groups"])  # fmt: skip
        emit("dedup match: peak RSS", rss, "MB", size, higher_is_better=False, peak_rss=rss)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[100_000, 1_000_000])
    ap.add_argument("--new", type=int, default=10_000)
    ap.add_argument("--child", nargs=2, metavar=("CASE", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        case, n = args.child[0], int(args.child[1])
        print(json.dumps(run_both(n, args.new if case == "both" else 0)))
        return
    sizes = sorted(set(args.sizes))
    cases = [("cluster", n) for n in sizes[:-1]] + [("both", sizes[-1])]
    failed = 0
    for case, n in cases:
        proc = subprocess.run(
            [sys.executable, "-m", "bench.bench_dedupe", "--child", case, str(n),
             "--new", str(args.new)],
            capture_output=True, text=True, cwd=ROOT,
        )  # fmt: skip
        if proc.returncode:
            print(f"{case} {n}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
            failed += 1
            continue
        for kind, res in json.loads(proc.stdout.strip().splitlines()[-1]).items():
            print(" | ".join(f"{k}={v:,.3f}" if isinstance(v, float) else f"{k}={v}"
                             for k, v in res.items()))  # fmt: skip
            report(kind, n, args.new, res)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
