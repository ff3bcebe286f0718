"""Writing a digest's files and the feed to a folder (``eolist digest`` and the Publish button).

Files: ``<out>/<digest id>.<ext>`` for a published digest and ``<out>/preview-<week>.<ext>``
for one not yet published (so a preview never overwrites what was sent), plus the feed at
its stable path ``<out>/feed.rss`` and ``<out>/feed.atom`` after every publish. Each file is
written to a temporary name and renamed, so a mail tool reading the folder never sees half.

``publish`` (the Publish button and ``eolist digest --publish``) is all-or-nothing: the digest's
rows are written in a transaction, every file (the digest's formats and the feed, rendered from
those rows) is rendered and written to a temporary name, then all are renamed into place (each
file they replace kept aside until the end), and only then is the transaction committed. A
failure at any step rolls the rows back, puts every replaced file back and removes the new
ones: the published lists, the files and the feed stay as they were, and the caller gets one
``PublishError`` line saying what failed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import duckdb

from curation import compose, feed, publishing, render
from curation.compose import Digest
from pipeline.safety import log_safe

EXTENSIONS = {"html": "html", "md": "md", "txt": "txt", "csv": "csv", "json": "json"}


class PublishError(RuntimeError):
    """A publish failed and nothing was published; the message is one line for the user."""


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


def _stage(path: Path, data: str | bytes) -> Path:
    """``data`` written and synced to ``path``'s temporary name; returns that name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        with tmp.open("wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _write(path: Path, data: str | bytes) -> None:
    _stage(path, data).replace(path)


def write_digest(d: Digest, out: Path, formats: Iterable[str]) -> list[Path]:
    stem = d.digest_id or f"preview-{d.week}"
    written = []
    for f in formats:
        if f == "rss":
            continue
        path = out / f"{stem}.{EXTENSIONS[f]}"
        _write(path, render.render(d, f))
        written.append(path)
    return written


def write_feed(con: duckdb.DuckDBPyConnection, out: Path) -> list[Path]:
    paths = [out / "feed.rss", out / "feed.atom"]
    _write(paths[0], feed.rss(con))
    _write(paths[1], feed.atom(con))
    return paths


def publish(
    con: duckdb.DuckDBPyConnection, digest: Digest, now: datetime, out: Path,
    formats: Iterable[str],
) -> tuple[Digest, list[Path]]:  # fmt: skip
    """Publish ``digest`` with its files and the feed, all or nothing (module docstring)."""
    con.execute("BEGIN TRANSACTION")
    try:
        d = dataclasses.replace(
            digest, digest_id=publishing.record(con, digest, now), published_at=now
        )
        files: dict[Path, str | bytes] = {
            out / f"{d.digest_id}.{EXTENSIONS[f]}": render.render(d, f)
            for f in formats
            if f != "rss"
        }
        files[out / "feed.rss"] = feed.rss(con)  # the transaction's own rows: the new entry
        files[out / "feed.atom"] = feed.atom(con)
        swap = _Swap(files)
        try:
            con.execute("COMMIT")
        except BaseException:
            swap.undo()
            raise
        swap.done()
    except compose.DigestError:
        _rollback(con)
        raise
    except Exception as e:
        _rollback(con)
        raise PublishError(f"nothing was published: {log_safe(str(e), 300)}") from e
    _fsync_dir(out)
    return d, list(files)


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):  # a failed COMMIT has already ended it
        con.execute("ROLLBACK")


class _Swap:
    """Files put in place together, and taken back together until ``done``."""

    def __init__(self, files: dict[Path, str | bytes]) -> None:
        self.staged: list[Path] = []
        self.swapped: list[tuple[Path, Path | None]] = []  # (final path, the old file kept)
        try:
            for path, data in files.items():
                self.staged.append(_stage(path, data))
            for path in files:
                kept = None
                if path.exists() or path.is_symlink():
                    kept = path.with_name(f".{path.name}.prev")
                    _keep_aside(path, kept)
                self.swapped.append((path, kept))
                _tmp(path).replace(path)
        except BaseException:
            self.undo()
            raise

    def undo(self) -> None:
        """Each replaced file back, each new one removed, no temporary file left."""
        for path, kept in reversed(self.swapped):
            if kept is not None:
                kept.replace(path)
            else:
                path.unlink(missing_ok=True)
        for tmp in self.staged:
            tmp.unlink(missing_ok=True)

    def done(self) -> None:
        """Committed: the old files are not needed any more."""
        for _, kept in self.swapped:
            if kept is not None:
                kept.unlink(missing_ok=True)


def _keep_aside(path: Path, kept: Path) -> None:
    kept.unlink(missing_ok=True)  # left by a publish that crashed
    try:
        os.link(path, kept)  # the same file under a second name: no copy, and atomic
    except OSError:
        if path.is_dir():
            raise
        shutil.copy2(path, kept)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
