"""One crawl batch, as both crawl processes run it: ``spiders.run`` (one batch, then exit) and
``spiders.worker`` (a warm process taking batch after batch in one reactor).

``BatchRequest`` is everything a batch needs, so either process builds the same ``Crawler``
(``prepare``) and reads its end the same way (``verdict``): 0 when the batch landed (even if
some sources failed: that is in the file), 2 for a bad config, 1 for anything else, with the
one line that says why.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler

from pipeline.sources import JOB_KINDS, ConfigError, SourceConfig, parse_sources
from spiders import landing_out, sourceauth
from spiders.crawler import EolistSpider
from spiders.pipelines import landing_failures
from spiders.scrapy_compat import quick_deprecated_class_lookup
from spiders.settings import crawl_settings, host_slots

# Imported now, not by the first batch's downloader: Scrapy's TLS modules call inspect.stack()
# as they are imported (``create_deprecated_class``), which inside a running crawl looks up the
# module and reads the source of ~60 frames (~0.15 s of CPU at every crawl process's first
# batch); here, and without inspect.stack(), ~0.03 s.
with quick_deprecated_class_lookup():
    import scrapy.core.downloader.handlers.http11  # noqa: F401


@dataclass(frozen=True)
class BatchRequest:
    config: str
    batch_id: str
    landing: str  # no default: the one resolver is ops.settings (Settings.landing)
    sources: list[str] = field(default_factory=list)  # names; all of the config's if empty
    state: dict[str, Any] = field(default_factory=dict)  # per source: etag, last_modified, hash
    run_id: str = ""
    contact: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)  # Scrapy settings


class BadBatch(Exception):
    """The batch cannot start (its config does not read); exit status 2."""


# The sources file last parsed: (path, text, sources). A crawl run's batches all name the same
# file, and a warm process parsed and checked all of it (200 sources: ~15 ms) for every batch.
_last_parsed: tuple[str, str, list[SourceConfig]] | None = None


def _parsed(path: str, text: str) -> list[SourceConfig]:
    """``parse_sources`` of ``text``, reused while the file's text is the same (the
    configs are frozen; the list is the caller's own)."""
    global _last_parsed
    if _last_parsed is None or _last_parsed[:2] != (path, text):
        _last_parsed = (path, text, parse_sources(text, path))
    return list(_last_parsed[2])


def prepare(request: BatchRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    """The batch's Scrapy settings and the spider's arguments (``EolistSpider(**kwargs)``)."""
    try:
        text = Path(request.config).read_text(encoding="utf-8")
        sources = _parsed(request.config, text)
    except (OSError, ConfigError) as e:
        raise BadBatch(str(e)) from e
    if request.sources:
        wanted = set(request.sources)
        sources = [s for s in sources if s.name in wanted]
    # user:password@ leaves the URLs here: sent as a header, never requested, shown or joined
    sources, source_auth = sourceauth.strip(sources)
    overrides = dict(request.overrides)
    overrides.setdefault("DOWNLOAD_SLOTS", host_slots(sources))  # guarded ATS hosts: 1-2
    settings = crawl_settings(
        request.contact,
        EOLIST_LANDING_DIR=request.landing,
        EOLIST_BATCH_ID=request.batch_id,
        EOLIST_RUN_ID=request.run_id,
        **overrides,
    )
    # Scrapy leaves the root logger at NOTSET and filters at its handler, so every item
    # and response built a DEBUG record to throw away (~1.5% of a feed crawl's time)
    logging.getLogger("scrapy").setLevel(settings["LOG_LEVEL"])
    kwargs = {"sources": sources, "state": request.state, "source_auth": source_auth}
    return settings, kwargs


def warm_up(sources: list[SourceConfig]) -> bool:
    """Build the place gazetteer before the crawl when a source of the batch makes job
    postings and the gazetteer would be built, not read: built lazily by the first posting,
    its ~0.75 s of CPU held every download and timer (2-4 s under load). Read from a current
    index (``make install`` writes it) it takes ~0.07 s, and the first posting reads it
    while the batch's other requests are in flight: the read overlaps the server's answers
    instead of coming before the first request (~5% of a 500-page crawl, start-up
    included). A batch of blog feeds reads no place, so it pays for neither the gazetteer nor
    the normalizers' imports (~1 s of a feed crawl process's start). Returns whether it built
    the gazetteer here."""
    if not any(s.kind in JOB_KINDS for s in sources):
        return False
    from pipeline.normalize.gazetteer import index_current
    from pipeline.normalize.location import warm_up as build

    if index_current():
        return False
    build()  # built once per process (cached)
    return True


def crawler(settings: dict[str, Any]) -> Crawler:
    """A crawler of ``EolistSpider`` with the batch's own settings (the runner's are defaults)."""
    return Crawler(EolistSpider, settings)


def verdict(request: BatchRequest) -> tuple[int, str]:
    """``(status, reason)`` of a batch whose crawl has ended; forgets its landing failure.

    The reason is the one line the landing writer left, or empty when nothing says why (the
    log then does: the caller shows its tail)."""
    failed = landing_failures.pop(request.batch_id, None)
    if failed:
        return 1, failed
    if not landing_out.landed(request.landing, request.batch_id):
        return 1, ""
    return 0, ""
