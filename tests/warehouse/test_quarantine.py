"""A landing batch the loader refuses is set aside and recorded; the batches after it load.

Each bad file here is one way a landing file can be refused whole: not JSON Lines, cut short
(no Batch record), a value of the wrong type, a posting without its key.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.conftest import NOW, make_posting, outcome, write_batch
from warehouse import db, quarantine
from warehouse.load import load_pending


def _in_order(landing: Path, *names: str) -> None:
    """Landing files load oldest first (by mtime): give them a known order."""
    for i, name in enumerate(names):
        stamp = 1_700_000_000 + i
        os.utime(landing / f"{name}.jsonl", (stamp, stamp))


def _bad_batches(landing: Path) -> dict[str, str]:
    """Four refused files, each named for its fault -> the words its reason must hold."""
    good_line = json.dumps({"record": "Posting", "source_name": "gamma", "posting_key": "g:1"})
    (landing / "b-malformed.jsonl").write_text(good_line + '\n{"record": "Posting", "title": \n')
    (landing / "b-cut.jsonl").write_text(
        json.dumps({"record": "SourceOutcome", "source_name": "delta"}) + "\n"
    )
    write_batch(landing, "b-type", [outcome("eps")])
    lines = (landing / "b-type.jsonl").read_text().splitlines()
    lines[0] = lines[0].replace('"pages": 1', '"pages": "many"')
    (landing / "b-type.jsonl").write_text("\n".join(lines) + "\n")
    write_batch(landing, "b-nokey", [make_posting("9", source="zeta"), outcome("zeta")])
    text = (
        (landing / "b-nokey.jsonl")
        .read_text()
        .replace('"posting_key": "zeta:9"', '"posting_key": null')
    )
    (landing / "b-nokey.jsonl").write_text(text)
    return {
        "b-malformed": "not readable JSON Lines",
        "b-cut": "no closing Batch record",
        "b-type": "not readable JSON Lines",
        "b-nokey": "Posting records missing fields: 1 without posting_key",
    }


def test_refused_batches_are_set_aside_and_the_rest_load(tmp_path, db_path):
    landing = tmp_path / "landing"
    write_batch(landing, "b1", [make_posting("1"), outcome(fetched=1)])
    bad = _bad_batches(landing)
    write_batch(landing, "b9", [make_posting("2", source="beta"), outcome("beta", fetched=1)])
    _in_order(landing, "b1", *bad, "b9")

    reports = load_pending(db_path, landing, now=NOW)

    assert [r.batch_id for r in reports] == ["b1", *bad, "b9"]
    assert [r.batch_id for r in reports if r.quarantined] == list(bad)
    assert not any(r.stopped for r in reports)
    assert sorted(p.name for p in landing.glob("*.jsonl")) == ["b1.jsonl", "b9.jsonl"]
    assert sorted(p.stem for p in (landing / "quarantine").iterdir()) == sorted(bad)
    with db.session(db_path, read_only=True) as con:
        assert con.execute("SELECT posting_key FROM postings ORDER BY 1").fetchall() == [
            ("acme:1",),
            ("beta:2",),
        ]
        rows = {q.batch_id: q for q in quarantine.listed(con)}
        loaded = con.execute("SELECT batch_id FROM landing_batches ORDER BY 1").fetchall()
    assert loaded == [("b1",), ("b9",)]
    for batch_id, words in bad.items():
        q = rows[batch_id]
        assert words in q.reason, q.reason
        assert q.path == str(landing / "quarantine" / f"{batch_id}.jsonl")
        assert "\n" not in q.line() and str(landing) not in q.reason  # one line, path once
    assert rows["b-malformed"].source_names == ("gamma",)  # read from the lines that parse
    assert rows["b-cut"].source_names == ("delta",)
    assert rows["b-nokey"].source_names == ("zeta",)
    assert load_pending(db_path, landing, now=NOW) == []  # set aside: not tried again


def test_a_mended_batch_moved_back_loads_and_leaves_the_quarantine(tmp_path, db_path):
    landing = tmp_path / "landing"
    path = write_batch(landing, "b1", [make_posting("1"), outcome(fetched=1)])
    whole = path.read_text()
    path.write_text(whole.splitlines()[0] + "\n")  # cut short: no Batch record
    [report] = load_pending(db_path, landing, now=NOW)
    assert report.quarantined and "incomplete" in report.quarantined.reason
    (landing / "quarantine" / "b1.jsonl").unlink()
    path.write_text(whole)  # the operator mends it and moves it back
    [again] = load_pending(db_path, landing, now=NOW)
    assert again.quarantined is None and again.postings == 1
    with db.session(db_path, read_only=True) as con:
        assert quarantine.listed(con) == []
