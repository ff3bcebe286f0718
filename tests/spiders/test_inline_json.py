"""Pages that render their postings from inline JSON (issue 17, item 2): read by the ``jsonld``
kind when they hold no JobPosting markup (``spiders.inline``).

Each case is a page in a shape JavaScript career sites ship (Next.js's ``__NEXT_DATA__``, a
``window.__INITIAL_STATE__`` assignment, an island's ``application/json`` script), generated
for this test, and the titles and URLs a reader of the page would list as its postings.
"""

from __future__ import annotations

import json

import pytest

from spiders import jsonld

PAGE = "https://careers.quillmark.example/careers"


def _html(scripts: str, body: str = '<div id="__next"><p>Loading open roles…</p></div>') -> bytes:
    return f"<!doctype html><html><head><title>Careers</title></head><body>{body}{scripts}</body></html>".encode()


def _next(props: dict) -> str:
    data = {"props": {"pageProps": props, "__N_SSG": True}, "page": "/careers", "query": {},
            "buildId": "x1", "isFallback": False}  # fmt: skip
    return f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>'


NEXT = _next({
    "navigation": [{"title": "About us", "url": "/about"}, {"title": "Blog", "url": "/blog"}],
    "testimonials": [{"name": "A recruiter", "quote": "We hire for kindness."}],
    "jobs": [
        {"id": "81", "title": "People Operations Partner", "url": "/careers/people-ops-81",
         "department": {"name": "People"}, "location": {"city": "Halden", "country": "CA"},
         "employmentType": "Full-time", "publishedAt": "2026-11-02",
         "descriptionHtml": "<p>Partner with managers on people matters.</p>"},
        {"id": "82", "title": "Payroll Coordinator", "url": "/careers/payroll-82",
         "department": {"name": "Finance"}, "location": {"city": "Marlow", "country": "CA"}},
    ],
})  # fmt: skip
STATE = (
    '<script>window.__INITIAL_STATE__ = {"jobs":{"items":[{"id":5521,"title":"HR '
    'Generalist","location":"Toronto, ON","team":"People"},{"id":5522,"title":'
    '"Benefits Analyst","location":"Remote","team":"People"}],"total":2},'
    '"user":null};window.__CONFIG__={"locale":"en"};</script>'
)
ISLAND = (
    '<script type="application/json" data-island="careers">{"openings":[{"title":"Talent '
    'Sourcer","href":"https://careers.quillmark.example/o/talent-sourcer"}]}</script>'
)
BLOG = _next({"posts": [{"title": "How we onboard", "url": "/blog/how-we-onboard",
                         "excerpt": "Notes.", "publishedAt": "2026-10-01"}]})  # fmt: skip
LD = (
    '<script type="application/ld+json">{"@context":"https://schema.org","@type":"JobPosting",'
    '"title":"Compensation Lead","url":"https://careers.quillmark.example/careers/comp-9"}'
    "</script>"
)

CASES = {
    "next-data": (_html(NEXT), [("People Operations Partner", f"{PAGE}/people-ops-81"),
                                ("Payroll Coordinator", f"{PAGE}/payroll-82")]),
    "initial-state": (_html(STATE), [("HR Generalist", f"{PAGE}#5521"),
                                     ("Benefits Analyst", f"{PAGE}#5522")]),
    "json-island": (_html(ISLAND), [("Talent Sourcer",
                                     "https://careers.quillmark.example/o/talent-sourcer")]),
    "blog-list": (_html(BLOG), []),
    "markup-first": (_html(LD + NEXT), [("Compensation Lead",
                                         "https://careers.quillmark.example/careers/comp-9")]),
    "broken-json": (_html('<script id="__NEXT_DATA__" type="application/json">{"props":'
                          "</script><script>window.__INITIAL_STATE__ = {broken</script>"), []),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_postings_read_from_inline_json(case: str) -> None:
    body, want = CASES[case]
    got = [(p.title, p.url) for p in jsonld.extract(PAGE, body)]
    assert got == want


def test_inline_record_fields() -> None:
    first = jsonld.extract(PAGE, _html(NEXT))[0]
    assert (first.external_id, first.locations, first.department, first.employment_type,
            first.posted_at) == ("81", ("Halden, CA",), "People", "Full-time", "2026-11-02")  # fmt: skip
    assert first.description_html == "<p>Partner with managers on people matters.</p>"
    state = jsonld.extract(PAGE, _html(STATE))[0]
    assert (state.external_id, state.locations, state.department) == (
        "5521",
        ("Toronto, ON",),
        "People",
    )
