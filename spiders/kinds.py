"""The source-kind registry: which module extracts which ``kind`` of sources.toml.

Every kind module exposes pure functions of ``(url, body)``; the crawler (``spiders.crawler``)
only fetches and calls them:

``extract(url, body) -> list[RawPosting | BlogPost]``
    records on this page (``source_name`` left empty; the crawler fills in the source).
``next_pages(url, body) -> list[str]``
    further pages of the same listing (pagination), fetched with the same role.
``detail_urls(url, body) -> list[str]`` (optional)
    pages to fetch once each and pass to ``extract`` (e.g. a job board's detail pages).
``start_urls(source) -> list[str]`` (optional)
    where a source starts; default ``[source.url]``.

An extractor raises ``ExtractError`` when a page is not what the kind expects (HTML where JSON
was due, a wrong JSON shape): the source then fails with that message and closes nothing.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from pipeline.sources import KINDS

# kind -> module under spiders/ (one module per source kind, STYLE.md 2)
MODULES = {
    "greenhouse": "spiders.greenhouse",
    "lever": "spiders.lever",
    "jsonld": "spiders.jsonld",
    "job-feed": "spiders.jobfeed",
    "blog-feed": "spiders.feeds",
}


class ExtractError(Exception):
    """A page is not what its source kind expects; fails the source, not the crawl."""


def module_for(kind: str) -> ModuleType:
    if kind not in KINDS:
        raise KeyError(f"unknown kind {kind!r}")
    name = MODULES.get(kind)
    if name is None:
        raise NotImplementedError(f"kind {kind!r} has no spider yet")
    return importlib.import_module(name)


def supported_kinds() -> list[str]:
    return [k for k in KINDS if k in MODULES]
