"""Where the day-first/month-first hint comes from: source config, record, page, feed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy.http import HtmlResponse, TextResponse

from pipeline.build import build_posting
from pipeline.records import RawPosting
from pipeline.sources import ConfigError, SourceConfig, parse_sources
from spiders import feeds, jobfeed
from spiders.crawler import page_language

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<link>https://blog.example/</link>{lang}
<item><title>One</title><link>https://blog.example/1</link><pubDate>05/06/2026 09:30</pubDate></item>
</channel></rss>"""


def raw(**kw: object) -> RawPosting:
    base = dict(
        source_name="s", source_kind="jsonld", url="https://x.example/j/1", title="HR Advisor"
    )
    return RawPosting(**(base | kw))  # type: ignore[arg-type]


def test_page_language_from_html_lang_or_header() -> None:
    page = HtmlResponse(
        "https://x.example/", body=b'<!doctype html><html class="a" lang="fr-CA"><p>'
    )
    assert page_language(page) == "fr-CA"
    api = TextResponse(
        "https://x.example/api", body=b"{}", headers={"Content-Language": "en-GB, en"}
    )
    assert page_language(api) == "en-GB"
    assert page_language(TextResponse("https://x.example/api", body=b"[]")) is None


@pytest.mark.parametrize(
    ("language", "country", "posted"),
    [
        ("en-GB", None, datetime(2026, 6, 5, tzinfo=UTC)),
        ("fr", "CA", datetime(2026, 6, 5, tzinfo=UTC)),
        (None, "CA", datetime(2026, 5, 6, tzinfo=UTC)),
        (None, "US", datetime(2026, 5, 6, tzinfo=UTC)),
        (None, "DE", datetime(2026, 6, 5, tzinfo=UTC)),
    ],
)
def test_build_reads_ambiguous_dates_by_language_and_country(language, country, posted) -> None:
    p = build_posting(raw(posted_at="05/06/2026", language=language, country=country), NOW)
    assert p.posted_at == posted


def test_build_reads_closing_dates_with_the_same_rule() -> None:
    p = build_posting(raw(valid_through="10/12/2026", language="en-GB"), NOW)
    # 10 December, the whole day anywhere on Earth: 23:59:59 at UTC-12
    assert p.valid_through == datetime(2026, 12, 11, 11, 59, 59, tzinfo=UTC)


def test_blog_feed_dates_follow_the_feed_language_then_the_source() -> None:
    body = RSS.format(lang="<language>fr-FR</language>").encode()
    (post,) = feeds.extract("https://blog.example/feed", body)
    assert post.published_at == datetime(2026, 6, 5, 9, 30, tzinfo=UTC)
    body = RSS.format(lang="").encode()
    (post,) = feeds.extract("https://blog.example/feed", body)
    assert post.published_at == datetime(2026, 5, 6, 9, 30, tzinfo=UTC)  # no hint: month-first
    source = SourceConfig("b", "blog-feed", "https://blog.example/feed", country="GB")
    (post,) = feeds.extract_for(source, "listing", "https://blog.example/feed", body)
    assert post.published_at == datetime(2026, 6, 5, 9, 30, tzinfo=UTC)


def test_job_feed_hands_over_the_raw_date_and_the_feed_language() -> None:
    body = RSS.format(lang="<language>en-GB</language>").encode()
    (rec,) = jobfeed.extract("https://jobs.example/feed", body)
    assert (rec.posted_at, rec.language) == ("05/06/2026 09:30", "en-GB")
    assert build_posting(rec, NOW).posted_at == datetime(2026, 6, 5, 9, 30, tzinfo=UTC)


def test_source_language_is_checked_in_the_config() -> None:
    text = ('[[source]]\nname = "a"\nkind = "jsonld"\nurl = "https://a.example/jobs"\n'
            'language = "en-GB"\n')  # fmt: skip
    assert parse_sources(text)[0].language == "en-GB"
    with pytest.raises(ConfigError, match=r"sources.toml:\d+.*'language' must be a language tag"):
        parse_sources(text.replace('"en-GB"', '"British English"'))
