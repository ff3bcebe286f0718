"""The sample web: a generated, deterministic local web of job boards, ATS APIs and HR blogs.

Used by ``eolist demo``, the tests and the benchmarks. Nothing leaves 127.0.0.1 and no text
comes from real employers: companies are invented, titles come from an HR (and non-HR)
title vocabulary, descriptions and blog posts from templates (``sampleweb.vocab``).

    from sampleweb import SampleWeb
    with SampleWeb(seed=7, scale=1) as web:      # ThreadingHTTPServer on a free port
        web.base_url                              # "http://127.0.0.1:PORT"
        web.sources()                             # [{"name", "kind", "url", "country", ...}]
        web.sources_toml()                        # the same as sources.toml text
        web.truth                                 # {"jobs": {job_id: [identity]}, "hr": {...}}
        web.set_fault("/greenhouse/", "status:503")   # or "delay:2"; clear_faults()
        web.close_job(job_id)                     # take a job down everywhere (pages 404)

``SampleWeb(seed, scale, jobsite_pages=None, blog_feeds=None)``: ``scale`` multiplies the
employers (3 ATS boards and 4 job-site-only employers per unit); ``jobsite_pages`` makes the
JSON-LD job site exactly that many listing pages of 20 (filler jobs past the world's own are
generated on request); ``blog_feeds`` sets the number of blogs (Blogger and WordPress alternate).

Modules: ``vocab`` (words), ``text`` (pay, descriptions, blog posts), ``generate`` (the world),
``ids`` (external ids, canonical URLs, ground truth), ``render_ats`` / ``render_html`` /
``render_feeds`` (bytes in the real formats), ``routes`` (paths), ``server`` (HTTP, caching,
conditional GET, faults). ``python -m sampleweb --port 8800`` serves it in the foreground.
"""

from sampleweb.server import FAULTS, SampleWeb

__all__ = ["FAULTS", "SampleWeb"]
