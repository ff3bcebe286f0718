"""A crawl whose landing disk is full: no temp file left behind, one line naming the cause.

Real kernel errors, no mocks: the batch's temp landing file is a link to ``/dev/full`` (every
write answers ENOSPC), or, where unprivileged user namespaces allow it, the landing folder is
a real 32 KB tmpfs that the crawl fills. The batch crashes (its sources count as failed, so
nothing closes), its message is the OS's reason in one line, and the disk is left empty.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ops.batches import run_batch
from ops.crawlpool import BatchCrashed
from ops.settings import resolve

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["gh-maplewoodsoftware", "jobsite"]


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from sampleweb import SampleWeb

    with SampleWeb(seed=7, scale=1) as web:
        path = tmp_path_factory.mktemp("web") / "sources.toml"
        path.write_text(web.sources_toml(), encoding="utf-8")
        yield path


def test_landing_on_a_full_device_leaves_nothing_and_says_why(tmp_path, config):
    landing = tmp_path / "landing"
    landing.mkdir()
    tmp = landing / ".B1.jsonl.tmp"
    tmp.symlink_to("/dev/full")  # the writer opens it by name: every write gets ENOSPC
    settings = resolve(db=tmp_path / "e.duckdb", config=config, landing=landing)
    with pytest.raises(BatchCrashed) as info:
        run_batch(settings, SOURCES, "r1", "B1", {})
    message = str(info.value)
    assert "No space left on device" in message and "\n" not in message, message
    assert str(landing / "B1.jsonl") in message and "Traceback" not in message
    assert not info.value.transient  # a full disk is not retried by the batch
    assert sorted(os.listdir(landing)) == []  # neither a temp file nor a partial batch


def _user_namespaces() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-Urm", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _user_namespaces(), reason="needs unshare -Urm (user namespaces)")
def test_a_crawl_that_fills_its_landing_disk_frees_it(tmp_path, config):
    landing = tmp_path / "landing"
    landing.mkdir()
    crawl = [sys.executable, "-m", "spiders.run", "--config", str(config), "--landing",
             str(landing), "--batch-id", "B2"] + [a for s in SOURCES for a in ("--source", s)]  # fmt: skip
    # Inside the namespace: mount, crawl, then show what the crawl left on that disk.
    script = (
        f"mount -t tmpfs -o size=32k tmpfs {landing} && {' '.join(crawl)};"
        f" echo rc=$?; ls -A {landing}; df -k --output=used {landing} | tail -1"
    )
    proc = subprocess.run(
        ["unshare", "-Urm", "sh", "-c", script],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    out = proc.stdout.split()
    assert out[0] == "rc=1", proc.stdout + proc.stderr
    assert out[1:] == ["0"], proc.stdout  # no file listed; 0 KB used
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("eolist crawl: landing file") and "No space left on device" in last
