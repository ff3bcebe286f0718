"""Golden cases of the feed kinds: ``tests/data/{blog-feed,job-feed}/<case>/``.

Each case folder holds the saved feed (``feed.*``), ``case.json`` (kind, the URL path it is
served under, the file name) and ``expected.json``: the entry count, the next pages, and the
first and last records' fields. The local server's base URL is written as ``http://BASE``.

``python -m tests.feeds.golden`` rewrites every ``expected.json`` from the current code; read
the diff before committing it (a golden file is a reviewed statement of what is right).
"""

from __future__ import annotations

import json
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


def main() -> None:
    for folder in cases():
        summary = extract_case(case_info(folder))
        text = json.dumps(summary, indent=1, ensure_ascii=False) + "\n"
        (folder / "expected.json").write_text(text, encoding="utf-8")
        print(folder.parent.name, folder.name, summary["count"])


if __name__ == "__main__":
    main()
