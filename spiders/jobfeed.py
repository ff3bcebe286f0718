"""Job boards' RSS/Atom feeds (``job-feed``): one ``RawPosting`` per item.

Parsed with feedparser through ``spiders.feeds.parse``. Titles in the We Work Remotely style,
``"Company: Title"``, are split into company and title; otherwise the company comes from the
source's configuration. The entry's guid is the external id (else its link).
"""

from __future__ import annotations

from pipeline.records import RawPosting
from spiders import feeds

KIND = "job-feed"


def _split_title(title: str) -> tuple[str | None, str]:
    company, sep, rest = title.partition(": ")
    if sep and rest.strip() and 0 < len(company) <= 80:
        return company.strip(), rest.strip()
    return None, title.strip()


def extract(url: str, body: bytes) -> list[RawPosting]:
    parsed = feeds.parse(url, body)
    out = []
    for entry in parsed.entries:
        title = (entry.get("title") or "").strip()
        link = entry.get("link")
        if not title or not link:
            continue
        company, title = _split_title(title)
        regions = entry.get("region") or entry.get("location")
        out.append(
            RawPosting(
                source_name="",
                source_kind=KIND,
                url=str(link),
                title=title,
                external_id=(entry.get("id") or None),
                company=company,
                locations=(str(regions),) if regions else (),
                description_html=feeds._content(entry) or None,
                posted_at=entry.get("published") or entry.get("updated") or None,
                apply_url=str(link),
                employment_type=entry.get("type") or None,
            )
        )
    return out


def next_pages(url: str, body: bytes) -> list[str]:
    return feeds.next_pages(url, body)
