"""bench/run.py: what ``make bench-quick`` writes, on a fake suite that runs in milliseconds.

The real benchmarks never run here (they measure; ``make bench`` runs them).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from bench import run
from bench.run import SUITES, Suite, main, validate

ROOT = Path(__file__).resolve().parents[2]
FAKE = "tests.bench.fake_suite"


def test_quick_run_writes_the_keys_issue_10_names(tmp_path: Path) -> None:
    out = tmp_path / "latest.json"
    suites = [Suite("fake", FAKE, [], [], 20, 20), Suite("missing", "bench.nope", [], [], 5, 5)]
    assert main(["--quick", "--out", str(out)], suites=suites) == 0
    data = json.loads(out.read_text())
    assert data["mode"] == "quick"
    assert validate(data) == []
    mach = data["machine"]
    assert mach["cores"] >= 1 and mach["memory_gb"] > 0 and mach["cpu"] and mach["python"]
    assert "duckdb" in mach["packages"] and mach["packages"]["duckdb"]
    rate, took = data["results"]
    assert (rate["figure"], rate["unit"], rate["size"], rate["suite"]) == (
        "fake rate", "items/s", 1000, "fake")  # fmt: skip
    assert (rate["peer_value"], rate["ratio"]) == (100.0, 2.0)  # higher is better: 200 / 100
    assert (took["size"], took["ratio"]) == ("10 vs 1000", 4.0)  # lower is better: 8 / 2
    assert rate["peak_rss_mb"] > 0 and "load_avg" in rate
    assert data["suites"]["missing"]["status"] == "skipped"


def test_a_suite_past_its_timeout_is_killed_with_its_children(tmp_path: Path) -> None:
    out = tmp_path / "latest.json"
    before = _sleepers()
    t = time.monotonic()
    assert main(["--out", str(out)], suites=[Suite("hang", FAKE, [], ["--hang"], 1, 2)]) == 1
    assert time.monotonic() - t < 15
    data = json.loads(out.read_text())
    assert data["suites"]["hang"]["status"] == "failed"
    assert "timed out after 2 s" in data["suites"]["hang"]["note"]
    assert [r["figure"] for r in data["results"]] == ["fake rate"]  # printed before: kept
    time.sleep(0.2)
    assert _sleepers() <= before  # the suite's child died with it


def _sleepers() -> set[int]:
    """Pids of the fake suite's children (``python -c 'import time; time.sleep(60)'``)."""
    pids = set()
    for p in Path("/proc").iterdir():
        try:
            if p.name.isdigit() and b"time.sleep(60)" in (p / "cmdline").read_bytes():
                pids.add(int(p.name))
        except OSError:
            pass
    return pids


def test_validate_names_what_is_missing() -> None:
    row = {"figure": "x", "value": 1, "unit": "s", "size": 1, "peer": "p", "peer_value": 2,
           "ratio": None, "peak_rss_mb": 1}  # fmt: skip
    out = {"when": "", "mode": "quick", "suites": {}, "results": [row, {"figure": "y"}],
           "machine": {"cpu": "", "cores": 2, "memory_gb": 1, "python": "3", "packages": {}}}  # fmt: skip
    problems = validate(out)
    assert "machine has no 'cpu'" in problems and "machine has no 'packages'" in problems
    assert "result 0 (x) has a peer figure but no ratio" in problems
    assert "result 1 (y) has no 'unit'" in problems


def test_every_suite_exists_and_the_timeouts_fit_the_budgets() -> None:
    for s in SUITES:
        assert (ROOT / Path(*s.module.split("."))).with_suffix(".py").exists(), s.module
    assert sum(s.quick_timeout for s in SUITES) <= run.BUDGET["quick"] <= 300
    assert sum(s.full_timeout for s in SUITES) <= run.BUDGET["full"] <= 1800
