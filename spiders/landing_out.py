"""Where a crawl batch lands when the landing location is object storage (``s3://…``).

A local landing folder is written as before (``spiders.pipelines.LandingWriter``: temporary
file, fsync, rename). A URL with a protocol fsspec knows (``s3://bucket/prefix``, ``gs://``,
``memory://`` in tests) cannot be renamed into atomically, so the batch is written to a local
scratch file first, then published in two steps:

1. upload to ``<prefix>/.<batch_id>.jsonl.tmp`` (one object; readers ignore dot-names);
2. copy it to ``<prefix>/<batch_id>.jsonl`` and delete the temporary object (fsspec's ``mv``;
   on S3 a server-side copy, which makes the final object appear whole in one step).

So an object under a batch's final name is always complete, as a file under its final name is
in a folder; a worker that dies between the steps leaves only a dot-name, which the loader
never reads and ``maintenance`` removes after a day. Credentials and endpoints come from the
backend's own settings (for S3: ``AWS_ACCESS_KEY_ID``, ``AWS_ENDPOINT_URL_S3``, … or an
instance role), never from eolist's config. The warehouse side (listing, reading, marking
loaded, pruning) is ``warehouse.landing_store``; this module stays within ``spiders`` so a
crawl machine needs no warehouse code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def is_remote(location: str | Path) -> bool:
    """True for a URL of a filesystem other than the local one (``s3://``, ``gs://``, …)."""
    text = str(location)
    return "://" in text and not text.startswith("file://")


def _fs(url: str) -> tuple[Any, str]:
    import fsspec  # only crawl machines that land remotely pay for the import

    fs, root = fsspec.core.url_to_fs(url)
    return fs, root.rstrip("/")


def final_url(url: str, batch_id: str) -> str:
    return f"{url.rstrip('/')}/{batch_id}.jsonl"


def publish(local: Path, url: str, batch_id: str) -> str:
    """Upload a complete local batch file to ``url``, visible only when whole; its final URL.

    Any failure of the store (refused credentials, no such bucket, a network error) becomes an
    ``OSError`` naming the target, which the landing writer turns into the batch's one line.
    """
    target = final_url(url, batch_id)
    try:
        fs, root = _fs(url)
        tmp = f"{root}/.{batch_id}.jsonl.tmp"
        fs.put_file(str(local), tmp)
        fs.mv(tmp, f"{root}/{batch_id}.jsonl")
    except Exception as e:
        raise OSError(f"could not publish to {target}: {type(e).__name__}: {e}") from e
    return target


def landed(location: str | Path, batch_id: str) -> bool:
    """Whether the batch's file is there under its final name (local folder or URL)."""
    if not is_remote(location):
        return (Path(location) / f"{batch_id}.jsonl").exists()
    try:
        fs, root = _fs(str(location))
        return bool(fs.exists(f"{root}/{batch_id}.jsonl"))
    except Exception:
        return False
