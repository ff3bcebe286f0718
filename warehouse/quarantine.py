"""Setting aside a landing batch the loader refuses, so the batches after it still load.

A batch is loaded whole or not at all (``warehouse.load``), so a file that cannot be read (not
JSON Lines, no closing Batch record, a value no column can hold) is refused whole. Left in
place it would be tried first by every later load and stop it; instead it is recorded in
``quarantined_batches`` (why, which sources it held) and moved to ``<landing>/quarantine/``,
where it is kept for the operator. Moving it back to the landing folder loads it again (its
row goes when it loads).

The quarantine folder is inside the landing folder rather than beside it: the landing folder
may be a mount of shared storage (docs/scaling.md), and a rename stays atomic only within one
file system. ``warehouse.landing_store`` never lists this subfolder as pending.

The record is written before the file moves: a move that fails (the file gone, a read-only
share) leaves the batch pending and recorded, and the next load tries again; the other order
could leave a file set aside that nobody was told about.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

QUARANTINE_DIR = "quarantine"
# Source names are read from the raw lines with a pattern, not a JSON parser: the file is
# broken by definition (a line may not parse, or nest deeply enough to exhaust the stack).
_SOURCE_NAME = re.compile(rb'"source_name"\s*:\s*"((?:[^"\\]|\\.){1,200})"')
_MAX_NAMES = 200


@dataclass(frozen=True)
class Quarantined:
    batch_id: str
    path: str  # where the file is now
    reason: str
    source_names: tuple[str, ...]

    def line(self) -> str:
        """The one line a person reads: which batch, why, where it is, whose data it held."""
        sources = ", ".join(self.source_names) or "none readable"
        return (
            f"landing batch {self.batch_id} (sources: {sources}) was not loaded: it {self.reason};"
            f" set aside in {self.path}"
        )


def sources_named(path: Path) -> tuple[str, ...]:
    """The source names the file's lines mention, in order of first mention (at most 200)."""
    names: dict[str, None] = {}
    try:
        with path.open("rb") as fh:
            for raw in fh:
                for m in _SOURCE_NAME.finditer(raw):
                    try:
                        names.setdefault(json.loads(b'"' + m.group(1) + b'"'), None)
                    except ValueError:
                        continue
                if len(names) >= _MAX_NAMES:
                    break
    except OSError:
        pass
    return tuple(names)


def set_aside(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    reason: str,
    now: datetime,
    move: Callable[[], str] | None = None,
    origin: str | None = None,
) -> Quarantined:
    """Record the batch as quarantined, then move its file to the quarantine folder.

    ``path`` is a local copy when the batch is kept in object storage: ``move`` then moves
    the stored batch (``warehouse.landing_store``) and returns where it went, and
    ``origin`` is where it was.
    """
    origin = origin or str(path)
    folder = path.parent / QUARANTINE_DIR
    target: Path | str = folder / path.name
    reason = " ".join(reason.split())
    names = sources_named(path)
    try:
        size: int | None = path.stat().st_size
    except OSError:
        size = None
    record = "INSERT OR REPLACE INTO quarantined_batches VALUES (?, ?, ?, ?, ?, ?, ?)"
    con.execute(record, [path.stem, str(target), origin, reason, list(names), size, now])
    try:
        if move is not None:
            target = move()
            con.execute(record, [path.stem, target, origin, reason, list(names), size, now])
        else:
            folder.mkdir(exist_ok=True)
            os.replace(path, target)  # quarantined before under this name: the same batch
            _fsync_dir(path.parent)
    except OSError as e:
        # Still recorded (the operator sees it); left in place, the next load tries it again.
        target = origin
        reason += f" (could not be moved aside: {e.strerror}; the next load tries it again)"
        con.execute(record, [path.stem, origin, origin, reason, list(names), size, now])
    return Quarantined(path.stem, str(target), reason, names)


def _fsync_dir(folder: Path) -> None:
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def listed(con: duckdb.DuckDBPyConnection) -> list[Quarantined]:
    """Batches set aside and not loaded since, oldest first (none on a database without the
    table: a read-only open of a warehouse older than migration 0006)."""
    try:
        rows = con.execute(
            "SELECT batch_id, path, reason, source_names FROM quarantined_batches"
            " ORDER BY quarantined_at, batch_id"
        ).fetchall()
    except duckdb.CatalogException:
        return []
    return [Quarantined(b, p, r, tuple(s)) for b, p, r, s in rows]
