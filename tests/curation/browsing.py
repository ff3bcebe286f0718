"""The curation page served for a real browser: uvicorn on 127.0.0.1 in a thread, and where
the browser tests leave their screenshots (``make test`` prints the folder)."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import uvicorn

from curation.web import create_app
from tests.conftest import NOW

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shot(page: object, name: str, full_page: bool = False) -> Path:
    """A screenshot for the reviewer, in ``test-artifacts/``."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=full_page)  # type: ignore[attr-defined]
    return path


class Server:
    def __init__(self, db_path: Path, out: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.out = out
        self.db_path = db_path
        app = create_app(db_path, out, clock=lambda: NOW)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "the curation server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
