"""``check_source``: crawl one configured source now, into a throwaway landing folder, and say
what it found (``eolist sources check``). Nothing is loaded; the warehouse is not opened.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ops import crawlproc
from ops.settings import Settings, load_sources
from pipeline import lifecycle
from pipeline.sources import ConfigError, SourceConfig


@dataclass(frozen=True)
class CheckReport:
    """One source's outcome record from its landing file, and the records it made."""

    source: SourceConfig
    outcome: dict[str, Any]
    items: list[dict[str, Any]] = field(default_factory=list)

    @property
    def alert(self) -> bool:
        """An outcome the operator should look at (``lifecycle.alert``: an alert status, or
        an ok listing read only in part)."""
        return lifecycle.alert(self.outcome["status"], self.outcome["complete"]) is not None


def check_source(settings: Settings, name: str) -> CheckReport:
    """Crawl source ``name`` alone; ``ConfigError`` for an unknown name or bad selectors,
    ``crawlproc.CrawlFailed`` when the crawl itself did not land."""
    sources = {s.name: s for s in load_sources(settings.config)}
    if name not in sources:
        known = ", ".join(sorted(sources)) or "none"
        raise ConfigError(f"no source named '{name}' in {settings.config} (known: {known})")
    source = sources[name]
    if source.kind == "html":
        from spiders.htmlboard import check_selectors

        problems = check_selectors(source.selectors)
        if problems:
            raise ConfigError(f"source '{name}': " + "; ".join(problems))
    with tempfile.TemporaryDirectory(prefix="eolist-check-") as tmp:
        landed = crawlproc.crawl_once(replace(settings, landing=Path(tmp)), "check", [name])
        rows = [json.loads(line) for line in landed.read_text(encoding="utf-8").splitlines()]
    outcome = next(r for r in rows if r["record"] == "SourceOutcome")
    items = [r for r in rows if r["record"] in ("Posting", "BlogPost")]
    return CheckReport(source, outcome, items)
