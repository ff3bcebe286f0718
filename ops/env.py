"""Process environment for Prefect, set before Prefect is imported.

Prefect 3 has no server-less mode: without ``PREFECT_API_URL`` the first flow starts a
temporary local server. On a fresh ``PREFECT_HOME`` that takes about 20 s, right at Prefect's
default startup timeout, so eolist keeps its own home beside the database, raises the timeout
and turns analytics off (it would try the network). Values the user set win.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

DEFAULTS = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_UI_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
}


def prepare(data_dir: Path, create: bool = True) -> None:
    """Point Prefect at ``<data_dir>/prefect`` unless told otherwise; ``create``: make that
    folder now (``False`` for a run that may not go through Prefect at all)."""
    home = (data_dir / "prefect").resolve()
    if "PREFECT_HOME" not in os.environ and "PREFECT_API_URL" not in os.environ:
        os.environ["PREFECT_HOME"] = str(home)
    if create and os.environ.get("PREFECT_HOME") == str(home):
        home.mkdir(parents=True, exist_ok=True)
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)


# EOLIST_PREFECT: whether `eolist crawl`, `load` and `demo` run their flow through Prefect
MODES = ("auto", "always", "never")


def flows_through_prefect() -> bool:
    """Whether a foreground run (``eolist crawl``, ``load``, ``demo``) goes through Prefect.

    Only when a Prefect server is there to keep it: with none configured, Prefect would start a
    temporary server for the one run (~10 s, ~20 s on a fresh home, plus ~1.8 s to import
    Prefect), and throw it away with the run's history, events and artifacts when the run ends.
    The same steps then run without it (``ops.crawl.crawl``). ``EOLIST_PREFECT=always`` or
    ``never`` decides instead; ``auto`` (the default) looks where Prefect would look for an API
    URL: the environment, ``.env``, ``prefect.toml`` and ``pyproject.toml`` in the working folder,
    and the active profile. Call after ``prepare`` (which chooses the home). A ``ValueError``
    names a wrong ``EOLIST_PREFECT``."""
    mode = (os.environ.get("EOLIST_PREFECT") or "auto").strip().lower()
    if mode not in MODES:
        raise ValueError(f"EOLIST_PREFECT={mode!r}: use one of {', '.join(MODES)}")
    if mode != "auto":
        return mode == "always"
    return api_url() is not None


def api_url(cwd: Path | None = None) -> str | None:
    """The Prefect API URL configured for this process, if any (see ``flows_through_prefect``)."""
    here = cwd or Path.cwd()
    found = os.environ.get("PREFECT_API_URL") or _dotenv(here / ".env", "PREFECT_API_URL")
    found = found or _toml(here / "prefect.toml", ("api", "url"))
    found = found or _toml(here / "pyproject.toml", ("tool", "prefect", "api", "url"))
    return found or _profile_url(here) or None


def _dotenv(path: Path, key: str) -> str | None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for line in lines:
        name, eq, value = line.strip().removeprefix("export ").partition("=")
        if eq and name.strip() == key:
            return value.strip().strip("'\"") or None
    return None


def _toml(path: Path, keys: tuple[str, ...]) -> Any:
    try:
        node: Any = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _profile_url(here: Path) -> str | None:
    home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()
    path = os.environ.get("PREFECT_PROFILES_PATH") or _dotenv(
        here / ".env", "PREFECT_PROFILES_PATH"
    )
    profiles = _toml(Path(path).expanduser() if path else home / "profiles.toml", ())
    if not isinstance(profiles, dict):
        return None
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active")
    chosen = (profiles.get("profiles") or {}).get(active) if active else None
    url = chosen.get("PREFECT_API_URL") if isinstance(chosen, dict) else None
    return url if isinstance(url, str) and url else None
