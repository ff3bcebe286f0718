"""Fixtures of the flow tests (the one Prefect server of the session is in tests/conftest.py).

* ``deployed``: the session's ``prefect_server`` with the ``eolist`` process pool and
  prefect.yaml's deployments. The integration and two-worker tests share it.
* ``sample_toml``: the sample web serving for the whole session, and its sources file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, Server


@pytest.fixture(scope="session")
def sample_web() -> Iterator[object]:
    from sampleweb import SampleWeb

    with SampleWeb(seed=7, scale=1) as web:
        yield web


@pytest.fixture(scope="session")
def sample_toml(sample_web: object, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample web's classic seven sources (``tests.reliability.support``)."""
    from tests.reliability.support import classic_sources_toml

    path = tmp_path_factory.mktemp("sampleweb") / "sources.toml"
    path.write_text(classic_sources_toml(sample_web), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def deployed(prefect_server: Server) -> Server:
    """The ``eolist`` process pool and every deployment of prefect.yaml, as an operator would."""
    prefect_server.cli("work-pool", "create", "eolist", "--type", "process")
    prefect_server.cli("deploy", "--all", "--prefect-file", str(ROOT / "prefect.yaml"))
    return prefect_server
