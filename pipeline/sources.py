"""``sources.toml``: the operator's one file of sources, parsed and checked.

Parsing is a pure function of the text (``parse_sources``); a mistake raises ``ConfigError``
whose message names the file, the line where it can be found, the source and the key, so the
command line can print one line and exit 2.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

# The one list of source kinds, each with whether its listing is the employer's own
# authoritative list (an ATS API or a feed: pipeline.lifecycle closes sooner on it) rather than
# a scraped page. Everything else that lists kinds derives from it (spiders.kinds maps each to
# its module; docs/sources.md documents each, checked by tests/docs).
KIND_AUTHORITATIVE: dict[str, bool] = {
    "greenhouse": True,
    "lever": True,
    "ashby": True,
    "smartrecruiters": True,
    "workable": True,
    "recruitee": True,
    "personio": True,
    "teamtailor": True,
    "workday": True,
    "jsonld": False,
    "html": False,
    "job-feed": True,
    "jobvite": False,
    "bamboohr": True,
    "breezy": True,
    "pinpoint": True,
    "successfactors": False,
    "taleo": False,
    "icims": False,
    "gc-jobs": False,
    "oracle-recruiting": False,
    "ultipro": True,
    "adp": True,
    "dayforce": True,
    "ontario-gojobs": False,
    "jazzhr": False,
    "comeet": True,
    "rippling": True,
    "paylocity": False,
    "blog-feed": True,
}
FEED_KINDS = ("blog-feed",)
JOB_KINDS = tuple(k for k in KIND_AUTHORITATIVE if k not in FEED_KINDS)
KINDS = JOB_KINDS + FEED_KINDS
KNOWN_KEYS = {
    "name": str,
    "kind": str,
    "url": str,
    "company": str,
    "country": str,
    "language": str,
    "default_currency": str,
    "hr_only": bool,
    "enabled": bool,
    "tier": str,
    "selectors": dict,
    "max_pages": int,
    "keep_metadata": bool,
    "follow": str,
}
LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")


class ConfigError(Exception):
    """A sources file that cannot be used; the message is the whole story, in one line."""


@dataclass(frozen=True)
class SourceConfig:
    name: str
    kind: str
    url: str
    company: str | None = None
    country: str | None = None
    language: str | None = None  # a language tag ("en-CA", "fr"): how its numeric dates read
    default_currency: str | None = None
    hr_only: bool = True
    enabled: bool = True
    tier: str = "default"
    max_pages: int = 50
    keep_metadata: bool = False
    # a regular expression: the detail links a jsonld listing follows (replaces the guess)
    follow: str | None = None
    selectors: dict[str, Any] = field(default_factory=dict)

    @property
    def is_feed(self) -> bool:
        return self.kind in ("job-feed", "blog-feed")


def _line_of(text: str, needle: str) -> int | None:
    for i, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return i
    return None


def parse_sources(text: str, path: str = "sources.toml") -> list[SourceConfig]:
    """Every ``[[source]]`` table of a sources file, checked; raises ``ConfigError``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from e
    unknown = set(data) - {"source", "crawl"}
    if unknown:
        raise ConfigError(f"{path}: unknown top-level table(s): {', '.join(sorted(unknown))}")
    tables = data.get("source", [])
    if not isinstance(tables, list):
        raise ConfigError(f"{path}: 'source' must be an array of tables ([[source]])")
    out: list[SourceConfig] = []
    seen: dict[str, int] = {}
    for index, table in enumerate(tables, start=1):
        name = table.get("name")
        label = f"source '{name}'" if isinstance(name, str) else f"source #{index}"

        def fail(
            msg: str, name: object = name, index: int = index, label: str = label
        ) -> ConfigError:
            # the line is looked up only for an error (a scan per source made 1,000 sources ~1 s)
            where_line = _line_of(text, f'"{name}"') if isinstance(name, str) else None
            where = f"{path}:{where_line}" if where_line else f"{path} (source #{index})"
            return ConfigError(f"{where}: {label}: {msg}")

        for key, value in table.items():
            if key not in KNOWN_KEYS:
                raise fail(f"unknown key '{key}' (known: {', '.join(sorted(KNOWN_KEYS))})")
            if not isinstance(value, KNOWN_KEYS[key]):
                raise fail(f"'{key}' must be a {KNOWN_KEYS[key].__name__}")
        for key in ("name", "kind", "url"):
            if key not in table:
                raise fail(f"missing '{key}'")
        if not NAME_RE.match(table["name"]):
            raise fail("'name' must be lowercase letters, digits, '.', '_' or '-'")
        if table["kind"] not in KINDS:
            raise fail(f"unknown kind '{table['kind']}' (one of: {', '.join(KINDS)})")
        parts = urlsplit(table["url"])
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise fail(f"'url' must be an http or https URL, got '{table['url']}'")
        if table["name"] in seen:
            raise fail(f"duplicate name (first defined as source #{seen[table['name']]})")
        seen[table["name"]] = index
        if table["kind"] == "html" and not table.get("selectors"):
            raise fail("kind 'html' needs a [source.selectors] table")
        if "follow" in table:
            try:
                re.compile(table["follow"])
            except re.error as e:
                raise fail(f"'follow' is not a valid regular expression: {e}") from e
        fields = dict(table)
        if "hr_only" not in fields:
            fields["hr_only"] = table["kind"] in JOB_KINDS
        if "country" in fields:
            fields["country"] = fields["country"].upper()
        if "language" in fields and not LANGUAGE_RE.match(fields["language"]):
            raise fail(
                f"'language' must be a language tag such as 'en-CA' or 'fr', got '{fields['language']}'"
            )
        out.append(SourceConfig(**fields))
    return out
