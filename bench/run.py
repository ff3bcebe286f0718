"""Run every benchmark, print one table, write ``bench/results/latest.json``.

``python -m bench.run`` (``make bench``) runs the full sizes; ``--quick`` (``make bench-quick``)
small ones. Each benchmark is its own script, run in its own process (peak memory is per
figure, and one crashing benchmark does not stop the others); it reports with
``bench.common.emit``. A missing script is listed as skipped, a failing one as failed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.common import machine

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"

# name, script, quick arguments, full arguments
SUITES: list[tuple[str, str, list[str], list[str]]] = [
    ("normalize", "bench/bench_normalize.py", ["5000"], ["20000"]),
    ("load", "bench/bench_load.py", ["20000"], ["100000"]),
    ("views", "bench/bench_views.py", ["100000"], ["1000000"]),
    ("dedupe", "bench/bench_dedupe.py", ["20000", "--new", "2000"], ["100000", "1000000", "--new", "10000"]),
    ("jsonld", "bench/bench_jsonld.py", ["--quick"], []),
    ("crawl-peers", "bench/bench_crawl_peers.py", ["--quick"], []),
    ("feeds", "bench/bench_feeds.py", ["--quick"], []),
]  # fmt: skip


def run_suite(script: str, args: list[str], timeout: float) -> tuple[str, list[dict], str]:
    path = ROOT / script
    if not path.exists():
        return "skipped", [], f"{script} not written yet"
    try:
        proc = subprocess.run(
            [sys.executable, "-m", f"bench.{path.stem}", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return "failed", [], f"timed out after {timeout:.0f} s"
    rows = [json.loads(line[6:]) for line in proc.stdout.splitlines() if line.startswith("BENCH ")]
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        return "failed", rows, tail[0][:200]
    return "ok", rows, ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run")
    ap.add_argument("--quick", action="store_true", help="small sizes (a few minutes)")
    ap.add_argument("--only", action="append", help="run only this suite (repeatable)")
    args = ap.parse_args(argv)
    timeout = 240.0 if args.quick else 1500.0
    started = time.monotonic()
    results, notes = [], {}
    for name, script, quick, full in SUITES:
        if args.only and name not in args.only:
            continue
        t0 = time.monotonic()
        status, rows, note = run_suite(script, quick if args.quick else full, timeout)
        for row in rows:
            row["suite"] = name
        results.extend(rows)
        notes[name] = {"status": status, "seconds": round(time.monotonic() - t0, 1), "note": note}
        print(f"{name:12} {status:8} {notes[name]['seconds']:7.1f} s  {note}", flush=True)
    print()
    print(f"{'figure':46} {'value':>12} {'unit':12} {'peer':>12} {'ratio':>7}  target")
    for r in results:
        peer = "" if r.get("peer_value") is None else f"{r['peer_value']:.4g}"
        ratio = "" if r.get("ratio") is None else f"{r['ratio']:.2f}"
        print(
            f"{r['figure'][:46]:46} {r['value']:12.4g} {r['unit'][:12]:12} {peer:>12} {ratio:>7}"
            f"  {r.get('target') or ''}"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": "quick" if args.quick else "full",
        "seconds": round(time.monotonic() - started, 1),
        "machine": machine(),
        "suites": notes,
        "results": results,
    }
    (RESULTS / "latest.json").write_text(json.dumps(out, indent=2))
    print(f"\nwrote {RESULTS / 'latest.json'} in {out['seconds']} s")
    return 1 if any(n["status"] == "failed" for n in notes.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
