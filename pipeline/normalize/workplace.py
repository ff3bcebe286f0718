"""The workplace an ad states (onsite, hybrid, remote), its office days, and the region a
remote ad hires in: one reader of ``pipeline.normalize.terms`` (whose docstring states the
rules), over the lines ``pipeline.normalize.termlines`` finds.
"""

from __future__ import annotations

import re

from pipeline.normalize.termlines import NUMBER, Lines, has, number, search
from pipeline.screen import anchored

__all__ = ["read_workplace", "remote_region"]

_HYBRID_RE = re.compile(
    # a postal code or a heading glued before ("80401Hybrid Position"), never a letter
    r"hybrid(?<![^\W\d_]hybrid)(?:\b|(?=(?-i:[A-Z])))"
    # a technology, not a workplace: "hybrid cloud", "hybrid/semantic search"
    r"(?!\s+(?:cloud|app|apps|mobile|environment\s+of|environments|infrastructures?|vehicles?"
    r"|integration|work\s+model\s+is\s+not|retrieval|search|deployments?|databases?|networks?"
    r"|architectures?|systems?|solutions?|it\b|storage|models|approach|car|engine"
    r"|power|energy|workloads?|identity)|\s*/\s*(?:semantic|multi|cloud|on-?prem|keyword))"
    r"|\bhybride\b|\b(?:mode|formule)\s+hybride\b"
    r"|\bpart\s+remote\s+and\s+part\s+(?:in[-\s]person|on[-\s]?site|in[-\s](?:the\s+)?office)"
    r"|\b(?:part|partly)\s+(?:in[-\s]person|on[-\s]?site|in[-\s](?:the\s+)?office)\s+and\s+(?:part|partly)\s+remote"
    r"|\bflexibility\s+(?:for|of)\s+(?:some|occasional|partial)\s+remote\s+work",
    re.I,
)
_DAYS_RE = re.compile(
    rf"(?:\b(?P<a>{NUMBER})(?:\s*(?:-|to|or|à|ou)\s*{NUMBER})?\s*(?:\(\d\)\s*)?(?:days?|jours?)"
    r"\s*(?:a|per|each|every|/|par|de\s+la|la)?\s*(?:week|wk|semaine)?[^.\n]{0,25}?"
    r"(?:in[-\s](?:the\s+)?office|on[-\s]?site|in[-\s]person|au\s+bureau|en\s+présentiel|sur\s+place"
    r"|in\s+(?:our|the)\s+[\w\s,'-]{0,30}?office|wfo\b)(?!\s+interview))"
    rf"|(?:in[-\s]office|on[-\s]?site|au\s+bureau|office(?<!\bin office)(?<!\bin-office))\s*"
    rf"(?:for\s+|at\s+least\s+)?(?P<b>{NUMBER})"
    r"(?:\s*(?:-|to|or)\s*\d)?\s*(?:days?|jours?)"
    rf"|\bhybrid\W{{1,3}}(?P<d>{NUMBER})\s+(?:on[-\s]?site|in[-\s]office|in[-\s]person)\b"
    rf"|\bprésence\s+(?:requise\s+)?(?:de\s+)?(?P<e>{NUMBER})\s+jours?"
    r"|\bhybrid\W{1,3}(?P<c>twice|two\s+times|three\s+times)\s+(?:a|per)\s+week",
    re.I,
)
_REMOTE_RE = re.compile(
    r"\b(?:fully|100\s?%|completely|entirely|full[-\s]time)\s+remote\b|\bremote[-\s](?:first|only)\b"
    r"|\bremote\s+(?:(?:contract|full[-\s]time|part[-\s]time|temporary|temp|based)\s+)?"
    r"(?:position|role|job|opportunity|work\s+arrangement|employee|team\s+member|internship)\b"
    r"|\bwork(?:ing)?\s+(?:from\s+home|remotely)\b|\bwfh\b|#LI-remote\b"
    r"|\b(?:take\s+place|conducted|performed|done)\s+remotely\b|\bcan\s+be\s+based\s+anywhere\b"
    r"|\b(?:role|position|job|opportunity|internship)\s+is\s+(?:a\s+)?(?:fully\s+|100\s?%\s+)?remote\b"
    r"|location\s*:\s*(?:100\s?%\s+|fully\s+)?remote(?:\b|(?=(?-i:[A-Z])))|(?:^|\|)\s*remote\s*(?:\||$)|^\s*remote\s+in\b"
    r"|\bremote\s+(?:within|across|anywhere\s+in)\b|\(remote\)|\bremote\s+ok\b"
    r"|\b(?:this|the)\s+(?:role|position|job|opportunity)\s+is\s+(?:a\s+)?(?:fully\s+)?remote\b"
    r"|\bis\s+a\s+remote\b|^\s*(?:location|work\s+location|workplace)\s*:\s*remote\b"
    r"|^\s*remote\s*(?:[-–(,:]|$)|\bremote\s*\((?:canada|us|usa|ontario|[a-z ]{2,20})\)"
    r"|\btélétravail\s+(?:complet|à\s+100|à\s+temps\s+plein)|\b100\s?%\s+(?:en\s+)?télétravail\b"
    r"|\bentièrement\s+(?:en\s+)?télétravail\b|\bposte\s+en\s+télétravail\b"
    r"|\bremote\s*/\s*t[ée]l[ée]travail\b"
    r"|\bremote\s+contract\b(?!\s+(?:management|review))"
    # the work done remotely ("carried out remotely", "join our team remotely")
    r"|remotely(?<=carried out remotely)|remotely(?<=read remotely)"
    r"|remotely(?<=join our team remotely)|remotely(?<=join the team remotely)"
    r"|\bremotely\s+from\s+(?:home\b|anywhere\b|(?-i:[A-Z])[a-z])"
    r"|\bwork\s+remote\s+from\s+(?-i:[A-Z])[a-z]|\bremote[-\s]based\b|\bwork[-\s]at[-\s]home\b"
    r"|\btransition(?:s|ing)?\s+to\s+(?:a\s+)?(?:fully\s+)?(?:remote|work[-\s]from[-\s]home)\b"
    r"|\bremote\s+working\s+(?:opportunity|position|role|with)\b|^\W*remote\s+working\b"
    r"|remote(?:(?<=\bin a remote)|(?<=\bin a fully remote))(?:[-\s]office)?\s+(?:work\s+)?environment\b"
    # "our remote team", "a supportive remote culture"; not a duty ("managing remote teams")
    r"|remote(?<!managing remote)(?<!manage remote)(?<!leading remote)(?<!lead remote)"
    r"\s+(?:culture|company|team)\b(?!s)"
    r"|\bremote\s+work\s+is\s+(?:allowed|permitted)\b|flexibility(?<=\bthe flexibility)\s+of\s+remote\s+work\b"
    r"|\btelecommut\w*\s+(?:permanently|position|role)\b|\b(?:permanent|full[-\s]time|100\s?%)\s+telecommut"
    # a job title naming it: "Overnight Remote Pharmacist", "Call Center-REMOTE", "CA-Remote"
    r"|remote(?<=(?-i:Remote|REMOTE))(?!\s+(?:Sensing|Monitoring|Access|Desktop|Hands|Pilot|Control))"
    r"\s+(?:(?-i:[A-Z])[\w&/]*\s+){0,3}?(?-i:(?:Pharmacist|Nurse|Executive|Manager|Engineer|Developer"
    r"|Analyst|Specialist|Representative|Agent|Associate|Assistant|Coordinator|Consultant|Advisor"
    r"|Recruiter|Designer|Writer|Administrator|Accountant|Scientist|Director|Tutor|Teacher|Clerk"
    r"|Editor|Paralegal|Bookkeeper|Underwriter|Adjuster|Counsell?or|Therapist|Physician|Radiologist)s?)\b"
    r"|remote(?<=(?-i:[\w)][-–]Remote|[\w)][-–]REMOTE))\b"
    r"|remote(?<=(?-i:[\w)][-–] Remote|[\w)][-–] REMOTE))\b",
    re.I | re.M,
)
_NOT_REMOTE_RE = re.compile(
    r"\b(?:not|no|isn't|is\s+not)\s+(?:a\s+)?(?:fully\s+)?remote\b|\bremote\s+work\s+is\s+not\b"
    r"|\bnot\s+eligible\s+for\s+remote\b|\bno\s+remote\s+(?:work|option)|\bremote\s+work\s*:\s*no\b"
    r"|\b(?:pas|aucun)\s+(?:de\s+)?télétravail\b"
    r"|\bno\s+option\s+(?:for|of|to)\s+(?:work\s+from\s+home|home[-\s]?working|remote\s+work)"
    r"|\b(?:does\s+not|doesn't|will\s+not)\s+(?:include|offer|allow)\s+(?:remote|home)[-\s]?work"
    r"|\bremote(?:ly)?\s*\?\s*(?:n|no)\b",
    re.I,
)
_ONSITE_RE = re.compile(
    # "in office work" is a kind of experience; "in-office work" an arrangement
    r"\b(?:on[-\s]?site|in[-\s]person|in-office)\s+(?:position|role|job|opportunity|work|only"
    r"|requirement|five|5|full[-\s]time)\b"
    r"|\b(?:role|position|job)\s+is\s+(?:100\s?%\s+|fully\s+|an?\s+)?(?:on[-\s]?site|in[-\s]person|in[-\s]office)\b"
    r"|\b(?:5|five)\s+days\s+(?:a|per)\s+week\s+(?:in|at)\s+(?:the|our)\b"
    r"|(?:location|workplace|arrangement|work\s+model|work\s+setting)\s*:\s*(?:100\s?%\s+|fully\s+)?"
    r"(?:on[-\s]?site|in[-\s]person)\b|#LI-onsite\b"
    r"|^\s*(?:on[-\s]?site|in[-\s]person)\s*(?:[-–(,:]|$)"
    r"(?![^\n]*\b(?:parking|gym|cafeteria|daycare|canteen|clinic|restaurant|training))"
    r"|\((?:on[-\s]?site|in[-\s]person)\)|\b(?:sur\s+place|en\s+présentiel)\b|\b(?:fully|100\s?%)\s+(?:on[-\s]?site|in[-\s]person)\b"
    r"|\b(?:must|will|you'll)\s+(?:be\s+working|work|be)\s+(?:on[-\s]?site|in[-\s]person|in\s+(?:the|our)\s+office)"
    r"(?!\s+(?:training|visits?|interviews?|meetings?))"
    r"|\brequires?\s+you\s+to\s+be\s+in\s+(?:the|our)\s+office\b"
    # "work from office" is India's and the UK's "on-site"; a commute to our office too
    r"|office(?:(?<=\bwork from office)|(?<=\bworking from office)|(?<=\bwork from the office)"
    r"|(?<=\bworking from the office))\b|\bwfo\b"
    r"|\bcommute\s+to\s+(?:our|the)\s+office\b|\bbased\s+(?:at|in|from)\s+our\s+(?:[\w-]+\s+)?office\b"
    r"|\b(?:role|position|job)\s+(?:will\s+be|is)\s+(?:primarily\s+|mainly\s+|fully\s+)?office[-\s]based\b"
    r"|office(?<=\bin office)\s+(?:position|role|job)\b|\bday\s+(?:1|one)\s+on[-\s]?site\b"
    r"|site(?:(?<=\bonsite)|(?<=\bon-site)|(?<=\bon site))[^.\n]{0,40}?\bon\s+a\s+daily\s+basis\b|\bjob\s+type\s*:\s*(?:on[-\s]?site|in[-\s]person)\b",
    re.I | re.M,
)
_PROVINCES = (
    "Ontario|Quebec|Québec|British Columbia|Alberta|Manitoba|Saskatchewan|Nova Scotia"
    "|New Brunswick|Newfoundland and Labrador|Prince Edward Island|Canada|United States"
)
_REGION_RE = re.compile(
    rf"(?:remote|work\s+from\s+home|télétravail)[^.\n]{{0,40}}?\b(?:in|within|from|across|anywhere\s+in)"
    rf"\s+(?:the\s+province\s+of\s+|the\s+)?(?P<r>{_PROVINCES})\b"
    rf"|\b(?:anywhere|candidates)\s+(?:located\s+|based\s+)?(?:in|across)\s+(?:the\s+)?"
    rf"(?P<r5>{_PROVINCES})\b(?=[^.\n]{{0,20}}\bremote)"
    rf"|(?:remote)\s*[-–(]\s*(?P<r2>{_PROVINCES})\b"
    rf"|\b(?:must|required\s+to)\s+(?:reside|live|be\s+(?:located|based))\s+in\s+(?P<r3>{_PROVINCES})\b"
    rf"|\b(?:residents?\s+of|resident\s+in)\s+(?P<r4>{_PROVINCES})\b",
    re.I,
)


# Each rule tries only where one of its leading words or digits stands (pipeline.screen);
# what it finds is what a plain search finds (tests/pipeline/test_text_speed.py).
_WFH_DAYS_RE = re.compile(
    r"\b(?:work|working)\s+from\s+home\s+(?:on\s+)?(?:(?:mon|tues|wednes|thurs|fri)days?"
    r"|(?:one|two|three|1|2|3)\s+days?)\b",
    re.I,
)
_WFH_DAYS = anchored(_WFH_DAYS_RE)
# a share of the time in the office below all of it: "on-site 75% of the time", "half (50%) of
# our time each quarter in the office"
_SHARE_RE = re.compile(
    r"\b(?:on[-\s]?site|in[-\s](?:the\s+)?office|in[-\s]person)\s+(?:for\s+|at\s+least\s+|a\s+minimum\s+of\s+)?"
    r"\d{1,2}\s?%\s+of\s+the\s+time"
    r"|\b\d{1,2}\s?%\)?\s+of\s+(?:the|our|your)\s+(?:work\s*)?time\b[^.\n]{0,30}?\b(?:in\s+(?:the|our)\s+office|on[-\s]?site)",
    re.I,
)
_SHARE = anchored(_SHARE_RE)
# The job itself said to be on site ("this role is in-office in Austin"): it beats what the
# company says of itself ("we are a remote company, but ...").
_ROLE_ONSITE_RE = re.compile(
    r"\b(?:this|the)\s+(?:role|position|job)\s+is\s+(?:100\s?%\s+|fully\s+|an?\s+)?"
    r"(?:on[-\s]?site|in[-\s]person|in[-\s]office)\b(?!\s+(?:two|three|four|one|\d|part|some))",
    re.I,
)
_ROLE_ONSITE = anchored(_ROLE_ONSITE_RE)
# A labelled field that names the workplace ("Workplace type: On-site", "Mode de travail :
# télétravail", "Emplacement : À distance"): the ad's own statement, read before prose.
_LABELLED_RE = re.compile(
    r"^\W*(?:work(?:place)?\s+(?:type|location|arrangement|model|mode|setting)|location\s+type"
    r"|type\s+of\s+workplace|lieu(?:\s+de\s+travail)?|mode\s+de\s+travail|modalit.s?\s+de\s+travail"
    r"|emplacement|r.gime\s+de\s+travail)\s*:\s*(?P<v>[^\n|;,(]{1,40})",
    re.I | re.M,
)
_LABELLED_VALUES = (
    (
        "onsite",
        re.compile(r"on[-\s]?site|in[-\s]person|in[-\s]office|sur\s+place|pr.sentiel", re.I),
    ),
    ("remote", re.compile(r"remote|t.l.travail|teletravail|.\s+distance|work\s+from\s+home", re.I)),
)
# "Télétravail possible 2 jours par semaine": two days at home, three in the office
_HOME_DAYS_RE = re.compile(
    r"t.l.travail\s+(?:possible\s+)?(?:de\s+|jusqu.à\s+)?(?P<n>[1-4]|un|deux|trois|quatre)\s+jours?",
    re.I,
)
_FRENCH_DAYS = {"un": 1, "deux": 2, "trois": 3, "quatre": 4}
# Weekdays named beside the office ("in our Toronto office Tuesdays and Thursdays")
_WEEKDAY_RE = re.compile(r"\b(mon|tues|wednes|thurs|fri)days?\b", re.I)
_HYBRID = anchored(_HYBRID_RE)
_DAYS = anchored(_DAYS_RE)
_REMOTE = anchored(_REMOTE_RE)
_NOT_REMOTE = anchored(_NOT_REMOTE_RE)
_ONSITE = anchored(_ONSITE_RE)
_REGION = anchored(_REGION_RE)

_OFFICE = ("office", "site", "person", "bureau", "présentiel", "place", "location", "workplace",
           "wfo")  # fmt: skip


_REMOTE_WORDS = ("remote", "home", "télétravail", "teletravail", "wfh", "anywhere", "telecommut")


def read_workplace(lines: Lines, low: str) -> tuple[str | None, int | None]:
    office = has(low, *_OFFICE)
    days_m = (
        search(_DAYS, lines.having("day", "jour", "hybrid", "présence"))
        if office or has(low, "présence", "wfo", "hybrid")
        else None
    )
    days = number(next((g for g in days_m.groups() if g), "").split()[0]) if days_m else None
    if (
        (has(low, "hybrid", "remote") and search(_HYBRID, lines.having("hybrid", "remote")))
        or (days is not None and days < 5)
        or ("%" in low and search(_SHARE, lines.having("%")))
    ):
        if days is None and office:
            days = _weekdays_in_office(lines)
        return "hybrid", int(days) if days is not None and 0 < days < 5 else None
    if has(low, "from home") and search(_WFH_DAYS, lines.having("from home")):
        return "hybrid", None  # "work from home on Fridays": the other days in the office
    if has(low, "télétravail", "teletravail"):
        home = _HOME_DAYS_RE.search(lines.having("télétravail", "teletravail"))
        if home:
            n = home.group("n").lower()
            return "hybrid", 5 - (int(n) if n.isdigit() else _FRENCH_DAYS[n])
    if ":" in low:
        labelled = _labelled_workplace(lines.having(":"))
        if labelled:
            return labelled, None
    remote = has(low, *_REMOTE_WORDS)
    remote_text = lines.having(*_REMOTE_WORDS) if remote else ""
    if remote and search(_NOT_REMOTE, remote_text):
        return "onsite", None
    if remote and search(_ROLE_ONSITE, lines.having("role", "position", "job")):
        return "onsite", None
    if remote and search(_REMOTE, remote_text):
        return "remote", None
    if (office and search(_ONSITE, lines.having(*_OFFICE, "days"))) or days == 5:
        return "onsite", None
    return None, None


def _labelled_workplace(text: str) -> str | None:
    for m in _LABELLED_RE.finditer(text):
        for value, pattern in _LABELLED_VALUES:
            if pattern.search(m.group("v")):
                return value
    return None


def _weekdays_in_office(lines: Lines) -> int | None:
    """The number of weekdays a line names beside the office, when it names no home or
    remote days ("in the office Tuesdays and Thursdays": 2)."""
    for line in lines.having("office", "site", "bureau").split("\n"):
        low = line.lower()
        if "home" in low or "remote" in low:
            continue
        named = {m.group(1).lower() for m in _WEEKDAY_RE.finditer(line)}
        if 0 < len(named) < 5:
            return len(named)
    return None


def remote_region(lines: Lines, low: str) -> str | None:
    """The region a remote ad restricts its hires to ("Remote - Ontario residents"), or None."""
    if not has(low, *_REGION_WORDS):
        return None
    m = search(
        _REGION,
        lines.having(
            "remote", "home", "télétravail", "reside", "resident", "live", "located", "based"
        ),
    )
    if not m:
        return None
    name = next(g for g in m.groups() if g)
    return "Quebec" if name.lower() == "québec" else name.title().replace(" And ", " and ")


_REGION_WORDS = ("ontario", "québec", "quebec", "columbia", "alberta", "manitoba",
                 "saskatchewan", "scotia", "brunswick", "newfoundland", "edward", "canada",
                 "united states")  # fmt: skip
