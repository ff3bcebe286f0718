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

Kinds that need more than GETs of URLs (Workday's CXS API pages with a POSTed JSON body;
SmartRecruiters asks a detail API per posting) use the request form of the same protocol,
each function optional and preferred over its URL form when present:

``start_requests(source) -> list[RequestSpec]``
``next_requests(spec, body) -> list[RequestSpec]``  (listing pages only)
``detail_requests(spec, body) -> list[RequestSpec]`` (listing pages only)

``spec`` is the request whose response ``body`` is; a ``RequestSpec`` is a small frozen value
(url, method, body, headers), so paging state travels in the request itself (Workday's
offset is in the POST body). ``extract`` still receives ``(spec.url, body)``.

A listing row may already say things its detail page does not (GC Jobs: a poster that moved
to the hiring organization's own site keeps its employer, place and closing date only in the
list). ``detail_requests`` may hand them over in ``RequestSpec.carry`` (never sent), and a kind
that defines ``extract_request(spec, url, body)`` receives that spec; it is preferred over
``extract``.

A kind may say what it could not read on a page (optional; ``spiders.protocol.skipped``):

``skipped(url, body) -> list[Skipped]`` (source-aware form: ``skipped_for(source, role, url, body)``)
    entries of the page that made no record (a feed item without a link, a JobPosting
    without a title, entries past a cap), each with the reason and how many. The crawler
    counts them in the source's outcome, and a listing that skipped anything is incomplete:
    it closes nothing, since a posting that was skipped would look gone.

A kind module that needs its source's settings (the ``html`` kind's selectors) may define
``extract_for(source, role, url, body)`` (``role`` is "listing" or "detail"),
``next_pages_for(source, url, body)`` and ``detail_urls_for(source, url, body)``; the crawler
prefers those, and they stay pure. ``spiders.protocol`` resolves which form a module has.

An extractor raises ``ExtractError`` when a page is not what the kind expects (HTML where JSON
was due, a wrong JSON shape): the source then fails with that message and closes nothing.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from pipeline.sources import KINDS

# kind -> module under spiders/ (one module per source kind, STYLE.md 2): the kind's name with
# dashes as underscores, except these (the kinds themselves are listed once, pipeline.sources)
MODULE_NAMES = {
    "html": "htmlboard",
    "job-feed": "jobfeed",
    "blog-feed": "feeds",
    "oracle-recruiting": "oraclerecruiting",
}
MODULES = {k: f"spiders.{MODULE_NAMES.get(k, k.replace('-', '_'))}" for k in KINDS}


class ExtractError(Exception):
    """A page is not what its source kind expects; fails the source, not the crawl."""


@dataclass(frozen=True)
class RequestSpec:
    """One request a kind asks for: a GET of ``url`` unless ``method``/``body`` say otherwise."""

    url: str
    method: str = "GET"
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()
    # what the listing said about this page, for the kind's own extract; never sent
    carry: tuple[tuple[str, str], ...] = ()

    @classmethod
    def post_json(cls, url: str, payload: dict[str, Any]) -> RequestSpec:
        data = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
        headers = (("Content-Type", "application/json"), ("Accept", "application/json"))
        return cls(url, "POST", data, headers)

    def json_body(self) -> dict[str, Any]:
        """The POSTed JSON object (``{}`` for a GET or a body that is not an object)."""
        try:
            data = json.loads(self.body or b"{}")
        except (ValueError, RecursionError):
            return {}
        return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class Skipped:
    """``count`` entries of a page that made no record, and why (a short phrase)."""

    why: str
    count: int = 1


def load_json(body: bytes, what: str, want: type) -> Any:
    """``body`` parsed as JSON of type ``want``, or ``ExtractError`` saying what came instead."""
    try:
        data = json.loads(body)
    except RecursionError as e:
        # the C parser's own guard: a hostile body nests arrays or objects past the stack
        raise ExtractError(f"expected {what} JSON, got JSON nested too deeply to read") from e
    except ValueError as e:
        start = body.lstrip()[:1]
        got = "HTML" if start == b"<" else "an empty body" if not start else "text that is not JSON"
        raise ExtractError(f"expected {what} JSON, got {got} ({e})") from e
    if not isinstance(data, want):
        raise ExtractError(
            f"expected {what} JSON {want.__name__}, got a JSON {type(data).__name__}"
        )
    return data


_loaded: dict[str, ModuleType] = {}


def module_for(kind: str) -> ModuleType:
    """The module of ``kind``, imported once: the crawler asks for it several times a
    response, and ``importlib.import_module`` takes the import lock every time (~10 us)."""
    module = _loaded.get(kind)
    if module is not None:
        return module
    if kind not in KINDS:
        raise KeyError(f"unknown kind {kind!r}")
    name = MODULES.get(kind)
    if name is None:
        raise NotImplementedError(f"kind {kind!r} has no spider yet")
    module = _loaded[kind] = importlib.import_module(name)
    return module


def supported_kinds() -> list[str]:
    return [k for k in KINDS if k in MODULES]
