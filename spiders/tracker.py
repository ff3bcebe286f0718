"""What happened to one source during a crawl: the ``SourceTracker`` behind its outcome.

The crawler (``spiders.crawler``) and the item pipelines count into a source's tracker; at the
end of the batch ``outcome()`` makes the landing file's ``SourceOutcome``. The status and the
one-line ``diagnosis`` follow ``pipeline.lifecycle``: failed, skipped (robots.txt, TDM
reservation), not_modified, ``empty`` when the listing yielded nothing at all (never plainly
ok; postings seen unchanged in a sitemap are not nothing), else ok. A listing is complete only when no cap cut it short (``cut_short``) and nothing
on it was left unread (``skip``: an unusable link, an entry that made no record).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pipeline import safety
from pipeline.records import SourceOutcome
from pipeline.sources import SourceConfig

# what an entry of each kind is called in a diagnosis ("0 JobPosting blocks found")
ENTRY_WORDS = {"jsonld": "JobPosting blocks", "html": "items", "blog-feed": "feed entries",
               "job-feed": "feed items"}  # fmt: skip


@dataclass
class SourceTracker:
    source: SourceConfig
    pages: int = 0
    listing_pages: int = 0  # what max_pages limits (detail pages are not counted)
    fetched: int = 0
    dropped_non_hr: int = 0
    not_modified: int = 0
    truncated: bool = False
    skipped: str | None = None
    errors: list[str] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    retry_after_s: float | None = None
    gone_keys: list[str] = field(default_factory=list)
    seen_urls: set[str] = field(default_factory=set)
    cpu_s: float = 0.0  # CPU time building this source's records (spiders.pipelines)
    stopped: str | None = None  # why the crawl ended before this source's did (SIGTERM)
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished_at: datetime | None = None

    links: int = 0  # requests the source's pages led to
    found: int = 0  # entries the extractors found (records plus skipped entries)
    idle_pages: int = 0  # guessed detail pages fetched that held no posting (spiders.discovery)
    skips: Counter[str] = field(default_factory=Counter)  # why -> entries/links not read
    skip_examples: dict[str, str] = field(default_factory=dict)  # why -> the first one
    cuts: list[str] = field(default_factory=list)  # caps that cut the listing short
    listing_seen: set[str] = field(default_factory=set)  # listing pages asked for
    pages_at_least: int = 0  # listing pages known to exist when max_pages stopped the crawl
    max_pages_at: str | None = None  # the page where max_pages stopped it
    robots_refused: int = 0  # detail pages robots.txt forbids
    hints: dict[str, str] = field(default_factory=dict)  # kind -> where the postings may be
    unchanged_pages: int = 0  # detail pages not fetched again (sitemap lastmod: pipeline.recrawl)
    unchanged_keys: list[str] = field(default_factory=list)  # the postings those pages hold

    def unchanged(self, keys: tuple[str, ...]) -> None:
        """A detail page not fetched again: its postings are seen, as they were."""
        self.unchanged_pages += 1
        self.unchanged_keys.extend(keys)

    def fail(self, message: str) -> None:
        # one printable line, credentials redacted: it lands, loads and shows in reports
        self.errors.append(safety.log_safe(message, 399))  # reports show < 400 chars
        self.finished_at = datetime.now(UTC)

    def skip(self, why: str, example: str, count: int = 1) -> None:
        """``count`` entries or links of the listing not read: counted, and incomplete."""
        self.skips[why] += count
        self.skip_examples.setdefault(why, example)

    def cut_short(self, why: str) -> None:
        """A cap ended the listing early: incomplete, so it closes nothing."""
        self.truncated = True
        if why not in self.cuts:
            self.cuts.append(why)

    def stop_at_max_pages(self, at_least: int, page: str) -> None:
        """``max_pages`` ended the listing: incomplete, and how much of it is known unread."""
        self.truncated = True
        self.pages_at_least = max(self.pages_at_least, at_least)
        self.max_pages_at = self.max_pages_at or page

    def hint(self, kind: str, text: str) -> None:
        """Where the postings may be (``spiders.hints``): the first of each kind is kept."""
        self.hints.setdefault(kind, safety.log_safe(text, 200))

    def likely_cause(self) -> str:
        """Why a listing yielded nothing, as far as the crawl can tell (the first that fits)."""
        if self.robots_refused:
            return f"robots.txt disallows the detail pages ({self.robots_refused} refused)"
        if "offsite" in self.hints:
            return "detail links outside the followed scope"
        if self.found == 0 and self.source.kind == "html":
            return "selector matched nothing (the item selector found no item)"
        if self.found == 0 and self.source.kind == "jsonld":
            return "no JobPosting markup" + (
                f" on the listing or the {self.idle_pages} pages it links to"
                if self.idle_pages else " on the listing, and no link that looks like a posting"
            )  # fmt: skip
        return "entries were found but none made a posting"

    def _diagnosis(self, status: str, complete: bool) -> str | None:
        """One line: what was read, and why the listing is empty or incomplete."""
        parts = [self.stopped] if self.stopped else []
        if self.max_pages_at:
            parts.append(f"stopped at max_pages={self.source.max_pages} of at least"
                         f" {self.pages_at_least} pages ({self.max_pages_at})")  # fmt: skip
        parts += self.cuts
        if self.truncated and not self.cuts and not self.max_pages_at:
            parts.append("the listing was cut short")
        parts += [f"{n} not read: {why} ({self.skip_examples[why]})" for why, n in
                  self.skips.most_common()]  # fmt: skip
        if status == "empty":
            unit = ENTRY_WORDS.get(self.source.kind, "entries")
            parts.insert(0, f"no posting found: {self.pages} pages fetched, {self.links} links"
                            f" followed, {self.found} {unit} found; likely cause:"
                            f" {self.likely_cause()}")  # fmt: skip
        elif status == "ok" and not complete:
            parts.insert(0, "incomplete, closes nothing")
        if self.idle_pages:  # what the link guess cost: pages fetched that were not postings
            parts.append(f"{self.idle_pages} candidate pages fetched held no posting")
        parts += list(self.hints.values())
        return safety.log_safe("; ".join(parts), 399) if parts else None

    def outcome(self) -> SourceOutcome:
        if self.errors:
            status = "failed"
        elif self.skipped:
            status = "skipped"
        elif self.not_modified and not self.pages:
            status = "not_modified"
        elif not (self.fetched or self.dropped_non_hr or self.gone_keys or self.unchanged_keys):
            status = "empty"  # never plainly ok: see pipeline.lifecycle
        else:
            status = "ok"
        complete = (
            status in ("ok", "empty") and not self.truncated and not self.skips
            and not self.stopped
        )  # fmt: skip
        error = self.errors[0] if self.errors else self.skipped or self.stopped
        if len(self.errors) > 1:
            error = f"{error} (and {len(self.errors) - 1} more errors)"
        return SourceOutcome(
            source_name=self.source.name,
            source_kind=self.source.kind,
            source_url=safety.redact_url(self.source.url),
            status=status,
            complete=complete,
            pages=self.pages,
            fetched=self.fetched,
            dropped_non_hr=self.dropped_non_hr,
            not_modified=self.not_modified,
            error=error,
            skipped=sum(self.skips.values()),
            links=self.links,
            found=self.found,
            diagnosis=self._diagnosis(status, complete),
            idle_pages=self.idle_pages,
            unchanged_pages=self.unchanged_pages,
            unchanged_keys=tuple(self.unchanged_keys),
            etag=self.etag,
            last_modified=self.last_modified,
            content_hash=self.content_hash,
            retry_after_s=self.retry_after_s,
            gone_keys=tuple(self.gone_keys),
            started_at=self.started_at,
            finished_at=self.finished_at or datetime.now(UTC),
        )
