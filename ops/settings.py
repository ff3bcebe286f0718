"""Where things are and how hard to crawl: every run-time setting, resolved once.

Each setting is resolved in this order: an explicit value (a command-line option, a flow
parameter), the settings file a parent process handed over (``EOLIST_SETTINGS``: ``eolist
serve`` writes one for its flow runs), the environment variable, the ``[crawl]`` table of the
sources file, the default. The result is one frozen ``Settings``; nothing else reads these
environment variables, and nothing reads them at import time. ``SETTINGS`` below is the one
table of them, and docs/operations.md shows the same table (a test compares the two).

The landing location has one resolver (``landing_folder``): ``EOLIST_LANDING``, else
``<database folder>/landing``. It is a local (or mounted) folder, or an ``s3://`` URL (object
storage through fsspec: ``warehouse.landing_store``), which stays a string; any other URL is
refused with one line rather than written to a local folder named ``ftp:``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from pipeline.sources import ConfigError, SourceConfig, parse_sources

SETTINGS_FILE_ENV = "EOLIST_SETTINGS"


@dataclass(frozen=True)
class Setting:
    name: str  # the Settings field
    env: str
    crawl_key: str | None  # its key in sources.toml's [crawl] table, if it may be set there
    default: str
    doc: str


SETTINGS = (
    Setting("db", "EOLIST_DB", None, "data/eolist.duckdb", "warehouse file"),
    Setting("config", "EOLIST_CONFIG", None, "sources.toml", "sources file"),
    Setting(
        "landing",
        "EOLIST_LANDING",
        "landing",
        "<database folder>/landing",
        "landing folder, or object storage URL (`s3://bucket/prefix`, docs/scaling.md)",
    ),  # fmt: skip
    Setting("batch_size", "EOLIST_BATCH_SIZE", "batch_size", "8", "sources per batch"),
    Setting(
        "concurrency", "EOLIST_CONCURRENCY", "concurrency", "2", "batches at once per crawl run"
    ),
    Setting(
        "worker_batches",
        "EOLIST_WORKER_BATCHES",
        "worker_batches",
        "50",
        "batches a warm crawl process runs before it is replaced",
    ),  # fmt: skip
    Setting("contact", "EOLIST_CONTACT", "contact", "the project page", "crawler contact URL"),
    Setting(
        "batch_timeout_s",
        "EOLIST_BATCH_TIMEOUT_S",
        "batch_timeout_s",
        "3600",
        "a crawl batch still running this long is stopped, seconds (its sources are then crawled"
        " again one per batch)",
    ),  # fmt: skip
    Setting(
        "batch_heartbeat_s",
        "EOLIST_BATCH_HEARTBEAT_S",
        None,
        "30",
        "a pool batch's heartbeat, seconds (`<landing>/<batch_id>.alive`; crawl machines)",
    ),  # fmt: skip
    Setting(
        "batch_stale_s",
        "EOLIST_BATCH_STALE_S",
        None,
        "180",
        "a running pool batch silent this long is given up on, seconds",
    ),  # fmt: skip
    # the two below are read by warehouse itself (it does not import ops): no Settings field
    Setting(
        "landing_keep_days",
        "EOLIST_LANDING_KEEP_DAYS",
        None,
        "14",
        "days a *loaded* landing batch is kept before `maintenance` prunes it",
    ),  # fmt: skip
    Setting(
        "lock_wait_s",
        "EOLIST_LOCK_WAIT_S",
        None,
        "30",
        "how long one open of the warehouse waits for another process's lock, seconds",
    ),  # fmt: skip
)


@dataclass(frozen=True)
class Settings:
    db: Path
    config: Path
    landing: Path | str  # a folder, or an s3:// URL (a str: Path("s3://b") is "s3:/b")
    batch_size: int = 8
    concurrency: int = 2
    contact: str | None = None
    worker_batches: int = 50  # ops.crawlpool: start-up paid once per this many batches
    batch_timeout_s: float = 3600.0  # a batch running longer is stopped (ops.batches)
    # a batch on the pool touches <landing>/<batch_id>.alive this often; the crawl run gives
    # up on one silent for batch_stale_s (room for clocks and shared-folder caches that lag)
    batch_heartbeat_s: float = 30.0
    batch_stale_s: float = 180.0
    scrapy_overrides: dict[str, Any] = field(default_factory=dict)

    @property
    def data_dir(self) -> Path:
        return self.db.parent

    def to_json(self) -> str:
        """The whole settings as one JSON document (``write_file``, ``EOLIST_SETTINGS``)."""
        return json.dumps({k: str(v) if isinstance(v, Path) else v
                           for k, v in asdict(self).items()})  # fmt: skip


def landing_folder(value: str | os.PathLike[str] | None, db: Path) -> Path | str:
    """The one landing resolver: ``value`` (option or ``EOLIST_LANDING``), else beside the
    database. An ``s3://`` URL stays a string (``warehouse.landing_store`` writes it through
    fsspec); any other URL is refused: it would become a local folder named after its scheme."""
    if value is None or str(value) == "":
        return db.parent / "landing"
    text = str(value)
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://", text)
    if scheme and scheme.group(1).lower() == "s3":
        return text
    if scheme:
        raise ConfigError(
            f"landing {text!r}: a {scheme.group(1)}:// URL is not supported"
            " (EOLIST_LANDING must be a local or mounted folder, or an s3:// URL)"
        )
    return Path(text)


def check_landing(settings: Settings) -> None:
    """Refuse, in one line, a landing location this process cannot create or write in."""
    landing = settings.landing
    if isinstance(landing, str):
        from warehouse.errors import WarehouseError
        from warehouse.landing_store import open_store

        try:
            open_store(landing).check_writable()
        except WarehouseError as e:
            raise ConfigError(f"{e}; set EOLIST_LANDING to a location eolist can write") from e
        return
    try:
        landing.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=landing, prefix=".probe-"):
            pass
    except OSError as e:
        raise ConfigError(
            f"landing folder {landing}: cannot write there"
            f" ({e.strerror or e}); set EOLIST_LANDING to a folder eolist can write"
        ) from e


def _from_file() -> dict[str, Any]:
    path = os.environ.get(SETTINGS_FILE_ENV)
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ConfigError(f"{SETTINGS_FILE_ENV}={path}: cannot read it: {e}") from e
    return data if isinstance(data, dict) else {}


def _crawl_table(config: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}  # the sources file's own errors are load_sources' to report
    crawl = data.get("crawl", {})
    return crawl if isinstance(crawl, dict) else {}


def resolve(
    db: str | os.PathLike[str] | None = None,
    config: str | os.PathLike[str] | None = None,
    landing: str | os.PathLike[str] | None = None,
    **explicit: Any,
) -> Settings:
    """Settings from explicit values > settings file > environment > [crawl] > defaults."""
    handed = _from_file()
    given = {"db": db, "config": config, "landing": landing, **explicit}

    def pick(name: str, env: str, crawl: dict[str, Any] | None = None, key: str | None = None):
        for value in (given.get(name), handed.get(name), os.environ.get(env) or None):
            if value is not None:
                return value
        return (crawl or {}).get(key) if key else None

    db_path = Path(pick("db", "EOLIST_DB") or "data/eolist.duckdb")
    config_path = Path(pick("config", "EOLIST_CONFIG") or "sources.toml")
    crawl = _crawl_table(config_path)
    values: dict[str, Any] = {}
    kinds = {f.name: f.type for f in fields(Settings)}
    for s in SETTINGS[3:]:
        if s.name not in kinds:
            continue  # read where it is used (warehouse)
        value = pick(s.name, s.env, crawl, s.crawl_key)
        if value is None:
            continue
        cast = float if kinds[s.name] == "float" else int if kinds[s.name] == "int" else str
        try:
            values[s.name] = cast(value)
        except ValueError as e:
            raise ConfigError(f"{s.env}: {value!r} is not a number") from e
    if "scrapy_overrides" in given or "scrapy_overrides" in handed:
        values["scrapy_overrides"] = given.get("scrapy_overrides") or handed["scrapy_overrides"]
    landing_value = pick("landing", "EOLIST_LANDING", crawl, "landing")
    return Settings(db=db_path, config=config_path,
                    landing=landing_folder(landing_value, db_path), **values)  # fmt: skip


def write_file(settings: Settings, path: Path) -> Path:
    """Hand ``settings`` to child processes as one file (point ``EOLIST_SETTINGS`` at it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(settings.to_json(), encoding="utf-8")
    return path


def load_sources(config: Path) -> list[SourceConfig]:
    """Read and check the sources file; raises ``ConfigError`` with file, line and key."""
    try:
        text = config.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise ConfigError(f"{config}: no such sources file (use --config or EOLIST_CONFIG)") from e
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{config}: cannot read it: {e}") from e
    return parse_sources(text, str(config))
