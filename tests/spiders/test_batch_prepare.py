"""A warm crawl process reuses the parsed sources file only while its text is unchanged."""

from __future__ import annotations

import pytest

from spiders import batch
from spiders.kinds import module_for


def _request(config, landing) -> batch.BatchRequest:
    return batch.BatchRequest(config=str(config), batch_id="b", landing=str(landing))


def _source(name: str, url: str) -> str:
    return f'[[source]]\nname = "{name}"\nkind = "blog-feed"\nurl = "{url}"\n\n'


def test_an_edited_sources_file_is_read_again(tmp_path):
    config = tmp_path / "sources.toml"
    config.write_text(_source("a", "http://127.0.0.1:9/a/feed/"))
    _, first = batch.prepare(_request(config, tmp_path / "landing"))
    _, again = batch.prepare(_request(config, tmp_path / "landing"))
    config.write_text(
        _source("a", "http://127.0.0.1:9/moved/feed/") + _source("b", "http://127.0.0.1:9/b/")
    )
    _, edited = batch.prepare(_request(config, tmp_path / "landing"))
    assert [s.url for s in first["sources"]] == ["http://127.0.0.1:9/a/feed/"]
    assert again["sources"] == first["sources"] and again["sources"] is not first["sources"]
    assert [(s.name, s.url) for s in edited["sources"]] == [
        ("a", "http://127.0.0.1:9/moved/feed/"),
        ("b", "http://127.0.0.1:9/b/"),
    ]


def test_a_sources_file_broken_after_a_good_one_fails_the_batch(tmp_path):
    config = tmp_path / "sources.toml"
    config.write_text(_source("a", "http://127.0.0.1:9/a/feed/"))
    batch.prepare(_request(config, tmp_path / "landing"))
    config.write_text('[[source]]\nname = "a"\nkind = "no-such-kind"\nurl = "http://x.test/"\n')
    with pytest.raises(batch.BadBatch, match="unknown kind"):
        batch.prepare(_request(config, tmp_path / "landing"))


def test_kind_modules_are_looked_up_once_and_unknown_kinds_still_refused():
    assert module_for("blog-feed") is module_for("blog-feed")
    with pytest.raises(KeyError):
        module_for("no-such-kind")


def test_no_offsite_filter_is_lost_with_scrapy_offsite_middleware_off():
    # Scrapy's offsite middleware (left out: spiders.scrapy_compat.UNUSED) filters only by a
    # spider's allowed_domains; ours has none, so it filtered nothing
    from scrapy.settings import Settings
    from scrapy.utils.conf import build_component_list

    from spiders.crawler import EolistSpider
    from spiders.settings import crawl_settings

    assert not getattr(EolistSpider, "allowed_domains", None)
    settings = Settings(crawl_settings())
    enabled = build_component_list(settings.getwithbase("DOWNLOADER_MIDDLEWARES"))
    assert "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware" not in enabled
    assert "spiders.netguard.NetGuardMiddleware" in enabled
