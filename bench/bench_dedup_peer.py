"""Dedup beside its naive baseline: datasketch MinHash + MinHashLSH on the same postings.

Run: ``.venv/bin/python -m bench.bench_dedup_peer [N]`` (default 30,000).

Both sides get the same N postings from ``bench.bench_dedupe.generate`` (same seed, so the same
texts, companies, titles and truth), each in a fresh subprocess of this session, one after the
other, so each peak RSS is its own and the two times share the machine's load:

* **eolist**: ``pipeline.dedupe.signatures`` (one-permutation MinHash, 64 bins, numpy) of every
  description, then ``pipeline.dedupe.cluster`` (company blocking, LSH 32 x 2, title, place,
  seniority and date guards, union-find with refusals).
* **datasketch, used naively**, as its documentation shows it: per posting a ``MinHash``
  (``num_perm=64``, the same bins as eolist) fed its word 3-shingles (the same tokens as
  eolist's: ``pipeline.dedupe.minhash.tokens``) with ``update_batch`` (datasketch's faster
  path; a ``update`` per shingle is ~5x slower again), inserted into a ``MinHashLSH`` with the
  same banding (``params=(32, 2)``); then every posting queries the index and a candidate whose
  estimated Jaccard is >= 0.5 (eolist's ``desc_min``) is joined by union-find. No blocking, no
  guards: that is the naive use.

Reported: time (generation excluded on both sides), peak RSS, and pairwise F1 against the
generator's truth, each as eolist beside datasketch with their ratio (how many times faster,
leaner, better). The size is smaller than the 100k / 1M of ``bench_dedupe`` because the naive
peer is ~15-20x slower per posting; the size is in every figure.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from bench.bench_dedupe import generate, pairwise, peak_mb, run_cluster
from bench.common import emit
from pipeline.dedupe.minhash import SHINGLE, tokens

ROOT = Path(__file__).resolve().parents[1]
NUM_PERM, BANDS, ROWS, DESC_MIN = 64, 32, 2, 0.5


def run_peer(n: int) -> dict:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
    hashes: list[MinHash] = []
    truth: list[int] = []
    work = cpu = 0.0
    for _, desc, job in generate(n):
        t, c0 = time.perf_counter(), time.process_time()
        toks = tokens(desc)
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch([" ".join(toks[i : i + SHINGLE]).encode() for i in range(len(toks) - 2)])
        lsh.insert(len(hashes), m)
        work += time.perf_counter() - t
        cpu += time.process_time() - c0
        hashes.append(m)
        truth.append(job)
    t, c0 = time.perf_counter(), time.process_time()
    parent = list(range(len(hashes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    candidates = linked = 0
    for i, m in enumerate(hashes):
        if m.is_empty():
            continue
        for j in lsh.query(m):
            if j <= i:
                continue
            candidates += 1
            if m.jaccard(hashes[j]) >= DESC_MIN:
                linked += 1
                parent[find(i)] = find(j)
    labels = [find(i) for i in range(len(hashes))]
    cluster_s, cpu = time.perf_counter() - t, cpu + time.process_time() - c0
    p, r, f = pairwise(labels, truth)
    return {"case": f"datasketch {len(hashes):,}", "signatures_s": work, "cluster_s": cluster_s,
            "total_s": work + cluster_s, "total_cpu_s": cpu, "peak_rss_mb": peak_mb(), "precision": p, "recall": r,
            "f1": f, "candidates": candidates, "linked": linked}  # fmt: skip


def child(side: str, n: int) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.bench_dedup_peer", "--child", side, str(n)],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    if proc.returncode:
        raise SystemExit(f"{side} {n}: failed\n{proc.stderr[-2000:]}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    print(side, " | ".join(f"{k}={v:,.3f}" if isinstance(v, float) else f"{k}={v}"
                           for k, v in res.items()), flush=True)  # fmt: skip
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=30_000)
    ap.add_argument("--child", nargs=2, metavar=("SIDE", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        side, n = args.child[0], int(args.child[1])
        print(json.dumps(run_cluster(n) if side == "eolist" else run_peer(n)))
        return
    ours, peer = child("eolist", args.n), child("datasketch", args.n)
    name, size = "datasketch naive (MinHash + MinHashLSH)", args.n
    emit("dedup vs naive peer: signatures + clustering", ours["total_s"], "s", size, peer=name,
         peer_value=peer["total_s"], higher_is_better=False, peak_rss=ours["peak_rss_mb"],
         cpu_s=round(ours["total_cpu_s"], 2), peer_cpu_s=round(peer["total_cpu_s"], 2),
         peer_signatures_s=round(peer["signatures_s"], 2),
         signatures_s=round(ours["signatures_s"], 2))  # fmt: skip
    emit("dedup vs naive peer: peak RSS", ours["peak_rss_mb"], "MB", size, peer=name,
         peer_value=peer["peak_rss_mb"], higher_is_better=False,
         peak_rss=ours["peak_rss_mb"])  # fmt: skip
    emit("dedup vs naive peer: pairwise F1", ours["f1"], "F1", size, peer=name,
         peer_value=peer["f1"], peak_rss=ours["peak_rss_mb"],
         precision=round(ours["precision"], 4), recall=round(ours["recall"], 4),
         peer_precision=round(peer["precision"], 4),
         peer_recall=round(peer["recall"], 4))  # fmt: skip


if __name__ == "__main__":
    main()
