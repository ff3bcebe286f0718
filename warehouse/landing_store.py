"""The landing location as the loader sees it: a local folder or object storage, through fsspec.

``open_store(location)`` takes what ``EOLIST_LANDING`` holds: a path (``data/landing``) or a URL
(``s3://bucket/eolist/landing``; any fsspec protocol whose backend is installed). The store
lists complete batches, hands each to the loader as a local file, sets a refused one aside and
prunes loaded ones; "loaded" itself is ``landing_batches`` in the warehouse, written in the
load's own transaction (``warehouse.load``).

What is a batch: ``<root>/<batch_id>.jsonl``, or one level down, ``<root>/<prefix>/<id>.jsonl``,
so crawl machines may each write under a prefix of their own (``…/landing/worker-a``) and one
load reads them all. Names starting with a dot are temporary (a batch still being written or
published, ``spiders.landing_out``) and never read; ``quarantine/`` holds batches set aside.

Local folders keep their old, tested behaviour: files are read in place and set aside with an
atomic rename. Remote batches are downloaded to a temporary file for DuckDB's JSON reader
(DuckDB would need the ``httpfs`` extension to read ``s3://`` itself, and eolist never
downloads extensions), and set aside by a copy then delete (fsspec's ``mv``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import fsspec
from fsspec.implementations.local import LocalFileSystem

from warehouse.errors import WarehouseError

QUARANTINE_DIR = "quarantine"
SUFFIX = ".jsonl"


@dataclass(frozen=True)
class StoredBatch:
    batch_id: str
    path: str  # in the store's filesystem (a local path for a folder)
    url: str  # what a person reads, and what landing_batches.path records
    modified: float  # epoch seconds
    size: int


def is_remote(location: str | os.PathLike[str]) -> bool:
    """True for a URL of a filesystem other than the local one (``s3://``, ``gs://``, …)."""
    text = str(location)
    return "://" in text and not text.startswith("file://")


class LandingStore:
    """One landing location; methods never raise for a batch removed by another loader."""

    def __init__(self, fs: Any, root: str, url: str) -> None:
        self.fs = fs
        self.root = root.rstrip("/") or "/"
        self.url = url.rstrip("/")
        self.local = isinstance(fs, LocalFileSystem)

    def _url(self, path: str) -> str:
        if self.local:
            return path
        return self.url + path[len(self.root) :]

    def batches(self) -> list[StoredBatch]:
        """Every complete batch in the store (loaded or not), oldest first."""
        try:
            found = self.fs.find(self.root, maxdepth=2, detail=True)
        except FileNotFoundError:
            return []
        out = []
        for path, info in found.items():
            rel = path[len(self.root) :].lstrip("/")
            parts = rel.split("/")
            name = parts[-1]
            if (
                info.get("type") != "file"
                or not name.endswith(SUFFIX)
                or name.startswith(".")
                or (len(parts) > 1 and parts[0] in (QUARANTINE_DIR,))
                or any(p.startswith(".") for p in parts[:-1])
            ):
                continue
            stem = name[: -len(SUFFIX)]
            out.append(StoredBatch(stem, path, self._url(path), modified(info), _size(info)))
        return sorted(out, key=lambda b: (b.modified, b.batch_id))

    def pending(self, loaded: set[str]) -> list[StoredBatch]:
        """Complete batches not loaded yet, oldest first."""
        return [b for b in self.batches() if b.batch_id not in loaded]

    def exists(self, batch: StoredBatch) -> bool:
        return bool(self.fs.exists(batch.path))

    @contextlib.contextmanager
    def local_copy(self, batch: StoredBatch) -> Iterator[Path]:
        """The batch as a local file named ``<batch_id>.jsonl`` (itself, for a folder)."""
        if self.local:
            yield Path(batch.path)
            return
        scratch = Path(tempfile.mkdtemp(prefix="eolist-load-"))
        try:
            target = scratch / f"{batch.batch_id}{SUFFIX}"
            self.fs.get_file(batch.path, str(target))
            yield target
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def set_aside(self, batch: StoredBatch) -> str:
        """Move a refused remote batch to ``<root>/quarantine/``; where it is now."""
        target = f"{self.root}/{QUARANTINE_DIR}/{batch.batch_id}{SUFFIX}"
        try:
            self.fs.mv(batch.path, target)
        except OSError:
            raise
        except Exception as e:  # the backend's own errors: one line, as a disk's would be
            raise OSError(f"{type(e).__name__}: {e}") from e
        return self._url(target)

    def remove(self, path: str) -> None:
        self.fs.rm_file(path)

    def leftovers(self) -> list[tuple[str, float]]:
        """Temporary dot-names (``.<id>.jsonl.tmp``) and heartbeats, with their modification time."""
        try:
            found = self.fs.find(self.root, maxdepth=2, detail=True)
        except FileNotFoundError:
            return []
        return [
            (path, modified(info))
            for path, info in found.items()
            if info.get("type") == "file" and _leftover(path.rsplit("/", 1)[-1])
        ]

    def check_writable(self) -> None:
        """Write and remove a probe, so a location eolist cannot write is refused at start."""
        probe = f"{self.root}/.eolist-probe-{uuid.uuid4().hex[:8]}"
        try:
            if self.local:
                self.fs.makedirs(self.root, exist_ok=True)
            self.fs.pipe_file(probe, b"")
            self.fs.rm_file(probe)
        except Exception as e:
            raise WarehouseError(
                f"landing location {self.url} cannot be written: {type(e).__name__}: {e}"
            ) from e


def _leftover(name: str) -> bool:
    """A dead writer's temporary batch, or a heartbeat (``ops.batches``) left behind."""
    return (name.startswith(".") and name.endswith(".jsonl.tmp")) or name.endswith(".alive")


def modified(info: dict[str, Any]) -> float:
    """Modification time from a listing: ``mtime`` (local), ``LastModified`` (S3), …"""
    for key in ("mtime", "LastModified", "last_modified", "updated", "created"):
        value = info.get(key)
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, datetime):
            return value.timestamp()
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    return 0.0


def _size(info: dict[str, Any]) -> int:
    return int(info.get("size") or info.get("Size") or 0)


def open_store(location: str | os.PathLike[str]) -> LandingStore:
    """The landing store for a path or URL; an unknown protocol is one clear line."""
    text = str(location)
    if not is_remote(text):
        path = Path(text.removeprefix("file://")).absolute()
        return LandingStore(LocalFileSystem(), path.as_posix(), str(path))
    try:
        fs, root = fsspec.core.url_to_fs(text)
    except (ImportError, ValueError) as e:
        raise WarehouseError(
            f"landing location {text} cannot be opened: {e} (for s3:// install s3fs)"
        ) from e
    return LandingStore(fs, root, text)


# Loaded batches are kept this many days by default: long enough to reload a week's batches
# into a fresh warehouse after a mistake, short enough that landing stays small (19 MB after
# two crawls of the sample web; a real day of crawls is tens of MB).
KEEP_DAYS = 14.0
# A temporary name untouched this long belongs to a batch whose process died (a batch times
# out after an hour): the same day ops.loading gives heartbeat and temp files in a folder.
LEFTOVER_S = 86_400.0


def keep_days() -> float:
    """``EOLIST_LANDING_KEEP_DAYS`` (days a loaded batch stays in landing), else 14."""
    try:
        return max(0.0, float(os.environ.get("EOLIST_LANDING_KEEP_DAYS", KEEP_DAYS)))
    except ValueError as e:
        raise WarehouseError(
            f"EOLIST_LANDING_KEEP_DAYS={os.environ['EOLIST_LANDING_KEEP_DAYS']!r} is not a"
            " number of days"
        ) from e


@dataclass(frozen=True)
class Pruned:
    """What one prune removed, and what it kept on purpose."""

    files: int = 0
    bytes: int = 0
    unloaded_kept: int = 0  # batches not loaded yet: never pruned, whatever their age
    leftovers: int = 0  # temporary names of dead writers removed

    def line(self, keep: float) -> str:
        return (
            f"pruned {self.files} loaded landing file(s), {self.bytes:,} bytes, loaded more"
            f" than {keep:g} days ago; kept {self.unloaded_kept} not yet loaded"
            + (f"; removed {self.leftovers} temporary leftover(s)" if self.leftovers else "")
        )


def prune(
    store: LandingStore, loaded_at: dict[str, datetime], now: datetime, keep: float
) -> Pruned:
    """Remove batches recorded in ``landing_batches`` more than ``keep`` days before ``now``.

    ``loaded_at`` is ``landing_batches`` (batch id -> loaded_at): a batch not in it is never
    removed, however old, because its data is nowhere else. Quarantined batches are not
    listed (``batches``), so they stay for the operator.
    """
    cutoff = now.timestamp() - keep * 86_400
    files = size = unloaded = 0
    for batch in store.batches():
        when = loaded_at.get(batch.batch_id)
        if when is None:
            unloaded += 1
            continue
        if when.timestamp() > cutoff:
            continue
        try:
            store.remove(batch.path)
        except FileNotFoundError:
            continue  # another maintenance run got there first
        files += 1
        size += batch.size
    leftovers = 0
    for path, modified in store.leftovers():
        if now.timestamp() - modified > LEFTOVER_S:
            with contextlib.suppress(FileNotFoundError):
                store.remove(path)
                leftovers += 1
    return Pruned(files, size, unloaded, leftovers)
