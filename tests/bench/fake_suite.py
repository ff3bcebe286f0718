"""A tiny benchmark for tests/bench/test_run.py: reports like a real one, in milliseconds.

``python -m tests.bench.fake_suite [--hang]``: two figures (one beside a peer); with ``--hang``
it reports one figure, starts a child that would outlive it, and then hangs, so the runner's
timeout (which must kill the whole process group) is exercised.
"""

from __future__ import annotations

import subprocess
import sys
import time

from bench.common import emit


def main() -> None:
    emit("fake rate", 200.0, "items/s", 1000, peer="fake peer", peer_value=100.0, target=">= 1")
    if "--hang" in sys.argv:
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        time.sleep(60)
    emit("fake time", 2.0, "s", "10 vs 1000", peer="fake peer", peer_value=8.0,
         higher_is_better=False)  # fmt: skip


if __name__ == "__main__":
    main()
