"""A listing page read as the crawler reads it, with what the kind says it skipped."""

from __future__ import annotations

from typing import Any

from pipeline.sources import SourceConfig
from spiders.kinds import RequestSpec, module_for
from spiders.protocol import read_page, skipped


def read_with_skips(
    kind: str, spec: RequestSpec, body: bytes, role: str = "listing"
) -> tuple[list[Any], list[RequestSpec], list[tuple[str, int]]]:
    """(records, detail requests, [(why, count)]) of ``body`` fetched for ``spec``."""
    source = SourceConfig(name="t", kind=kind, url=spec.url)
    module = module_for(kind)
    records, _, details = read_page(module, source, spec, role, spec.url, body)
    lost = skipped(module, source, role, spec.url, body)
    return list(records), list(details), [(s.why, s.count) for s in lost]


def assert_one_skipped(kind: str, spec: RequestSpec, body: bytes, why: str = "") -> None:
    """The page's one good entry is read (a record or a detail request), its one unreadable
    entry counted once with ``why`` in the reason."""
    records, details, skips = read_with_skips(kind, spec, body)
    assert len(records) + len(details) == 1, (records, details)
    assert sum(n for _, n in skips) == 1, skips
    assert why in skips[0][0], skips
