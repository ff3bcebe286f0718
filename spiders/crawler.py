"""One Scrapy spider for a batch of sources of any kinds.

The spider fetches; the kind modules (``spiders.kinds``) extract. It keeps one
``SourceTracker`` per source, from which the landing file's ``SourceOutcome`` records are made:
pages fetched, records emitted, errors, and whether the listing was read *completely* (every
page fetched and parsed, pagination not cut by ``max_pages``), which is what allows the
warehouse to close postings that disappeared.

Nothing a source loses is silent. A link on a page that cannot be fetched (relative or
``javascript:`` in a sitemap, a ``rel="next"`` of ``javascript:void(0)``) is skipped and
counted, and the page's other links go on; entries a kind could not make into records
(``spiders.kinds.Skipped``) are counted; a cap that cut the listing short (``max_pages``, the
page budget, a feed's ``MAX_ENTRIES``) is noted. Any of these makes the listing incomplete,
so it closes nothing, and the outcome's ``diagnosis`` says what happened. A listing that
yielded nothing at all is ``empty``, with a diagnosis of what was read (pages fetched, links
followed, entries found). Duplicate requests are filtered per source
(``spiders.dupefilter``), so sources sharing a batch never starve each other of a page.

A source fails on its own: an HTTP error after retries, a network error, or a page its
extractor rejects marks that source failed (with a readable sentence) and the rest of the
batch goes on. A source answered 304, or whose first page is byte-for-byte the one seen last
time (servers that ignore conditional requests), is ``not_modified`` and costs no parsing.
A good first page's ``Cache-Control: max-age`` or ``Retry-After`` lands as ``retry_after_s``:
the source is not tried again sooner (``pipeline.lifecycle.server_wait``). A kind module may
say that a listing page's 404 is the end of its pagination (``ends_pagination(url, status)``:
WordPress feeds' ``?paged=N``); that ends the listing, complete, instead of failing it.
A ``tdm-reservation: 1`` header or robots.txt refusal skips the source, which is not a failure.
A sitemap's detail page whose ``lastmod`` is not newer than the source's last complete crawl,
and whose posting the warehouse holds (``pipeline.recrawl.KnownPages``, from the crawl state),
is not fetched again: its posting keys land in the outcome (``unchanged_keys``) and count as
seen, so skipping a page never makes its posting look gone.
A page holds to a CPU budget (``EOLIST_PAGE_CPU_S``, default ``PAGE_CPU_S``): its extraction
plus the builds of its records (which the normalize pipeline adds to ``SourceTracker.cpu_s``).
A page that spends it yields no more records and fails its source with one line saying how far
it got, so a hostile page cannot hold a batch past its timeout, and its listing closes nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
import time
import traceback
from collections.abc import AsyncIterator, Awaitable, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

from pipeline import lifecycle, safety
from pipeline.records import BlogPost, RawPosting
from pipeline.recrawl import KnownPages
from pipeline.sources import SourceConfig
from spiders import buildhelper, discovery
from spiders.kinds import ExtractError, RequestSpec, module_for
from spiders.middlewares import tdm_reserved
from spiders.protocol import (
    PageReading,
    read_beside,
    read_whole_page,
    spec_key,
    start_specs,
)
from spiders.tracker import SourceTracker

log = logging.getLogger(__name__)
# statuses the callback sees itself; 3xx go through the redirect middleware (and the net guard)
HANDLED_STATUSES = [304, *range(400, 600)]
# CPU seconds one page may cost (extraction and the builds of its records). A real page of a
# thousand postings costs about one; descriptions are capped (pipeline.normalize.text), so this
# is only reached by a page made to be expensive.
PAGE_CPU_S = 20.0


def describe_failure(failure: Failure, url: str) -> str:
    """One readable sentence for a request that never produced a response."""
    exc = failure.value
    name = type(exc).__name__
    if failure.check(TimeoutError, TCPTimedOutError) or "Timeout" in name:
        return f"timed out fetching {url}"
    if failure.check(DNSLookupError):
        return f"cannot resolve the host of {url}"
    text = str(exc).strip() or name
    if "DataLoss" in name:
        return f"the connection closed before the whole body arrived (truncated) from {url}"
    if "Cancelled" in name:
        detail = text if text != name else "the body passed the size cap (DOWNLOAD_MAXSIZE)"
        return f"download cut off at {url}: {detail[:200]}"
    if "DownloadFailed" in name or "ResponseFailed" in name:
        return f"the connection was lost or reset fetching {url}"
    if "ConnectionRefused" in name:
        return f"connection refused at {url}"
    if "ResponseNeverReceived" in name or "ConnectionLost" in name:
        return f"the connection was lost fetching {url} ({text[:120]})"
    return f"{name} fetching {url}: {text[:160]}"


@dataclasses.dataclass(frozen=True, slots=True)
class _Page:
    """A fetched page admitted for reading (``EolistSpider._admit``)."""

    tracker: SourceTracker
    source: SourceConfig
    role: str
    spec: RequestSpec
    body: bytes
    stamps: bool  # its listing's lastmod is wanted: the warehouse knows the source's pages


class EolistSpider(scrapy.Spider):
    name = "eolist"

    def __init__(self, sources: list[SourceConfig], state: dict[str, dict[str, Any]], **kw: Any):
        super().__init__(**kw)
        self.sources = {s.name: s for s in sources}
        self.state = state
        self.trackers = {s.name: SourceTracker(s) for s in sources}
        # what the warehouse holds of each source's posting pages, for sitemaps' lastmod
        self.known = {s.name: KnownPages.from_state(state.get(s.name, {})) for s in sources}
        self.stopping: str | None = None

    def interrupt(self, reason: str) -> None:
        """The process is being stopped (``spiders.stopping``): no listing is complete."""
        self.stopping = reason
        for tracker in self.trackers.values():
            tracker.stopped = reason

    async def start(self) -> AsyncIterator[Any]:
        for source in self.sources.values():
            for request in self._start_requests(source):
                yield request

    def _start_requests(self, source: SourceConfig) -> Iterable[scrapy.Request]:
        tracker = self.trackers[source.name]
        try:
            module = module_for(source.kind)
        except NotImplementedError as e:
            tracker.fail(str(e))
            return []
        try:
            starts = start_specs(module, source)
        except (ExtractError, ValueError) as e:
            tracker.fail(f"{e} (source '{source.name}')")
            return []
        known = self.state.get(source.name, {})
        headers = {}
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
        return [
            self._request(
                source, spec, "listing", headers=headers if i == 0 else None, first=i == 0
            )
            for i, spec in enumerate(starts)
        ]

    def _request(
        self,
        source: SourceConfig,
        spec: RequestSpec,
        role: str,
        headers: dict[str, str] | None = None,
        first: bool = False,
    ) -> scrapy.Request:
        # a kind's own headers (Workday's JSON content type), then the conditional ones
        return scrapy.Request(
            spec.url,
            method=spec.method,
            body=spec.body,
            callback=self.on_page,
            errback=self.on_error,
            headers={**dict(spec.headers), **(headers or {})},
            # duplicates are filtered per source (spiders.dupefilter): a first request too
            meta={
                "spec": spec,
                "source": source.name,
                "role": role,
                "first": first,
                "handle_httpstatus_list": HANDLED_STATUSES,
            },
        )

    def on_page(self, response: Response) -> Iterable[Any] | AsyncIterator[Any]:
        """Read a fetched page and yield its records and the requests for its links.

        The page is read in the crawl process's helper when it has one
        (``spiders.buildhelper``; this then yields once the reading comes back), else here.
        Any exception fails the page's source: an error part-way through a page would
        otherwise drop the page's remaining requests and leave the listing looking complete.
        """
        try:
            page = self._admit(response)
            if page is None:
                return ()
            beside = read_beside(page.source, page.role)
            helper = buildhelper.running() if beside else None
            reading = (
                helper.read(page.source, page.spec, page.role, response.url, page.body, page.stamps)
                if helper is not None
                else None
            )
        except Exception as e:
            self._crashed(response, e)
            return ()
        if reading is None:
            return self._guarded(response, self._read_here(response, page))
        return self._awaited(response, page, reading)

    def _crashed(self, response: Response, e: Exception) -> None:
        log.exception("reading %s crashed", response.url, exc_info=e)
        tracker = self.trackers[response.meta["source"]]
        tracker.fail(f"crawler error {type(e).__name__}: {e} at {response.url}")

    def _guarded(self, response: Response, items: Iterator[Any]) -> Iterator[Any]:
        try:
            yield from items
        except Exception as e:
            self._crashed(response, e)

    async def _awaited(
        self, response: Response, page: _Page, reading: Awaitable[buildhelper.Reading]
    ) -> AsyncIterator[Any]:
        """The page's items once the helper has read it; read here if the helper went."""
        try:
            value, error, cpu_s, trace = await reading
            if value is None and error is None:  # the helper went away before answering
                items = self._read_here(response, page)
            else:
                items = self._after_read(response, page, value, error, trace, cpu_s)
            for item in items:
                yield item
        except Exception as e:
            self._crashed(response, e)

    def _admit(self, response: Response) -> _Page | None:
        """The page to read, or ``None`` when there is nothing to read: a 304, an error, a
        first page byte-for-byte the last one, a page the site reserves (each counted)."""
        tracker = self.trackers[response.meta["source"]]
        source = tracker.source
        role, first = response.meta["role"], response.meta["first"]
        status = response.status
        if first:
            _note_server_wait(tracker, response)
        if status == 304:
            tracker.not_modified += 1
            return None
        if tdm_reserved(
            response.headers.get(b"tdm-reservation"),
            response.body,
            response.headers.get(b"Content-Type"),
        ):
            tracker.skipped = (
                f"skipped: the site reserves text and data mining "
                f"(tdm-reservation: 1 at {response.url})"
            )
            return None
        if role == "detail" and lifecycle.closes_on_status(status):
            tracker.gone_keys.append(response.url)
            return None
        ends = getattr(module_for(source.kind), "ends_pagination", None)
        if role == "listing" and not first and ends is not None and ends(response.url, status):
            return None  # a backfill page past the last (WordPress ?paged=N answers 404)
        if status >= 400:
            retry_after = response.headers.get(b"Retry-After")
            if retry_after and retry_after.strip().isdigit():
                tracker.retry_after_s = float(retry_after.strip())
            tracker.fail(f"HTTP {status} from {response.url}")
            return None
        body = response.body
        problem = f"empty response (HTTP {status})" if not body.strip() else None
        problem = problem or safety.hostile_markup(body)
        if problem:
            tracker.fail(f"{problem} at {response.url}")
            return None
        if first:
            digest = hashlib.sha256(body).hexdigest()
            tracker.etag = _header(response, b"ETag")
            tracker.last_modified = _header(response, b"Last-Modified")
            tracker.content_hash = digest
            if self.state.get(source.name, {}).get("content_hash") == digest:
                tracker.not_modified += 1
                return None
        tracker.pages += 1
        if role == "listing":
            tracker.listing_pages += 1
        spec = response.meta.get("spec") or RequestSpec(response.url)
        return _Page(tracker, source, role, spec, body, bool(self.known[source.name]))

    def _read_here(self, response: Response, page: _Page) -> Iterator[Any]:
        started = time.thread_time()
        value, error, trace = None, None, None
        try:
            value = read_whole_page(
                page.source, page.spec, page.role, response.url, page.body, page.stamps
            )
        except Exception as e:
            error, trace = e, traceback.format_exc()
        yield from self._after_read(
            response, page, value, error, trace, time.thread_time() - started
        )

    def _after_read(
        self,
        response: Response,
        page: _Page,
        reading: PageReading | None,
        error: BaseException | None,
        trace: str | None,
        read_s: float,
    ) -> Iterator[Any]:
        """The records and requests of a page read (here or in the helper, ``read_s`` of
        CPU), or its source failed by the error its reading raised."""
        tracker, source, role = page.tracker, page.source, page.role
        if isinstance(error, ExtractError):
            tracker.fail(f"{error} at {response.url}")
            return
        if error is not None or reading is None:
            # a bug in one extractor must not stop the other sources
            log.error("extractor for %s crashed on %s\n%s", source.kind, response.url, trace)
            tracker.fail(f"extractor error {type(error).__name__}: {error} at {response.url}")
            return
        records, follow, details = reading.records, reading.follow, reading.details
        for hint in reading.hints:
            tracker.hint(hint.kind, hint.text)
        if role == "detail" and not records:
            tracker.idle_pages += 1  # a guessed link that was not a posting: counted, cheap
        started, built_before = time.thread_time(), tracker.cpu_s
        language = page_language(response) if records else None
        extracted_s = read_s + time.thread_time() - started
        budget = self.settings.getfloat("EOLIST_PAGE_CPU_S", PAGE_CPU_S)
        tracker.found += len(records) + sum(s.count for s in reading.lost)
        for entry in reading.lost:
            tracker.skip(entry.why, response.url, entry.count)
        for n, record in enumerate(records):
            if self.stopping:
                break
            if extracted_s + tracker.cpu_s - built_before > budget:
                tracker.fail(
                    f"CPU budget of {budget:g} s for one page spent after {n} of {len(records)}"
                    f" records (the rest were not read) at {response.url}"
                )
                break
            strict = isinstance(record, RawPosting)  # a blog entry may lack a link or title
            bad = safety.record_problem(record.url, record.title, required=strict)
            if bad:
                tracker.fail(f"malformed record dropped: {bad} at {response.url}")
                continue
            yield _with_source(record, source, language)
        for i, spec in enumerate(follow):
            if tracker.listing_pages >= source.max_pages:
                # how many pages the listing has at least: those read, those it still links to,
                # and the highest page number a pager shows
                unread = [s.url for s in follow[i:] if s.url not in tracker.listing_seen]
                numbers = [discovery.page_number_shown(u) for u in [*unread, *tracker.listing_seen]]
                tracker.stop_at_max_pages(
                    max(tracker.listing_pages + len(unread), *numbers), response.url
                )
                break
            tracker.listing_seen.add(spec.url)
            request = self._follow(tracker, spec, "listing", response.url)
            if request is not None:
                yield request
        known = self.known[source.name]
        for spec in details:
            if spec_key(spec) not in tracker.seen_urls:  # ids repeated across pages: once
                tracker.seen_urls.add(spec_key(spec))
                stamps = reading.stamps
                keys = known.unchanged(spec.url, stamps.get(spec.url)) if stamps else ()
                if keys:  # not changed since the last complete crawl: seen, not fetched
                    tracker.unchanged(keys)
                    continue
                request = self._follow(tracker, spec, "detail", response.url)
                if request is not None:
                    yield request

    def _follow(
        self, tracker: SourceTracker, spec: RequestSpec, role: str, page: str
    ) -> scrapy.Request | None:
        """The request for a link of ``page``, or ``None`` (counted) for a link no request
        can be made of: one bad link must not stop the page's other links."""
        request = None
        try:
            parts = urlsplit(spec.url)
            if parts.scheme.lower() in ("http", "https") and parts.netloc:
                request = self._request(tracker.source, spec, role)
        except (ValueError, TypeError):  # not a URL at all ("http://[oops")
            request = None
        if request is None:
            tracker.skip("unusable link", f"{safety.redact_url(spec.url)[:120]!r} on {page}")
            return None
        tracker.links += 1
        return request

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        tracker = self.trackers[request.meta["source"]]
        robots = failure.check(IgnoreRequest) and "robots" in str(failure.value).lower()
        if robots and request.meta.get("role") == "detail":
            # the listing was read, its posting pages are forbidden: an empty source says so
            tracker.robots_refused += 1
            tracker.skip("detail pages robots.txt disallows", request.url)
            return
        if robots:
            tracker.skipped = f"skipped: robots.txt forbids {request.url}"
            return
        if failure.check(IgnoreRequest) and "page budget" in str(failure.value):
            tracker.cut_short(str(failure.value))  # incomplete, closes nothing; not a failure
            return
        if failure.check(IgnoreRequest):
            tracker.fail(f"request refused: {failure.value} ({request.url})")
            return
        tracker.fail(describe_failure(failure, request.url))


def _note_server_wait(tracker: SourceTracker, response: Response) -> None:
    """``Cache-Control: max-age`` or ``Retry-After`` on a good answer: come back no sooner."""
    # imported here: that module imports the reactor, which must not be installed at import
    from spiders.middlewares_retry import retry_after_seconds

    asked = retry_after_seconds(response.headers.get(b"Retry-After")) or 0.0
    cache = (_header(response, b"Cache-Control") or "").lower()
    for part in cache.split(","):
        name, _, value = part.strip().partition("=")
        if name == "max-age" and value.strip().strip('"').isdigit():
            asked = max(asked, float(value.strip().strip('"')))
    if asked and response.status < 400:
        tracker.retry_after_s = max(tracker.retry_after_s or 0.0, asked)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


_HTML_LANG = re.compile(
    rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)", re.I
)


def page_language(response: Response) -> str | None:
    """The page's language tag: ``<html lang>``, else the Content-Language header."""
    m = _HTML_LANG.search(response.body[:8192])
    if m:
        return m.group(1).decode("ascii")
    header = (_header(response, b"Content-Language") or "").split(",")[0].strip()
    return header or None


def _with_source(
    record: RawPosting | BlogPost, source: SourceConfig, language: str | None
) -> RawPosting | BlogPost:
    if isinstance(record, RawPosting):
        return dataclasses.replace(
            record,
            source_name=source.name,
            company=record.company or source.company,
            country=record.country or source.country,
            default_currency=record.default_currency or source.default_currency,
            # the operator's word first, then what the record or its page says
            language=source.language or record.language or language,
        )
    return dataclasses.replace(record, source_name=source.name)
