"""Where things are and how hard to crawl: every run-time setting in one place.

Resolution order for each: explicit argument, environment variable, default.

| setting | env | default |
|---|---|---|
| database | ``EOLIST_DB`` | ``data/eolist.duckdb`` |
| sources file | ``EOLIST_CONFIG`` | ``sources.toml`` |
| landing folder or URL (``s3://…``) | ``EOLIST_LANDING`` | ``<database folder>/landing`` |
| sources per crawl batch | ``EOLIST_BATCH_SIZE`` | 8 |
| parallel batches | ``EOLIST_CONCURRENCY`` | 2 |
| batches a warm crawl process runs before it is replaced (1: a fresh process per batch) | ``EOLIST_WORKER_BATCHES`` | 50 |
| crawler contact URL | ``EOLIST_CONTACT`` | the project page |
| a pool batch's heartbeat, seconds | ``EOLIST_BATCH_HEARTBEAT_S`` | 30 |
| a running pool batch silent this long is given up on | ``EOLIST_BATCH_STALE_S`` | 180 |

The landing folder may be on shared storage (NFS, a mounted bucket) so crawl workers on other
machines hand batches to the one loader (docs/scaling.md).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.sources import ConfigError, SourceConfig, parse_sources


@dataclass(frozen=True)
class Settings:
    db: Path
    config: Path
    landing: Path | str  # a folder, or an fsspec URL such as s3://bucket/landing (a str)
    batch_size: int = 8
    concurrency: int = 2
    contact: str | None = None
    worker_batches: int = 50  # flows.crawlpool: start-up paid once per this many batches
    # a batch on the pool touches <landing>/<batch_id>.alive this often; the crawl run gives
    # up on one silent for batch_stale_s (room for clocks and shared-folder caches that lag)
    batch_heartbeat_s: float = 30.0
    batch_stale_s: float = 180.0
    scrapy_overrides: dict[str, Any] = field(default_factory=dict)

    @property
    def data_dir(self) -> Path:
        return self.db.parent

    def as_params(self) -> dict[str, Any]:
        """JSON-ready form, for flow parameters."""
        return {"db": str(self.db), "config": str(self.config), "landing": str(self.landing)}


def resolve(
    db: str | os.PathLike[str] | None = None,
    config: str | os.PathLike[str] | None = None,
    landing: str | os.PathLike[str] | None = None,
    **extra: Any,
) -> Settings:
    db_path = Path(db or os.environ.get("EOLIST_DB") or "data/eolist.duckdb")
    config_path = Path(config or os.environ.get("EOLIST_CONFIG") or "sources.toml")
    landing_raw = landing or os.environ.get("EOLIST_LANDING") or db_path.parent / "landing"
    # a URL stays a string: Path("s3://b/x") would be the local folder "s3:/b/x"
    landing_path = str(landing_raw) if "://" in str(landing_raw) else Path(landing_raw)
    values: dict[str, Any] = {
        "batch_size": int(os.environ.get("EOLIST_BATCH_SIZE", "8")),
        "concurrency": int(os.environ.get("EOLIST_CONCURRENCY", "2")),
        "worker_batches": int(os.environ.get("EOLIST_WORKER_BATCHES", "50")),
        "batch_heartbeat_s": float(os.environ.get("EOLIST_BATCH_HEARTBEAT_S", "30")),
        "batch_stale_s": float(os.environ.get("EOLIST_BATCH_STALE_S", "180")),
        "contact": os.environ.get("EOLIST_CONTACT") or _contact_from(config_path),
    }
    values.update({k: v for k, v in extra.items() if v is not None})
    return Settings(db=db_path, config=config_path, landing=landing_path, **values)


def _contact_from(config: Path) -> str | None:
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    crawl = data.get("crawl", {})
    return crawl.get("contact") if isinstance(crawl, dict) else None


def load_sources(config: Path) -> list[SourceConfig]:
    """Read and check the sources file; raises ``ConfigError`` with file, line and key."""
    try:
        text = config.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise ConfigError(f"{config}: no such sources file (use --config or EOLIST_CONFIG)") from e
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{config}: cannot read it: {e}") from e
    return parse_sources(text, str(config))
