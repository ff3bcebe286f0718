"""Personio career pages: ``{company}.jobs.personio.de/xml`` (optionally ``?language=en``).

Emits one ``RawPosting`` per ``<position>`` of the ``<workzag-jobs>`` XML feed (no
pagination). The feed has no posting URLs: the public page is ``https://{host}/job/{id}``,
beside the feed (its URL with ``/xml`` replaced); apply on the same page (``#apply``). The
description is the ``<jobDescriptions>`` sections (``<name>`` as a heading, ``<value>`` HTML). Quirks: an empty
board is ``<workzag-jobs/>`` and is valid (no postings, not an error); the same position can
appear twice and is emitted once; ``employmentType`` (permanent, intern, trainee, freelance,
temporary, working_student) and ``schedule`` (full-time, part-time) are given together to the
employment-type normalizer; ``subcompany`` is the hiring company when set.

The XML is parsed with entity resolution and network access off (no XXE, no entity bombs).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml import etree

from pipeline.records import RawPosting
from spiders.common import unique
from spiders.kinds import ExtractError

KIND = "personio"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _t(node: etree._Element, path: str) -> str | None:
    found = node.find(path)
    value = (found.text or "").strip() if found is not None else ""
    return value or None


def _description(position: etree._Element) -> str | None:
    parts = []
    for section in position.findall("jobDescriptions/jobDescription"):
        name, value = _t(section, "name"), _t(section, "value")
        if value:
            parts.append(f"<h3>{name}</h3>{value}" if name else value)
    return "\n".join(parts) or None


def extract(url: str, body: bytes) -> list[RawPosting]:
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError as e:
        start = body.lstrip()[:1]
        got = "an empty body" if not start else "markup that is not XML"
        raise ExtractError(f"expected Personio XML, got {got} ({e})") from e
    if root is None or root.tag != "workzag-jobs":
        tag = root.tag if root is not None else None
        raise ExtractError(f"expected a Personio <workzag-jobs> document, got <{tag}>")
    parts = urlsplit(url)  # postings live beside the feed: .../xml -> .../job/{id}
    base = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/').removesuffix('/xml')}"
    out: list[RawPosting] = []
    seen: set[str] = set()
    for position in root.findall("position"):
        ident, title = _t(position, "id"), _t(position, "name")
        if not ident or not title:
            missing = "id" if not ident else "name"
            raise ExtractError(f"malformed posting #{len(seen)}: <{missing}> is missing")
        if ident in seen:
            continue
        seen.add(ident)
        offices = [_t(position, "office")]
        offices += [(o.text or "").strip() for o in position.findall("additionalOffices/office")]
        kinds = [_t(position, "employmentType"), _t(position, "schedule")]
        link = f"{base}/job/{ident}"
        out.append(
            RawPosting(
                source_name="",
                source_kind=KIND,
                url=link,
                title=title,
                external_id=ident,
                company=_t(position, "subcompany"),
                locations=unique(offices),
                description_html=_description(position),
                employment_type=", ".join(k for k in kinds if k) or None,
                department=_t(position, "department") or _t(position, "recruitingCategory"),
                posted_at=_t(position, "createdAt"),
                apply_url=f"{link}#apply",
            )
        )
    return out


def next_pages(url: str, body: bytes) -> list[str]:
    return []
