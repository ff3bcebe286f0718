"""What spiders/scrapy_compat.py relies on in Scrapy, checked: an upgrade that renames or
reshapes it fails here, not silently in a crawl (AutoThrottle back to Scrapy's rule, or
components loaded again)."""

from __future__ import annotations

import inspect

from scrapy.extensions.throttle import AutoThrottle
from scrapy.settings import default_settings

from spiders.scrapy_compat import (
    STATS_ONLY,
    UNUSED,
    ConditionalAwareAutoThrottle,
    trimmed_base_tables,
)


def test_autothrottle_still_adjusts_through_the_method_we_override():
    hook = inspect.signature(AutoThrottle._adjust_delay)
    assert list(hook.parameters) == ["self", "slot", "latency", "response"]
    assert "self._adjust_delay(" in inspect.getsource(AutoThrottle._response_downloaded)
    init = inspect.getsource(AutoThrottle.__init__) + inspect.getsource(AutoThrottle)
    for attribute in ("target_concurrency", "mindelay", "maxdelay"):
        assert f"self.{attribute}" in init, f"AutoThrottle no longer has {attribute}"
    assert ConditionalAwareAutoThrottle._adjust_delay is not AutoThrottle._adjust_delay


def test_the_base_tables_still_hold_what_we_take_out():
    for name, unused in UNUSED.items():
        table = getattr(default_settings, name)
        missing = [path for path in unused if path not in table]
        assert not missing, f"{name} no longer lists {missing}: review UNUSED"
        assert not set(unused) & set(trimmed_base_tables()[name])
    for name, stats_only in STATS_ONLY.items():
        table = getattr(default_settings, name)
        missing = [path for path in stats_only if path not in table]
        assert not missing, f"{name} no longer lists {missing}: review STATS_ONLY"
        assert not set(stats_only) & set(trimmed_base_tables()[name])
        assert set(stats_only) <= set(trimmed_base_tables(stats=True)[name])


def test_the_downloader_still_keeps_per_slot_settings_and_slots_where_hold_delay_looks():
    from scrapy.core.downloader import Downloader, Slot

    init = inspect.getsource(Downloader.__init__)
    assert "self.per_slot_settings" in init and "self.slots" in init
    assert "get_slot_key" in dict(inspect.getmembers(Downloader))
    # a slot made again after Scrapy dropped it idle reads its delay from per_slot_settings
    assert "per_slot_settings" in inspect.getsource(Downloader)
    assert {"delay", "jitter"} <= set(inspect.signature(Slot.__init__).parameters)


_ALIASES = """
import sys
exec(sys.argv[1])
import inspect
import scrapy.utils.deprecate as deprecate
from scrapy.core.downloader import contextfactory, tls
assert deprecate.inspect is inspect, "the real inspect is back after the import"
print(contextfactory.ScrapyClientContextFactory.__module__,
      contextfactory.AcceptableProtocolsContextFactory.__module__,
      tls.ScrapyClientTLSOptions.__module__)
"""


def test_deprecated_aliases_are_named_as_inspect_would_name_them():
    import subprocess
    import sys

    from scrapy.utils.deprecate import create_deprecated_class

    # what quick_deprecated_class_lookup answers is still what Scrapy asks
    source = inspect.getsource(create_deprecated_class)
    assert "inspect.stack()[1]" in source and "inspect.getmodule(frm[0])" in source

    def names(how: str) -> str:
        run = [sys.executable, "-c", _ALIASES, how]
        return subprocess.run(run, capture_output=True, text=True, check=True).stdout

    by_inspect = names("import scrapy.core.downloader.handlers.http11")
    by_frame = names("import spiders.batch")  # imports them inside the lookup
    assert by_frame == by_inspect
    assert by_frame.split() == ["scrapy.core.downloader.contextfactory"] * 2 + [
        "scrapy.core.downloader.tls"
    ]


def test_what_the_offsite_and_auth_middlewares_would_read_is_not_set():
    # they are out of the crawl (UNUSED) because our spider never sets what they act on
    from spiders.crawler import EolistSpider

    for attribute in ("allowed_domains", "http_user", "http_pass", "http_auth_domain"):
        assert not hasattr(EolistSpider, attribute), f"EolistSpider.{attribute}: review UNUSED"
