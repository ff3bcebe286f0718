"""``to_json``: the landing-file form of every record kind, field by field."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from pipeline.records import BlogPost, RawPosting, Salary, SourceOutcome, to_json
from pipeline.safety import redact_url

WHEN = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


def test_outcome_datetimes_tuples_and_plain_values():
    out = to_json(
        SourceOutcome(
            source_name="b",
            source_kind="blog-feed",
            source_url="http://127.0.0.1:9/feed/",
            status="not_modified",
            complete=False,
            pages=0,
            not_modified=1,
            retry_after_s=30.0,
            unchanged_keys=("k1", "k2"),
            started_at=WHEN,
            finished_at=None,
        )
    )
    assert out["record"] == "SourceOutcome"
    assert out["started_at"] == "2026-12-07T09:30:00+00:00"
    assert out["finished_at"] is None
    assert out["unchanged_keys"] == ["k1", "k2"] and out["gone_keys"] == []
    assert (out["complete"], out["pages"], out["retry_after_s"]) == (False, 0, 30.0)
    assert list(out)[0] == "record" and json.loads(json.dumps(out)) == out


def test_raw_posting_nested_salary_becomes_an_object():
    out = to_json(
        RawPosting(
            source_name="acme",
            source_kind="greenhouse",
            url="https://example.test/1",
            title="HR Advisor",
            locations=("Toronto, ON",),
            salary=Salary(60000.0, 70000.0, "CAD", "YEAR"),
        )
    )
    assert out["salary"] == {"min": 60000.0, "max": 70000.0, "currency": "CAD", "period": "YEAR"}
    assert out["locations"] == ["Toronto, ON"] and out["title"] == "HR Advisor"


def test_blog_post_every_field_present():
    post = BlogPost(
        source_name="b", entry_key="e", guid=None, url="https://blog.test/e", title="T",
        author=None, published_at=WHEN, updated_at=None, summary_text="s", content_html=None,
        content_text=None, tags=("hr",), blog_title=None, fingerprint="v1:x", fetched_at=WHEN,
    )  # fmt: skip
    out = to_json(post)
    assert set(out) == {"record", *post.__dataclass_fields__}
    assert out["tags"] == ["hr"] and out["published_at"] == WHEN.isoformat()


def test_redact_url_same_answer_when_asked_again():
    url = "https://u:p@example.test/feed?api_key=s3cret&page=2"
    first = redact_url(url)
    assert first == redact_url(url) == "https://REDACTED@example.test/feed?api_key=REDACTED&page=2"
