"""Landing on object storage, for real: a local S3-compatible server (moto) on 127.0.0.1.

Two crawl workers, each in a folder of its own (its own working directory, home and temp
folder: no shared filesystem), crawl the sample web into ``s3://…/landing/worker-a`` and
``…/worker-b``; one load with ``EOLIST_LANDING=s3://…/landing`` reads both.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ops import loading as ops_loading
from ops.settings import check_landing, resolve
from tests.conftest import ROOT, make_posting, outcome, write_batch
from warehouse import db
from warehouse.landing_store import open_store
from warehouse.load import load_pending

pytestmark = pytest.mark.e2e
BUCKET = "eolist-test"


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A moto S3 server on 127.0.0.1 and the environment that points boto at it."""
    from moto.server import ThreadedMotoServer

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    env = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL_S3": f"http://127.0.0.1:{port}",
        "AWS_EC2_METADATA_DISABLED": "true",  # never ask a cloud's metadata service
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    import fsspec

    fsspec.filesystem("s3", skip_instance_cache=True).mkdir(BUCKET)
    try:
        yield env
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        server.stop()


def _fs():
    import fsspec

    return fsspec.filesystem("s3", skip_instance_cache=True)


def _worker(home: Path, toml: str, landing: str, batch_id: str, sources: list[str], env: dict):
    """``python -m spiders.run`` in its own folder: cwd, HOME and TMPDIR all inside it."""
    (home / "tmp").mkdir(parents=True)
    (home / "sources.toml").write_text(toml, encoding="utf-8")
    cmd = [sys.executable, "-m", "spiders.run", "--config", "sources.toml",
           "--landing", landing, "--batch-id", batch_id]  # fmt: skip
    for name in sources:
        cmd += ["--source", name]
    child_env = dict(os.environ, **env, HOME=str(home), TMPDIR=str(home / "tmp"))
    child_env["PYTHONPATH"] = str(ROOT)
    return subprocess.Popen(cmd, cwd=home, env=child_env, stderr=subprocess.PIPE, text=True)


def test_two_workers_land_on_s3_and_one_load_reads_both(s3, tmp_path):
    from sampleweb import SampleWeb

    root = f"s3://{BUCKET}/run1/landing"
    with SampleWeb(seed=7, scale=1) as web:
        toml = web.sources_toml()
        procs = [
            _worker(tmp_path / "a", toml, f"{root}/worker-a", "20261207T000000-aaaa",
                    ["gh-maplewoodsoftware", "blog-hr-insights"], s3),
            _worker(tmp_path / "b", toml, f"{root}/worker-b", "20261207T000000-bbbb",
                    ["lever-westmounthealth", "blog-people-matters"], s3),
        ]  # fmt: skip
        errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [e[-2000:] for e in errors]
    for home in (tmp_path / "a", tmp_path / "b"):
        # nothing landed locally: no folder named "s3:", the scratch file is gone
        assert not (home / "s3:").exists()
        assert list((home / "tmp").iterdir()) == []
    fs = _fs()
    keys = sorted(fs.find(f"{BUCKET}/run1/landing"))
    assert keys == [
        f"{BUCKET}/run1/landing/worker-a/20261207T000000-aaaa.jsonl",
        f"{BUCKET}/run1/landing/worker-b/20261207T000000-bbbb.jsonl",
    ]  # no temporary name left behind
    records = [
        json.loads(line) for key in keys for line in fs.cat_file(key).decode("utf-8").splitlines()
    ]
    postings = {r["posting_key"] for r in records if r["record"] == "Posting"}
    blog = [r for r in records if r["record"] == "BlogPost"]
    outcomes = {r["source_name"]: r["status"] for r in records if r["record"] == "SourceOutcome"}
    assert set(outcomes) == {"gh-maplewoodsoftware", "blog-hr-insights",
                             "lever-westmounthealth", "blog-people-matters"}  # fmt: skip
    assert postings and blog

    path = tmp_path / "w.duckdb"
    reports = load_pending(path, root)
    assert sorted(r.batch_id for r in reports) == ["20261207T000000-aaaa", "20261207T000000-bbbb"]
    with db.session(path, read_only=True) as con:
        assert {r[0] for r in con.execute("SELECT posting_key FROM postings").fetchall()} == (
            postings
        )
        assert con.execute("SELECT count(*) FROM blog_posts").fetchone()[0] > 0
        landed = dict(con.execute("SELECT batch_id, path FROM landing_batches").fetchall())
    assert landed == {
        "20261207T000000-aaaa": f"{root}/worker-a/20261207T000000-aaaa.jsonl",
        "20261207T000000-bbbb": f"{root}/worker-b/20261207T000000-bbbb.jsonl",
    }
    assert load_pending(path, root) == []  # loaded once, marked in landing_batches


def test_a_batch_is_visible_only_when_complete(s3, tmp_path):
    """A temporary name (a worker that died between upload and copy) is never read."""
    root = f"s3://{BUCKET}/run2/landing"
    local = write_batch(tmp_path / "l", "whole", [make_posting("1"), outcome(fetched=1)])
    fs = _fs()
    fs.put_file(str(local), f"{BUCKET}/run2/landing/whole.jsonl")
    fs.pipe_file(f"{BUCKET}/run2/landing/.half.jsonl.tmp", b'{"record":"Posting"')
    store = open_store(root)
    assert [b.batch_id for b in store.pending(set())] == ["whole"]
    assert [p for p, _ in store.leftovers()] == [f"{BUCKET}/run2/landing/.half.jsonl.tmp"]
    # EOLIST_LANDING=s3://… through the settings the flows use: a URL, not a folder "s3:"
    os.environ["EOLIST_LANDING"] = root
    try:
        settings = resolve(db=tmp_path / "w.duckdb")
    finally:
        del os.environ["EOLIST_LANDING"]
    assert settings.landing == root
    check_landing(settings)  # accepted: the bucket can be written
    assert ops_loading.load_pending(settings).batch_ids == ["whole"]


def test_a_refused_batch_is_set_aside_in_the_bucket(s3, tmp_path):
    root = f"s3://{BUCKET}/run3/landing"
    fs = _fs()
    fs.pipe_file(f"{BUCKET}/run3/landing/broken.jsonl", b"not json\n")
    [report] = load_pending(tmp_path / "w.duckdb", root)
    assert report.quarantined is not None
    assert report.quarantined.path == f"{root}/quarantine/broken.jsonl"
    assert fs.exists(f"{BUCKET}/run3/landing/quarantine/broken.jsonl")
    assert not fs.exists(f"{BUCKET}/run3/landing/broken.jsonl")
    assert load_pending(tmp_path / "w.duckdb", root) == []  # set aside: not tried again


def test_pool_heartbeats_live_in_the_bucket_too(s3):
    """A pool batch's heartbeat (ops.batches) on an s3:// landing: written, seen fresh by
    the crawl run waiting for it, removed at the end."""
    import time

    from ops.batches import alive_path, heartbeat, silent_for

    alive = alive_path(f"s3://{BUCKET}/run4/landing", "b1")
    assert alive == f"s3://{BUCKET}/run4/landing/b1.alive"
    with heartbeat(alive, every=0.2):
        time.sleep(0.5)
        assert silent_for(alive, None, time.time()) < 5
        assert _fs().cat_file(f"{BUCKET}/run4/landing/b1.alive").decode().split()[1] == str(
            os.getpid()
        )
    assert not _fs().exists(f"{BUCKET}/run4/landing/b1.alive")


def test_a_location_that_cannot_be_written_is_one_line(s3):
    from warehouse.errors import WarehouseError

    open_store(f"s3://{BUCKET}/run5/landing").check_writable()
    with pytest.raises(WarehouseError, match="landing location s3://no-such-bucket/x cannot be"):
        open_store("s3://no-such-bucket/x").check_writable()
