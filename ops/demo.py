"""``eolist demo``: the whole product on the bundled sample web, with no network.

``sample_web`` clears the demo's database and landing folder, serves the generated sample web
on a free 127.0.0.1 port and writes a sources file for it; the caller crawls it (the crawl
flow, so the demo shows what a scheduled run does) and ``write_digest`` writes the Markdown
digest from what was loaded.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ops.settings import Settings
from warehouse import db


@contextmanager
def sample_web(
    settings: Settings, seed: int = 7, scale: int = 1
) -> Iterator[tuple[str, Path, int]]:
    """A fresh warehouse and landing folder, and the sample web serving (with three of the
    enterprise mirrors, ``DEMO_KINDS``): ``(its address, sources file, how many sources)``."""
    from sampleweb import SampleWeb
    from sampleweb.routes_ent import DEMO_KINDS
    from sampleweb.routes_wild import DEMO_SITES

    data = settings.data_dir
    data.mkdir(parents=True, exist_ok=True)
    for stale in (settings.db, settings.db.with_suffix(settings.db.suffix + ".wal")):
        stale.unlink(missing_ok=True)
    shutil.rmtree(settings.landing, ignore_errors=True)
    config = data / "demo-sources.toml"
    with SampleWeb(seed=seed, scale=scale) as web:
        config.write_text(web.sources_toml(ent_kinds=DEMO_KINDS, wild=DEMO_SITES), encoding="utf-8")
        yield web.base_url, config, len(web.sources(ent_kinds=DEMO_KINDS, wild=DEMO_SITES))


def write_digest(settings: Settings) -> Path:
    """The Markdown digest of what the demo loaded, beside its database."""
    from curation.digest import render_markdown

    digest = settings.data_dir / "digest-demo.md"
    with db.session(settings.db) as con:
        digest.write_text(render_markdown(con), encoding="utf-8")
    return digest
