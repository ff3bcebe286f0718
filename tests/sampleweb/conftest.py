from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from typing import Any

import pytest

from sampleweb import SampleWeb

_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers)


def json_ld(body: bytes) -> list[dict[str, Any]]:
    """Every JobPosting in a page's JSON-LD blocks (plain, list or @graph)."""
    out: list[dict[str, Any]] = []
    for block in _LD.findall(body.decode()):
        data = json.loads(block)
        items = data if isinstance(data, list) else data.get("@graph", [data])
        out += [x for x in items if x.get("@type") == "JobPosting"]
    return out


@pytest.fixture(scope="session")
def web():
    with SampleWeb(seed=7, scale=1) as w:
        yield w
