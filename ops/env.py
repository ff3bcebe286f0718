"""Process environment for Prefect, set before Prefect is imported.

Prefect 3 has no server-less mode: without ``PREFECT_API_URL`` the first flow starts a
temporary local server. On a fresh ``PREFECT_HOME`` that takes about 20 s, right at Prefect's
default startup timeout, so eolist keeps its own home beside the database, raises the timeout
and turns analytics off (it would try the network). Values the user set win.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULTS = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_UI_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
}


def prepare(data_dir: Path) -> None:
    """Point Prefect at ``<data_dir>/prefect`` unless told otherwise."""
    if "PREFECT_HOME" not in os.environ and "PREFECT_API_URL" not in os.environ:
        home = data_dir / "prefect"
        home.mkdir(parents=True, exist_ok=True)
        os.environ["PREFECT_HOME"] = str(home.resolve())
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
