"""Text: job titles, company names and HTML descriptions.

``normalize_title`` gives the matching form of a title: requisition numbers, gender
tags ("(m/f/d)", "(H/F)", "(f/m/x)"), trailing "- Remote"/"- Hybrid" and trailing
locations after a dash or in parentheses are dropped, whitespace collapsed, lowercased.
It is idempotent. ``normalize_company`` lowercases and folds legal suffixes (Inc.,
Ltd., Corp., LLC, GmbH, S.A., Ltée, …) so "Acme Corp." and "ACME Corporation" match.

HTML: ``sanitize_html`` keeps an allowlist of formatting tags (nh3/ammonia), forces
``rel="noopener nofollow"`` on links and allows only http, https and mailto URLs.
``html_to_text`` makes plain text with paragraph and list breaks. Greenhouse and
some feeds send HTML escaped once more (``&lt;p&gt;``); ``unescape_if_escaped`` undoes
that, and both functions call it first. ``clean_description`` is the one call the build
makes: it cuts a description longer than ``MAX_DESCRIPTION`` characters (and says so, in the
HTML and the text: a cut is never silent), unescapes once, sanitizes once, makes the text,
and takes out what XML and e-mail cannot carry (``pipeline.safety.safe_text``).

Scraped text is hostile input, so every step is linear in its length: no regex here can
backtrack over the rest of the string from each of many starting points (runs of ``<``,
``<script``, ``<br`` or ``,,,`` used to cost seconds for 10k characters), and bare ``&``
are written ``&amp;`` before nh3, whose HTML parser is quadratic on runs of ``&`` that start
no character reference (0.9 s for 200k of them). nh3 itself is still superlinear on deep
nesting (``<b><i>`` repeated): the cap bounds it (about 0.1 s at ``MAX_DESCRIPTION``).
``tests/pipeline/test_linear_text.py`` holds each of these to linear time.
"""

from __future__ import annotations

import html as htmllib
import re
import unicodedata
from functools import lru_cache
from html.entities import html5 as html5_entities

import nh3

from pipeline.safety import safe_text

# Characters of description HTML cleaned per posting. The longest real description in our
# captures is 29k characters (a Greenhouse board, escaped); a long blog essay is ~60k.
MAX_DESCRIPTION = 100_000

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
# (?<![\s,]): a match can only start where a run of separators starts; from inside the run
# it would be retried at every position (",,,," of 4k characters took 8 s).
_COMPANY_SUFFIX_RE = re.compile(
    r"(?<![\s,])[\s,]+(?:inc|incorporated|ltd|limited|ltée|ltee|llc|l\.l\.c|llp|lp|plc|corp|"
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


def clean_description(
    html: str | None, limit: int = MAX_DESCRIPTION
) -> tuple[str | None, str | None]:
    """(sanitized HTML, plain text) of a description, each ``None`` when empty.

    Past ``limit`` characters the description is cut before any work is done on it, and both
    forms end with a note saying how much of how much was kept: a reader is never shown a
    cut description as if it were whole.
    """
    if not isinstance(html, str) or not html:
        return None, None
    total = len(html)
    if total > limit:
        html = html[:limit]
    html = unescape_if_escaped(html)  # once for both (sanitize_html/html_to_text each would)
    clean = safe_text(sanitize_unescaped(html))
    text = safe_text(text_of_unescaped(html))
    if total > limit:
        note = cut_note(limit, total)
        clean = f"{clean}\n<p><em>{htmllib.escape(note, quote=False)}</em></p>".lstrip()
        text = f"{text}\n\n{note}".lstrip()
    return clean or None, text or None


def cut_note(kept: int, total: int) -> str:
    """The sentence a cut description ends with."""
    return (
        f"[Description cut by eolist: the first {kept:,} of its {total:,} characters are kept;"
        " the posting's own page has all of it.]"
    )


def sanitize_html(html: str | None) -> str:
    """Safe HTML: allowlisted tags, no scripts/styles/handlers, safe link schemes."""
    if not isinstance(html, str) or not html:
        return ""
    return sanitize_unescaped(unescape_if_escaped(html))


def sanitize_unescaped(html: str) -> str:
    """``sanitize_html`` of markup ``unescape_if_escaped`` has already been applied to."""
    if "&" in html:
        html = _AMP_RE.sub(_amp, html)
    try:
        return _CLEANER.clean(html).strip()
    except UnicodeEncodeError:  # a lone surrogate cannot cross into Rust: U+FFFD it, once
        return _CLEANER.clean(safe_text(html)).strip()
    except Exception:  # noqa: BLE001 - never raise on site data
        return ""


# "&" and what may follow it as a character reference (names are at most 31 characters long).
_AMP_RE = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]{0,31};?)?")
_ENTITIES = html5_entities  # "amp;", "nbsp;", and the legacy "nbsp", "amp", ...


def _amp(m: re.Match[str]) -> str:
    """A character reference as it is; a bare "&" written "&amp;" (what it means as text).

    A legacy name without ";" ("&nbsp", "&copy") is kept only where HTML reads it in an
    attribute too (not before a letter, digit or "="), so "?a=1&copy=2" stays a query string.
    """
    ref = m.group(1)
    if ref is None:
        return "&amp;"
    if ref[0] == "#" or ref in _ENTITIES and (ref[-1] == ";" or not _name_goes_on(m)):
        return m.group(0)
    return "&amp;" + ref


def _name_goes_on(m: re.Match[str]) -> bool:
    end = m.end()
    text = m.string
    return end < len(text) and (text[end].isalnum() or text[end] == "=")


_BLOCK = r"(?:br|/p|/div|/h\d|/li|/ul|/ol|/tr|/table|/blockquote|hr|/pre|/dt|/dd)\b"
_BLOCK_RE = re.compile(r"<\s*" + _BLOCK + r"[^>]*>", re.I)
_LI_RE = re.compile(r"<\s*li\b[^>]*>", re.I)
# Elements whose content is not text, dropped from opening to closing tag (an opening tag
# never closed stays, and only its tag goes). The closing tag of each is searched for once
# from each opening tag, and not again once absent: linear, where the one regex
# "<(script|...)\b.*?</\1>" scanned to the end from every unclosed "<script".
_DROP_NAMES = ("script", "style", "head", "template")
# one group per name: ``lastindex`` says which matched (re.I also matches "\u017f" to "s")
_DROP_OPEN_RE = re.compile(r"<\s*(?:" + "|".join(f"({n})" for n in _DROP_NAMES) + r")\b", re.I)
_DROP_CLOSE_RE = [re.compile(r"<\s*/\s*" + n + r"\s*>", re.I) for n in _DROP_NAMES]
_TAG_RE = re.compile(r"<[^>]*>")
# re.I also matches these to "i"/"s"; seen anywhere, the drop rule runs unconditionally.
_FOLD_ODD = ("\u0130", "\u0131", "\u017f")
_LIST_GAP_RE = re.compile(r"\n\n(?=- )")
_BLANKS_RE = re.compile(r"\n{2,}")


def html_to_text(html: str | None) -> str:
    """Plain text: paragraphs separated by blank lines, list items as "- ", entities decoded."""
    if not isinstance(html, str) or not html:
        return ""
    return text_of_unescaped(unescape_if_escaped(html))


def _drop_hidden(h: str) -> str:
    """``h`` with script, style, head and template elements replaced by a space."""
    parts: list[str] = []
    pos = kept = 0
    unclosed: set[int] = set()
    while m := _DROP_OPEN_RE.search(h, pos):
        which = (m.lastindex or 1) - 1
        close = None if which in unclosed else _DROP_CLOSE_RE[which].search(h, m.end())
        if close is None:
            unclosed.add(which)
            pos = m.end()
            continue
        parts += (h[kept : m.start()], " ")
        pos = kept = close.end()
    return "".join(parts) + h[kept:] if parts else h


def _tags(h: str) -> str:
    """The tag rules one after the other, each a C-level pass with a fixed replacement
    (2-3x faster than one pass choosing the replacement in Python per tag), over the text up
    to the last ">" only: no tag can start after it, and a "<" there would otherwise be tried
    against the whole rest of the string, once per "<" ("<" * 16k took 11 s)."""
    last = h.rfind(">") + 1
    head, tail = h[:last], h[last:]
    return _TAG_RE.sub(" ", _BLOCK_RE.sub("\n\n", _LI_RE.sub("\n- ", head))) + tail


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
            h = _drop_hidden(h)
        h = _tags(h)
    if "&" in h:
        h = htmllib.unescape(h)
    # Whitespace collapsed per line (str.split() splits on exactly what \s matches), then
    # runs of blank lines as one blank line.
    joined = "\n".join([" ".join(line.split()) for line in h.split("\n")])
    joined = _BLANKS_RE.sub("\n\n", joined).strip()
    return _LIST_GAP_RE.sub("\n", joined)
