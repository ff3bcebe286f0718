"""Every ATS kind counts a listing entry it cannot read, and still reads the others (issue 16).

Each row breaks one entry of a kind's golden listing page (the rest of the page as captured
or hand-made in the real format: ``tests/data/<kind>/<case>``): its id, link or title is
removed or made into something that is not one. The kind must then lead to every other entry
(a record or a detail request, as ``expected.json`` lists them) and say it skipped exactly one
(``skipped``, which the crawler shows in the source's outcome and which makes the listing
incomplete, so nothing closes). Before, one such entry failed the whole source every crawl.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.spiders.golden import Case, load_cases
from tests.spiders.skips import read_with_skips

CASES = {c.id: c for c in load_cases()}


def _json(path: tuple[Any, ...], key: str, value: Any = None) -> Callable[[bytes], bytes]:
    """Set (or, for ``None``, remove) ``key`` of the first entry of the list at ``path``."""

    def mutate(body: bytes) -> bytes:
        data = json.loads(body)
        entries = data
        for step in path:
            entries = entries[step]
        if value is None:
            del entries[0][key]
        else:
            entries[0][key] = value
        return json.dumps(data).encode()

    return mutate


def _replace(old: str, new: str) -> Callable[[bytes], bytes]:
    """Replace every copy of ``old`` (an entry's link, which some pages show twice)."""

    def mutate(body: bytes) -> bytes:
        assert old.encode() in body, old
        return body.replace(old.encode(), new.encode())

    return mutate


# case -> how one entry is made unreadable (each read off the case's input)
BROKEN: dict[str, Callable[[bytes], bytes]] = {
    "successfactors/search-first-page": _replace(
        'href="/job/Toronto-Human-Resources-Advisor-ON-M5H-2N2/1104500100/"',
        'href="/careers/about"',
    ),
    "taleo/tbe-search-first-page": _replace("rid=1230", "rid=none"),
    "taleo/enterprise-search-first-page": _json(("requisitionList",), "contestNo"),
    "icims/list-first-page": _replace("/jobs/4410/human-resources-coordinator/job", "/jobs/intro"),
    "jobvite/search-first-page": _replace(
        'href="/lakeshorehealth/job/oLh00000Z"', 'href="/othercompany/job/oLh00000Z"'
    ),
    "bamboohr/list": _json(("result",), "id"),
    "breezy/list": _json((), "url"),
    "pinpoint/board": _json(("data",), "title"),
    "gc-jobs/results-first-page": _replace("poster=2390114", "poster=abc"),
    "oracle-recruiting/list-last-page": _json(("items", 0, "requisitionList"), "Id", "../1"),
    "ultipro/search-first-page": _json(("opportunities",), "Id"),
    "adp/list-first-page": _json(("jobRequisitions",), "requisitionTitle"),
    "dayforce/feed": _json((), "JobDetailsUrl", "/jobs/1"),
}


def _read(case: Case, body: bytes) -> tuple[int, int]:
    """(records plus detail requests, entries skipped) of ``body`` fetched for ``case``."""
    records, details, skips = read_with_skips(case.kind, case.spec(), body, case.role)
    return len(records) + len(dict.fromkeys(details)), sum(n for _, n in skips)


def test_every_ats_kind_has_a_row() -> None:
    kinds = {"successfactors", "taleo", "icims", "jobvite", "bamboohr", "breezy", "pinpoint",
             "gc-jobs", "oracle-recruiting", "ultipro", "adp", "dayforce"}  # fmt: skip
    assert {name.split("/")[0] for name in BROKEN} == kinds


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_one_unreadable_entry_is_skipped_and_the_rest_read(name: str) -> None:
    case = CASES[name]
    expected = case.expected()
    whole = len(expected["records"]) + len(expected["details"])
    assert whole >= 2, "the case needs a good entry besides the broken one"
    assert _read(case, case.body) == (whole, 0)  # the golden page as it is: nothing skipped
    assert _read(case, BROKEN[name](case.body)) == (whole - 1, 1)
