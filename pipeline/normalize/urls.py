"""URLs: one canonical form per job page, so the same posting seen via different links
has one key.

w3lib canonicalizes (sorted query, percent-encoding, fragment dropped); then tracking
parameters are dropped: ``utm_*``, click ids (fbclid, gclid, msclkid, …), board/source
markers (gh_src, lever-source, source, ref, src, trk, …). ``gh_jid`` is KEPT: on a
company career page it identifies the Greenhouse job. Host lowercased, default port and
"www." kept as given (some career sites serve different things on www).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

_TRACKING_RE = re.compile(
    r"^(?:utm_\w*|gh_src|lever-source(?:\[\])?|lever-origin|source|src|ref|referrer|"
    r"fbclid|gclid|gclsrc|dclid|msclkid|yclid|twclid|li_fat_id|mc_cid|mc_eid|_hsenc|_hsmi|"
    r"trk|trackingid|refid|iis|iisn|sid|s_kwcid|ef_id|campaign|medium|share|"
    r"_ga|_gl|igshid|vero_id|oly_enc_id|oly_anon_id|rb_clickid|wt\.mc_id)$",
    re.I,
)


# URLs of plain ASCII with nothing to percent-encode: w3lib would only sort the query and
# drop the fragment, so do that directly (w3lib is ~10x slower and this is the hot path).
_PLAIN_URL_RE = re.compile(
    r"^https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:/[A-Za-z0-9._~/-]*)?(?:\?[A-Za-z0-9._~=&-]*)?(?:#.*)?$"
)


def _fast_canonical(raw: str) -> str:
    base, _, _fragment = raw.partition("#")
    base, _, query = base.partition("?")
    scheme, _, rest = base.partition("://")
    host, slash, path = rest.partition("/")
    host = host.lower()
    if (scheme.lower(), host[-4:]) in (("http", ":80"), ("https", ":443")) and host.count(":") == 1:
        host = host.rsplit(":", 1)[0]
    pairs = []
    for item in query.split("&"):
        if not item:
            continue
        key, eq, value = item.partition("=")
        if not _TRACKING_RE.match(key):
            pairs.append((key, value))
    pairs.sort()
    out = f"{scheme.lower()}://{host}/{path}"
    if pairs:
        out += "?" + "&".join(f"{k}={v}" for k, v in pairs)
    return out


def canonical_url(url: str) -> str:
    """The canonical form of ``url``; input returned stripped if it cannot be parsed."""
    if not isinstance(url, str):
        return ""
    raw = url.strip()
    if not raw:
        return ""
    if _PLAIN_URL_RE.match(raw):
        return _fast_canonical(raw)
    try:
        parts = urlsplit(canonicalize_url(raw, keep_fragments=False))
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
        query = sorted((k, v) for k, v in query if not _TRACKING_RE.match(k))
        netloc = parts.netloc.lower()
        if parts.port in (80, 443) and parts.hostname:
            default = {"http": 80, "https": 443}.get(parts.scheme)
            if parts.port == default:
                netloc = parts.hostname.lower()
        path = parts.path or "/"
        return urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query), ""))
    except Exception:  # noqa: BLE001 - never raise on site data
        return raw
