"""docs/sources.md documents every source kind and every sources.toml key (STYLE.md 14)."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.sources import KINDS, KNOWN_KEYS
from spiders.kinds import MODULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "sources.md"


def test_every_kind_has_a_section() -> None:
    headings = set(re.findall(r"^### `([a-z-]+)`", DOC.read_text(encoding="utf-8"), re.M))
    missing = [k for k in KINDS if k not in headings]
    assert not missing, f"kinds without a '### `kind`' section in docs/sources.md: {missing}"
    unknown = headings - set(KINDS)
    assert not unknown, f"docs/sources.md documents kinds that do not exist: {unknown}"


def test_every_source_key_is_in_the_table() -> None:
    rows = set(re.findall(r"^\| `([a-z_]+)` \|", DOC.read_text(encoding="utf-8"), re.M))
    missing = sorted(set(KNOWN_KEYS) - rows)
    assert not missing, f"sources.toml keys missing from docs/sources.md: {missing}"


def test_every_kind_has_a_spider_module() -> None:
    assert set(KINDS) <= set(MODULES), f"kinds without a spider: {set(KINDS) - set(MODULES)}"
