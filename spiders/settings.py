"""Scrapy settings for every eolist crawl, defaulted here and nowhere else.

Grouped by what they are for. ``crawl_settings`` returns them with the per-run values (user
agent contact, concurrency) filled in; tests and the benchmarks use the same function.
"""

from __future__ import annotations

from typing import Any

USER_AGENT_TEMPLATE = "eolist/0.1 (+{contact})"
DEFAULT_CONTACT = "https://github.com/eolist/eolist#crawler"

BASE: dict[str, Any] = {
    # identity and politeness
    "ROBOTSTXT_OBEY": True,
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 0.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 8.0,
    "AUTOTHROTTLE_MAX_DELAY": 30.0,
    "DOWNLOAD_DELAY": 0.0,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    # AutoThrottle that lets a 304 lower the delay like a 200 does (spiders.scrapy_compat)
    "EXTENSIONS": {"spiders.scrapy_compat.ConditionalAwareAutoThrottle": 0},
    # failures: bounded retries with backoff, Retry-After honoured (spiders.middlewares_retry)
    "RETRY_ENABLED": True,
    "RETRY_TIMES": 2,
    "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
    "DOWNLOAD_TIMEOUT": 30,
    # size caps: a gigantic or bomb-like body fails the page, never the process
    "DOWNLOAD_MAXSIZE": 32 * 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 8 * 1024 * 1024,
    "REDIRECT_MAX_TIMES": 5,
    # duplicates are per source: two sources linking one page each fetch it (spiders.dupefilter)
    "DUPEFILTER_CLASS": "spiders.dupefilter.PerSourceDupeFilter",
    # quiet, deterministic runs
    "LOG_LEVEL": "WARNING",
    "TELNETCONSOLE_ENABLED": False,
    "COOKIES_ENABLED": False,
    "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    # cost per response, not politeness: Scrapy re-reads and re-parses the callback's source
    # for every response to warn about ``return value`` in a generator (its cache is keyed
    # by the bound method, new each time): a third of a 304 recrawl's CPU. The check is a
    # test instead (tests/spiders/test_settings.py). Scrapy runs up to CONCURRENT_ITEMS
    # asyncio tasks per response (101 tasks for a 304 that yields nothing); our pipelines
    # are synchronous, so more than a few buys nothing.
    "WARN_ON_GENERATOR_RETURN_VALUE": False,
    "CONCURRENT_ITEMS": 4,
    # Scrapy's stats (a dozen counters per request) are not collected: nothing reads them,
    # the landing file's SourceOutcome records are the run's accounting, and they were ~15%
    # of a 304 recrawl's CPU. For debugging: --setting STATS_CLASS='"scrapy.statscollectors.
    # MemoryStatsCollector"' --setting LOG_LEVEL='"INFO"' prints them at the end (and keeps
    # the extensions that collect them: spiders.scrapy_compat.STATS_ONLY).
    "STATS_CLASS": "scrapy.statscollectors.DummyStatsCollector",
    "DOWNLOADER_STATS": False,
    "ITEM_PIPELINES": {
        "spiders.pipelines.NormalizePipeline": 100,
        "spiders.pipelines.LandingWriter": 900,
    },
    "SPIDER_MIDDLEWARES": {},
    # network safety and page budget, before anything connects (spiders.netguard)
    # retries that back off and honour Retry-After; redirect loops refused (spiders.middlewares_retry)
    "DOWNLOADER_MIDDLEWARES": {
        "spiders.netguard.NetGuardMiddleware": 50,
        # a source URL's user:password@, sent as Authorization to that origin only
        "spiders.sourceauth.SourceAuthMiddleware": 60,
        # robots.txt Crawl-delay made the delay of its host's download slot (spiders.middlewares)
        "spiders.middlewares.CrawlDelayMiddleware": 110,
        "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
        "spiders.middlewares_retry.BackoffRetryMiddleware": 550,
        "spiders.middlewares_retry.RedirectLoopMiddleware": 650,
    },
}


def crawl_settings(contact: str | None = None, **overrides: Any) -> dict[str, Any]:
    # imported here: flows read this module's constants without loading Scrapy
    from spiders.scrapy_compat import trimmed_base_tables

    settings = dict(BASE)
    settings.update(trimmed_base_tables(stats="STATS_CLASS" in overrides))
    settings["USER_AGENT"] = USER_AGENT_TEMPLATE.format(contact=contact or DEFAULT_CONTACT)
    settings.update(overrides)
    return settings


# Enterprise ATS hosts are often rate-limited or guarded (Jobseek, which crawls them daily,
# retries Taleo's transient 401/403 answers and backs off SuccessFactors detail pages): a
# kind module may set ``HOST_CONCURRENCY`` and its
# sources' hosts then get at most that many requests in flight, whatever
# CONCURRENT_REQUESTS_PER_DOMAIN allows. Crawl-delay and AutoThrottle still apply on top.
def host_slots(sources: list[Any]) -> dict[str, dict[str, int]]:
    """``DOWNLOAD_SLOTS`` for the hosts of sources whose kind asks for a lower concurrency."""
    from urllib.parse import urlsplit

    from spiders.kinds import MODULES, ExtractError, module_for
    from spiders.protocol import start_specs

    slots: dict[str, dict[str, int]] = {}
    for source in sources:
        if source.kind not in MODULES:
            continue
        module = module_for(source.kind)
        limit = getattr(module, "HOST_CONCURRENCY", None)
        if not isinstance(limit, int):
            continue
        # the host pasted and the hosts the kind requests: a Rippling board at
        # ats.rippling.com is read from api.rippling.com
        urls = [source.url]
        try:
            urls += [spec.url for spec in start_specs(module, source)]
        except (ExtractError, ValueError):
            pass  # the crawl fails this source with its own line
        for host in {urlsplit(u).hostname for u in urls} - {None, ""}:
            current = slots.get(str(host), {}).get("concurrency", limit)
            slots[str(host)] = {"concurrency": min(limit, current)}
    return slots
