from __future__ import annotations

import json
import urllib.request

import feedparser

from sampleweb import SampleWeb


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers)


def test_same_seed_same_bytes_other_seed_differs():
    with SampleWeb(seed=3) as a, SampleWeb(seed=3) as b, SampleWeb(seed=4) as c:
        pa = get(a.sources()[0]["url"])[1]
        pb = get(b.sources()[0]["url"])[1]
        pc = get(c.sources()[0]["url"])[1]
    norm = lambda body, web: body.replace(web.base_url.encode(), b"BASE")  # noqa: E731
    assert norm(pa, a) == norm(pb, b)
    assert norm(pa, a) != norm(pc, c)


def test_every_source_serves_its_shape_and_304s():
    with SampleWeb(seed=7) as web:
        for source in web.sources():
            status, body, headers = get(source["url"])
            assert status == 200, source
            if source["kind"] in ("greenhouse", "lever"):
                json.loads(body)
            elif source["kind"] in ("blog-feed", "job-feed"):
                parsed = feedparser.parse(body)
                assert parsed.entries and not parsed.bozo, source
            again = get(source["url"], {"If-None-Match": headers["ETag"]})
            assert again[0] == 304


def test_truth_lists_cross_posted_jobs_and_lookalikes():
    with SampleWeb(seed=7) as web:
        truth = web.truth
    multi = [ids for ids in truth["jobs"].values() if len(ids) > 1]
    assert multi, "no cross-posted jobs generated"
    assert any(job_id.endswith("L1") for job_id in truth["jobs"]), "no look-alikes generated"
    assert sum(truth["hr"].values()) > 10


def test_wordpress_pagination_ends_with_404():
    with SampleWeb(seed=7) as web:
        wp = next(s for s in web.sources() if "/wp/" in s["url"])
        assert get(wp["url"] + "?paged=2")[0] == 200
        assert get(wp["url"] + "?paged=9")[0] == 404
