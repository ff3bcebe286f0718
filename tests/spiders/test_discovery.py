"""Posting discovery on career sites shaped as real ones are (issue 17, item 1).

Each site below is served on 127.0.0.1 under the paths real boards use, and crawled by
``python -m spiders.run``; every posting must land, and no page that is not a posting or a
page of the listing may be fetched (``/about``, ``/privacy``, a PDF). The shapes:

* a board listing at ``/boarda/jobs`` whose postings are ``/boarda/job/<id>`` (JSON-LD), with
  a second page at ``?page=2`` linked by a numbered pager only;
* a provincial board: listing ``/search/?q=...``, postings ``/job/<slug>/<id>/`` in
  schema.org microdata, next page by ``startrow``;
* a listing at ``/careers/index.html`` with postings at ``/careers/<slug>.html``;
* a listing whose page 2 (``/vacancies/page/2/``) holds postings below the *source's* path;
* a "Load more" button whose endpoint answers JSON with ``?jobId=`` links;
* a site no heuristic reads, followed by its ``follow`` pattern.

All text is generated for these tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.sources import ConfigError, parse_sources
from spiders import jsonld
from tests.spiders.server import CaseServer

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
HTML, JSON = "text/html; charset=utf-8", "application/json"
CHROME = (
    '<header><nav><a href="/">Home</a> <a href="/about">About us</a>'
    ' <a href="/careers">Careers</a></nav></header>'
)
FOOTER = (
    '<footer><a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a>'
    ' <a href="https://social.example/acme">Follow us</a>'
    ' <a href="/files/benefits-guide.pdf">Benefits guide</a></footer>'
)


def _page(body: str) -> bytes:
    return f"<!doctype html><html><body>{CHROME}<main>{body}</main>{FOOTER}</body></html>".encode()


def _jsonld_posting(title: str, ident: str) -> bytes:
    block = {"@context": "https://schema.org", "@type": "JobPosting", "title": title,
             "identifier": ident, "datePosted": "2026-11-02",
             "description": f"<p>{title}: a generated description for a test.</p>",
             "hiringOrganization": {"@type": "Organization", "name": "Quillmark Labs"},
             "jobLocation": {"@type": "Place", "address": {"addressLocality": "Toronto",
                             "addressRegion": "ON", "addressCountry": "CA"}}}  # fmt: skip
    script = f'<script type="application/ld+json">{json.dumps(block)}</script>'
    return _page(f"{script}<h1>{title}</h1><p>Apply below.</p>")


def _microdata_posting(title: str) -> bytes:
    return _page(
        '<div itemscope itemtype="http://schema.org/JobPosting">'
        f'<h1 itemprop="title">{title}</h1>'
        '<span itemprop="datePosted" content="2026-10-28">Oct 28, 2026</span>'
        '<div itemprop="hiringOrganization" itemscope itemtype="http://schema.org/Organization">'
        '<span itemprop="name">Province of Westmarch</span></div>'
        '<div itemprop="jobLocation" itemscope itemtype="http://schema.org/Place">'
        '<div itemprop="address" itemscope itemtype="http://schema.org/PostalAddress">'
        '<span itemprop="addressLocality">Halden</span></div></div>'
        f'<div itemprop="description"><p>{title} for a public service branch.</p></div></div>'
    )


def _rows(links: list[tuple[str, str]]) -> str:
    return "<ul>" + "".join(f'<li><a href="{u}">{t}</a></li>' for u, t in links) + "</ul>"


BOARDA = {"/boarda/job/4411": "People Partner", "/boarda/job/4412": "Talent Acquisition Lead",
          "/boarda/job/4413": "Payroll Specialist"}  # fmt: skip
PROVINCE = {"/job/Halden-HR-Consultant/81234/": "HR Consultant",
            "/job/Halden-Labour-Relations-Officer/81240/": "Labour Relations Officer"}  # fmt: skip
INDEX = {"/careers/compensation-analyst.html": "Compensation Analyst",
         "/careers/learning-designer.html": "Learning and Development Designer"}  # fmt: skip
PAGED = {"/vacancies/hr-coordinator-north": "HR Coordinator (North)",
         "/vacancies/hr-coordinator-south": "HR Coordinator (South)"}  # fmt: skip
LOADMORE = {"/openings/view?jobId=77": "Benefits Administrator",
            "/openings/view?jobId=78": "HRIS Analyst"}  # fmt: skip
FOLLOWED = {"/x/q7": "Recruiter"}
# below the listing, so followed; it holds no posting, and that is counted
CULTURE = ("/careers/culture-and-values.html", "Culture and values")

ROUTES: dict[str, tuple] = {
    # the board: a numbered pager is the only way to page 2
    "/boarda/jobs": (200, _page(_rows(list(BOARDA.items())[:2])
                                + '<div class="pager"><a href="/boarda/jobs?page=2">2</a></div>'), HTML),
    "/boarda/jobs?page=2": (200, _page(_rows(list(BOARDA.items())[2:])
                                       + '<div class="pager"><a href="/boarda/jobs">1</a></div>'), HTML),
    # the provincial board
    "/search/?q=&sortColumn=referencedate": (200, _page(
        _rows(list(PROVINCE.items())[:1]) + '<a class="paginationItemLast" title="Page 2"'
        ' href="/search/?q=&sortColumn=referencedate&startrow=25">2</a>'), HTML),
    "/search/?q=&sortColumn=referencedate&startrow=25": (200, _page(
        _rows(list(PROVINCE.items())[1:])), HTML),
    # /careers/index.html
    "/careers/index.html": (200, _page(_rows([*INDEX.items(), CULTURE])), HTML),
    CULTURE[0]: (200, _page("<p>How we work together.</p>"), HTML),
    # page 2 keeps the source's scope
    "/vacancies/": (200, _page(_rows(list(PAGED.items())[:1])
                               + '<a href="/vacancies/page/2/">Next page</a>'), HTML),
    "/vacancies/page/2/": (200, _page(_rows(list(PAGED.items())[1:])), HTML),
    # "Load more" to a JSON endpoint
    "/openings": (200, _page(_rows(list(LOADMORE.items())[:1])
                             + '<button data-url="/api/openings?page=2">Load more</button>'), HTML),
    "/api/openings?page=2": (200, json.dumps({"results": [{"title": t, "url": u} for u, t in
                                              list(LOADMORE.items())[1:]], "next": None}).encode(), JSON),
    # a site no heuristic reads: its operator gives the pattern
    "/team-board": (200, _page('<div class="grid"><a href="/x/q7">Ops</a></div>'), HTML),
    # pages that must never be fetched
    "/about": (200, _page("<p>About the company.</p>"), HTML),
    "/privacy": (200, _page("<p>Privacy.</p>"), HTML),
}  # fmt: skip
for group, make in ((BOARDA, "ld"), (PROVINCE, "md"), (INDEX, "ld"), (PAGED, "ld"),
                    (LOADMORE, "ld"), (FOLLOWED, "ld")):  # fmt: skip
    for path, title in group.items():
        body = _microdata_posting(title) if make == "md" else _jsonld_posting(title, path)
        ROUTES[path] = (200, body, HTML)
SOURCES = [("boarda", "/boarda/jobs", ""), ("province", "/search/?q=&sortColumn=referencedate", ""),
           ("indexpage", "/careers/index.html", ""), ("paged", "/vacancies/", ""),
           ("loadmore", "/openings", ""), ("followed", "/team-board", r"/x/[a-z0-9]+$")]  # fmt: skip
WANTED = {"boarda": BOARDA, "province": PROVINCE, "indexpage": INDEX, "paged": PAGED,
          "loadmore": LOADMORE, "followed": FOLLOWED}  # fmt: skip


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("discovery")
    with CaseServer({}) as server:
        host = server.base_url.removeprefix("http://")
        server.routes = {(host, "GET", path, b""): route for path, route in ROUTES.items()}
        config = tmp / "sources.toml"
        config.write_text("".join(
            f'[[source]]\nname = "{n}"\nkind = "jsonld"\nurl = "{server.base_url}{p}"\n'
            f"hr_only = false\n" + (f"follow = '{f}'\n" if f else "")
            for n, p, f in SOURCES))  # fmt: skip
        proc = subprocess.run(
            [sys.executable, "-m", "spiders.run", "--config", str(config), "--landing",
             str(tmp), "--batch-id", "b"],
            capture_output=True, text=True, timeout=180, cwd=ROOT,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-2000:]
        rows = [json.loads(x) for x in (tmp / "b.jsonl").read_text().splitlines()]
        yield rows, [path for _, path, _ in server.requests]


@pytest.mark.parametrize("name", list(WANTED))
def test_every_posting_of_each_shape_lands(crawled, name: str) -> None:
    rows, _ = crawled
    titles = sorted(
        r["title"] for r in rows if r["record"] == "Posting" and r["source_name"] == name
    )
    assert titles == sorted(WANTED[name].values())
    outcome = next(r for r in rows if r["record"] == "SourceOutcome" and r["source_name"] == name)
    idle = 1 if name == "indexpage" else 0  # the culture page
    assert (outcome["status"], outcome["complete"], outcome["idle_pages"]) == ("ok", True, idle)


def test_no_furniture_page_is_fetched(crawled) -> None:
    _, paths = crawled
    assert not {"/about", "/privacy", "/terms", "/", "/careers", "/files/benefits-guide.pdf"} & set(
        paths
    )


def test_links_are_ranked_most_job_like_first() -> None:
    listing = _page(_rows([("/careers/culture-and-values", "Culture and values"),
                           ("/job/hr-advisor/7731", "HR Advisor")]))  # fmt: skip
    urls = jsonld.detail_urls("https://quillmark.example/careers/", listing)
    assert urls == ["https://quillmark.example/job/hr-advisor/7731",
                    "https://quillmark.example/careers/culture-and-values"]  # fmt: skip


def test_follow_must_be_a_regular_expression() -> None:
    text = '[[source]]\nname = "a"\nkind = "jsonld"\nurl = "https://a.example/"\nfollow = "("\n'
    with pytest.raises(ConfigError, match="'follow' is not a valid regular expression"):
        parse_sources(text)
