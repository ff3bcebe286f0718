"""The build helper (``spiders.buildhelper``): a warm crawl process's pages are read and its
postings built in a process beside it, and a batch lands the same records with it, without
it, and when it dies mid-batch. Real processes, real captures, the sample web on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import os
import pickle
import signal
import struct
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ops.crawlpool import WorkerPool, crawl_env
from pipeline.build import build_posting
from pipeline.records import RawPosting, Salary, landing_line
from spiders import buildhelper

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120.0
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
RAW = RawPosting(
    source_name="acme",
    source_kind="greenhouse",
    url="https://boards.example.test/acme/jobs/17",
    title="Senior HR Business Partner",
    company="Acme Tools",
    locations=("Toronto, ON",),
    description_html="<p>Partner with leaders on <b>talent</b> and pay.</p>",
    salary=Salary(min=90000.0, max=110000.0, currency="CAD", period="YEAR"),
    employment_type="Full-time",
    posted_at="2026-02-20T10:00:00-05:00",
)


# -- the helper process alone: its protocol ----------------------------------------------


def _frame(obj: Any) -> bytes:
    body = pickle.dumps(obj)
    return struct.pack(">I", len(body)) + body


def _answers(out: bytes) -> list[Any]:
    found, at = [], 0
    while at < len(out):
        (size,) = struct.unpack_from(">I", out, at)
        found.append(pickle.loads(out[at + 4 : at + 4 + size]))
        at += 4 + size
    return found


def test_the_helper_builds_what_build_posting_builds_and_returns_its_errors():
    frames = b"".join(
        _frame((i, "build", (raw, NOW))) for i, raw in ((1, RAW), (2, None), (3, RAW))
    )
    done = subprocess.run(
        [sys.executable, "-m", "spiders.buildhelper"], input=frames, capture_output=True,
        cwd=ROOT, timeout=60, check=True,
    )  # fmt: skip
    answers = _answers(done.stdout)
    assert [a[0] for a in answers] == [1, 2, 3]
    expected = build_posting(RAW, NOW)
    assert answers[0][1] == expected and answers[0][2] is None and answers[0][3] >= 0.0
    assert answers[0][4] == landing_line(expected), "its landing line, as the writer makes it"
    assert answers[2][1] == expected
    seq, posting, error, _, line = answers[1]  # build_posting(None, ...) raises: sent back as such
    with pytest.raises(Exception) as here:
        build_posting(None, NOW)  # type: ignore[arg-type]
    assert posting is None and line is None
    assert type(error) is type(here.value) and str(error) == str(here.value)
    assert done.returncode == 0, "EOF on its input ends it cleanly"


def test_postings_read_from_real_captures_come_back_as_built_here():
    """Every posting the golden cases' real captures hold (ATS APIs, JSON-LD pages, feeds of
    jobs: other languages, long texts, odd fields) travels to the helper and back: the same
    ``Posting`` and landing line as a build in this process."""
    from spiders.kinds import module_for
    from spiders.protocol import read_page
    from tests.spiders.golden import load_cases

    raws = []
    for case in load_cases():
        records, _, _ = read_page(
            module_for(case.kind), case.source(), case.spec(), case.role, case.url, case.body
        )
        raws += [r for r in records if isinstance(r, RawPosting)]
    assert len(raws) >= 50 and len({r.source_kind for r in raws}) >= 20  # 65 of 27 kinds
    frames = b"".join(_frame((i, "build", (raw, NOW))) for i, raw in enumerate(raws))
    done = subprocess.run(
        [sys.executable, "-m", "spiders.buildhelper"], input=frames, capture_output=True,
        cwd=ROOT, timeout=120, check=True,
    )  # fmt: skip
    answers = _answers(done.stdout)
    assert [a[0] for a in answers] == list(range(len(raws)))
    for (_, posting, error, _, line), raw in zip(answers, raws, strict=True):
        expected = build_posting(raw, NOW)
        assert error is None and posting == expected, raw.url
        assert line == landing_line(expected), raw.url


def test_pages_of_real_captures_read_in_the_helper_come_back_as_read_here():
    """Every golden case's real capture (ATS APIs, JSON-LD and Workday pages, sitemaps, feeds)
    read in the helper: the same records, links, skipped entries and hints as a reading in
    this process; a page its kind refuses comes back as the same ``ExtractError``."""
    from spiders.kinds import ExtractError, RequestSpec
    from spiders.protocol import read_whole_page
    from tests.spiders.golden import load_cases

    cases = load_cases()
    pages = [(c.source(), c.spec(), c.role, c.url, c.body, True) for c in cases]
    refused = (
        cases[0].source(),
        RequestSpec(cases[0].url),
        "listing",
        cases[0].url,
        b"\x00{",
        True,
    )
    frames = b"".join(_frame((i, "read", page)) for i, page in enumerate([*pages, refused]))
    done = subprocess.run(
        [sys.executable, "-m", "spiders.buildhelper"], input=frames, capture_output=True,
        cwd=ROOT, timeout=120, check=True,
    )  # fmt: skip
    answers = _answers(done.stdout)
    assert [a[0] for a in answers] == list(range(len(pages) + 1))
    assert len({c.kind for c in cases}) >= 20
    records = 0
    for (_, reading, error, cpu_s, _), page in zip(answers, pages, strict=False):
        assert error is None and cpu_s >= 0.0, page[3]
        assert reading == read_whole_page(*page), page[3]
        records += len(reading.records)
    assert records >= 50
    _, reading, error, _, trace = answers[-1]
    with pytest.raises(ExtractError) as here:
        read_whole_page(*refused)
    assert reading is None and type(error) is ExtractError and str(error) == str(here.value)
    assert trace is not None and "ExtractError" in trace


def test_an_error_that_cannot_travel_comes_back_as_a_runtime_error_naming_it():
    class Local(Exception):  # a class defined in a function: pickle cannot find it
        pass

    kept = buildhelper._portable(ValueError("bad pay"))
    assert isinstance(kept, ValueError) and str(kept) == "bad pay"
    made = buildhelper._portable(Local("odd"))
    assert type(made) is RuntimeError and str(made) == "Local: odd"


def test_builds_in_flight_when_the_helper_dies_are_answered_for_the_caller_to_build():
    async def scenario() -> tuple[Any, Any, Any, str | None]:
        helper = buildhelper.Helper()
        await helper.attach()
        first = await helper.build(RAW, NOW)  # type: ignore[misc]
        os.kill(helper.proc.pid, signal.SIGSTOP)  # it holds the next one unanswered
        waiting = helper.build(RAW, NOW)
        await asyncio.sleep(0.3)
        assert waiting is not None and not waiting.done()
        os.kill(helper.proc.pid, signal.SIGKILL)
        lost = await asyncio.wait_for(waiting, 30)
        after = helper.build(RAW, NOW)
        helper.proc.wait(30)
        return first, lost, after, helper.gone

    first, lost, after, gone = asyncio.run(scenario())
    assert first[0] == build_posting(RAW, NOW) and first[1] is None
    assert lost == (None, None, 0.0, None), "answered empty: the pipeline builds it itself"
    assert after is None, "once it is gone, every build is the caller's"
    assert gone is not None and gone.startswith("its output ended")


def test_a_garbled_answer_ends_the_helper_and_its_builds_fall_back():
    async def scenario() -> tuple[Any, str | None, int | None]:
        helper = buildhelper.Helper()
        await helper.attach()
        os.kill(helper.proc.pid, signal.SIGSTOP)  # no real answer races the garbled one
        waiting = helper.build(RAW, NOW)
        assert waiting is not None
        helper._received(struct.pack(">I", 3) + b"xyz")  # not a pickle
        lost = await asyncio.wait_for(waiting, 30)
        return lost, helper.gone, helper.proc.wait(30)

    lost, gone, code = asyncio.run(scenario())
    assert lost == (None, None, 0.0, None)
    assert gone is not None and gone.startswith("its answer could not be read (")
    assert code == -signal.SIGKILL, "a helper that garbles its answers is not kept"


@pytest.mark.parametrize(
    ("env", "wanted"),
    [({}, True), ({"EOLIST_BUILD_HELPER": "0"}, False), ({"EOLIST_BUILD_HELPER": "off"}, False),
     ({"EOLIST_BUILD_HELPER": "1"}, True)],
)  # fmt: skip
def test_the_helper_is_wanted_on_two_cores_unless_turned_off(env, wanted):
    two_cores = len(os.sched_getaffinity(0)) >= 2
    assert buildhelper.wanted(env) is (wanted and two_cores)


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


@pytest.mark.parametrize(
    ("membership", "files", "quota"),
    [
        # cgroup v2: the smallest cpu.max along the path, "max" unlimited
        ("0::/box/crawl\n", {"box/cpu.max": "150000 100000\n",
                              "box/crawl/cpu.max": "max 100000\n"}, 1.5),
        ("0::/box\n", {"box/cpu.max": "400000 100000\n", "cpu.max": "max 100000\n"}, 4.0),
        ("0::/\n", {"cpu.max": "max 100000\n"}, None),
        # cgroup v1, the cpu controller mounted with cpuacct; -1 unlimited
        ("4:memory:/m\n2:cpu,cpuacct:/box\n",
         {"cpu,cpuacct/box/cpu.cfs_quota_us": "50000\n",
          "cpu,cpuacct/box/cpu.cfs_period_us": "100000\n"}, 0.5),
        ("1:cpu:/\n", {"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"},
         None),
        ("1:cpu:/\n", {}, None),  # nothing readable: no quota known
    ],
)  # fmt: skip
def test_a_cpu_quota_is_read_from_the_process_cgroup(tmp_path, membership, files, quota):
    cgroups = _tree(tmp_path / "cgroup", files)
    (tmp_path / "self").write_text(membership)
    assert buildhelper.cpu_quota(cgroups, tmp_path / "self") == quota


def test_a_container_held_under_two_cpus_starts_no_helper(tmp_path):
    cgroups = _tree(tmp_path / "cgroup", {"box/cpu.max": "150000 100000\n"})
    (tmp_path / "self").write_text("0::/box\n")
    assert buildhelper.wanted({}, cgroups, tmp_path / "self") is False
    (cgroups / "box" / "cpu.max").write_text("200000 100000\n")
    two_cores = len(os.sched_getaffinity(0)) >= 2
    assert buildhelper.wanted({}, cgroups, tmp_path / "self") is two_cores


# -- in a warm crawl process ---------------------------------------------------------------


def _cpu_ns(pid: int) -> int:
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])


def _comparable(path: Path) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """The batch's postings and blog posts (less the moment each was read) in order, and each
    source's outcome (less its timings)."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    postings = sorted(
        ({k: v for k, v in r.items() if k != "fetched_at"} for r in records
         if r["record"] in ("Posting", "BlogPost")),
        key=lambda r: json.dumps(r, sort_keys=True),
    )  # fmt: skip
    timing = {"started_at", "finished_at", "seconds", "cpu_s", "fetched_at", "batch_id"}
    outcomes = {
        r["source_name"]: {k: v for k, v in r.items() if k not in timing}
        for r in records
        if r["record"] == "SourceOutcome"
    }
    return postings, outcomes


def _request(config: Path, landing: Path, batch_id: str, *names: str) -> dict[str, Any]:
    return {"config": str(config), "landing": str(landing), "batch_id": batch_id,
            "run_id": "r1", "sources": list(names)}  # fmt: skip


@pytest.mark.e2e
@pytest.mark.skipif(not buildhelper.wanted({}), reason="the helper needs a second core")
def test_a_batch_lands_the_same_records_with_or_without_the_helper_and_when_it_dies(web, tmp_path):
    sample, config = web
    landing = tmp_path / "landing"
    # every source of the sample web: each kind, job boards and blog feeds, and hr_only boards
    # (whose postings the helper's answers drop)
    names = tuple(s["name"] for s in sample.sources())
    pool = WorkerPool()
    try:
        env_on = crawl_env({**os.environ, "EOLIST_BUILD_HELPER": "1"})
        env_off = crawl_env({**os.environ, "EOLIST_BUILD_HELPER": "0"})
        pid, _ = pool.run_as(_request(config, landing, "off", *names), TIMEOUT, 50, env=env_off)
        assert buildhelper.helpers_of(pid) == [], "turned off: no helper"
        pid, _ = pool.run_as(_request(config, landing, "warm", *names), TIMEOUT, 50, env=env_on)
        [helper] = buildhelper.helpers_of(pid)
        before = _cpu_ns(helper)
        again, _ = pool.run_as(_request(config, landing, "on", *names), TIMEOUT, 50, env=env_on)
        assert again == pid and buildhelper.helpers_of(pid) == [helper]
        built_s = (_cpu_ns(helper) - before) / 1e9
        # ~0.1-0.3 ms of CPU a posting; the workers's pipe reads alone would be far less
        off_postings, off_outcomes = _comparable(landing / "off.jsonl")
        assert len(off_postings) > 40
        assert built_s > 0.002 * len(off_postings) / 10, f"the helper built them ({built_s} s)"
        on_postings, on_outcomes = _comparable(landing / "on.jsonl")
        assert on_postings == off_postings
        assert on_outcomes == off_outcomes
        assert off_outcomes["gh-redpinemedia"]["dropped_non_hr"] > 0, "drops travel too"

        # the helper dies mid-batch: what it held is built in the crawl process
        os.kill(helper, signal.SIGSTOP)
        out: dict[str, Any] = {}

        def run() -> None:
            out["pid"] = pool.run_as(
                _request(config, landing, "died", *names), TIMEOUT, 50, env=env_on
            )[0]

        thread = threading.Thread(target=run)
        thread.start()
        time.sleep(1.5)  # postings sent to the stopped helper wait for it
        assert thread.is_alive(), "the batch waits for the helper's answers"
        os.kill(helper, signal.SIGKILL)
        thread.join(TIMEOUT)
        assert out.get("pid") == pid, "the same worker finished the batch"
        died_postings, died_outcomes = _comparable(landing / "died.jsonl")
        assert died_postings == off_postings
        assert died_outcomes == off_outcomes
    finally:
        pool.close()


@pytest.mark.e2e
@pytest.mark.skipif(not buildhelper.wanted({}), reason="the helper needs a second core")
def test_a_killed_crawl_process_leaves_no_helper_behind(web, tmp_path):
    _, config = web
    pool = WorkerPool()
    try:
        pid = pool.run(_request(config, tmp_path / "l", "b1", "gh-redpinemedia"), TIMEOUT, 50)
        [helper] = buildhelper.helpers_of(pid)
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and Path(f"/proc/{helper}").exists():
            state = (Path(f"/proc/{helper}") / "stat").read_text().rsplit(")", 1)[1].split()[0]
            if state == "Z":  # dead, waiting for init to reap it
                break
            time.sleep(0.05)
        else:
            assert not Path(f"/proc/{helper}").exists(), "the helper outlived its crawl process"
    finally:
        pool.close()


def _received_bytes(pid: int) -> int:
    """What a process has read (``rchar``: every byte its reads returned, pipes included)."""
    io = dict(line.split(": ") for line in Path(f"/proc/{pid}/io").read_text().splitlines())
    return int(io["rchar"])


def _helper_received(config: Path, landing: Path, *names: str) -> int:
    """Bytes the helper of a warm crawl process received during its second batch of
    ``names`` (the first attaches it); that batch lands as ``again.jsonl``. Skips where a
    process's I/O counts cannot be read (a kernel without them, a locked-down /proc)."""
    try:
        _received_bytes(os.getpid())
    except (OSError, KeyError, ValueError) as e:
        pytest.skip(f"no I/O counts in /proc here ({e})")
    pool = WorkerPool()
    try:
        pid = pool.run(_request(config, landing, "first", *names), TIMEOUT, 50)
        [helper] = buildhelper.helpers_of(pid)
        before = _received_bytes(helper)
        assert pool.run(_request(config, landing, "again", *names), TIMEOUT, 50) == pid
        return _received_bytes(helper) - before
    finally:
        pool.close()


def _body_bytes(urls: list[str]) -> int:
    total = 0
    for url in urls:
        with urllib.request.urlopen(url, timeout=30) as answer:
            total += len(answer.read())
    return total


@pytest.mark.e2e
@pytest.mark.skipif(not buildhelper.wanted({}), reason="the helper needs a second core")
def test_a_warm_crawl_process_sends_its_detail_pages_to_the_helper_to_read(web, tmp_path):
    """The job site's detail pages travel whole to the helper: it receives more bytes than
    the pages hold. Built in the helper but read here, it would receive only the postings,
    which are a part of each page."""
    sample, config = web
    landing = tmp_path / "landing"
    received = _helper_received(config, landing, "jobsite")
    records = [json.loads(line) for line in (landing / "again.jsonl").read_text().splitlines()]
    urls = [r["url"] for r in records if r["record"] == "Posting"]
    assert len(urls) >= 10 and all(u.startswith(sample.base_url) for u in urls)
    pages = _body_bytes(urls)
    assert received > pages, f"the helper received {received} bytes, the pages hold {pages}"


@pytest.mark.e2e
@pytest.mark.skipif(not buildhelper.wanted({}), reason="the helper needs a second core")
def test_a_warm_crawl_process_sends_its_blog_feeds_to_the_helper_to_read(web, tmp_path):
    """Blog posts are not built in the helper, so all it receives in a batch of blog feeds is
    the feeds: at least their first pages' bytes."""
    sample, config = web
    feeds = [s for s in sample.sources() if s["kind"] == "blog-feed"]
    assert len(feeds) >= 2
    landing = tmp_path / "landing"
    received = _helper_received(config, landing, *(s["name"] for s in feeds))
    posts = [
        line for line in (landing / "again.jsonl").read_text().splitlines() if "BlogPost" in line
    ]
    assert len(posts) >= 10
    pages = _body_bytes([s["url"] for s in feeds])
    assert received > pages, f"the helper received {received} bytes, the feeds hold {pages}"
