"""``eolist sources add``: decide a new source's kind and append its table to the sources file.

The kind comes from ``spiders.detect`` (from the address first; only if that says nothing, from
the page itself, fetched once by the crawl's network guard: ``spiders.fetch``), and a URL the
page led to is written only if the crawl would follow it from there. The file's existing text is
kept byte for byte; the new text is checked by the same parser as every command before it
replaces the old file (written beside it, then renamed), so a failed ``add`` never leaves a
broken sources file. Mistakes are one ``ConfigError`` line.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from ops.settings import Settings
from pipeline import safety
from pipeline.sources import ConfigError, parse_sources
from spiders import detect, feedkind, fetch
from spiders.netguard import Guard
from spiders.settings import DEFAULT_CONTACT, USER_AGENT_TEMPLATE

FETCH_LIMIT = 5 * 1024 * 1024
FETCH_TIMEOUT = 20


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _guard() -> Guard:
    """The crawl's guard, with its two test settings read from the environment (JSON)."""
    values = {}
    for name, default in (("EOLIST_NETGUARD_PUBLIC_ORIGINS", "[]"), ("EOLIST_NETGUARD_DNS", "{}")):
        try:
            values[name] = json.loads(os.environ.get(name) or default)
        except ValueError as e:
            raise ConfigError(f"{name} is not valid JSON: {e}") from e
    return Guard(values["EOLIST_NETGUARD_PUBLIC_ORIGINS"], values["EOLIST_NETGUARD_DNS"])


def _fetch(
    url: str, contact: str | None, guard: Guard, unreachable_ok: bool = False
) -> fetch.Fetched | None:
    """The page; ``None`` when it cannot be reached and ``unreachable_ok`` (never a refusal)."""
    agent = USER_AGENT_TEMPLATE.format(contact=contact or DEFAULT_CONTACT)
    try:
        return fetch.fetch(url, guard, agent, FETCH_LIMIT, FETCH_TIMEOUT)
    except fetch.FetchRefused as e:
        raise ConfigError(f"not added: {safety.log_safe(str(e))}") from e
    except fetch.FetchError as e:
        if unreachable_ok:
            return None
        raise ConfigError(f"cannot tell the kind of {safety.redact_url(url)}: "
                           f"{safety.log_safe(str(e))} (give --kind)") from e  # fmt: skip


def _read_feed(found: detect.Detected, contact: str | None, guard: Guard) -> detect.Detected:
    """The feed a page links to, fetched: its content decides blog or jobs."""
    try:
        feed = fetch.fetch(found.url, guard, USER_AGENT_TEMPLATE.format(
            contact=contact or DEFAULT_CONTACT), FETCH_LIMIT, FETCH_TIMEOUT)  # fmt: skip
    except (fetch.FetchRefused, fetch.FetchError) as e:
        why = f"{found.why}; not read ({safety.log_safe(str(e))[:120]}): taken as a blog (unsure)"
        return dataclasses.replace(found, why=why, unread=False)
    kind, why = feedkind.classify(found.url, feed.body)
    return dataclasses.replace(found, kind=kind, why=f"{found.why}: {why}", unread=False)


def _unique_name(wanted: str, kind: str, taken: set[str], explicit: bool) -> str:
    if wanted not in taken:
        return wanted
    if explicit:
        raise ConfigError(f"a source named '{wanted}' already exists (choose another --name)")
    for candidate in [f"{wanted}-{kind}", *(f"{wanted}-{n}" for n in range(2, 100))]:
        if candidate not in taken:
            return candidate
    raise ConfigError(f"no free name near '{wanted}' (give --name)")


def table_text(name: str, kind: str, url: str, company: str | None) -> str:
    lines = ["[[source]]", f"name = {_toml_str(name)}", f"kind = {_toml_str(kind)}",
             f"url = {_toml_str(url)}"]  # fmt: skip
    if company:
        lines.append(f"company = {_toml_str(company)}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Added:
    """A new source's table, and what was decided: its name, kind and why."""

    name: str
    kind: str
    why: str
    table: str  # as written (credentials and all)
    shown: str  # as shown (URL redacted)
    written: bool


def detect_kind(settings: Settings, url: str, kind: str | None) -> detect.Detected:
    """The source at ``url``: from the address, ``kind`` if given, else from the page."""
    parts = urlsplit(url)
    found = detect.from_url(url)
    if found is not None and not (kind and found.kind != kind):
        return found
    if kind:
        host = detect.suggest_name((parts.hostname or "").removeprefix("www."))
        return detect.Detected(kind, url, host, f"--kind {kind}")
    guard = _guard()
    # a /feed/ or /rss address is a feed even unread: a blog's unless it says jobs
    page = _fetch(url, settings.contact, guard, feedkind.is_feed_address(url))
    if page is None:
        return detect.Detected("blog-feed", url, detect.suggest_name(
            (parts.hostname or "").removeprefix("www.")), "the address is a feed (not "
            "fetched): taken as a blog (unsure; give --kind job-feed if it lists jobs)")  # fmt: skip
    found = detect.from_page(page.url, page.body, page.content_type)
    if found is None:
        raise ConfigError(
            f"cannot tell the kind of {url}: not a known ATS address, not a feed, no link to "
            "a feed and no schema.org JobPosting markup (give --kind, e.g. --kind html)"
        )
    if found.url == page.url:
        found = dataclasses.replace(found, url=url)  # what the operator named
    if found.url != url:
        # a URL the page led to: written only if the crawl would follow it from here
        refused = guard.led_from(url, found.url)
        if refused:
            raise ConfigError(f"not added: {safety.log_safe(refused)}")
    return _read_feed(found, settings.contact, guard) if found.unread else found


def add_source(
    settings: Settings, url: str, name: str | None = None, kind: str | None = None,
    company: str | None = None, dry_run: bool = False,
) -> Added:  # fmt: skip
    """Detect the source at ``url`` and append its table to the sources file (unless
    ``dry_run``); ``ConfigError`` for a bad URL, an unknown kind or a duplicate."""
    config = settings.config
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"not an http(s) URL: {safety.redact_text(repr(url))}")
    text = config.read_text(encoding="utf-8") if config.exists() else ""
    existing = parse_sources(text, str(config)) if text.strip() else []
    found = detect_kind(settings, url, kind)
    for source in existing:
        if source.url == found.url:
            raise ConfigError(
                f"{safety.redact_url(found.url)} is already configured as source '{source.name}'"
            )
    chosen = _unique_name(
        name or found.name, found.kind, {s.name for s in existing}, name is not None
    )
    table = table_text(chosen, found.kind, found.url, company)
    if found.kind == "html":
        table += '[source.selectors]\nitem = "li.job"  # describe the board: see docs/sources.md\n'
        table += 'title = "a::text"\nlink = "a::attr(href)"\n'
    joiner = "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
    new_text = text + joiner + table
    try:
        parse_sources(new_text, str(config))
    except ConfigError as e:
        raise ConfigError(f"the new table would not be valid: {e}") from e
    if not dry_run:
        tmp = config.with_name(f".{config.name}.tmp")
        tmp.write_text(new_text, encoding="utf-8")
        os.replace(tmp, config)
    shown = table_text(chosen, found.kind, safety.redact_url(found.url), company)
    return Added(chosen, found.kind, safety.redact_text(found.why), table, shown, not dry_run)
