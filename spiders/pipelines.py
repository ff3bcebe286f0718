"""Item pipelines: normalize what spiders extract, then land it.

``NormalizePipeline`` turns each ``RawPosting`` into a ``Posting`` with ``pipeline.build`` and
drops non-HR postings of ``hr_only`` sources (``DropItem``, counted per source). The CPU
time each build takes is added to its source's tracker, which is how the crawler holds a page
to its CPU budget (``spiders.crawler``). In a warm crawl process the build runs in its helper
process when there is one (``spiders.buildhelper``); what it decides comes back the same.
``LandingWriter`` writes every record as one JSON line to a temporary file and, when the
spider closes, appends one ``SourceOutcome`` per source and the closing ``Batch`` record, then
fsyncs and renames the file to ``<landing>/<batch_id>.jsonl``: a landing file under its final
name is always whole; on SIGTERM it lands what it has at once (``spiders.stopping.LAND_NOW``),
and then not again. A landing URL (``s3://…``) is written to local scratch and published
whole by ``spiders.landing_out`` (upload under a temporary name, then copy). Every record counted is written: a lone surrogate anywhere in one (which
UTF-8 cannot encode) is written as U+FFFD instead of failing the write.

A write the disk refuses (full, over quota, ``RLIMIT_FSIZE``) ends the batch: a landing file
with a hole would lose postings the crawl counted, so nothing lands at all. The temporary
file is removed at once (left behind it would keep the disk full), the crawl is stopped (its
pages could not be kept), and the reason is kept in ``landing_failures`` for ``spiders.run``
to print as the batch's one line; the crawl run then counts the batch's sources as failed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro

from pipeline.records import BlogPost, Posting, RawPosting, json_line, landing_line, to_json
from pipeline.safety import utf8_safe
from spiders import buildhelper, landing_out
from spiders.stopping import LAND_NOW

if TYPE_CHECKING:
    import asyncio

    from spiders.tracker import SourceTracker


class NormalizePipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        spider = self.crawler.spider
        if not isinstance(item, RawPosting):
            if isinstance(item, BlogPost):
                spider.trackers[item.source_name].fetched += 1  # type: ignore[union-attr]
            return item
        tracker = spider.trackers[item.source_name]  # type: ignore[union-attr]
        now = datetime.now(UTC)
        helper = buildhelper.running()
        answer = helper.build(item, now) if helper is not None else None
        if answer is not None:
            return self._answered(item, tracker, now, answer)
        return self._kept(tracker, self._build_here(item, tracker, now))

    @staticmethod
    def _build_here(item: RawPosting, tracker: SourceTracker, now: datetime) -> Posting:
        # imported at the first job posting: a crawl of blog feeds never loads the
        # normalizers and classifier (~0.1 s of each crawl process's start)
        from pipeline.build import build_posting

        started = time.thread_time()
        posting = build_posting(item, now)
        tracker.cpu_s += time.thread_time() - started
        return posting

    async def _answered(
        self,
        item: RawPosting,
        tracker: SourceTracker,
        now: datetime,
        answer: asyncio.Future[buildhelper.Answer],
    ) -> Posting:
        posting, error, cpu_s, line = await answer
        tracker.cpu_s += cpu_s
        if error is not None:
            raise error
        if posting is None:  # the helper went away before answering
            return self._kept(tracker, self._build_here(item, tracker, now))
        kept = self._kept(tracker, posting)
        if line is not None:
            _lines[id(kept)] = (kept, line)
        return kept

    @staticmethod
    def _kept(tracker: SourceTracker, posting: Posting) -> Posting:
        if tracker.source.hr_only and posting.hr_category is None:
            tracker.dropped_non_hr += 1
            raise DropItem(f"not an HR job: {posting.title!r}")
        tracker.fetched += 1
        return posting


# batch id -> why its landing file could not be written (one line), for spiders.run.
landing_failures: dict[str, str] = {}
# id(posting) -> (that posting, its landing line): lines the build helper made, each taken
# by the landing writer when the posting reaches it (the posting held, so its id is its own)
_lines: dict[int, tuple[Posting, str]] = {}


class LandingWriter:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        settings = crawler.settings
        landing = settings.get("EOLIST_LANDING_DIR")
        if not landing:  # no default: ops.settings resolves it (NotConfigured would go unseen)
            raise ValueError("EOLIST_LANDING_DIR is not set: the batch has nowhere to land")
        landing = str(landing)
        self.batch_id = settings.get("EOLIST_BATCH_ID")
        self.run_id = settings.get("EOLIST_RUN_ID")
        self.started_at = datetime.now(UTC)
        # object storage (s3://…): written to local scratch, published whole (spiders.landing_out)
        self.url = landing if landing_out.is_remote(landing) else None
        self.folder = (
            Path(tempfile.mkdtemp(prefix="eolist-landing-")) if self.url else Path(landing)
        )
        self.where = (
            landing_out.final_url(landing, self.batch_id)
            if self.url
            else str(self.folder / f"{self.batch_id}.jsonl")
        )
        self.folder.mkdir(parents=True, exist_ok=True)
        self.tmp = self.folder / f".{self.batch_id}.jsonl.tmp"
        self.failed: str | None = None
        self.fh = self.tmp.open("w", encoding="utf-8")
        self.landed = False
        crawler.signals.connect(self.close_spider, signal=LAND_NOW)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LandingWriter:
        return cls(crawler)

    def _write(self, record: dict[str, Any]) -> None:
        self._write_line(json_line(record))

    def _write_line(self, line: str) -> None:
        try:
            self.fh.write(line)  # encodes the whole line before writing any of it
        except UnicodeEncodeError:  # a lone surrogate the build did not see (an error text)
            self.fh.write(utf8_safe(line))

    def process_item(self, item: Any) -> Any:
        made = _lines.pop(id(item), None)
        if self.failed is None and not self.landed:
            try:
                self._write_line(made[1] if made and made[0] is item else landing_line(item))
            except OSError as e:
                self._give_up(e)
        return item

    def _give_up(self, error: OSError) -> None:
        """The disk refused a write: remove the temp file, stop the crawl, keep the reason."""
        self.failed = (
            f"landing file {self.where} could not be written:"
            f" {error.strerror or error} (the partial file was removed; nothing landed)"
        )
        landing_failures[self.batch_id] = self.failed
        try:
            self.fh.close()  # flushes what is buffered, which fails again on a full disk
        except OSError:
            pass
        self.tmp.unlink(missing_ok=True)
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason="landing_failed"))

    def close_spider(self) -> None:
        _lines.clear()  # a posting dropped on its way here: its line goes with it
        if self.failed is None and not self.landed:
            self.landed = True  # once: at SIGTERM (LAND_NOW) or at the close, not both
            try:
                self._land()
            except OSError as e:
                self._give_up(e)

    def _land(self) -> None:
        """The outcomes and the Batch record, then fsync and rename: the file lands whole."""
        spider = self.crawler.spider
        for tracker in spider.trackers.values():  # type: ignore[union-attr]
            self._write(to_json(tracker.outcome()))
        self._write(
            {
                "record": "Batch",
                "batch_id": self.batch_id,
                "run_id": self.run_id,
                "batch_started_at": self.started_at.isoformat(),
                "batch_finished_at": datetime.now(UTC).isoformat(),
            }
        )
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        if self.url:
            try:
                landing_out.publish(self.tmp, self.url, self.batch_id)
            finally:
                shutil.rmtree(self.folder, ignore_errors=True)
            return
        final = self.folder / f"{self.batch_id}.jsonl"
        os.replace(self.tmp, final)
        dir_fd = os.open(self.folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
