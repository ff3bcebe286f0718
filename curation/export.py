"""Writing a digest's files and the feed to a folder (``eolist digest`` and the Publish button).

Files: ``<out>/<digest id>.<ext>`` for a published digest and ``<out>/preview-<week>.<ext>``
for one not yet published (so a preview never overwrites what was sent), plus the feed at
its stable path ``<out>/feed.rss`` and ``<out>/feed.atom`` after every publish. Each file is
written to a temporary name and renamed, so a mail tool reading the folder never sees half.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import duckdb

from curation import feed, render
from curation.compose import Digest

EXTENSIONS = {"html": "html", "md": "md", "txt": "txt", "csv": "csv", "json": "json"}


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with tmp.open("wb") as fh:
        fh.write(raw)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)


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
