"""Run every benchmark, print one table, write ``bench/results/latest.json``.

``python -m bench.run`` (``make bench``) runs the full sizes; ``--quick`` (``make bench-quick``)
small ones. Each benchmark is its own module, run as ``python -m MODULE`` in its own process
group (peak memory is per figure, one crashing benchmark does not stop the others, and a timed
out one is killed with every process it started); it reports with ``bench.common.emit``. A
missing module is listed as skipped, a failing or timed-out one as failed (the figures it
printed before failing are kept).

Budgets (issue #10): quick under 5 minutes, full under 30 minutes on the 2-core machine. Each
suite has its own timeout per mode, and no suite may run past what is left of the mode's whole
budget (``--budget``), so one slow suite cannot push the run over it. The written JSON is checked
by ``validate`` (the keys the issue names); a run whose output misses one exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import machine

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
BUDGET = {"quick": 290.0, "full": 1780.0}  # seconds: issue #10's 5 and 30 minutes, less margin


@dataclass(frozen=True)
class Suite:
    name: str
    module: str
    quick: list[str]
    full: list[str]
    quick_timeout: float  # seconds
    full_timeout: float


# Sizes and timeouts (about 1.4x the seconds measured on 2026-11-27 at load average ~3, see
# docs/performance.md "Reproduce"; quick ones trimmed to ~1.2x when recrawl-sources joined;
# when load-steady joined (2026-12-07), quick load and jsonld to ~2.5x and ~1.75x their quiet
# seconds, full load, views and dedupe to ~1.1-1.8x theirs; when crawl-peers took 3 rounds,
# quick recrawl-sources to ~1.8x; when the load suites took 3 rounds (2026-12-08: quick load
# 23.6 s, load-steady 12.5 s; full 209 s and 88 s), quick load-steady to ~2.4x, taken from
# views, normalize and dedupe, which used 5, 1.5 and 1.8 s of theirs, and full load-steady to
# ~2x, taken from dedupe, which used 94 s; when feeds took 3 rounds (2026-12-08: quick 18 s),
# quick feeds to ~2.5x, taken from crawl-peers, which used 11 s of its 35); the sums fit the
# budgets, so every suite gets its own.
_STEADY = ["--new-share", "0.02", "--only", "eolist,floor,dlt-arrow"]
SUITES: list[Suite] = [
    Suite("normalize", "bench.bench_normalize", ["5000"], ["20000"], 8, 30),
    Suite("load", "bench.bench_load", ["10000"], ["100000"], 45, 450),
    # a steady crawl's batch (2% new, 2% changed) beside the same peers; dlt from records
    # (minutes at 100k, and never the faster peer) is left out
    Suite("load-steady", "bench.bench_load", _STEADY + ["10000"], _STEADY + ["100000"], 30, 180),
    Suite("views", "bench.bench_views", ["100000"], ["1000000"], 20, 100),
    Suite("dedupe", "bench.bench_dedupe", ["20000", "--new", "2000"],
          ["100000", "1000000", "--new", "10000"], 12, 480),
    Suite("dedup-peer", "bench.bench_dedup_peer", ["5000"], ["30000"], 15, 90),
    Suite("jsonld", "bench.bench_jsonld", ["--quick"], [], 45, 130),
    Suite("crawl-peers", "bench.bench_crawl_peers", ["--quick"], [], 25, 120),
    Suite("recrawl-sources", "bench.bench_recrawl_sources", ["--quick"], ["--quick"], 45, 60),
    Suite("feeds", "bench.bench_feeds", ["--quick"], [], 45, 140),
]  # fmt: skip

ROW_KEYS = ("figure", "value", "unit", "size", "peer", "peer_value", "ratio", "peak_rss_mb")
MACHINE_KEYS = ("cpu", "cores", "memory_gb", "python", "packages")


def _rows(stdout: str | bytes | None) -> list[dict[str, Any]]:
    if isinstance(stdout, bytes):
        stdout = stdout.decode(errors="replace")
    return [json.loads(ln[6:]) for ln in (stdout or "").splitlines() if ln.startswith("BENCH ")]


def run_suite(module: str, args: list[str], timeout: float) -> tuple[str, list[dict], str]:
    """Run one benchmark module; ``(status, rows, note)``."""
    rel = Path(*module.split(".")).with_suffix(".py")
    if not (ROOT / rel).exists():
        return "skipped", [], f"{rel} not written yet"
    proc = subprocess.Popen(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: a timeout kills its children too
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        return "failed", _rows(out), f"timed out after {timeout:.0f} s"
    rows = _rows(out)
    if proc.returncode != 0:
        tail = (err or out).strip().splitlines()[-1:] or ["no output"]
        return "failed", rows, tail[0][:200]
    return "ok", rows, ""


def validate(out: dict[str, Any]) -> list[str]:
    """What ``latest.json`` misses of issue #10's keys (empty when complete)."""
    problems = [
        f"no '{k}'" for k in ("when", "mode", "machine", "suites", "results") if k not in out
    ]
    mach = out.get("machine") or {}
    problems += [f"machine has no '{k}'" for k in MACHINE_KEYS if mach.get(k) in (None, "", {})]
    for i, row in enumerate(out.get("results") or []):
        problems += [
            f"result {i} ({row.get('figure')}) has no '{k}'" for k in ROW_KEYS if k not in row
        ]
        if row.get("peer_value") is not None and row.get("ratio") is None:
            problems.append(f"result {i} ({row.get('figure')}) has a peer figure but no ratio")
    return problems


def table(results: list[dict[str, Any]]) -> str:
    lines = [f"{'figure':50} {'value':>10} {'unit':10} {'size':>9} {'peer':>10} {'ratio':>6}"
             f" {'RSS MB':>7} {'load':>5}  target"]  # fmt: skip
    for r in results:
        peer = "" if r.get("peer_value") is None else f"{r['peer_value']:.4g}"
        ratio = "" if r.get("ratio") is None else f"{r['ratio']:.2f}"
        lines.append(
            f"{r['figure'][:50]:50} {r['value']:10.4g} {r['unit'][:10]:10} {r.get('size') or '':>9}"
            f" {peer:>10} {ratio:>6} {r.get('peak_rss_mb') or 0:7.0f} {r.get('load_avg', ''):>5}"
            f"  {r.get('target') or ''}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None, suites: list[Suite] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run")
    ap.add_argument("--quick", action="store_true", help="small sizes (under 5 minutes)")
    ap.add_argument("--only", action="append", help="run only this suite (repeatable)")
    ap.add_argument("--out", type=Path, default=RESULTS / "latest.json", help="JSON to write")
    ap.add_argument("--budget", type=float, help="seconds for the whole run (default per mode)")
    ap.add_argument("--timeout", type=float, help="seconds per suite (default: each suite's own)")
    args = ap.parse_args(argv)
    mode = "quick" if args.quick else "full"
    budget = args.budget or BUDGET[mode]
    chosen = [s for s in suites or SUITES if not args.only or s.name in args.only]
    unknown = set(args.only or ()) - {s.name for s in suites or SUITES}
    if unknown:
        print(f"unknown suite(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    started = time.monotonic()
    results: list[dict[str, Any]] = []
    notes: dict[str, dict[str, Any]] = {}
    for s in chosen:
        t0 = time.monotonic()
        left = budget - (t0 - started)
        own = args.timeout or (s.quick_timeout if args.quick else s.full_timeout)
        if left < 5:
            status, rows, note = "failed", [], f"not run: the {budget:.0f} s budget is spent"
        else:
            status, rows, note = run_suite(s.module, s.quick if args.quick else s.full,
                                           min(own, left))  # fmt: skip
        for row in rows:
            row["suite"] = s.name
        results.extend(rows)
        notes[s.name] = {"status": status, "seconds": round(time.monotonic() - t0, 1),
                         "timeout": own, "note": note}  # fmt: skip
        print(f"{s.name:12} {status:8} {notes[s.name]['seconds']:7.1f} s  {note}", flush=True)
    print()
    print(table(results))
    out = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": mode,
        "seconds": round(time.monotonic() - started, 1),
        "budget_s": budget,
        "load_avg": [round(x, 2) for x in os.getloadavg()],
        "machine": machine(),
        "suites": notes,
        "results": results,
    }
    problems = validate(out)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2))
    print(f"\nwrote {args.out} in {out['seconds']} s (load average {out['load_avg']})")
    for p in problems:
        print(f"latest.json: {p}", file=sys.stderr)
    failed = problems or any(n["status"] == "failed" for n in notes.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
