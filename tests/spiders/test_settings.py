"""Crawl settings: what the settings turn off is checked here instead."""

from __future__ import annotations

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
    assert "spiders.throttle.ConditionalAwareAutoThrottle" in settings["EXTENSIONS"]
    assert "scrapy.extensions.throttle.AutoThrottle" not in settings["EXTENSIONS_BASE"]
    assert "scrapy.extensions.corestats.CoreStats" in settings["EXTENSIONS_BASE"]  # others kept
