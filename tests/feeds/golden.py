"""Golden cases of the feed kinds: ``tests/data/{blog-feed,job-feed}/<case>/``.

Each case folder holds the saved feed (``feed.*``), ``case.json`` (kind, the URL path it is
served under, the file name) and ``expected.json``: the entry count, the next pages, and the
first and last records' fields. The local server's base URL is written as ``http://BASE``.

``expected.json`` is written by hand, by reading the feed: a golden copied from the code's output
only freezes the code's mistakes (issue 15: "2020/1/10 14:33:00" was recorded as feedparser's
"the 1st of this month" and the test broke when the month changed). ``python -m
tests.feeds.golden [blog-feed/case ...]`` prints, for a human to review, where the current code
differs from each ``expected.json``; it never writes one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pipeline.records import to_json
from spiders import feeds, jobfeed

DATA = Path(__file__).resolve().parents[1] / "data"
BASE = "http://BASE"
BLOG_FIELDS = ("entry_key", "guid", "url", "title", "author", "published_at", "updated_at",
               "tags", "blog_title")  # fmt: skip
JOB_FIELDS = ("url", "title", "external_id", "company", "locations", "description_html",
              "salary", "salary_origin", "employment_type", "department", "posted_at",
              "valid_through", "apply_url")  # fmt: skip
TEXT_PREFIX = 100


def cases() -> list[Path]:
    return sorted(p.parent for p in DATA.glob("*-feed/*/case.json"))


def case_info(folder: Path) -> dict[str, Any]:
    info = json.loads((folder / "case.json").read_text())
    info["body"] = (folder / info["file"]).read_bytes()
    info["name"] = f"{folder.parent.name}/{folder.name}"
    return info


def record_view(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    """The compared fields of one landed or extracted record (a ``to_json`` dict)."""
    if kind == "blog-feed":
        out = {f: record[f] for f in BLOG_FIELDS}
        out["summary_text"] = (record["summary_text"] or "")[:TEXT_PREFIX]
        out["content_text"] = (record["content_text"] or "")[:TEXT_PREFIX]
        return out
    out = {f: record[f] for f in JOB_FIELDS}
    out["description_html"] = (out["description_html"] or "")[:TEXT_PREFIX]
    return out


def summarize(kind: str, records: list[dict[str, Any]], next_pages: list[str]) -> dict[str, Any]:
    return {
        "count": len(records),
        "distinct_keys": len({r.get("entry_key") or r.get("url") for r in records}),
        "next_pages": next_pages,
        "first": record_view(kind, records[0]) if records else None,
        "last": record_view(kind, records[-1]) if records else None,
    }


def extract_case(info: dict[str, Any], base: str = BASE) -> dict[str, Any]:
    module = feeds if info["kind"] == "blog-feed" else jobfeed
    url = base + info["path"]
    records = [to_json(r) for r in module.extract(url, info["body"])]
    return summarize(info["kind"], records, module.next_pages(url, info["body"]))


def debase(value: Any, base: str) -> Any:
    """The server's base URL replaced by ``http://BASE`` everywhere in a JSON value."""
    return json.loads(json.dumps(value).replace(base, BASE))


def differences(want: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """One line per compared value that differs: ``count``, ``first.published_at`` ..."""
    out = []
    for key in ("count", "distinct_keys", "next_pages"):
        if got.get(key) != want.get(key):
            out.append(f"{key}: expected {want.get(key)!r}, got {got.get(key)!r}")
    for which in ("first", "last"):
        w, g = want.get(which), got.get(which)
        if w is None or g is None:
            if w != g:
                out.append(f"{which}: expected {w!r}, got {g!r}")
            continue
        for name in sorted(set(w) | set(g)):
            if w.get(name) != g.get(name):
                out.append(f"{which}.{name}: expected {w.get(name)!r}, got {g.get(name)!r}")
    return out


def main(argv: list[str]) -> int:
    """Print each case's differences from its ``expected.json``; exit 1 when any differ."""
    wanted = set(argv)
    differing = 0
    for folder in cases():
        info = case_info(folder)
        if wanted and info["name"] not in wanted:
            continue
        target = folder / "expected.json"
        if not target.exists():
            print(f"{info['name']}: no expected.json (write it by reading {info['file']})")
            differing += 1
            continue
        want = json.loads(target.read_text(encoding="utf-8"))
        problems = differences(want, extract_case(info))
        if problems:
            differing += 1
            print(f"{info['name']}:\n  " + "\n  ".join(problems))
    print(f"{differing} case(s) differ from their expected.json")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
