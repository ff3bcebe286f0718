"""What every benchmark shares: one way to report a figure, and a description of the machine.

A benchmark script prints one ``BENCH {json}`` line per figure (``emit``); ``bench/run.py``
collects them from every script, prints the table and writes ``bench/results/latest.json``.
A figure measured beside a peer carries the peer's figure from the same run and their ratio,
because this machine is shared and noisy: absolute times alone mean little.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import sys
from importlib import metadata
from typing import Any

PACKAGES = ("scrapy", "feedparser", "duckdb", "prefect", "pyarrow", "datasketch", "reader", "dlt")


def emit(
    figure: str,
    value: float,
    unit: str,
    size: int | str | None = None,
    peer: str | None = None,
    peer_value: float | None = None,
    target: str | None = None,
    higher_is_better: bool = True,
    peak_rss: float | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Print one result line for bench/run.py (and return it).

    ``ratio`` is always "how many times better eolist is": ``value / peer_value`` when higher is
    better, ``peer_value / value`` when lower is better (times, memory). ``peak_rss`` is the
    figure's own peak memory in MB when it was measured in another process (a child); by
    default this process's peak. Every row carries the 1-minute load average at emit time.
    """
    ratio = None
    if peer_value:
        ratio = value / peer_value if higher_is_better else peer_value / value if value else None
    row = {
        "figure": figure,
        "value": round(value, 4),
        "unit": unit,
        "size": size,
        "peer": peer,
        "peer_value": None if peer_value is None else round(peer_value, 4),
        "ratio": None if ratio is None else round(ratio, 3),
        "target": target,
        "higher_is_better": higher_is_better,
        "peak_rss_mb": round(peak_rss_mb() if peak_rss is None else peak_rss, 1),
        "load_avg": round(os.getloadavg()[0], 2),
        **extra,
    }
    print("BENCH " + json.dumps(row), flush=True)
    return row


def peak_rss_mb() -> float:
    """Peak resident memory of this process and its waited-for children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_gb = None
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            mem_gb = round(int(fh.readline().split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": mem_gb,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": versions,
    }
