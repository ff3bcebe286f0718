"""Fuzzing every extractor: arbitrary bytes and near-valid documents never raise.

Every kind module registered in ``spiders.kinds.MODULES`` is called with ``extract``,
``next_pages`` and (when it has one) ``detail_urls`` on arbitrary bytes, arbitrary JSON values,
JSON shaped like its API with values of any type, and feed/HTML skeletons with arbitrary text.
The only exception allowed is ``ExtractError`` (the source then fails with its message);
anything else is a bug that would fail a source with a traceback instead of a sentence.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spiders.kinds import MODULES, ExtractError

URL = "http://127.0.0.1:8000/listing?page=1"
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=25,
)
any_value = json_values
# keys the ATS extractors read, so the wrong types land where they are looked for
ATS_KEYS = ["id", "title", "text", "absolute_url", "hostedUrl", "applyUrl", "location",
            "categories", "content", "description", "lists", "additional", "salaryRange",
            "pay_input_ranges", "departments", "updated_at", "first_published", "createdAt",
            "workplaceType", "company_name", "country"]  # fmt: skip
ats_item = st.fixed_dictionaries({}, optional={k: any_value for k in ATS_KEYS})
ats_docs = st.one_of(
    st.lists(ats_item, max_size=4),
    st.fixed_dictionaries({"jobs": st.lists(ats_item, max_size=4)}),
    st.fixed_dictionaries({"jobs": any_value}),
)
text = st.text(max_size=60)


@st.composite
def feed_docs(draw: Any) -> bytes:
    t, link, desc, guid = draw(text), draw(text), draw(text), draw(text)
    kind = draw(st.sampled_from(["rss", "atom", "junk"]))
    if kind == "rss":
        doc = (f"<rss version='2.0'><channel><title>{t}</title><item><title>{t}</title>"
               f"<link>{link}</link><guid>{guid}</guid><description>{desc}</description>"
               f"<pubDate>{desc}</pubDate></item></channel></rss>")  # fmt: skip
    elif kind == "atom":
        doc = (f"<feed xmlns='http://www.w3.org/2005/Atom'><title>{t}</title><entry>"
               f"<title>{t}</title><link href='{link}'/><id>{guid}</id><updated>{desc}"
               f"</updated><content type='html'>{desc}</content></entry></feed>")  # fmt: skip
    else:
        doc = f"<{t}>{desc}</{link}>"
    return doc.encode("utf-8", "surrogatepass")


@st.composite
def jsonld_pages(draw: Any) -> bytes:
    value = draw(st.one_of(json_values, st.fixed_dictionaries(
        {"@type": st.just("JobPosting")}, optional={k: any_value for k in (
            "title", "url", "hiringOrganization", "jobLocation", "baseSalary", "datePosted",
            "validThrough", "employmentType", "description", "identifier")})))  # fmt: skip
    raw = json.dumps(value) if draw(st.booleans()) else draw(text)
    nxt = draw(text)
    return (f"<html><head><link rel='next' href='{nxt}'></head><body><a href='{nxt}'>x</a>"
            f"<script type='application/ld+json'>{raw}</script></body></html>").encode(
        "utf-8", "surrogatepass")  # fmt: skip


def _call_all(kind: str, body: bytes) -> None:
    module = importlib.import_module(MODULES[kind])
    for name in ("extract", "next_pages", "detail_urls"):
        fn = getattr(module, name, None)
        if fn is None:
            continue
        try:
            result = fn(URL, body)
        except ExtractError:
            continue
        assert isinstance(result, list)


KINDS = sorted(MODULES)


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(body=st.binary(max_size=400))
def test_arbitrary_bytes(kind: str, body: bytes) -> None:
    _call_all(kind, body)


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(doc=json_values | ats_docs)
def test_json_of_any_shape(kind: str, doc: Any) -> None:
    _call_all(kind, json.dumps(doc).encode())


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(body=feed_docs() | jsonld_pages())
def test_markup_skeletons(kind: str, body: bytes) -> None:
    _call_all(kind, body)
