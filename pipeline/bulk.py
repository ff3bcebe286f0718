"""Bulk work in Python: the cyclic garbage collector paused while it runs.

A load, a dedup rebuild or reading the gazetteer makes hundreds of thousands of small objects
(row tuples, strings, dataclass items) that never form a reference cycle: reference counting
frees every one of them. The cyclic collector does not know that. It runs every few hundred
allocations and, as the objects pile up, walks all of them again and again: a fifth of a
100k-posting load (1.0 s of 4.7 s settling jobs, ``bench_load``) went to collections that
found nothing. ``gc_paused`` turns it off for the duration and back on after, unless the caller
had already turned it off.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
