"""Determinism, conditional GET, faults, ground truth and size of the sample web."""

from __future__ import annotations

import json
import time
from collections import defaultdict

import feedparser

from sampleweb import SampleWeb
from sampleweb.generate import SMB_KINDS
from tests.sampleweb.conftest import get, json_ld


def snapshot(web: SampleWeb) -> list[bytes]:
    urls = [s["url"] for s in web.sources()] + [web.base_url + "/jobsite/sitemap.xml"]
    first_detail = next(iter(web.truth["jobs"].values()))[0]["url"]
    bodies = [get(u)[1] for u in urls + [first_detail]] + [web.truth_json().encode()]
    return [b.replace(web.base_url.encode(), b"BASE") for b in bodies]


def test_same_seed_same_bytes_other_seed_differs():
    with SampleWeb(seed=3) as a, SampleWeb(seed=3) as b, SampleWeb(seed=4) as c:
        sa, sb, sc = snapshot(a), snapshot(b), snapshot(c)
    assert sa == sb
    assert all(x != y for x, y in zip(sa, sc, strict=True) if not x.startswith(b"User-agent"))


def test_conditional_get_answers_304(web):
    for s in web.sources():
        status, body, headers = get(s["url"])
        assert status == 200 and headers["ETag"] and headers["Last-Modified"], s
        assert get(s["url"], {"If-None-Match": headers["ETag"]})[0] == 304
        assert get(s["url"], {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
        assert get(s["url"], {"If-None-Match": '"other"'})[0] == 200


def test_faults_status_and_delay(web):
    url = web.sources()[0]["url"]
    web.set_fault("/greenhouse/", "status:503")
    try:
        status, _, headers = get(url)
        assert status == 503 and headers["Retry-After"] == "1"
        web.set_fault("/greenhouse/", "delay:0.3")
        started = time.monotonic()
        assert get(url)[0] == 200 and time.monotonic() - started >= 0.3
    finally:
        web.clear_faults()
    assert get(url)[0] == 200


def served_ids(web: SampleWeb) -> dict[str, set[str]]:
    """external ids actually served by each job source."""
    out: dict[str, set[str]] = defaultdict(set)
    for s in web.sources():
        body = get(s["url"])[1]
        if s["kind"] == "greenhouse":
            out[s["name"]] = {str(j["id"]) for j in json.loads(body)["jobs"]}
        elif s["kind"] == "lever":
            out[s["name"]] = {j["id"] for j in json.loads(body)}
        elif s["kind"] == "job-feed":
            out[s["name"]] = {e.id for e in feedparser.parse(body).entries}
    return out


def test_every_identity_in_truth_is_served(web):
    truth, served = web.truth, served_ids(web)
    smb_lists = {s["name"]: get(s["url"])[1] for s in web.sources(more_kinds=True)
                 if s["kind"] in SMB_KINDS}  # fmt: skip
    assert set(truth["jobs"]) == set(truth["hr"])
    for identities in truth["jobs"].values():
        for ident in identities:
            status, body, _ = get(ident["url"])
            assert status == 200, ident
            assert "utm_" not in ident["url"] and "?" not in ident["url"]
            if ident["source"] == "jobsite":
                values = {p["identifier"]["value"] for p in json_ld(body)}
                assert ident["external_id"] in values
            elif ident["source"] in smb_lists:  # the list names each of its postings' ids
                assert ident["external_id"].encode() in smb_lists[ident["source"]], ident
            else:
                assert ident["external_id"] in served[ident["source"]], ident


def test_truth_has_cross_posts_lookalikes_and_false_friends(web):
    truth, world = web.truth, web.world
    multi = [ids for ids in truth["jobs"].values() if len({i["source"] for i in ids}) > 1]
    assert len(multi) >= 5
    assert 0.45 < sum(truth["hr"].values()) / len(truth["hr"]) < 0.75
    by_key = defaultdict(set)
    for job in world.jobs:
        by_key[(job.company.slug, job.title)].add(job.city.name)
    assert any(len(cities) > 1 for cities in by_key.values()), "no same-title look-alike"
    titles = {(j.company.slug, j.title) for j in world.jobs}
    assert any((c, "Senior " + t) in titles for c, t in titles), "no junior/senior pair"
    friends = {"Benefits", "Compensation", "Coach", "Payroll", "Talent", "Resource", "Prevention"}
    assert any(not j.hr and friends & set(j.title.split()) for j in world.jobs), "no false friend"
    canadian = sum(j.city.country == "CA" for j in world.jobs) / len(world.jobs)
    assert canadian > 0.6 and any(j.city.country != "CA" for j in world.jobs)
    identities = [i for ids in truth["jobs"].values() for i in ids]
    smb = [i for i in identities if i["source"].startswith(tuple(f"{k}-" for k in SMB_KINDS))]
    assert 60 <= len(identities) - len(smb) <= 150
    assert 5 * len(SMB_KINDS) <= len(smb) <= 8 * len(SMB_KINDS), "one board of 5-8 each"


def test_large_site_starts_fast_and_ends():
    started = time.monotonic()
    with SampleWeb(seed=1, scale=1, jobsite_pages=5000, blog_feeds=1000) as web:
        assert time.monotonic() - started < 2.0
        base = web.base_url
        last = get(f"{base}/jobsite/jobs?page=5000")[1]
        assert b'rel="next"' not in last and b'rel="prev"' in last
        assert b'rel="next"' in get(f"{base}/jobsite/jobs?page=4999")[1]
        assert get(f"{base}/jobsite/jobs?page=5001")[0] == 404
        assert len([s for s in web.sources() if s["kind"] == "blog-feed"]) == 1000
        blog = [s for s in web.sources() if s["kind"] == "blog-feed"][-1]
        feed = feedparser.parse(get(blog["url"])[1])
        assert feed.entries and not feed.bozo
        assert b"<sitemapindex" in get(f"{base}/jobsite/sitemap.xml")[1]


def test_filler_jobs_in_truth_are_served():
    with SampleWeb(seed=2, scale=1, jobsite_pages=40) as web:
        filler = [v[0] for k, v in web.truth["jobs"].items() if k.startswith("F")]
        assert len(filler) == 40 * 20 - len(web.world.jobsite_base)
        for ident in filler[:3] + filler[-3:]:
            status, body, _ = get(ident["url"])
            assert status == 200 and json_ld(body)[0]["identifier"]["value"] == ident["external_id"]


def test_close_job_takes_it_down_everywhere():
    with SampleWeb(seed=7) as web:
        job_id, identities = next(
            (k, v) for k, v in web.truth["jobs"].items() if len({i["source"] for i in v}) == 3
        )
        board = next(s for s in web.sources() if s["name"] == identities[0]["source"])
        before = get(board["url"])
        web.close_job(job_id)
        assert all(get(i["url"])[0] == 404 for i in identities)
        after = get(board["url"], {"If-None-Match": before[2]["ETag"]})
        assert get(board["url"], {"If-Modified-Since": before[2]["Last-Modified"]})[0] == 200
        assert after[0] == 200 and identities[0]["external_id"].encode() not in after[1]
        assert job_id not in web.truth["jobs"] and web.truth["closed"] == [job_id]
        feed = feedparser.parse(get(f"{web.base_url}/jobfeed/rss")[1])
        assert all(e.id != identities[-1]["external_id"] for e in feed.entries)
        web.close_job(job_id, closed=False)
        assert all(get(i["url"])[0] == 200 for i in identities)


def test_titles_and_places_never_repeat_by_accident():
    from sampleweb.generate import World

    for seed, scale in ((7, 1), (3, 5)):
        world = World(seed, scale, jobsite_pages=30)
        base = len(world.jobsite_base)
        jobs = world.jobs + [world.jobsite_entry(i)[0] for i in range(base, 600)]
        keys = [(j.company.slug, j.title, j.city.name) for j in jobs]
        assert len(keys) == len(set(keys)), "same title, city and employer by accident"
        odd = [j.title for j in jobs if j.title.count("Lead") > 1 or "Senior Chief" in j.title]
        assert not odd
