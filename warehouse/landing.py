"""Reading landing batches: the JSON Lines contract between crawl processes and the warehouse.

A batch is one file ``<batch_id>.jsonl`` in the landing folder (or object storage:
``warehouse.landing_store`` lists and fetches them), written by a crawl process to a
temporary name and renamed when complete, so a file under its final name is always whole.
Each line is ``pipeline.records.to_json`` of a ``Posting``, ``BlogPost`` or ``SourceOutcome``,
tagged by ``record``, and the last line is a ``Batch`` record (batch_id, run_id, started_at,
finished_at). DuckDB's own reader parses the file with the column types below, derived from
the record dataclasses so the two cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from functools import cache
from pathlib import Path

from pipeline import records

_SCALARS: dict[object, str] = {
    str: "VARCHAR",
    float: "DOUBLE",
    int: "BIGINT",
    bool: "BOOLEAN",
    dt.datetime: "TIMESTAMPTZ",
}

BATCH_COLUMNS = {
    "batch_id": "VARCHAR",
    "run_id": "VARCHAR",
    "batch_started_at": "TIMESTAMPTZ",
    "batch_finished_at": "TIMESTAMPTZ",
}


def _sql_type(tp: object) -> str:
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _sql_type(args[0])
    if origin is tuple:
        return _sql_type(typing.get_args(tp)[0]) + "[]"
    if tp in _SCALARS:
        return _SCALARS[tp]
    raise TypeError(f"no SQL type for {tp!r}")


# Both read a record class's type hints (``typing.get_type_hints``: ~5 ms a class), which
# never change in a process; every load asked for them again (~15 ms of a small load).
@cache
def _columns(cls: type) -> tuple[tuple[str, str], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f.name, _sql_type(hints[f.name])) for f in dataclasses.fields(cls))


@cache
def _required(cls: type) -> tuple[str, ...]:
    hints = typing.get_type_hints(cls)
    return tuple(
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
        and type(None) not in typing.get_args(hints[f.name])
    )


def record_columns(cls: type) -> dict[str, str]:
    """Column name -> DuckDB type for a record dataclass."""
    return dict(_columns(cls))


def required_columns(cls: type) -> list[str]:
    """The record's fields that may not be missing: no default, and a type without None.

    A field with a default may be absent from a file written before it was added.
    """
    return list(_required(cls))


RECORDS = {cls.__name__: cls for cls in (records.Posting, records.BlogPost, records.SourceOutcome)}


def landing_columns() -> dict[str, str]:
    """The union of every record's columns: the ``columns=`` given to ``read_json``."""
    cols: dict[str, str] = {"record": "VARCHAR"}
    for cls in (records.Posting, records.BlogPost, records.SourceOutcome):
        for name, sql in record_columns(cls).items():
            if cols.setdefault(name, sql) != sql:
                raise TypeError(f"landing column {name} has two types: {cols[name]} and {sql}")
    cols.update(BATCH_COLUMNS)
    return cols


# ``read_json``'s maximum_object_size: DuckDB's least (16 MB) first. Its reader reads the file
# in buffers of twice this, in parallel: into the load's temporary table a 284 MB batch reads
# 0.03-0.12 s faster than at 64 MB (into a stored table it is slower). A batch with a line past ~32 MB (a source's list of many thousand
# unchanged keys) is read again with the larger one (``warehouse.stage.read``), which
# takes lines to ~128 MB, as every read did before.
LINE_BYTES = 16 * 1024 * 1024
LONGEST_LINE_BYTES = 64 * 1024 * 1024


def read_json_sql(path: Path, max_line: int = LINE_BYTES) -> str:
    """A ``read_json`` table expression for one landing file (path quoted for SQL)."""
    cols = ", ".join(f"'{k}': '{v}'" for k, v in landing_columns().items())
    quoted = str(path).replace("'", "''")
    return (
        f"read_json('{quoted}', format='newline_delimited', columns={{{cols}}}, "
        f"maximum_object_size={max_line})"
    )
