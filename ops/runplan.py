"""A crawl run's plan: its batches, decided before any starts (``ops.crawl.plan`` makes one,
``ops.isolation`` adds a second round to it), and what runs them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ops.settings import Settings


@dataclass(frozen=True)
class Plan:
    """A run's batches, decided before any starts: ``(batch id, source names)`` each."""

    run_id: str
    batches: list[tuple[str, list[str]]]
    state: dict[str, Any] = field(default_factory=dict)  # per source: validators
    waiting: list[str] = field(default_factory=list)  # chosen, but waiting out a backoff
    # crashed batches whose sources were crawled again, one per batch (``ops.isolation``);
    # the batches of that second round follow the first in ``batches``
    retried: tuple[str, ...] = ()


# Runs a plan's batches; batch id -> why, for those that did not finish.
BatchRunner = Callable[[Settings, Plan], dict[str, str]]
