"""Golden cases of the kind modules: ``tests/data/<kind>/<case>/``, one folder a case.

A case folder holds:

* ``input.<ext>`` — the saved response body (a real capture from ``shared/corpus`` unless the
  kind's ``README.md`` says it is hand-made in the real format);
* ``url.txt`` — the real URL it was served at (the test server serves it under that path);
* ``request.json`` (optional) — the POSTed JSON body (Workday's paging is by POST);
* ``case.toml`` (optional) — ``role = "detail"`` for a detail page; ``[selectors]`` for the
  ``html`` kind (as in sources.toml); ``[headers]`` that the request carried (Taleo's
  ``Referer`` names the career section its follow-up requests belong to); ``[carry]`` for
  what the listing handed to this page's request (``RequestSpec.carry``: GC Jobs' list row);
* ``expected.json`` — ``{"records": [...], "next": [...], "details": [...]}``: every field of
  every record, and the requests the page leads to.

``expected.json`` is written by hand, by reading the input: it is the spec, and a golden copied
from the extractor's output only freezes the extractor's mistakes (issue 15: a feed date read as
"the 1st of this month" was recorded that way and broke when the month changed).
``python -m tests.spiders.golden [kind/case ...]`` prints, for a human to review, where the
current extractor differs from each ``expected.json``; it never writes one.
"""

from __future__ import annotations

import json
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pipeline.records import to_json
from pipeline.sources import SourceConfig
from spiders.kinds import RequestSpec, module_for
from spiders.protocol import read_page

DATA = Path(__file__).resolve().parents[1] / "data"
CASE_KINDS = ("greenhouse", "lever", "ashby", "smartrecruiters", "workable", "recruitee",
              "personio", "teamtailor", "workday", "jsonld", "html",
              "jobvite", "bamboohr", "pinpoint", "breezy")  # fmt: skip
CASE_KINDS += ("successfactors", "taleo", "icims")
CASE_KINDS += ("gc-jobs",)
CASE_KINDS += ("oracle-recruiting", "ultipro", "adp", "dayforce")
CASE_KINDS += ("jazzhr", "comeet", "rippling", "paylocity")


@dataclass
class Case:
    kind: str
    name: str
    folder: Path
    url: str
    body: bytes
    request_body: bytes | None = None
    role: str = "listing"
    selectors: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)  # case.toml [headers]: sent as-is
    carry: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.kind}/{self.name}"

    @property
    def path(self) -> str:
        parts = urlsplit(self.url)
        return parts.path + ("?" + parts.query if parts.query else "")

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc

    @property
    def method(self) -> str:
        return "POST" if self.request_body is not None else "GET"

    def spec(self) -> RequestSpec:
        extra = tuple(self.headers.items())
        if self.request_body is None:
            return RequestSpec(self.url, headers=extra, carry=tuple(sorted(self.carry.items())))
        spec = RequestSpec.post_json(self.url, json.loads(self.request_body))
        return RequestSpec(spec.url, spec.method, spec.body, spec.headers + extra)

    def source(self) -> SourceConfig:
        return SourceConfig(name=f"golden-{self.kind}", kind=self.kind, url=self.url,
                            selectors=self.selectors)  # fmt: skip

    def expected(self) -> dict[str, Any]:
        return json.loads((self.folder / "expected.json").read_text(encoding="utf-8"))


def load_cases() -> list[Case]:
    out = []
    for kind in CASE_KINDS:
        for folder in sorted((DATA / kind).glob("*/")):
            inputs = sorted(folder.glob("input.*"))
            if not inputs:
                continue
            extra = tomllib.loads((folder / "case.toml").read_text()) if (
                folder / "case.toml").exists() else {}  # fmt: skip
            request = folder / "request.json"
            out.append(
                Case(
                    kind=kind,
                    name=folder.name,
                    folder=folder,
                    url=(folder / "url.txt").read_text(encoding="utf-8").strip(),
                    body=inputs[0].read_bytes(),
                    request_body=request.read_bytes() if request.exists() else None,
                    role=extra.get("role", "listing"),
                    selectors=extra.get("selectors", {}),
                    headers=extra.get("headers", {}),
                    carry=extra.get("carry", {}),
                )
            )
    return out


def _spec_json(spec: RequestSpec) -> Any:
    if spec.method == "GET" and spec.body is None:
        return spec.url
    out = {"url": spec.url, "method": spec.method, "body": json.loads(spec.body or b"null")}
    extra = {k: v for k, v in spec.headers if k not in ("Content-Type", "Accept")}
    if extra:  # headers a kind must send beyond JSON's own (Taleo's tz, Referer)
        out["headers"] = extra
    return out


def run_case(case: Case, body: bytes) -> dict[str, Any]:
    """What the kind module makes of ``body`` fetched for ``case``: the expected.json shape."""
    module = module_for(case.kind)
    records, follow, details = read_page(
        module, case.source(), case.spec(), case.role, case.url, body
    )
    rows = []
    for record in records:
        row = to_json(record)
        del row["record"], row["source_name"]
        rows.append(row)
    return {
        "records": rows,
        "next": [_spec_json(s) for s in follow],
        "details": [_spec_json(s) for s in details],
    }


def differences(expected: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """One line per field that differs, named ``records[i].field`` (or next / details)."""
    out = []
    want, have = expected["records"], got["records"]
    if len(want) != len(have):
        out.append(f"records: expected {len(want)}, got {len(have)}")
    for i, (w, h) in enumerate(zip(want, have, strict=False)):
        for name in sorted(set(w) | set(h)):
            if w.get(name) != h.get(name):
                out.append(f"records[{i}].{name}: expected {w.get(name)!r}, got {h.get(name)!r}")
    for key in ("next", "details"):
        if expected.get(key, []) != got[key]:
            out.append(f"{key}: expected {expected.get(key)!r}, got {got[key]!r}")
    return out


def main(argv: list[str]) -> int:
    """Print each case's differences from its ``expected.json``; exit 1 when any differ."""
    wanted = set(argv)
    differing = 0
    for case in load_cases():
        if wanted and case.id not in wanted:
            continue
        if not (case.folder / "expected.json").exists():
            print(f"{case.id}: no expected.json (write it by reading {case.folder.name}/input.*)")
            differing += 1
            continue
        problems = differences(case.expected(), run_case(case, case.body))
        if problems:
            differing += 1
            print(f"{case.id}:\n  " + "\n  ".join(problems))
    print(f"{differing} case(s) differ from their expected.json")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
