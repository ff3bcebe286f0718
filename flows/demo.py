"""``eolist demo``: the whole product on the bundled sample web, with no network.

Serves the generated sample web on a free 127.0.0.1 port, writes a sources file for it, runs
the crawl flow into a fresh database, prints the run summary and writes a Markdown digest.
"""

from __future__ import annotations

import shutil
import sys
import time

from rich.console import Console

from flows import report
from flows.crawl import crawl_flow
from flows.settings import Settings
from warehouse import db

console = Console() if sys.stdout.isatty() else Console(width=160)


def run(settings: Settings, seed: int = 7, scale: int = 1) -> int:
    from curation.digest import render_markdown
    from sampleweb import SampleWeb
    from sampleweb.routes_ent import DEMO_KINDS
    from sampleweb.routes_wild import DEMO_SITES

    started = time.monotonic()
    data = settings.data_dir
    data.mkdir(parents=True, exist_ok=True)
    for stale in (settings.db, settings.db.with_suffix(settings.db.suffix + ".wal")):
        stale.unlink(missing_ok=True)
    shutil.rmtree(settings.landing, ignore_errors=True)
    config = data / "demo-sources.toml"
    with SampleWeb(seed=seed, scale=scale) as web:
        config.write_text(web.sources_toml(ent_kinds=DEMO_KINDS, wild=DEMO_SITES), encoding="utf-8")
        count = len(web.sources(ent_kinds=DEMO_KINDS, wild=DEMO_SITES))
        console.print(f"sample web serving at {web.base_url} ({count} sources)")
        result = crawl_flow(config=str(config), db=str(settings.db), landing=str(settings.landing))
    report.print_run(result)
    digest = data / "digest-demo.md"
    with db.session(settings.db) as con:
        digest.write_text(render_markdown(con), encoding="utf-8")
    console.print(f"database: {settings.db}")
    console.print(f"digest:   {digest}")
    console.print(f"sources:  {config}")
    console.print(f"done in {time.monotonic() - started:.1f} s")
    return 1 if report.failed(result) else 0
