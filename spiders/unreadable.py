"""Listing entries that could not be read: left out and counted, never fatal to the page.

The ATS kinds read a listing entry by entry; an entry that cannot become a record or a detail
request (not an object, no title, no id or link of the board's shape) raises
``ExtractError("malformed posting #N: ...")``. Before issue 16 that failed the whole source,
so one scrambled entry kept every other posting of the board out of the list. Now the entry
is left out and counted (``skipped``): the crawler shows the count in the source's outcome and
the listing is incomplete, which closes nothing, so the skipped posting cannot look gone. A
board whose every entry is unreadable yields no posting and is ``empty`` (never plainly ok).

Errors about the page itself (not JSON, the wrong shape, a total that does not add up) are not
entries and still fail the page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TypeVar

from spiders.kinds import ExtractError, Skipped

T = TypeVar("T")
E = TypeVar("E")
_ENTRY = re.compile(r"^malformed posting #\d+: ")


def read_each(entries: Iterable[E], read: Callable[[int, E], T]) -> tuple[list[T], list[str]]:
    """``read(i, entry)`` of every entry that it can read, and why each other one could not
    be (the message without its entry number, so a page's reasons group)."""
    out: list[T] = []
    bad: list[str] = []
    for i, entry in enumerate(entries):
        try:
            out.append(read(i, entry))
        except ExtractError as e:
            if not _ENTRY.match(str(e)):
                raise  # the page itself, not one entry
            bad.append(_ENTRY.sub("", str(e)))
    return out, bad


def as_skipped(bad: Iterable[str]) -> list[Skipped]:
    """The crawler's form of ``read_each``'s reasons: one ``Skipped`` per distinct reason."""
    return [
        Skipped(f"listing entries that could not be read: {why}", n)
        for why, n in Counter(bad).items()
    ]
