"""A posting is closed only on positive evidence: a property, over random crawl histories.

The evidence (docs/reliability.md, "Data loss"): its own page answered 404/410 in a crawl
that read the listing completely; its ``valid_through`` has passed; or it was absent from a
listing read completely -- every page fetched, every link followed or accounted for, nothing
skipped, no cap reached -- whose count was not a suspicious drop, or, for an API or feed, from
``EMPTY_CLOSE_AFTER`` empty complete listings in a row. Hypothesis draws histories of crawls
as the crawler reports them (failed, throttled, 304, robots-skipped, cut short, with skipped
entries, empty, shrinking); every load is real (DuckDB file, ``load_batch``), and each posting
closed by a load is checked against the crawl that closed it. The rule's counts (how many
misses) are tested elsewhere (test_lifecycle.py); this checks that no path closes without one
of these pieces of evidence.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from statistics import median

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline import lifecycle
from tests.conftest import NOW, make_posting, outcome, write_batch
from warehouse import db
from warehouse.load import load_batch

KEYS = ("1", "2", "3", "4")
KINDS = ("greenhouse", "job-feed", "jsonld", "html")
SHAPES = ("read", "read", "read", "failed", "not_modified", "robots", "cut", "skipped")


@dataclass(frozen=True)
class Crawl:
    shape: str  # how the crawl went (SHAPES)
    listed: frozenset[str]  # postings on the listing
    gone: frozenset[str]  # detail pages that answered 404/410

    @property
    def complete(self) -> bool:
        return self.shape == "read"

    def outcome(self, kind: str):
        status = {"failed": "failed", "not_modified": "not_modified", "robots": "skipped"}.get(
            self.shape, "ok" if self.listed or self.gone else "empty"
        )
        gone = tuple(f"https://example.test/acme/{k}" for k in sorted(self.gone))
        return outcome(
            kind=kind, status=status, complete=self.complete, fetched=len(self.listed),
            gone_keys=gone, skipped=1 if self.shape == "skipped" else 0,
        )  # fmt: skip


crawls = st.builds(
    lambda shape, listed, gone: Crawl(shape, frozenset(listed), frozenset(gone) - set(listed)),
    st.sampled_from(SHAPES),
    st.sets(st.sampled_from(KEYS)),
    st.sets(st.sampled_from(KEYS), max_size=2),
)


def closed_now(con, at: datetime) -> dict[str, str]:
    rows = con.execute(
        "SELECT posting_key, close_reason FROM postings WHERE closed_at = ?", [at]
    ).fetchall()
    return {key.split(":")[1]: reason for key, reason in rows}


def check(
    kind: str, first: Crawl, later: list[Crawl], expiring: str | None, template: Path
) -> None:
    """Load ``first`` then each of ``later``; every closing must have its evidence.

    Each history gets its own warehouse, a copy of the session's migrated ``template``
    (running the migrations per example cost ~1 s of the ~4 s each example took)."""
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copyfile(template, Path(tmp) / "w.duckdb")
        con = db.connect(Path(tmp) / "w.duckdb")
        expires = NOW + timedelta(hours=15)  # passes between the 2nd and 3rd crawl
        history: list[int] = []  # counts of earlier complete listings
        empty_run = 0
        try:
            for i, crawl in enumerate([first, *later]):
                at = NOW + timedelta(hours=6 * i)
                postings = [
                    make_posting(
                        k,
                        source_kind=kind,
                        fetched_at=at,
                        valid_through=expires if k == expiring else None,
                    )
                    for k in sorted(crawl.listed)
                ]
                records = [*postings, replace(crawl.outcome(kind), finished_at=at)]
                load_batch(con, write_batch(Path(tmp) / "landing", f"b{i:02d}", records), at)
                count = len(crawl.listed) + len(crawl.gone)
                suspect = bool(history) and count * 2 < median(history[-5:])
                empty = crawl.complete and count == 0
                empty_run = empty_run + 1 if empty else 0 if crawl.complete else empty_run
                for key, reason in closed_now(con, at).items():
                    where = f"crawl {i} ({crawl}) closed {key} as {reason!r}"
                    if reason == "expired":
                        assert key == expiring and expires < at, where
                        continue
                    assert crawl.complete, where  # read completely, nothing skipped or cut
                    assert key not in crawl.listed, where
                    if reason == "gone (404/410)":
                        assert key in crawl.gone and not suspect, where
                    elif reason == "missing from complete listing" and empty:
                        assert kind in lifecycle.AUTHORITATIVE_KINDS, where
                        assert empty_run >= lifecycle.EMPTY_CLOSE_AFTER, where
                    else:
                        assert reason == "missing from complete listing", where
                        assert not suspect, where
                if crawl.complete:
                    history.append(count)
        finally:
            con.close()


FULL = Crawl("read", frozenset(KEYS), frozenset())


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(KINDS),
    later=st.lists(crawls, min_size=1, max_size=5),
    expiring=st.sampled_from([None, *KEYS]),
)
# a listing that shrank from four postings to one (suspect), then a board gone quiet
@example(kind="greenhouse", later=[Crawl("read", frozenset({"1"}), frozenset())], expiring=None)
@example(
    kind="jsonld", later=[Crawl("read", frozenset(), frozenset())] * 8, expiring=None
)  # fmt: skip
# an item skipped (its link matched nothing): the others are read, nothing may close
@example(kind="job-feed", later=[Crawl("skipped", frozenset({"1", "2"}), frozenset())] * 2,
         expiring=None)  # fmt: skip
# detail pages gone count in the listing's history too (4, 0, 2 + 1 gone, then 1: suspect)
@example(
    kind="greenhouse",
    later=[Crawl("read", frozenset(), frozenset()),
           Crawl("read", frozenset({"1", "2"}), frozenset({"3"})),
           Crawl("read", frozenset({"1"}), frozenset())],
    expiring=None,
)  # fmt: skip
def test_a_posting_closes_only_on_positive_evidence(kind, later, expiring, migrated_template):
    check(kind, FULL, later, expiring, migrated_template)
