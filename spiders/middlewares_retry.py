"""Retries that back off and honour ``Retry-After``; redirect loops refused at the first repeat.

Scrapy's own ``RetryMiddleware`` re-sends a failed request at once. Against a server that is
failing or throttling us that is the wrong thing, so ``BackoffRetryMiddleware`` replaces it
(same settings: ``RETRY_TIMES``, ``RETRY_HTTP_CODES``, ``RETRY_EXCEPTIONS``) and waits before
each retry:

* the server's ``Retry-After`` (seconds or an HTTP date) when it sends one, if it is at most
  ``EOLIST_RETRY_AFTER_MAX`` (default 30 s); a longer one is not waited for inside the crawl:
  the request is given up at once, the source fails with the status, and ``retry_after_s``
  lands with the outcome so the source's backoff (``pipeline.lifecycle``) covers it;
* otherwise exponential backoff: ``EOLIST_RETRY_BACKOFF_BASE * 2**n`` seconds (default 0.5 s,
  1 s, ...), capped at ``EOLIST_RETRY_BACKOFF_MAX`` (default 10 s), times a jitter in
  [0.5, 1] so that many sources failing together do not retry in step.

Retries are bounded by ``RETRY_TIMES`` (2): a source answering 503 forever costs three
requests per URL and at most a few seconds of waiting, then fails with a readable error.
The wait holds the request's download slot, which is the point: the throttled host gets
fewer requests from us while we wait.

``RedirectLoopMiddleware`` (before Scrapy's redirect handling) refuses a redirect to a URL
already visited in the same chain. Without it, a loop ``/a → /b → /a`` would be silently
dropped by the duplicate filter -- no error, no callback -- and the source would look
complete while a page was missing. Long chains without a repeat end at ``REDIRECT_MAX_TIMES``.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import response_status_message
from twisted.internet import task

DEFAULT_BACKOFF_BASE = 0.5
DEFAULT_BACKOFF_MAX = 10.0
DEFAULT_RETRY_AFTER_MAX = 30.0


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta or HTTP date); None when unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_delay(attempt: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Wait before retry number ``attempt`` (0 for the first retry): capped, jittered."""
    jitter = (rng or random).uniform(0.5, 1.0)
    return min(cap, base * 2**attempt) * jitter


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: Any):
        super().__init__(settings)
        self.base = settings.getfloat("EOLIST_RETRY_BACKOFF_BASE", DEFAULT_BACKOFF_BASE)
        self.cap = settings.getfloat("EOLIST_RETRY_BACKOFF_MAX", DEFAULT_BACKOFF_MAX)
        self.retry_after_max = settings.getfloat("EOLIST_RETRY_AFTER_MAX", DEFAULT_RETRY_AFTER_MAX)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        o = cls(crawler.settings)
        o.crawler = crawler
        return o

    async def _wait(self, seconds: float) -> None:
        if seconds > 0:
            # imported here: importing the reactor at module level would install the default
            # one before Scrapy installs its asyncio reactor
            from twisted.internet import reactor

            await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if asked is not None and asked > self.retry_after_max:
            return response  # not worth holding the crawl: the source backs off instead
        attempt = request.meta.get("retry_times", 0)
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        await self._wait(
            asked if asked is not None else backoff_delay(attempt, self.base, self.cap)
        )
        return retry

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider: Any = None
    ) -> Request | Response | None:
        if request.meta.get("dont_retry") or not isinstance(exception, self.exceptions_to_retry):
            return None
        attempt = request.meta.get("retry_times", 0)
        retry = self._retry(request, exception)
        if retry is not None:
            await self._wait(backoff_delay(attempt, self.base, self.cap))
        return retry


class RedirectLoopMiddleware:
    """Refuses a redirect back to a URL of the same chain (see the module docstring)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectLoopMiddleware:
        return cls()

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        location = response.headers.get(b"Location")
        if not 300 <= response.status < 400 or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1").strip())
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            first = chain[0]
            raise IgnoreRequest(
                f"redirect loop: {first} comes back to {target} after {len(chain)} redirects"
            )
        return response
