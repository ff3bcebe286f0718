"""``eolist sources add URL`` and ``eolist sources check NAME``.

``add`` decides the kind with ``spiders.detect`` (from the address first; only if that says
nothing, from the page itself, fetched once by the crawl's network guard: ``spiders.fetch``),
and never writes a discovered URL the guard would not let the page lead to. It then appends one ``[[source]]`` table to the
sources file. The file's existing text is kept byte for byte; the new text is checked by the
same parser as every command before it replaces the old file (written beside it, then
renamed), so a failed ``add`` never leaves a broken sources file. ``check`` crawls one source
now, in a throwaway landing folder, and says what it found; nothing is loaded.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import click

from flows.cli import UsageProblem, _settings, friendly
from flows.settings import load_sources
from pipeline import lifecycle, safety
from pipeline.sources import KINDS, ConfigError, parse_sources
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
            raise UsageProblem(f"{name} is not valid JSON: {e}") from e
    return Guard(values["EOLIST_NETGUARD_PUBLIC_ORIGINS"], values["EOLIST_NETGUARD_DNS"])


def _fetch(
    url: str, contact: str | None, guard: Guard, unreachable_ok: bool = False
) -> fetch.Fetched | None:
    """The page; ``None`` when it cannot be reached and ``unreachable_ok`` (never a refusal)."""
    agent = USER_AGENT_TEMPLATE.format(contact=contact or DEFAULT_CONTACT)
    try:
        return fetch.fetch(url, guard, agent, FETCH_LIMIT, FETCH_TIMEOUT)
    except fetch.FetchRefused as e:
        raise UsageProblem(f"not added: {safety.log_safe(str(e))}") from e
    except fetch.FetchError as e:
        if unreachable_ok:
            return None
        raise UsageProblem(f"cannot tell the kind of {safety.redact_url(url)}: "
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
        raise UsageProblem(f"a source named '{wanted}' already exists (choose another --name)")
    for candidate in [f"{wanted}-{kind}", *(f"{wanted}-{n}" for n in range(2, 100))]:
        if candidate not in taken:
            return candidate
    raise UsageProblem(f"no free name near '{wanted}' (give --name)")


def table_text(name: str, kind: str, url: str, company: str | None) -> str:
    lines = ["[[source]]", f"name = {_toml_str(name)}", f"kind = {_toml_str(kind)}",
             f"url = {_toml_str(url)}"]  # fmt: skip
    if company:
        lines.append(f"company = {_toml_str(company)}")
    return "\n".join(lines) + "\n"


@click.command("add")
@click.argument("url")
@click.option("--name", default=None, help="Source name (default: from the URL).")
@click.option("--kind", type=click.Choice(KINDS), default=None, help="Kind (default: detected).")
@click.option("--company", default=None, help="Employer, for sources that do not name it.")
@click.option("--dry-run", is_flag=True, help="Print the table instead of adding it.")
@friendly
def add(url: str, name: str | None, kind: str | None, company: str | None, dry_run: bool) -> None:
    """Add a source: its kind is recognised from the URL or the page.

    \b
    Example:
      eolist sources add https://boards.greenhouse.io/acme
      eolist sources add https://careers.example.org/jobs --kind jsonld --dry-run
    """
    settings = _settings()
    config: Path = settings.config
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageProblem(f"not an http(s) URL: {safety.redact_text(repr(url))}")
    text = config.read_text(encoding="utf-8") if config.exists() else ""
    existing = parse_sources(text, str(config)) if text.strip() else []
    found = detect.from_url(url)
    if found is None or (kind and found.kind != kind):
        if kind:
            host = detect.suggest_name((parts.hostname or "").removeprefix("www."))
            found = detect.Detected(kind, url, host, f"--kind {kind}")
        else:
            guard = _guard()
            # a /feed/ or /rss address is a feed even unread: a blog's unless it says jobs
            page = _fetch(url, settings.contact, guard, feedkind.is_feed_address(url))
            if page is None:
                found = detect.Detected("blog-feed", url, detect.suggest_name(
                    (parts.hostname or "").removeprefix("www.")), "the address is a feed (not "
                    "fetched): taken as a blog (unsure; give --kind job-feed if it lists jobs)")  # fmt: skip
            else:
                found = detect.from_page(page.url, page.body, page.content_type)
            if found is not None and page is not None and found.url == page.url:
                found = dataclasses.replace(found, url=url)  # what the operator named
            if found is not None and found.url != url:
                # a URL the page led to: written only if the crawl would follow it from here
                refused = guard.led_from(url, found.url)
                if refused:
                    raise UsageProblem(f"not added: {safety.log_safe(refused)}")
            if found is not None and found.unread:
                found = _read_feed(found, settings.contact, guard)
    if found is None:
        raise UsageProblem(
            f"cannot tell the kind of {url}: not a known ATS address, not a feed, no link to "
            "a feed and no schema.org JobPosting markup (give --kind, e.g. --kind html)"
        )
    for source in existing:
        if source.url == found.url:
            raise UsageProblem(
                f"{safety.redact_url(found.url)} is already configured as source '{source.name}'"
            )
    taken = {s.name for s in existing}
    chosen = _unique_name(name or found.name, found.kind, taken, explicit=name is not None)
    table = table_text(chosen, found.kind, found.url, company)
    if found.kind == "html":
        table += '[source.selectors]\nitem = "li.job"  # describe the board: see docs/sources.md\n'
        table += 'title = "a::text"\nlink = "a::attr(href)"\n'
    joiner = "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
    new_text = text + joiner + table
    try:
        parse_sources(new_text, str(config))
    except ConfigError as e:
        raise UsageProblem(f"the new table would not be valid: {e}") from e
    if dry_run:
        click.echo(f"# {safety.redact_text(found.why)}")
        click.echo(table_text(chosen, found.kind, safety.redact_url(found.url), company), nl=False)
        return
    tmp = config.with_name(f".{config.name}.tmp")
    tmp.write_text(new_text, encoding="utf-8")
    os.replace(tmp, config)
    click.echo(
        f"added source '{chosen}' ({found.kind}) to {config}: {safety.redact_text(found.why)}"
    )


@click.command("check")
@click.argument("name")
@friendly
def check(name: str) -> None:
    """Crawl one source now and say what it found (nothing is loaded).

    \b
    Example:
      eolist sources check acme
    """
    settings = _settings()
    sources = {s.name: s for s in load_sources(settings.config)}
    if name not in sources:
        known = ", ".join(sorted(sources)) or "none"
        raise UsageProblem(f"no source named '{name}' in {settings.config} (known: {known})")
    source = sources[name]
    if source.kind == "html":
        from spiders.htmlboard import check_selectors

        problems = check_selectors(source.selectors)
        if problems:
            raise UsageProblem(f"source '{name}': " + "; ".join(problems))
    with tempfile.TemporaryDirectory(prefix="eolist-check-") as tmp:
        cmd = [sys.executable, "-m", "spiders.run", "--config", str(settings.config),
               "--source", name, "--landing", tmp, "--batch-id", "check"]  # fmt: skip
        if settings.contact:
            cmd += ["--contact", settings.contact]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
        landed = Path(tmp) / "check.jsonl"
        if proc.returncode != 0 or not landed.exists():
            raise click.ClickException(
                f"the crawl of '{name}' did not finish: {proc.stderr[-300:]}"
            )
        rows = [json.loads(line) for line in landed.read_text(encoding="utf-8").splitlines()]
    outcome = next(r for r in rows if r["record"] == "SourceOutcome")
    items = [r for r in rows if r["record"] in ("Posting", "BlogPost")]
    click.echo(
        f"{name} ({source.kind}): {outcome['status']}, "
        f"{'complete' if outcome['complete'] else 'incomplete'}; {outcome['pages']} pages, "
        f"{outcome['fetched']} kept, {outcome['dropped_non_hr']} dropped as not HR"
    )
    if outcome.get("error"):
        click.echo(f"  {outcome['error']}")
    if outcome.get("diagnosis"):
        click.echo(f"  {outcome['diagnosis']}")
    for item in items[:10]:
        where = item.get("location_city") or item.get("blog_title") or ""
        click.echo(f"  - {item['title']}" + (f" ({where})" if where else ""))
    if len(items) > 10:
        click.echo(f"  ... and {len(items) - 10} more")
    sys.exit(1 if lifecycle.alert(outcome["status"], outcome["complete"]) else 0)
