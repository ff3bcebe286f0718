"""Unit tests of the shared pieces: lenient JSON-LD, TDM reservation, request specs, Workday URLs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spiders import schemaorg, workday
from spiders.kinds import RequestSpec
from spiders.middlewares import tdm_reserved
from spiders.protocol import spec_key

LENIENT = Path(__file__).resolve().parents[1] / "data" / "jsonld-lenient"


@pytest.mark.parametrize("page", sorted(LENIENT.glob("*.html")), ids=lambda p: p.stem)
def test_lenient_json_ld_reads_what_extruct_reads(page: Path) -> None:
    # extruct's custom.invalid samples (JS comments, control characters, HTML comments)
    doc = schemaorg.parse_html(page.read_bytes())
    blocks = doc.iterfind(".//script[@type='application/ld+json']")
    got = [schemaorg.lenient_json(b.text) for b in blocks]
    assert got == json.loads(page.with_suffix(".jsonld").read_text(encoding="utf-8"))


def test_lenient_json_keeps_urls_and_rejects_garbage() -> None:
    assert schemaorg.lenient_json('{"url": "https://x.example/a//b", // note\n}') == {
        "url": "https://x.example/a//b"
    }
    assert schemaorg.lenient_json("{not json at all") is None


@pytest.mark.parametrize(
    ("header", "body", "ctype", "reserved"),
    [
        (b"1", b"", b"application/json", True),
        (b" 1 ", b"", None, True),
        (b"0", b'<meta name="tdm-reservation" content="1">', b"text/html", False),
        (None, b'<head><meta name="tdm-reservation" content="1"></head>', b"text/html", True),
        (None, b"<head><META CONTENT='1' NAME='tdm-reservation'></head>", b"text/html", True),
        (None, b'<meta name="tdm-reservation" content="0">', b"text/html", False),
        (None, b'{"x": "<meta name=\\"tdm-reservation\\" content=\\"1\\">"}', b"application/json",
         False),
        (None, b"<html><body>jobs</body></html>", b"text/html", False),
    ],
)  # fmt: skip
def test_tdm_reservation(header, body, ctype, reserved) -> None:
    assert tdm_reserved(header, body, ctype) is reserved


def test_request_spec_post_json_and_key() -> None:
    spec = RequestSpec.post_json("https://h/wday/cxs/t/s/jobs", {"offset": 20, "limit": 20})
    assert spec.method == "POST" and spec.json_body() == {"limit": 20, "offset": 20}
    other = RequestSpec.post_json("https://h/wday/cxs/t/s/jobs", {"offset": 40, "limit": 20})
    assert spec_key(spec) != spec_key(other)  # same URL, another page
    assert spec_key(RequestSpec("https://h/a")) == "https://h/a"


@pytest.mark.parametrize(
    ("url", "base"),
    [
        ("https://bank.wd3.myworkdayjobs.com/en-US/External", "https://bank.wd3.myworkdayjobs.com/wday/cxs/bank/External"),
        ("https://bank.wd3.myworkdayjobs.com/External/", "https://bank.wd3.myworkdayjobs.com/wday/cxs/bank/External"),
        ("https://bank.wd3.myworkdayjobs.com/wday/cxs/bank/External/jobs", "https://bank.wd3.myworkdayjobs.com/wday/cxs/bank/External"),
        ("https://bank.wd3.myworkdayjobs.com/", None),
    ],
)  # fmt: skip
def test_workday_api_base(url: str, base: str | None) -> None:
    assert workday.api_base(url) == base
