"""A landing posting's content digest (``pipeline.records.record_digest``, migration 0016)
decides whether the load writes a known posting again: it must see every content change the
column comparison saw, and nothing else; a row without a digest on either side is compared
column by column, as before, and then gets one."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pipeline import records
from pipeline.records import Posting, record_digest, to_json
from tests.conftest import NOW, make_posting, outcome, stored, write_batch
from warehouse import db
from warehouse.load import load_batch

LATER = NOW + timedelta(hours=6)
NOT_CONTENT = {"posting_key", "fetched_at", "record_digest"}


def _other(value: Any, hint: Any) -> Any:
    """A value of the field's type that differs from ``value``."""
    kind = hint
    if typing.get_origin(hint) in (typing.Union, types.UnionType):  # X | None
        kind = next(a for a in typing.get_args(hint) if a is not type(None))
    if typing.get_origin(kind) is tuple:
        return (*(value or ()), "Ottawa, ON")
    if kind is bool:
        return not value
    if kind is int:
        return (value or 0) + 1
    if kind is float:
        return (value or 0.0) + 1.5
    if kind is datetime:
        return (value or NOW) + timedelta(days=1)
    return (value or "") + " (changed)"


def test_the_digest_covers_every_content_field_and_nothing_else():
    base = make_posting("1")
    digest = to_json(base)["record_digest"]
    assert isinstance(digest, int) and -(2**63) <= digest < 2**63  # a BIGINT
    hints = typing.get_type_hints(Posting)
    content = [f.name for f in dataclasses.fields(Posting) if f.name not in NOT_CONTENT]
    assert len(content) > 30
    for name in content:
        changed = dataclasses.replace(base, **{name: _other(getattr(base, name), hints[name])})
        assert to_json(changed)["record_digest"] != digest, name
    later = dataclasses.replace(base, fetched_at=LATER, record_digest=12345)
    assert to_json(later)["record_digest"] == digest
    # computed from what lands: a digest set on the record beforehand is not trusted
    assert record_digest(to_json(base)) == digest


def _write_lines(folder: Path, batch_id: str, lines: list[dict[str, Any]]) -> Path:
    """A batch written line by line, as a crawler older than the digest (or one that forged
    it) would: ``write_batch`` always lands what ``to_json`` makes."""
    path = write_batch(folder, batch_id, [outcome(fetched=len(lines))])
    head = "".join(json.dumps(line) + "\n" for line in lines)
    path.write_text(head + path.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def _undigested(posting: Posting) -> dict[str, Any]:
    line = to_json(posting)
    del line["record_digest"]
    return line


def _row(con) -> tuple:
    return stored(con, "hr_category, title, version, record_digest")


def test_a_derived_value_that_changes_is_written_without_a_new_version(tmp_path, db_path):
    # Our rules classify the same ad differently: the fingerprint stays, the digest follows.
    landing = tmp_path / "landing"
    b1 = write_batch(landing, "b1", [make_posting("1"), outcome(fetched=1)])
    moved = make_posting("1", hr_category="talent_acquisition", fetched_at=LATER)
    b2 = write_batch(landing, "b2", [moved, outcome(fetched=1)])
    with db.session(db_path) as con:
        load_batch(con, b1)
        report = load_batch(con, b2)
        category, _, version, digest = _row(con)
    assert (category, version) == ("talent_acquisition", 1)
    assert digest == to_json(moved)["record_digest"]
    assert report.per_source["acme"].unchanged == 1


def test_postings_without_a_digest_are_compared_by_their_columns_then_digested(tmp_path, db_path):
    landing = tmp_path / "landing"
    first = make_posting("1")
    moved = make_posting("1", hr_category="talent_acquisition", fetched_at=LATER)
    with db.session(db_path) as con:
        # landed by a crawler older than the digest: stored without one
        load_batch(con, _write_lines(landing, "b1", [_undigested(first)]))
        assert _row(con)[3] is None
        # the same content, digested: not written again, but its digest is kept
        same = make_posting("1", fetched_at=LATER)
        report = load_batch(con, write_batch(landing, "b2", [same, outcome(fetched=1)]))
        assert report.per_source["acme"].unchanged == 1
        assert _row(con) == ("hr_business_partner", first.title, 1, to_json(same)["record_digest"])
        # a file without digests whose derived value changed: compared, so written again
        load_batch(con, _write_lines(landing, "b3", [_undigested(moved)]))
        assert _row(con) == ("talent_acquisition", first.title, 1, None)
        # and digested again at the next sighting of that content
        load_batch(con, write_batch(landing, "b4", [moved, outcome(fetched=1)]))
        assert _row(con)[3] == to_json(moved)["record_digest"]
        versions = con.execute("SELECT count(*) FROM posting_versions").fetchone()
    assert versions == (1,)


def test_a_new_fingerprint_is_written_even_under_a_stale_digest(tmp_path, db_path):
    # A digest that (wrongly) matches the stored one must not hide a change the fingerprint
    # shows: the fingerprint alone makes a new version and rewrites the row.
    landing = tmp_path / "landing"
    first = make_posting("1")
    retitled = make_posting(
        "1", title="Senior HR Business Partner", fingerprint="v1:other", fetched_at=LATER
    )
    forged = to_json(retitled) | {"record_digest": to_json(first)["record_digest"]}
    with db.session(db_path) as con:
        load_batch(con, write_batch(landing, "b1", [first, outcome(fetched=1)]))
        report = load_batch(con, _write_lines(landing, "b2", [forged]))
        _, title, version, _ = _row(con)
    assert (title, version) == ("Senior HR Business Partner", 2)
    assert report.per_source["acme"].changed == 1


def test_the_digest_is_read_and_stored_as_a_bigint(db_path):
    from warehouse.landing import landing_columns

    assert landing_columns()["record_digest"] == "BIGINT"
    assert set(records._DIGESTED) & NOT_CONTENT == set()
    with db.session(db_path) as con:
        row = con.execute(
            "SELECT data_type FROM information_schema.columns"
            " WHERE table_name = 'postings' AND column_name = 'record_digest'"
        ).fetchone()
    assert row == ("BIGINT",)
