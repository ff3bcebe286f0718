"""The weekly list, one path for the command and the schedule: compose with
``curation.compose``, write with ``curation.export`` (and publish there, files and rows together,
through ``curation.publishing``).

``write_week`` writes the week's published list again, or, when the week is not published yet,
a preview (``preview-<week>.*``) of what publishing now would send: what ``eolist digest`` does
without ``--publish`` and what the Monday ``digest`` flow does, so the list owner reviews the
same list she will publish. ``publish_digest`` publishes (``eolist digest --publish``);
publishing stays her decision, never a schedule's. ``send`` e-mails a published list.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ops.settings import Settings
from pipeline.sources import ConfigError
from warehouse import db

ALL_FORMATS = ("html", "md", "txt", "csv", "json", "rss")


@dataclass(frozen=True)
class Written:
    """What a digest command wrote: a one-line description, its counts and its files."""

    what: str
    jobs: int = 0
    posts: int = 0
    paths: list[Path] = field(default_factory=list)
    markdown: str = ""  # the list as Markdown (the flow's artifact)


def out_folder(settings: Settings, out: str | os.PathLike[str] | None) -> Path:
    """Where digests go: ``out``, else ``<database folder>/digests``."""
    return Path(out) if out else settings.data_dir / "digests"


def _warehouse(settings: Settings) -> Path:
    if not settings.db.exists():
        raise ConfigError(f"no warehouse at {settings.db}: run a crawl first (eolist crawl)")
    return settings.db


def write_week(
    settings: Settings, week: str | None, formats: list[str], out: Path, now: datetime
) -> Written:
    """The week's list as published, else a preview of it; ``week`` defaults to this week in
    the list owner's time zone."""
    from curation import compose, export, publishing, render
    from curation import rules as rules_mod

    with db.session(_warehouse(settings)) as con:
        rules_mod.seed(con, now)
        week = week or compose.this_week(con, now)
        compose.parse_week(week)
        ids = publishing.published_ids(con, week)
        d = publishing.published(con, ids[0]) if ids else compose.compose(con, week, now)
        assert d is not None
        what = f"{ids[0]} as published" if ids else f"preview of {week} (not published; --publish to send it)"  # fmt: skip
        paths = export.write_digest(d, out, formats)
        if "rss" in formats:
            paths += export.write_feed(con, out)
    return Written(what, len(d.jobs), len(d.posts), paths, render.render(d, "md"))


def publish_digest(
    settings: Settings, week: str | None, formats: list[str], out: Path, now: datetime,
    supplement: bool = False, public_url: str | None = None,
) -> Written:  # fmt: skip
    """Publish the week's list: rows, files and feed together, or nothing (``curation.export``)."""
    from curation import compose, export, queue
    from curation import rules as rules_mod

    with db.session(_warehouse(settings)) as con:
        rules_mod.seed(con, now)
        if public_url:
            rules_mod.set_settings(con, {"public_url": public_url})
        week = week or compose.this_week(con, now)
        compose.parse_week(week)
        queue.apply_standing(con, now)  # her always-approve employers' new jobs
        kind = "supplement" if supplement else "list"
        d, paths = export.publish(
            con, compose.compose(con, week, now, kind=kind), now, out, formats
        )
    what = f"published {d.digest_id}" + (" (supplement)" if supplement else "")
    return Written(what, len(d.jobs), len(d.posts), paths)


def unpublish(settings: Settings, digest_id: str, out: Path, now: datetime) -> Written:
    """Take a published list back within the grace period; the feed is written again."""
    from curation import export, publishing

    with db.session(_warehouse(settings)) as con:
        publishing.unpublish(con, digest_id, now)
        paths = export.write_feed(con, out)
    return Written(f"took back {digest_id}: out of the feed, its jobs offered again", paths=paths)


def send(
    settings: Settings, week: str | None, out: Path, to_file: str | None, test_to: str | None,
    for_real: bool, now: datetime,
) -> str:  # fmt: skip
    """E-mail the week's newest published list: to ``test_to`` alone, else to the file's
    addresses; a dry run (the message written to ``<out>/<id>.eml``) unless ``for_real``.
    Returns the one line that says what happened; ``ConfigError`` for a usage mistake."""
    from curation import compose, mail, publishing
    from curation import rules as rules_mod

    if not (to_file or test_to):
        raise ConfigError("--send needs --to-file FILE (the subscribers) or --test-to ADDRESS")
    with db.session(_warehouse(settings)) as con:
        rules_mod.seed(con, now)
        week = week or compose.this_week(con, now)
        ids = publishing.published_ids(con, week)
        if not ids:
            raise ConfigError(f"{week} is not published yet: publish it first (--publish)")
        d = publishing.published(con, ids[0])
        assert d is not None and d.digest_id
        unsubscribe = rules_mod.settings(con)["unsubscribe"]
    smtp = mail.Smtp.from_env(os.environ)
    to = [mail.address(test_to, "--test-to")] if test_to else mail.recipients(Path(to_file or ""))
    msg = mail.message(d, smtp.from_header, unsubscribe, test=bool(test_to))
    if test_to or for_real:
        mail.send(msg, smtp, to)
        return (f"sent {d.digest_id} to {len(to)} address{'es' if len(to) != 1 else ''}"
                f" through {smtp.host}:{smtp.port}" + (" (test)" if test_to else ""))  # fmt: skip
    out.mkdir(parents=True, exist_ok=True)
    eml = out / f"{d.digest_id}.eml"
    eml.write_bytes(bytes(msg))
    return (f"dry run: {d.digest_id} \"{d.title}\" would go to {len(to)} addresses through"
            f" {smtp.host}:{smtp.port} ({smtp.tls}); nothing sent, message in {eml};"
            " --for-real to send")  # fmt: skip
