"""Calling a kind module: its optional functions resolved once, in the order of preference.

The crawler asks three questions of a kind (``spiders.kinds`` documents the protocol): where
does a source start, what is on this page, and what to fetch next. Each has a URL form
(``start_urls``, ``next_pages``, ``detail_urls``), a request form for kinds that POST or need
a second request per posting (``start_requests``, ``next_requests``, ``detail_requests``), and
a source-aware form for kinds configured by selectors (``extract_for`` and friends). This
module picks the most specific one a module defines, so the crawler stays kind-agnostic and
existing URL-only kinds keep working unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Any

from pipeline.sources import FEED_KINDS, SourceConfig
from spiders.kinds import RequestSpec, Skipped, module_for


def start_specs(module: ModuleType, source: SourceConfig) -> list[RequestSpec]:
    """The first requests of a source (may raise ``ExtractError`` for an unusable URL)."""
    if hasattr(module, "start_requests"):
        return list(module.start_requests(source))
    urls = module.start_urls(source) if hasattr(module, "start_urls") else [source.url]
    return [RequestSpec(u) for u in urls]


def read_page(
    module: ModuleType, source: SourceConfig, spec: RequestSpec, role: str, url: str, body: bytes
) -> tuple[list[Any], list[RequestSpec], list[RequestSpec]]:
    """(records, next listing requests, detail requests) for one fetched page.

    ``url`` is the response URL (after redirects), ``spec`` the request that was made.
    Only listing pages paginate or lead to details.
    """
    if hasattr(module, "extract_for"):
        records = module.extract_for(source, role, url, body)
    elif hasattr(module, "extract_request"):  # reads what the listing carried over
        records = module.extract_request(spec, url, body)
    else:
        records = module.extract(url, body)
    if role != "listing":
        return records, [], []
    if hasattr(module, "next_requests"):
        follow = list(module.next_requests(spec, body))
    elif hasattr(module, "next_pages_for"):
        follow = [RequestSpec(u) for u in module.next_pages_for(source, url, body)]
    else:
        follow = [RequestSpec(u) for u in module.next_pages(url, body)]
    if hasattr(module, "detail_requests"):
        details = list(module.detail_requests(spec, body))
    elif hasattr(module, "detail_urls_for"):
        details = [RequestSpec(u) for u in module.detail_urls_for(source, url, body)]
    elif hasattr(module, "detail_urls"):
        details = [RequestSpec(u) for u in module.detail_urls(url, body)]
    else:
        details = []
    return records, follow, details


def follows_details(module: ModuleType) -> bool:
    """Whether the kind's listing pages lead to detail pages (its postings are read there)."""
    return any(hasattr(module, f) for f in ("detail_requests", "detail_urls_for", "detail_urls"))


def read_beside(source: SourceConfig, role: str) -> bool:
    """Whether a page of ``source`` is read in the crawl process's helper when it has one
    (``spiders.buildhelper``): a detail page (one posting), the listing of a kind that follows
    detail pages (links; the postings come from the details), and a blog feed (blog posts are
    not built there). A listing that is itself the postings (an ATS API's answer, a job feed)
    is read in the crawl process, so that the helper builds one page's postings while the
    crawl process reads the next."""
    if role == "detail" or source.kind in FEED_KINDS:
        return True
    return follows_details(module_for(source.kind))


@dataclass(frozen=True, slots=True)
class PageReading:
    """Everything the crawler takes from one fetched page (``read_whole_page``)."""

    records: list[Any]
    follow: list[RequestSpec]
    details: list[RequestSpec]
    lost: list[Skipped]
    hints: list[Any]
    stamps: dict[str, str]


def read_whole_page(
    source: SourceConfig, spec: RequestSpec, role: str, url: str, body: bytes, stamps: bool
) -> PageReading:
    """A page read by its source's kind: its records and links (``read_page``), the entries
    it could not make into records, a listing's hints and, when ``stamps``, its detail pages'
    ``lastmod``. Takes no connection and no spider: the crawl process's helper may run it
    (``spiders.buildhelper``). Raises what the kind raises (``ExtractError`` for a page that
    is not what the kind expects)."""
    module = module_for(source.kind)
    records, follow, details = read_page(module, source, spec, role, url, body)
    return PageReading(
        records,
        follow,
        details,
        skipped(module, source, role, url, body),
        hints(module, source, url, body) if role == "listing" else [],
        lastmods(module, url, body) if stamps and details else {},
    )


def skipped(
    module: ModuleType, source: SourceConfig, role: str, url: str, body: bytes
) -> list[Skipped]:
    """What the page held that made no record (empty for kinds that never skip)."""
    if hasattr(module, "skipped_for"):
        return list(module.skipped_for(source, role, url, body))
    if hasattr(module, "skipped"):
        return list(module.skipped(url, body))
    return []


def hints(module: ModuleType, source: SourceConfig, url: str, body: bytes) -> list[Any]:
    """What a listing page says about where its postings are (``spiders.hints``; kinds that
    read an employer's own pages define ``hints_for``)."""
    if hasattr(module, "hints_for"):
        return list(module.hints_for(source, url, body))
    return []


def lastmods(module: ModuleType, url: str, body: bytes) -> dict[str, str]:
    """When each detail page of a listing last changed, as the listing says (sitemaps'
    ``lastmod``; empty for kinds that cannot tell)."""
    if hasattr(module, "detail_lastmods"):
        return dict(module.detail_lastmods(url, body))
    return {}


def spec_key(spec: RequestSpec) -> str:
    """What makes two requests the same fetch (a POST's body is part of it)."""
    if spec.method == "GET":
        return spec.url
    return f"{spec.method} {spec.url} {(spec.body or b'').decode('utf-8', 'replace')}"
