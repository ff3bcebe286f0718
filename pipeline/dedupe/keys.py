"""Exact keys: two postings that share one are the same job without any fuzzy evidence.

* **ATS requisition**: the job's id in a known applicant tracking system, read from the
  posting's URL or apply URL wherever it is linked from (``greenhouse:<id>`` from
  ``/jobs/<id>`` on a Greenhouse host or ``gh_jid=<id>`` on a career page, ``lever:<uuid>``,
  ``ashby:<uuid>``, ``smartrecruiters:<id>``, ``workable:<shortcode>``, ``recruitee:<slug>``).
* **Canonical URL**: ``pipeline.normalize.canonical_url`` of the posting's own URL and of its
  apply URL (tracking parameters dropped), so a board whose apply link is the employer's
  posting shares a key with it.

A key is only evidence when it is specific. ``specific_keys`` drops a key that two postings
of the *same source* carry (a generic "apply on our careers page" link) and a URL whose path
is empty or a bare careers page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

from pipeline.normalize import canonical_url

# (key name, host text every match contains (lowercase), pattern): the text is looked for
# in the lowercased URL first, so a URL on no ATS host costs no regex
_ATS = [
    ("greenhouse", "greenhouse.io", re.compile(r"greenhouse\.io/[^/]+/jobs/(\d+)")),
    ("lever", "lever.co", re.compile(r"lever\.co/[^/]+/([0-9a-f]{8}-[0-9a-f-]{27})")),
    ("ashby", "ashbyhq.com", re.compile(r"ashbyhq\.com/[^/]+/([0-9a-f]{8}-[0-9a-f-]{27})")),
    ("smartrecruiters", "smartrecruiters.com", re.compile(r"smartrecruiters\.com/[^/]+/(\d{6,})")),
    ("workable", "workable.com", re.compile(r"workable\.com/(?:[^/]+/)?j/([0-9A-F]{6,})", re.I)),
    ("recruitee", "recruitee.com", re.compile(r"recruitee\.com/o/([a-z0-9-]+)")),
]
_GENERIC_PATH_RE = re.compile(
    r"^/?(?:[a-z-]*(?:careers?|jobs?|apply|emplois?|join-us|work-with-us)/?)?$", re.I
)


def url_keys(url: str | None, apply_url: str | None) -> tuple[str, ...]:
    """The exact keys one posting carries (unfiltered)."""
    keys: list[str] = []
    for raw in (url, apply_url):
        if raw:
            keys.extend(_keys_of(raw))
    return tuple(dict.fromkeys(keys))


@lru_cache(maxsize=262_144)
def _keys_of(raw: str) -> tuple[str, ...]:
    keys = []
    if "." in raw:  # the ATS patterns all name a host
        low = raw.lower()
        for name, host, pattern in _ATS:
            if host in low:
                m = pattern.search(raw)
                if m:
                    keys.append(f"{name}:{m.group(1)}")
    if "gh_jid=" in raw:
        query = parse_qs(urlsplit(raw).query)
        if query.get("gh_jid"):
            keys.append(f"greenhouse:{query['gh_jid'][0]}")
    canon = canonical_url(raw)
    scheme_end = canon.find("//")
    slash = canon.find("/", scheme_end + 2) if scheme_end >= 0 else -1
    path = canon[slash:].split("?", 1)[0] if slash >= 0 else ""
    if canon and not _GENERIC_PATH_RE.match(path):
        keys.append("url:" + canon)
    return tuple(keys)


def specific_keys(sources: Sequence[str], keys: Sequence[Iterable[str]]) -> dict[str, list[int]]:
    """Key -> the postings (indices) that carry it, keeping keys shared across sources only
    and never by two postings of one source."""
    holders: dict[str, list[int]] = defaultdict(list)
    for i, ks in enumerate(keys):
        for k in ks:
            holders[k].append(i)
    out: dict[str, list[int]] = {}
    for k, idx in holders.items():
        if len(idx) < 2:
            continue
        srcs = [sources[i] for i in idx]
        if len(set(srcs)) == len(srcs):
            out[k] = idx
    return out
