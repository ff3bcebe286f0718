"""Crawl settings: what the settings turn off is checked here instead."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy.utils.misc import is_generator_with_return_value

from spiders.crawler import EolistSpider
from spiders.settings import crawl_settings


def test_callbacks_return_no_value() -> None:
    # WARN_ON_GENERATOR_RETURN_VALUE is off (it re-parsed the callback on every response);
    # the check it made runs once here
    assert crawl_settings()["WARN_ON_GENERATOR_RETURN_VALUE"] is False
    assert not is_generator_with_return_value(EolistSpider.on_page)


def test_throttle_replaces_scrapys() -> None:
    settings = crawl_settings()
    assert "spiders.scrapy_compat.ConditionalAwareAutoThrottle" in settings["EXTENSIONS"]
    assert "scrapy.extensions.throttle.AutoThrottle" not in settings["EXTENSIONS_BASE"]
    assert "scrapy.extensions.closespider.CloseSpider" in settings["EXTENSIONS_BASE"]  # others kept


def test_stats_extensions_only_when_stats_are_collected() -> None:
    # stats are not collected, so what only feeds them is not loaded...
    default = crawl_settings()
    assert "scrapy.extensions.corestats.CoreStats" not in default["EXTENSIONS_BASE"]
    assert "scrapy.extensions.logstats.LogStats" not in default["EXTENSIONS_BASE"]
    assert (
        "scrapy.spidermiddlewares.depth.DepthMiddleware" not in default["SPIDER_MIDDLEWARES_BASE"]
    )
    assert (
        "scrapy.spidermiddlewares.httperror.HttpErrorMiddleware"
        in (default["SPIDER_MIDDLEWARES_BASE"])
    )
    # ...unless a crawl asks for them (debugging)
    debug = crawl_settings(STATS_CLASS="scrapy.statscollectors.MemoryStatsCollector")
    assert "scrapy.extensions.corestats.CoreStats" in debug["EXTENSIONS_BASE"]
    assert "scrapy.extensions.logstats.LogStats" in debug["EXTENSIONS_BASE"]
    assert "scrapy.extensions.throttle.AutoThrottle" not in debug["EXTENSIONS_BASE"]


def _throttle_and_slot(delay: float) -> tuple[Any, Any]:
    from scrapy.core.downloader import Slot
    from scrapy.core.engine import ExecutionEngine
    from scrapy.utils.test import get_crawler

    from spiders.scrapy_compat import ConditionalAwareAutoThrottle

    crawler = get_crawler(settings_dict={"AUTOTHROTTLE_ENABLED": True,
                                         "AUTOTHROTTLE_TARGET_CONCURRENCY": 8.0,
                                         "DOWNLOAD_HANDLERS": {"http": None, "https": None}})  # fmt: skip
    crawler.engine = ExecutionEngine(crawler, lambda _: None)  # the downloader and its slots
    throttle = ConditionalAwareAutoThrottle(crawler)
    throttle.mindelay, throttle.maxdelay = 0.0, 30.0
    return throttle, Slot(concurrency=8, delay=delay, jitter=0)


def test_a_304_lowers_the_delay_an_error_does_not() -> None:
    from scrapy.http import Response

    throttle, slot = _throttle_and_slot(0.5)
    throttle._adjust_delay(slot, 0.08, Response("http://127.0.0.1/feed", status=304))
    assert slot.delay == pytest.approx((0.5 + 0.01) / 2)  # halfway to latency / 8
    throttle, slot = _throttle_and_slot(0.5)
    throttle._adjust_delay(slot, 0.08, Response("http://127.0.0.1/feed", status=503))
    assert slot.delay == 0.5  # a fast error never speeds the crawl up
    throttle._adjust_delay(slot, 8.0, Response("http://127.0.0.1/feed", status=503))
    assert slot.delay == 1.0  # a slow one still slows it down


def test_the_throttle_never_goes_below_a_hosts_crawl_delay() -> None:
    from scrapy.http import Response

    from spiders.scrapy_compat import hold_delay

    throttle, slot = _throttle_and_slot(0.5)
    downloader = throttle.crawler.engine.downloader
    downloader.slots["127.0.0.1"] = slot
    hold_delay(downloader, "127.0.0.1", 0.4)  # robots.txt: Crawl-delay: 0.4
    assert (slot.delay, slot.jitter) == (0.5, 0.0)  # a longer delay stays; no random spacing
    throttle._adjust_delay(slot, 0.08, Response("http://127.0.0.1/p", status=200))
    assert slot.delay == 0.4  # not (0.5 + 0.01) / 2: never under the Crawl-delay
    throttle._adjust_delay(slot, 0.08, Response("http://127.0.0.1/p", status=304))
    assert slot.delay == 0.4
    # the slot Scrapy makes again after dropping it idle starts from the same delay
    assert downloader.per_slot_settings["127.0.0.1"] == {"delay": 0.4, "jitter": 0.0}
    other = _throttle_and_slot(0.5)[1]  # a host without a Crawl-delay is not held
    throttle._adjust_delay(other, 0.08, Response("http://127.0.0.1/p", status=200))
    assert other.delay == pytest.approx((0.5 + 0.01) / 2)
