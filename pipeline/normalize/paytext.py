"""Pay read from a job description: find the base-pay statement in free text.

``pay_from_text(text, default_currency)`` returns a ``PayText`` (the ``Salary`` and the
words it was read from, kept for auditing) or ``None``. It is for sources whose pay is
only in the description; structured pay and a source's own pay field come first
(``pipeline.build``).

How a description is read:

1. Entities left after unescaping (Workday's ``&#xa;``) are decoded; the text is cut
   into lines and sentences, a pay statement never spans two.
2. Every amount with a money marker is a candidate: a currency symbol or code before or
   after it ("$", "C$", "CAD", "US$", "£", "€", "A$", "60 000 $"), or a K suffix in a
   sentence that speaks of pay. A second amount joined by a dash, "to", "à", "and"
   ("between $X and $Y") makes a range.
3. The period is the nearest period word after the amount, else before it in the same
   sentence ("Hourly rate: $25"); unstated, it is inferred from the size
   (``salary._infer_period``). Bi-weekly pay is stated per week (halved) and
   semi-monthly per month (doubled): the contract has no two-week period.
4. A candidate is dropped when the words just before or after it say it is not the base
   pay: bonus, signing, referral, allowance, stipend, reimbursement, budget, equity,
   funding, revenue, 401(k)/RRSP matching, OTE/commission/"total compensation"; when its
   currency is not one of CAD, USD, GBP, EUR, AUD, NZD, CHF ("R$ 1.200,00" is a
   Brazilian meal card); or when it is outside the plausible bounds of its period
   ("1.2M" is no yearly salary).
5. Among the rest, a candidate in a sentence that names pay ("salary", "pay", "wage",
   "rate", "compensation", "range", "salaire", "rémunération", "taux") wins over one that
   does not; then one in the source's currency; then the first. A candidate whose
   sentence names neither pay nor a period is not pay ("a $500 gift card").

Three-decimal figures are decimals after a dollar sign ("$38.580 to $50.070" is an hourly
band, North American ads group thousands with commas) and thousands after a euro or with
no currency ("€45.000").

Hand-written for the same reason as ``salary``: no maintained library finds pay
statements in free text.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from pipeline.normalize.salary import (
    _BOUNDS,
    _PERIOD_RE,
    _infer_period,
    _to_float,
)
from pipeline.records import Salary
from pipeline.screen import anchored

__all__ = ["PayText", "pay_from_text"]

ACCEPTED_CURRENCIES = ("CAD", "USD", "GBP", "EUR", "AUD", "NZD", "CHF")
_DOLLARS = ("CAD", "USD", "AUD", "NZD")
_MAX_TEXT = 200_000  # a description longer than this is read up to here
_SNIPPET = 240


@dataclass(frozen=True)
class PayText:
    """Pay read from a description, with the sentence it was read from."""

    salary: Salary
    snippet: str


# Currency written before the amount (longest first) or after it.
_CUR_BEFORE = (
    r"(?P<cb>R\$|C\$|CA\$|CAN\$|CDN\$|US\$|USD\s?\$?|CAD\s?\$?|AUD\s?\$?|A\$|AU\$|NZ\$|NZD\s?\$?"
    r"|GBP\s?£?|EUR\s?€?|CHF\s?|£|€|\$)"
)
_NUM = r"(?P<{n}>\d{{1,3}}(?:[,.\u00a0\u202f ]\d{{3}})+(?:[.,]\d{{1,2}})?|\d+(?:[.,]\d{{1,3}})?)"
# a K glued to a following heading is still a suffix ("$50-55KComprehensive benefits")
_SUF = r"(?P<{n}>[kK](?:\b|(?=(?-i:[A-Z])))|[mM]\b|\s?(?:thousand|million)\b)?"
_CUR_AFTER = r"(?P<{n}>\s?(?:\$\s?(?:CAD|CAN|US|USD)?|CAD\b|USD\b|GBP\b|EUR\b|AUD\b|€|£|euros?\b))?"
# The period written right after an amount: "/hr", "22hr", " per year", " Annually". Kept
# inside the match so that a range whose amounts each carry one still reads as a range
# ("$130,000 USD Annually - $150,000 USD Annually", "CA$53.27/hr - CA$66.59/hr", "$17-22hr").
_UNIT = (
    r"(?P<{n}>\s?/\s?(?:hours?|hrs?|h|yr|years?|an|heure|weeks?|wk|months?|mo|days?|annum|semaine"
    r"|mois|jour)\b|(?<=\d)\s?(?:hrs?|hour)\b|\s(?:hrs?)\b"
    r"|\s(?:USD\s)?(?:per|a|an|par)\s(?:hour|year|annum|week|month|day|heure|année|an)\b"
    r"|\s(?:annually|hourly|weekly|monthly|yearly)\b)?"
)
_AMOUNT_RE = re.compile(
    # a sign may follow a word it is glued to ("Salary Description$24.50 / Hour")
    rf"(?:(?<![\w.,])|(?<=[a-z])(?=[$£€])){_CUR_BEFORE}?\s?{_NUM.format(n='n1')}{_SUF.format(n='s1')}"
    rf"{_CUR_AFTER.format(n='ca1')}{_UNIT.format(n='u1')}"
    r"(?:(?P<sep>\s?(?:-|–|—|~|to|à|a|and|et|au)\s?)"
    rf"(?P<cb2>R\$|C\$|CA\$|US\$|A\$|CAD\s?\$?|USD\s?\$?|£|€|\$)?\s?{_NUM.format(n='n2')}"
    rf"{_SUF.format(n='s2')}{_CUR_AFTER.format(n='ca2')}{_UNIT.format(n='u2')})?"
    # a capital may follow: descriptions stripped of markup glue the next heading on
    # ("$79,000Comprehensive Benefits")
    r"(?![0-9_%]|(?-i:[a-zà-ÿ]))",
    re.I,
)
_CODE = {
    "R$": "BRL", "C$": "CAD", "CA$": "CAD", "CAN$": "CAD", "CDN$": "CAD", "US$": "USD",
    "A$": "AUD", "AU$": "AUD", "NZ$": "NZD", "£": "GBP", "€": "EUR", "EURO": "EUR",
    "EUROS": "EUR",
}  # fmt: skip
_PAY_WORDS_RE = re.compile(
    r"\b(?:salary|salaries|pay|paid|wages?|rate|compensation|range|earn(?:ings)?|base|hiring"
    r"|remuneration|rémunération|salaire|taux|traitement|échelle|stipend\s+of|band|pays)\b",
    re.I,
)
_PAY_WORDS = anchored(_PAY_WORDS_RE)
# Words right before (or just after) an amount that say it is not the base pay.
_NOT_BASE_RE = re.compile(
    r"(?:bonus|signing|sign-on|referral|allowance|stipend|reimburs\w*|budget|equity|stock"
    r"|funding|funded|raised|revenue|valuation|ARR|series\s+[a-e]|investors?|401\s?\(?k"
    r"|rrsp|pension|match(?:ing)?|tuition|wellness|spending|credit|gift|meal|vale|card"
    r"|\bOTE\b|on[-\s]target|commissions?|total\s+(?:target\s+)?(?:cash|compensation)"
    r"|incentive|per\s+diem|relocation|customers|users|donat\w*|grant|fee|cost|price"
    r"|prime|indemnité|allocation|remboursement"
    # what a seller might make, not what the job pays
    r"|earnings|potential|\btips\b|average|differentials?|cash\s+compensation|hiring\s+bonus"
    r"|earning\b|income|expect(?:ed)?\s+to\s+(?:earn|make)|in\s+excess\s+of|make\s+(?:less|more)\s+than"
    r"|contribution|account|savings|session)",
    re.I,
)
# "$100 per referral", "$2,000 signing bonus": the word right after the amount says what it is.
_NOT_BASE_AFTER_RE = re.compile(
    r"\s*(?:per|in|of|an?|as|for|annual|one-time|yearly)?\s*" + _NOT_BASE_RE.pattern, re.I
)
_BIWEEKLY_RE = re.compile(
    r"bi-?weekly|every\s+(?:two|2)\s+weeks|fortnight(?:ly)?|aux\s+deux\s+semaines", re.I
)
_SEMIMONTHLY_RE = re.compile(r"semi-?monthly|twice\s+a\s+month|deux\s+fois\s+par\s+mois", re.I)
_UP_TO_RE = re.compile(
    r"(?:up\s+to|max(?:imum)?(?:\s+(?:salary|pay|wage|rate))?(?:\s+of)?|jusqu['’]à|not\s+to\s+exceed)"
    r":?\s*$",
    re.I,
)
_FROM_RE = re.compile(
    r"(?:from|starting\s+(?:at|from)?|starts?\s+at|min(?:imum)?(?:\s+(?:salary|pay|wage|rate))?"
    r"(?:\s+of)?|at\s+least|à\s+partir\s+de|dès|minimum\s+de):?\s*$",
    re.I,
)
# "between USD 140,000 in the lowest ... market and USD 250,000 in the highest"
# (used with .match at the amount's end only: no anchoring needed)
_END_AFTER_RE = re.compile(r"\s*in\s+the\s+(?P<end>lowest|highest)\b", re.I)
# "$500-$1000+ a month in tips": what the amount is, a few words on
_NOT_BASE_LATER_RE = re.compile(r"^[^.;]{0,25}?\bin\s+(?:tips|commissions?|bonus(?:es)?)\b", re.I)
# Said of a whole sentence before the amount: what a seller might make, unless the base
# is named after it ("Compensation: $180-230k OTE Base: $90k-115k").
_NOT_BASE_FAR_RE = re.compile(
    r"(?:total|cash|target)\s+compensation|on[-\s]target|\bOTE\b|commissions?\b|earnings",
    re.I,
)
# "$26/hr+", "$120k+ per year" are minimums; "$18 per hour + commission", "$602.75/week+$82.25
# for room" add something else to the pay.
_PLUS_AFTER_RE = re.compile(
    r"^\s*(?:\+(?=\s*(?:$|[^\w\s$]|per\b|an?\s|annual|hour|year))|and\s+up\b|or\s+more\b)", re.I
)
_SENTENCE_RE = re.compile(r"[^\n]+")
_MONEY_LINE_RE = re.compile(r"[$£€]|\d\s?[kK]\b|\b(?:CAD|USD|GBP|EUR|AUD|NZD|CHF)\b|euros?\b", re.I)
_SPLIT_RE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z(])")
_SENTENCE_END_RE = re.compile(r"[.!?;]\s+(?=[A-Z])")
_ENTITY_RE = re.compile(r"&(?:#x?[0-9a-f]+|[a-z]+);", re.I)


def pay_from_text(text: str | None, default_currency: str | None = None) -> PayText | None:
    """The base pay stated in ``text``, or ``None`` when it states none we can trust."""
    if not isinstance(text, str) or not text:
        return None
    if default_currency is not None and not isinstance(default_currency, str):
        default_currency = None
    try:
        return _cached(text[:_MAX_TEXT], default_currency)
    except Exception:  # noqa: BLE001 - never raise on site data
        return None


@lru_cache(maxsize=4_096)
def _cached(text: str, default_currency: str | None) -> PayText | None:
    if "$" not in text and "£" not in text and "€" not in text and not _has_code(text):
        return None  # most descriptions: no money at all, one scan
    if "&" in text:
        text = _ENTITY_RE.sub(lambda m: htmllib.unescape(m.group(0)), text)
    best: tuple[tuple[int, int, int], PayText] | None = None
    order = 0
    for line in text.split("\n"):  # the lines _SENTENCE_RE ("[^\n]+") finds
        if not line or not _money_line(line):
            continue  # no digit next to a money sign or code: nothing to read here
        for sentence in _SPLIT_RE.split(line) if len(line) > 160 else (line,):
            for (named, own), found in _sentence_candidates(sentence, default_currency):
                order -= 1
                rank = (named, own, order)
                if best is None or rank > best[0]:
                    best = (rank, found)
    return best[1] if best else None


_CODES_RE = re.compile(r"\b(?:CAD|USD|GBP|EUR|AUD|NZD|CHF)\b|euros?\b", re.I)
_CODES = anchored(_CODES_RE)
_DIGIT_K_RE = re.compile(r"\d\s?[kK]\b", re.I)


def _has_code(text: str) -> bool:
    return _CODES.search(text) is not None


def _money_line(line: str) -> bool:
    """``_MONEY_LINE_RE.search(line)``, one alternative at a time: a sign is a substring
    test, the K suffix a search that starts only at digits, the codes an anchored search
    (the alternation tried every alternative at every character, ~0.2 us each)."""
    return (
        "$" in line
        or "£" in line
        or "€" in line
        or _DIGIT_K_RE.search(line) is not None
        or _CODES.search(line) is not None
    )


# A US federal grade and step written around the amounts ("GS-13 Step 1 - $117,962 to GS-13
# Step 10 $153,354"): dropped, so the two amounts read as the range they are.
_GRADE_RE = re.compile(r"\b(?:GS|GG|GL|WG)-?\d{1,2}(?:,?\s*Step\s*\d{1,2})?\s*[-\u2013:]?\s*")


@lru_cache(maxsize=4_096)
def _sentence_candidates(
    sentence: str, default_currency: str | None
) -> tuple[tuple[tuple[int, int], PayText], ...]:
    # A source repeats its pay sentence in every ad while the rest of the text differs.
    if "GS" in sentence or "G-" in sentence or "WG" in sentence:
        sentence = _GRADE_RE.sub("", sentence)
    return tuple(_candidates(sentence, default_currency))


def _currency(m: re.Match[str], default_currency: str | None) -> str | None:
    """The currency a match names. A code or a marked sign anywhere in it wins over a bare
    "$" ("$78,400 to $98,000 CAD" is in Canadian dollars, whatever the source's currency)."""
    bare = None
    for group in ("cb", "ca1", "cb2", "ca2"):
        raw = (m.group(group) or "").strip().upper().replace(" ", "")
        if not raw:
            continue
        for code in ACCEPTED_CURRENCIES + ("BRL",):
            if code in raw:
                return code
        if raw in _CODE:
            return _CODE[raw]
        if raw.startswith("€"):
            return "EUR"
        if raw.startswith("£"):
            return "GBP"
        if raw.startswith("$") and bare is None:
            bare = group
    if bare is None:
        return None
    if default_currency in _DOLLARS:
        return default_currency  # a bare dollar is the source's dollar
    # "62 000 $": a sign after the amount is how French (Canada) writes dollars; a pound or
    # euro source's "$", or one before the amount, is USD
    return "CAD" if bare in ("ca1", "ca2") else "USD"


def _value(digits: str, suffix: str | None, dollar: bool) -> float | None:
    s = digits.replace("\u00a0", " ").replace("\u202f", " ")
    # "$38.580": after a dollar sign one dot and three digits is a decimal, not thousands.
    if dollar and re.fullmatch(r"\d{1,3}\.\d{3}", s):
        value: float | None = float(s)
    else:
        value = _to_float(s, None)
    if value is None:
        return None
    suf = (suffix or "").strip().lower()
    if suf in ("k", "thousand"):
        value *= 1_000
    elif suf in ("m", "million"):
        value *= 1_000_000
    return value


def _candidates(
    sentence: str, default_currency: str | None
) -> Iterator[tuple[tuple[int, int], PayText]]:
    pay_words = _PAY_WORDS.search(sentence) is not None
    read = []
    for m in _AMOUNT_RE.finditer(sentence):
        found = _read(m, sentence, default_currency, pay_words)
        if found is not None:
            read.append((m, *found))
    for m, salary, explicit_period in _join_bounds(read):
        # the source's currency written out (CA$, CAD) beats a bare "$" read as it
        own = salary.currency == default_currency
        named = bool(re.search(r"[A-Z]{2}", (m.group("cb") or "") + (m.group("ca1") or "")))
        rank = (1 if pay_words else 0, (2 if named else 1) if own else 0)
        # A line that is only a money range is a board's pay header ("CAD 80,000 - 120,000").
        alone = m.group("n2") is not None and len(sentence.strip()) <= len(m.group(0).strip()) + 12
        if not (pay_words or explicit_period or alone):
            continue
        snippet = sentence.strip()
        if len(snippet) > _SNIPPET:
            lo = max(0, m.start() - _SNIPPET // 2)
            snippet = snippet[lo : lo + _SNIPPET].strip()
        yield rank, PayText(salary, snippet)


def _join_bounds(
    read: list[tuple[re.Match[str], Salary, bool]],
) -> list[tuple[re.Match[str], Salary, bool]]:
    """A range written as two phrases: a lower bound then an upper one in the same sentence
    ("Minimum salary of $X to maximum salary of $Y", "starts at $23 with progressions up to
    $24/hour") is one range, read at the first amount."""
    out: list[tuple[re.Match[str], Salary, bool]] = []
    i = 0
    while i < len(read):
        m, a, explicit = read[i]
        if i + 1 < len(read):
            b = read[i + 1][1]
            if (
                a.min is not None
                and a.max is None
                and b.min is None
                and b.max is not None
                and a.max is None
                and (a.currency, a.period) == (b.currency, b.period)
                and a.min <= b.max
            ):
                out.append((m, Salary(a.min, b.max, a.currency, a.period), explicit))
                i += 2
                continue
        out.append(read[i])
        i += 1
    return out


def _read(
    m: re.Match[str], sentence: str, default_currency: str | None, pay_words: bool
) -> tuple[Salary, bool] | None:
    has_marker = any(m.group(g) for g in ("cb", "ca1", "cb2", "ca2"))
    suffixes = (m.group("s1") or "").strip() or (m.group("s2") or "").strip()
    if not has_marker and not (suffixes and pay_words):
        return None
    currency = _currency(m, default_currency)
    if currency is None:
        currency = default_currency
    if currency is not None and currency not in ACCEPTED_CURRENCIES:
        return None
    before = sentence[max(0, m.start() - 40) : m.start()]
    after = sentence[m.end() : m.end() + 40]
    near_before = before[-25:]
    # a capital glued to the amount starts the next heading ("$51,500On Target Earnings")
    glued = after[:1].isupper()
    if _not_base(near_before) or (
        not glued and _maybe_not_base(after[:40]) and _NOT_BASE_AFTER_RE.match(after)
    ):
        return None
    if "in " in after and _NOT_BASE_LATER_RE.match(after):
        return None
    far = _NOT_BASE_FAR_RE.search(sentence, 0, m.start())
    if far and not re.search(r"\b(?:base|salary)\b", sentence[far.end() : m.start()], re.I):
        return None
    if re.match(r"\s*(?:%|percent|par\s+cent)", after, re.I):
        return None
    dollar = "$" in (m.group("cb") or "") + (m.group("ca1") or "") + (m.group("cb2") or "")
    if m.group("n1") == "401" and (m.group("s1") or "").strip().lower() == "k":
        return None  # "401k", a retirement plan glued to the text before it
    v1 = _value(m.group("n1"), m.group("s1"), dollar)
    v2 = _value(m.group("n2"), m.group("s2"), dollar) if m.group("n2") else None
    if v1 is None:
        return None
    if v2 is not None and m.group("s2") and not m.group("s1") and v1 < 1_000 <= v2:
        v1 *= 1_000_000 if (m.group("s2") or "").strip().lower().startswith("m") else 1_000
    sep = (m.group("sep") or "").strip().lower()
    if (
        v2 is not None
        and sep in ("a", "au", "and", "et")
        and not (
            m.group("cb2")
            or m.group("ca1")
            or m.group("ca2")
            or re.search(r"between|entre", before, re.I)
        )
    ):
        v2 = None  # "$5 a day and 3 weeks": "and" joins a range only when both are money
    period, explicit, weak = _period(sentence, m)
    values = [v for v in (v1, v2) if v is not None]
    scale = 1.0
    window = sentence[m.end() : m.end() + 30]
    unit = m.group("u1") or m.group("u2")
    # "$19/hour (semi-monthly pay periods)": a stated unit wins over how often it is paid
    if not unit and not re.search(r"pay\s+periods?", window, re.I):
        if _BIWEEKLY_RE.search(window):
            period, scale, explicit = "WEEK", 0.5, True
        elif _SEMIMONTHLY_RE.search(window):
            period, scale, explicit = "MONTH", 2.0, True
    if period is None:
        period = _infer_period(max(values))
        if period is None:
            return None
    values = [round(v * scale, 3) for v in values]
    lo_b, hi_b = _BOUNDS[period]
    if weak and any(not lo_b <= v <= hi_b for v in values):
        # "Salary: $19" names pay, not a year: the size says the period
        period = _infer_period(max(values)) or period
        lo_b, hi_b = _BOUNDS[period]
    if any(not lo_b <= v <= hi_b for v in values):
        return None
    if len(values) == 2:
        lo, hi = min(values), max(values)
        return Salary(lo, hi, currency, period), explicit
    value = values[0]
    end = _END_AFTER_RE.match(after)
    if _UP_TO_RE.search(before) or (end and end.group("end").lower() == "highest"):
        return Salary(None, value, currency, period), explicit
    if (
        _FROM_RE.search(before)
        or _PLUS_AFTER_RE.match(sentence[m.end() :])
        or (end and end.group("end").lower() == "lowest")
    ):
        return Salary(value, None, currency, period), explicit
    return Salary(value, value, currency, period), explicit


# Stems of the _NOT_BASE_RE words: the regex (dozens of alternatives at every position)
# runs only on a window holding one of them, ~40 us saved per amount.
_NOT_BASE_STEMS = (
    "bonus", "sign", "referral", "allowance", "stipend", "reimburs", "budget", "equity",
    "stock", "fund", "raised", "revenue", "valuation", "arr", "series", "investor", "401",
    "rrsp", "pension", "match", "tuition", "wellness", "spending", "credit", "gift", "meal",
    "vale", "card", "ote", "target", "commission", "total", "incentive", "diem",
    "relocation", "customer", "user", "donat", "grant", "fee", "cost", "price", "prime",
    "indemnit", "allocation", "rembourse", "earning", "potential", "tips", "average",
    "differential", "cash", "hiring", "income", "expect", "excess", "make", "contribut",
    "account", "saving", "session",
)  # fmt: skip


def _maybe_not_base(window: str) -> bool:
    low = window.lower()
    return any(stem in low for stem in _NOT_BASE_STEMS)


def _not_base(window: str) -> bool:
    if not _maybe_not_base(window):
        return False
    hits = list(_NOT_BASE_RE.finditer(window))
    # "$180-230k OTE Base: $90k-115k": the base named after the word is what follows
    return bool(hits) and not re.search(r"\bbase\b", window[hits[-1].end() :], re.I)


_UNIT_PERIODS = (
    ("HOUR", ("hour", "hr", "heure", "h")),
    ("DAY", ("day", "jour")),
    ("WEEK", ("week", "wk", "semaine")),
    ("MONTH", ("month", "mo", "mois")),
    ("YEAR", ("year", "yr", "annum", "annually", "an", "année")),
)


def _unit_period(unit: str) -> str | None:
    words = re.findall(r"[a-zé]+", unit.lower())
    word = words[-1] if words else ""
    for period, stems in _UNIT_PERIODS:
        if word in stems or word.rstrip("s") in stems or word.removesuffix("ly") in stems:
            return period
    return None


def _period(sentence: str, m: re.Match[str]) -> tuple[str | None, bool, bool]:
    """The period stated after the amount (up to the next amount), else before it; the
    third value says it was only guessed from the word "salary" (a yearly word, but "Salary:
    $19" is hourly)."""
    for group in ("u2", "u1"):
        unit = m.group(group)
        if unit and (period := _unit_period(unit)):
            return period, True, False
    nxt = _AMOUNT_RE.search(sentence, m.end())
    after = sentence[m.end() : min(len(sentence), m.end() + 60, nxt.start() if nxt else 10**9)]
    end = _SENTENCE_END_RE.search(after)  # "... $65,000 based on experience. A monthly $350"
    if end:
        after = after[: end.start()]
    for pattern, period in _PERIOD_RE:
        hit = pattern.search(after)
        if hit and not _is_hours_of_work(after, hit):
            return period, True, False
    before = sentence[max(0, m.start() - 80) : m.start()]
    # a sentence glued to the next by stripped markup ("6 days a week.Compensation: $100k")
    # lends it no period
    ends = list(re.finditer(r"[.!?;]\s*(?=[A-Z])", before))
    if ends:
        before = before[ends[-1].end() :]
    for pattern, period in _PERIOD_RE:
        if pattern.search(before) and period != "YEAR":
            return period, True, False
    if re.search(r"\b(?:annual|yearly|annuel)", before, re.I):
        return "YEAR", True, False
    if re.search(r"\b(?:salary|salaire)", before, re.I):
        return "YEAR", True, True
    return None, False, False


def _is_hours_of_work(after: str, hit: re.Match[str]) -> bool:
    # "$25 ... 37.5 hours per week": the period belongs to the hours, not the amount.
    return bool(re.search(r"\d\s*(?:hours?|hrs?|heures?)\s*$", after[: hit.start()], re.I))
