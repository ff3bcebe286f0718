"""Text: job titles, company names and HTML descriptions.

``normalize_title`` gives the matching form of a title: requisition numbers, gender
tags ("(m/f/d)", "(H/F)", "(f/m/x)"), trailing "- Remote"/"- Hybrid" and trailing
locations after a dash or in parentheses are dropped, whitespace collapsed, lowercased.
It is idempotent. ``normalize_company`` lowercases and folds legal suffixes (Inc.,
Ltd., Corp., LLC, GmbH, S.A., Ltée, …) so "Acme Corp." and "ACME Corporation" match.

HTML: ``sanitize_html`` keeps an allowlist of formatting tags (nh3/ammonia), forces
``rel="noopener nofollow"`` on links and allows only http, https and mailto URLs.
``html_to_text`` makes plain text with paragraph and list breaks (lxml). Greenhouse and
some feeds send HTML escaped once more (``&lt;p&gt;``); ``unescape_if_escaped`` undoes
that, and both functions call it first.
"""

from __future__ import annotations

import html as htmllib
import re
import unicodedata
from functools import lru_cache

import nh3

_WS_RE = re.compile(r"\s+")
_GENDER_RE = re.compile(
    r"\(\s*(?:[mfwdhxin*]\s*[/|,]\s*){1,3}[mfwdhxin*]\s*\)|\b(?:m|h|f|w)\s*/\s*(?:f|w|h|m)"
    r"(?:\s*/\s*(?:d|x|i))?\b|\(\s*(?:all genders|gn\*?|e\)|h/f|f/h)\s*\)|\(e\)",
    re.I,
)
_REQ_RE = re.compile(
    r"\s*[\[(]?\s*(?:req(?:uisition)?(?:\s*(?:id|#|no\.?|number))?|job\s*(?:id|#|code)|"
    r"ref(?:erence)?(?:\s*(?:#|no\.?))?|posting\s*#|#)\s*[:#]?\s*[A-Z]{0,5}[-_]?\d[\w-]*\s*[\])]?",
    re.I,
)
_BARE_REQ_RE = re.compile(
    r"(?:^\s*[A-Z]{0,4}[-_]?\d{4,}[\w-]*\s*[-–:|]\s*)|(?:\s*[-–:|]\s*[A-Z]{0,4}[-_]?\d{4,}[\w-]*\s*$)"
)
_WORKPLACE_TAIL_RE = re.compile(
    r"\s*(?:[-–—|,:]|\(|\[)\s*(?:\d{1,3}%\s+)?(?:fully\s+)?(?:remote|hybrid|on[\s-]?site|"
    r"télétravail|hybride|wfh|work\s+from\s+home|in[\s-]office)\b[^()\[\]]*[)\]]?\s*$",
    re.I,
)
# " - Toronto, ON" / " (Toronto)" / " | London" at the end: a place after a separator.
_LOC_TAIL_RE = re.compile(
    r"\s*(?:\s[-–—|@]\s|\(|\[)\s*([A-ZÀ-Ý][\w.'’ -]*(?:,\s*[\w.' -]+){0,2})\s*[)\]]?\s*$"
)
_COMPANY_SUFFIX_RE = re.compile(
    r"[\s,]+(?:inc|incorporated|ltd|limited|ltée|ltee|llc|l\.l\.c|llp|lp|plc|corp|"
    r"corporation|co|company|gmbh|ag|sa|s\.a|sas|sarl|srl|spa|s\.p\.a|bv|b\.v|nv|n\.v|ab|"
    r"as|a/s|oy|pty|pte|kg|ulc|ug|se|group|holdings|the)\.?$",
    re.I,
)


def normalize_title(title: str) -> str:
    """The matching form of a job title (lowercase, no req ids/gender tags/locations)."""
    if not isinstance(title, str):
        return ""
    return _normalize_title(title)


# Titles, companies and places repeat across postings and crawls: cache the pure readings.
@lru_cache(maxsize=65_536)
def _normalize_title(title: str) -> str:
    t = unicodedata.normalize("NFKC", htmllib.unescape(title))
    t = _WS_RE.sub(" ", t).strip()
    for _ in range(3):  # a few passes: tails can stack ("X - Toronto - Remote")
        before = t
        t = _GENDER_RE.sub(" ", t)
        t = _REQ_RE.sub(" ", t)
        t = _BARE_REQ_RE.sub(" ", t)
        t = _WORKPLACE_TAIL_RE.sub("", t)
        t = _strip_location_tail(t)
        t = _WS_RE.sub(" ", t).strip(" -–—|,:;/")
        if t == before:
            break
    return _WS_RE.sub(" ", t).strip(" -–—|,:;/").lower()


def _strip_location_tail(t: str) -> str:
    m = _LOC_TAIL_RE.search(t)
    if not m or m.start() == 0:
        return t
    from pipeline.normalize.location import parse_location

    loc = parse_location(m.group(1))
    if loc is not None and (loc.city or loc.region or loc.country):
        return t[: m.start()]
    return t


def normalize_company(name: str | None) -> str | None:
    """Lowercased company name with legal suffixes folded; ``None`` when empty."""
    if not isinstance(name, str):
        return None
    return _normalize_company(name)


@lru_cache(maxsize=16_384)
def _normalize_company(name: str) -> str | None:
    n = unicodedata.normalize("NFKC", htmllib.unescape(name)).lower()
    n = n.replace("&", " and ").replace("’", "'")
    n = _WS_RE.sub(" ", n).strip(" .,")
    for _ in range(3):
        stripped = _COMPANY_SUFFIX_RE.sub("", n).strip(" .,")
        if stripped == n or not stripped:
            break
        n = stripped
    n = re.sub(r"^the\s+", "", n)
    return n or None


_ESCAPED_RE = re.compile(r"&lt;\s*/?\s*(?:p|div|br|ul|ol|li|strong|b|em|h\d|span|a)\b", re.I)


def unescape_if_escaped(html: str) -> str:
    """Undo one level of HTML escaping when the markup itself arrives escaped."""
    if not isinstance(html, str):
        return ""
    # "&lt;" absent: the count test below cannot pass, so skip the regex.
    if "&lt;" in html and _ESCAPED_RE.search(html) and html.count("<") < html.count("&lt;"):
        return htmllib.unescape(html)
    return html


_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h1",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "small", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
_ATTRS = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}


# Built once: nh3.clean() converts the allowlists and builds a sanitizer on every call,
# which costs about twice the sanitizing itself on a typical description.
_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    attributes=_ATTRS,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener nofollow",
    clean_content_tags={"script", "style"},
    strip_comments=True,
)


def sanitize_html(html: str | None) -> str:
    """Safe HTML: allowlisted tags, no scripts/styles/handlers, safe link schemes."""
    if not isinstance(html, str) or not html:
        return ""
    return sanitize_unescaped(unescape_if_escaped(html))


def sanitize_unescaped(html: str) -> str:
    """``sanitize_html`` of markup ``unescape_if_escaped`` has already been applied to."""
    try:
        return _CLEANER.clean(html).strip()
    except Exception:  # noqa: BLE001 - never raise on site data
        return ""


_BLOCK = r"(?:br|/p|/div|/h\d|/li|/ul|/ol|/tr|/table|/blockquote|hr|/pre|/dt|/dd)\b"
_BLOCK_RE = re.compile(r"<\s*" + _BLOCK + r"[^>]*>", re.I)
_LI_RE = re.compile(r"<\s*li\b[^>]*>", re.I)
_DROP_RE = re.compile(r"<\s*(script|style|head|template)\b.*?<\s*/\s*\1\s*>", re.I | re.S)
_TAG_RE = re.compile(r"<[^>]*>")
# One pass for all three tag rules, valid when every "<" opens a tag that closes before the
# next "<" (then each rule's match is one whole tag and the passes cannot interact).
_ANY_TAG_RE = re.compile(r"<(?:(\s*li\b)|(\s*" + _BLOCK + r"))?[^<>]*>", re.I)
_STRAY_LT_RE = re.compile(r"<[^>]*<")
# re.I also matches these to "i"/"s"; seen anywhere, the drop rule runs unconditionally.
_FOLD_ODD = ("\u0130", "\u0131", "\u017f")
_LIST_GAP_RE = re.compile(r"\n\n(?=- )")
_BLANKS_RE = re.compile(r"\n{2,}")


def _tag_break(m: re.Match[str]) -> str:
    return " " if m.lastindex is None else "\n- " if m.lastindex == 1 else "\n\n"


def html_to_text(html: str | None) -> str:
    """Plain text: paragraphs separated by blank lines, list items as "- ", entities decoded."""
    if not isinstance(html, str) or not html:
        return ""
    return text_of_unescaped(unescape_if_escaped(html))


def text_of_unescaped(h: str) -> str:
    """``html_to_text`` of markup ``unescape_if_escaped`` has already been applied to."""
    if "<" in h:
        low = h.lower()
        if (
            "script" in low
            or "style" in low
            or "head" in low
            or "template" in low
            or any(c in h for c in _FOLD_ODD)
        ):
            h = _DROP_RE.sub(" ", h)
        if _STRAY_LT_RE.search(h):  # odd markup: the rules one after the other
            h = _TAG_RE.sub(" ", _BLOCK_RE.sub("\n\n", _LI_RE.sub("\n- ", h)))
        else:
            h = _ANY_TAG_RE.sub(_tag_break, h)
    if "&" in h:
        h = htmllib.unescape(h)
    # Whitespace collapsed per line (str.split() splits on exactly what \s matches), then
    # runs of blank lines as one blank line.
    joined = "\n".join([" ".join(line.split()) for line in h.split("\n")])
    joined = _BLANKS_RE.sub("\n\n", joined).strip()
    return _LIST_GAP_RE.sub("\n", joined)
