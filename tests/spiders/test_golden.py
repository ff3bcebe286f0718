"""Golden tests of every job kind on saved responses (``tests/data/<kind>/<case>/``).

Each case's body is served by a local server under its real URL path, fetched over HTTP as
the crawler would, and extracted with the kind module; every field of every record, and the
pagination and detail requests, must equal ``expected.json``. A failure lists the fields that
differ by name (``records[0].salary: expected ..., got ...``). ``tests.spiders.golden``
describes the case folders; ``expected.json`` is written by hand from the input, never from
the extractor (``python -m tests.spiders.golden`` only prints the differences to review).
"""

from __future__ import annotations

import json
import urllib.request

import pytest

from tests.spiders.golden import CASE_KINDS, Case, differences, load_cases, run_case
from tests.spiders.server import CaseServer

CASES = load_cases()
CTYPES = {".json": "application/json", ".xml": "application/xml", ".html": "text/html"}


@pytest.fixture(scope="module")
def server():
    routes = {}
    for case in CASES:
        suffix = next(case.folder.glob("input.*")).suffix
        body = case.spec().body or b""
        routes[(case.host, case.method, case.path, body)] = (
            200,
            case.body,
            CTYPES.get(suffix, "text/plain"),
        )
    with CaseServer(routes) as s:
        yield s


def _fetch(server: CaseServer, case: Case) -> bytes:
    spec = case.spec()
    request = urllib.request.Request(
        server.base_url + case.path,
        data=spec.body,
        method=spec.method,
        headers={**dict(spec.headers), "Host": case.host},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_golden_case(server: CaseServer, case: Case) -> None:
    got = run_case(case, _fetch(server, case))
    problems = differences(case.expected(), got)
    assert not problems, f"{case.id}:\n  " + "\n  ".join(problems)


def test_every_job_kind_has_a_golden_case() -> None:
    have = {c.kind for c in CASES}
    assert set(CASE_KINDS) <= have, f"kinds without a golden case: {set(CASE_KINDS) - have}"


def test_expected_files_are_complete_records() -> None:
    # every record in every expected.json names every RawPosting field (no silent omissions)
    from dataclasses import fields

    from pipeline.records import RawPosting

    names = {f.name for f in fields(RawPosting)} - {"source_name"}
    for case in CASES:
        for i, record in enumerate(
            json.loads((case.folder / "expected.json").read_text())["records"]
        ):
            assert set(record) == names, f"{case.id} records[{i}]: fields {set(record) ^ names}"
