"""docs/warehouse.md is the analyst's schema: it must say exactly what the database holds.

Every table and view of a freshly migrated database (all migrations, whoever wrote them) must
have a section in the doc with one row per column and the column's type, and a ``COMMENT ON``
in its migration; the doc's example queries must run.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from tests.conftest import make_posting, outcome, write_batch
from warehouse import db
from warehouse.load import load_batch

DOC = Path(__file__).resolve().parents[2] / "docs" / "warehouse.md"
HOW = (
    "A migration that adds or changes a table, view or column must COMMENT ON each of them and "
    "update docs/warehouse.md: a section '### `name` (table)' or '(view)' with one row "
    "'| `column` | TYPE | meaning |' per column, types as duckdb_columns().data_type shows them. `python -m tests.warehouse.test_docs NAME`"
    " prints that section from the migrated database's comments."
)
SECTION = re.compile(r"^### `(\w+)` \((table|view)\)\s*$")
ROW = re.compile(r"^\| `(\w+)` \| ([^|]+?) \| (.+?) \|\s*$")
SAME_AS = re.compile(r"^Columns: every column of `(\w+)`\.\s*$")


def documented() -> dict[str, tuple[str, dict[str, tuple[str, str]] | str]]:
    """name -> (kind, {column: (type, meaning)}), or (kind, other table) for 'same columns as'."""
    out: dict[str, tuple[str, dict[str, tuple[str, str]] | str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if m := SECTION.match(line):
            current = m.group(1)
            out[current] = (m.group(2), {})
        elif current and (m := SAME_AS.match(line)):
            out[current] = (out[current][0], m.group(1))
        elif current and (m := ROW.match(line)):
            cols = out[current][1]
            assert isinstance(cols, dict)
            cols[m.group(1)] = (m.group(2).strip(), m.group(3).strip())
    return out


def actual(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, dict[str, tuple[str, str]]]]:
    out: dict[str, tuple[str, dict[str, tuple[str, str]]]] = {}
    kinds = con.execute(
        "SELECT table_name, 'table' FROM duckdb_tables() WHERE NOT temporary"
        " UNION ALL SELECT view_name, 'view' FROM duckdb_views() WHERE NOT internal"
        " AND NOT temporary"
    ).fetchall()
    for name, kind in kinds:
        cols = con.execute(
            "SELECT column_name, data_type, coalesce(comment, '') FROM duckdb_columns()"
            " WHERE table_name = ? AND NOT internal ORDER BY column_index",
            [name],
        ).fetchall()
        out[name] = (kind, {c: (t, cm) for c, t, cm in cols})
    return out


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    path = tmp_path_factory.mktemp("docs") / "w.duckdb"
    con = db.connect(path)
    yield con
    con.close()


def test_every_table_view_and_column_is_documented_with_its_type(fresh):
    doc, db_objects = documented(), actual(fresh)
    problems = []
    for name in sorted(set(db_objects) - set(doc)):
        problems.append(f"{db_objects[name][0]} {name} is not in docs/warehouse.md")
    for name in sorted(set(doc) - set(db_objects)):
        problems.append(f"docs/warehouse.md documents {name}, which the database does not have")
    for name in sorted(set(doc) & set(db_objects)):
        kind, cols = db_objects[name]
        doc_kind, doc_cols = doc[name]
        if doc_kind != kind:
            problems.append(f"{name} is a {kind}, the doc says {doc_kind}")
        if isinstance(doc_cols, str):
            if doc_cols not in db_objects or set(db_objects[doc_cols][1]) != set(cols):
                problems.append(f"{name}: its columns are not those of {doc_cols}")
            continue
        for col in cols.keys() - doc_cols.keys():
            problems.append(f"{name}.{col} ({cols[col][0]}) is not in docs/warehouse.md")
        for col in doc_cols.keys() - cols.keys():
            problems.append(f"docs/warehouse.md documents {name}.{col}, which does not exist")
        for col in cols.keys() & doc_cols.keys():
            if cols[col][0] != doc_cols[col][0]:
                problems.append(
                    f"{name}.{col} is {cols[col][0]}, docs/warehouse.md says {doc_cols[col][0]}"
                )
            if not doc_cols[col][1]:
                problems.append(f"{name}.{col} has no meaning in docs/warehouse.md")
    assert not problems, "\n".join(problems) + "\n" + HOW


def test_every_table_view_and_column_has_a_comment(fresh):
    missing = [
        f"{t}.{c}"
        for t, c in fresh.execute(
            "SELECT table_name, column_name FROM duckdb_columns()"
            " WHERE NOT internal AND coalesce(comment, '') = ''"
        ).fetchall()
    ]
    missing += fresh.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT temporary AND coalesce(comment, '') = ''"
        " UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal AND NOT temporary"
        " AND coalesce(comment, '') = ''"
    ).fetchall()
    assert not missing, f"no COMMENT ON for: {missing}\n{HOW}"


def test_each_view_has_an_example_and_every_example_runs(tmp_path, db_path):
    text = DOC.read_text(encoding="utf-8")
    examples = re.findall(r"```sql\n(.*?)```", text, re.S)
    views = ["open_jobs", "hr_jobs_weekly", "salaries", "job_pay", "time_to_close", "employers"]
    views.append("source_health")
    for view in views:
        assert any(re.search(rf"\bFROM {view}\b", q) for q in examples), f"no example for {view}"
    batch = write_batch(
        tmp_path / "landing", "b1", [make_posting("1"), make_posting("2"), outcome(fetched=2)]
    )
    with db.session(db_path) as con:
        load_batch(con, batch)
    with db.session(db_path, read_only=True) as con:
        for q in examples:
            con.execute(q).fetchall()


def section(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """The doc section for one table or view, from the database's comments."""
    kind, cols = actual(con)[name]
    row = con.execute(
        "SELECT comment FROM duckdb_tables() WHERE table_name = ?"
        " UNION ALL SELECT comment FROM duckdb_views() WHERE view_name = ?",
        [name, name],
    ).fetchone()
    about = (row[0] or "") if row else ""
    lines = [f"### `{name}` ({kind})", "", about[:1].upper() + about[1:] + ".", ""]
    lines += ["| column | type | meaning |", "|---|---|---|"]
    lines += [f"| `{c}` | {t} | {cm} |" for c, (t, cm) in cols.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    with duckdb.connect() as con:
        db.migrate(con)
        for arg in sys.argv[1:]:
            print(section(con, arg))
