"""One headless Chromium for the curation tests (Debian's, driven by Playwright): starting it
costs about a second, and every browser test opens its own context in it.

Package scope, not session: Playwright's sync API keeps an asyncio loop running in the main
thread while it is open, and Prefect's sync calls made later in the same session (tests/flows)
then see a running loop and hand back coroutines instead of results."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.curation.browsing import ARGS, CHROMIUM


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()
