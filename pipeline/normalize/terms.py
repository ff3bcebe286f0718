"""Workplace and employment terms read from a job description.

``read_terms(text)`` returns ``Terms``: workplace (onsite, hybrid, remote), days a week in
the office when a hybrid ad states them, the employment type (schema.org values, as
``pipeline.normalize.employment``) and the contract length in months when stated, plus
the region a remote ad restricts its hires to ("Remote - Ontario residents"). Any field
it cannot read is ``None``; a source's own fields come first (``pipeline.build``).

Descriptions are long and mention work words in passing, so each rule needs a phrase that
states the term, not a bare word:

* **hybrid** -- "hybrid" (not "hybrid cloud/app"), "N days a week in (the) office",
  "in-office N days", "mode hybride", "N jours par semaine au bureau". Days: the lowest
  figure stated ("2-3 days" is 2), in digits or words.
* **remote** -- "fully/100% remote", "remote position/role/job/opportunity/first",
  "work from home", "work remotely", "this role is remote", "télétravail complet",
  "Remote (Canada)"; negated ("not remote", "no remote", "remote work is not available")
  it is on-site.
* **on-site** -- "on-site/onsite/in-person/in office" stating the work ("this role is
  on-site", "on-site position", "5 days a week in the office", "sur place",
  "en présentiel"), never an amenity ("on-site gym/parking/cafeteria/daycare").
  Hybrid beats remote beats on-site when an ad says several ("remote with occasional
  on-site visits" is remote).
* written around the word (round 3, docs/quality.md): a title naming it ("Overnight Remote
  Pharmacist", "Call Center-REMOTE"; not "Remote Sensing Analyst"), work "carried out
  remotely", "transition to remote", "our remote team", "permanent telecommuting"; "part
  remote and part in-person", "on-site 75% of the time", "(Hybrid, 2 onsite, 3 remote)" are
  hybrid; India's and the UK's "work from office", "commute to our office", "Located
  Remotely? N", "no option for homeworking" are on-site. "hybrid" naming a technology
  ("hybrid retrieval", "hybrid environments", "hybrid/semantic search") is no workplace.
* **employment type** -- internship/co-op/stage first, then casual/on-call (PER_DIEM),
  seasonal/temporary/fixed-term/maternity cover (TEMPORARY), a contract stated as the
  job's term ("12-month contract", "contract position", "on a contract basis": a duty
  such as "contract management" is not), part-time, then full-time/permanent. Terms that
  are not this job's are dropped first: a list of terms naming other people or studies
  ("intern, part-time and seasonal employees", "full-time and part-time degree programs"),
  the company's staff ("our dedicated full-time ... specialists"), a prospect ("career
  possibilities like permanent Team Lead").
* **contract length** -- months (or years x 12, weeks / 4.33 rounded) next to
  contract/term/temporary/leave/contrat words: "12-month contract", "contract length:
  6 months", "for up to eighteen (18) months", "contrat de 12 mois".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from pipeline.screen import Anchored, anchored

__all__ = ["Terms", "read_terms"]

_MAX_TEXT = 200_000


@dataclass(frozen=True)
class Terms:
    workplace: str | None = None  # onsite | hybrid | remote
    office_days: int | None = None  # days a week in the office (hybrid)
    employment_type: str | None = None  # schema.org value
    contract_months: int | None = None
    remote_region: str | None = None  # the region a remote ad restricts hires to


_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18,
    "twenty-four": 24, "twenty four": 24, "un": 1, "une": 1, "deux": 2, "trois": 3,
    "quatre": 4, "cinq": 5, "six_fr": 6, "douze": 12, "dix-huit": 18, "twice": 2,
}  # fmt: skip
_NUMBER = (
    r"(?:\d{1,2}(?:\.\d)?|"
    + "|".join(sorted((w for w in _WORDS if "_" not in w), key=len, reverse=True))
    + ")"
)

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
    rf"(?:\b(?P<a>{_NUMBER})(?:\s*(?:-|to|or|à|ou)\s*{_NUMBER})?\s*(?:\(\d\)\s*)?(?:days?|jours?)"
    r"\s*(?:a|per|each|every|/|par|de\s+la|la)?\s*(?:week|wk|semaine)?[^.\n]{0,25}?"
    r"(?:in[-\s](?:the\s+)?office|on[-\s]?site|in[-\s]person|au\s+bureau|en\s+présentiel|sur\s+place"
    r"|in\s+(?:our|the)\s+[\w\s,'-]{0,30}?office|wfo\b)(?!\s+interview))"
    rf"|(?:in[-\s]office|on[-\s]?site|au\s+bureau|office(?<!\bin office)(?<!\bin-office))\s*"
    rf"(?:for\s+|at\s+least\s+)?(?P<b>{_NUMBER})"
    r"(?:\s*(?:-|to|or)\s*\d)?\s*(?:days?|jours?)"
    rf"|\bhybrid\W{{1,3}}(?P<d>{_NUMBER})\s+(?:on[-\s]?site|in[-\s]office|in[-\s]person)\b"
    rf"|\bprésence\s+(?:requise\s+)?(?:de\s+)?(?P<e>{_NUMBER})\s+jours?"
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
_INTERN_RE = re.compile(
    r"\b(?:internships?|co-?op\s+(?:position|term|student|placement|program|role)|(?:summer|fall|winter)"
    r"\s+(?:student|intern)|\bintern\b(?!al|ational|et|,\s*part)|stage\s+(?:rémunéré|d'été|de\s+\d)|stagiaire"
    # a plural "interns" names volunteers and teams too; sought by the ad, they are this job
    r"|(?:seeking|hiring|recruiting|looking\s+for)\s+(?:(?!(?:for|to|with|of|our|the)\b)[\w-]+\s+){0,3}interns\b)"
    # an internship asked for as experience is not this job's term
    r"(?!\s+(?:hours|experience|will\s+be\s+considered))",
    re.I,
)
_CASUAL_RE = re.compile(
    r"\b(?:casual\s+(?:position|role|basis|part[-\s]time|full[-\s]time|relief|pool)"
    r"|on[-\s]call\s+(?:position|basis|role|pool)|per\s+diem\s+(?:position|basis)|sur\s+appel"
    # the UK's staff bank: hours covered as needed ("This is a Bank role"), not a bank holiday
    r"|bank\s+(?:role|position|basis|contract|worker))\b",
    re.I,
)
_TEMP_RE = re.compile(
    r"\b(?:temporary\s+(?:full[-\s]time|part[-\s]time|position|role|assignment|contract|opportunity|appointment)"
    r"|seasonal\s+(?:position|role|job|employment|full[-\s]time|part[-\s]time)|fixed[-\s]term"
    r"|(?:maternity|parental|mat|vacation)\s+(?:leave\s+)?(?:coverage|cover|replacement|contract|position)"
    r"|temp[-\s]to[-\s](?:hire|perm)|(?:position|role|job)\s+is\s+(?:a\s+)?(?:seasonal|temporary)"
    r"|(?:hiring|recruiting|seeking)\s+(?:an?\s+)?(?:temporary|seasonal)"
    r"|poste\s+temporaire|emploi\s+saisonnier|durée\s+déterminée|remplacement\s+de\s+congé"
    # "on a temporary-permanent basis": temp-to-perm written with a hyphen
    r"|temporary\s*[-/]\s*(?:to[-\s]+)?perm(?:anent)?\b"
    # "Employment Type: **Temporary**", "Job Types: Full-time, Seasonal", as for a contract
    r"|(?:job|position|employment)\s+types?\s*:[^\n.]{0,30}?\b(?:temporary|seasonal)\b)",
    re.I,
)
_CONTRACT_RE = re.compile(
    rf"\b(?:{_NUMBER}[-\s]?(?:month|year|week)s?\s+(?:(?:remote|hybrid|on-?site)\s+)?contract|contract\s+(?:position|role|opportunity|basis"
    r"|assignment|term|length|employee|to\s+(?:hire|perm))|on\s+a\s+contract\b|contractor\s+(?:position|role)"
    r"|freelance\s+(?:position|role|basis)|independent\s+contractor|1099"
    r"|contrat\s+(?:de\s+\d|à\s+durée)|contractuel(?:le)?|contract\s+duration\s*[:-]"
    # "Job Type: Contract", "Job Types: Full-time, Contract": the term named among the hours
    r"|(?:job|position|employment)\s+types?\s*:[^\n.]{0,30}?\bcontract\b(?!\s+(?:management|to))"
    r"|(?:job|position|employment)\s+types?\s*:\s*contract"
    r"|(?:hiring|seeking|recruiting|looking\s+for)\s+an?\s+contracted\b)"
    # a title's "(Contract)": outside the group, since no word boundary precedes a bracket
    r"|\(contract(?:or)?\)",
    re.I,
)
_PART_RE = re.compile(
    # "part-time qualifying work experience", "going to school part-time" are not the job's
    # a capital glued after is the next heading ("Type of Position: Part-TimeLocation")
    r"\bpart[-\s]?time(?:\b|(?=(?-i:[A-Z])))(?<!school part-time)(?<!school part time)"
    r"(?<!equivalent part-time)"
    r"(?!\s+(?:qualifying|work\s+experience|experience|in\s+the\s+evening))|\btemps\s+partiel\b",
    re.I,
)
_FULL_RE = re.compile(
    # "as would a regular full-time employee" compares; it does not state this job's terms
    # glued to the word before ("TeacherFull-time") or the heading after; not "3 years full-time"
    r"full[-\s]?time(?:\b|(?=(?-i:[A-Z])))(?<!years full-time)(?<!years full time)"
    r"(?!\s+(?:employees?|staff|equivalent|students?|workers?|roles|salaries"
    r"|work\s+experience|experience|and/or|if\s+performance))"
    r"|\bpermanent\b(?!\s+(?:resident|work\s+authori[sz]ation|housing|placement|telecommut))|\btemps\s+plein\b"
    r"|\bposte\s+permanent\b",
    re.I,
)
# Terms that are not this job's (round 4, docs/quality.md): blanked before the employment
# rules read a line. A list of terms naming a class of people or studies ("Benefits for
# intern, part-time and seasonal employees", "full-time and part-time graduate degree
# programs"); the company's own staff ("our dedicated full-time in office employment
# specialists"), unless a word of the job's terms follows ("our full-time position"); a
# prospect ("career possibilities like permanent Team Lead", "could grow into a permanent").
_TERM_WORD = (
    r"(?:full[-\s]?time|part[-\s]?time|permanent|temporary|seasonal|casual|contract|intern"
    r"|regular|hourly|salaried)"
)
_TERM_AND = r"\s*(?:,|/|&|\band\b|\bor\b)\s*(?:and\s+|or\s+)?"
_TERM_LIST = rf"{_TERM_WORD}(?:{_TERM_AND}{_TERM_WORD})*"
_NOT_THIS_JOB_RE = re.compile(
    # one term may name the job's people ("openings for part-time employees"); a list does not
    rf"\b{_TERM_WORD}(?:{_TERM_AND}{_TERM_WORD})+\s+(?:employees|staff|workers|associates"
    r"|colleagues|team\s+members)\b"
    rf"|\b{_TERM_LIST}\s+(?:students|programs?|programmes?|courses|studies|(?:under)?graduate"
    r"|degrees?|diplomas?)\b"
    rf"|\b(?:our|their|other|existing|current)\s+(?:[\w-]+\s+){{0,2}}?{_TERM_LIST}\b"
    r"(?!\s*(?:positions?|roles?|jobs?|opportunit\w*|openings?|vacanc\w*|basis|schedule|hours"
    r"|employment|contracts?|team|\||,|\.|$))"
    r"|\b(?:like|such\s+as|into|become|potential\s+(?:for|of)|possibility\s+of|chance\s+(?:for|of)"
    rf"|lead\s+to|grow\s+to|convert(?:ed)?\s+to)\s+(?:an?\s+)?{_TERM_LIST}\b",
    re.I | re.M,
)
_LENGTH_RE = re.compile(
    rf"(?:contract|term|temporary|leave|assignment|contrat|durée|fixed|position|duration|coverage)"
    rf"[^.\n]{{0,40}}?"
    rf"\b(?:up\s+to\s+|for\s+|of\s+|de\s+|:\s*)?(?P<n>{_NUMBER})\s*(?:\((?P<d>\d{{1,2}})\)\s*)?[-\s]?"
    r"(?P<u>months?|mois|years?|ans?|weeks?|semaines?)(?:\b|(?=(?-i:[A-Z])))"
    rf"|\b(?P<n2>{_NUMBER})\s*(?:\((?P<d2>\d{{1,2}})\)\s*)?[-\s]?(?P<u2>months?|mois|years?|weeks?)"
    r"[-\s]+(?:(?:remote|hybrid|on-?site)\s+)?(?:contract|term|temporary|assignment|fixed|contrat|position\s+\(contract|leave"
    r"|internship|co-?op|stage|vacation\s+coverage)",
    re.I,
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
_LENGTH = anchored(_LENGTH_RE)
_NOT_THIS_JOB = anchored(_NOT_THIS_JOB_RE)
_REGION = anchored(_REGION_RE)


@lru_cache(maxsize=16_384)
def _search(rule: Anchored, text: str) -> re.Match[str] | None:
    """``rule.search(text)``, remembered: the lines a rule reads repeat from ad to ad (a
    source's boilerplate, "Permanent, full-time.") while the rest of the description differs."""
    return rule.search(text) if text else None


def read_terms(text: str | None) -> Terms:
    """The terms ``text`` states; fields it does not state are ``None``."""
    if not isinstance(text, str) or not text.strip():
        return Terms()
    try:
        return _read(text[:_MAX_TEXT])
    except Exception:  # noqa: BLE001 - never raise on site data
        return Terms()


def _number(word: str | None) -> float | None:
    if not word:
        return None
    word = word.strip().lower()
    if word in _WORDS:
        return float(_WORDS[word])
    try:
        return float(word)
    except ValueError:
        return None


# Cheap substring gates: a rule's regex runs only on text holding one of its words (most
# descriptions state few terms, and the regexes scan every position).
def _has(low: str, *words: str) -> bool:
    for w in words:
        if w in low:
            return True
    return False


class _Lines:
    """The lines of a description holding given words: each rule's regex reads only those
    (a description is mostly duties; scanning all of it per rule cost ~0.6 ms).

    A line holds a word when the word is in the line lower-cased; the lines are found from
    the word's occurrences in the whole text lower-cased (``str.lower`` never adds or drops a
    newline, so line i of one is line i of the other), not by testing every line for every
    word (~0.8 ms a real description)."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.low = text.lower()
        self._starts: list[int] | None = None
        self._found: dict[str, list[int]] = {}

    def _with(self, word: str) -> list[int]:
        """Indices of the lines holding ``word``, in order."""
        if word in self._found:
            return self._found[word]
        low, out = self.low, []
        pos = low.find(word)
        if pos >= 0:
            if self._starts is None:
                starts, nl = [0], low.find("\n")
                while nl >= 0:
                    starts.append(nl + 1)
                    nl = low.find("\n", nl + 1)
                self._starts = starts
            starts = self._starts
            while pos >= 0:
                i = bisect_right(starts, pos) - 1
                out.append(i)
                # the next line, if any: one index per line
                pos = low.find(word, starts[i + 1]) if i + 1 < len(starts) else -1
        self._found[word] = out
        return out

    def having(self, *words: str) -> str:
        low = self.low
        hit = [self._with(w) for w in words if w in low]  # most words are absent
        if not hit:
            return ""
        index = hit[0] if len(hit) == 1 else sorted(set().union(*hit))
        return "\n".join([self.lines[i] for i in index])


@lru_cache(maxsize=4_096)
def _read(text: str) -> Terms:
    lines = _Lines(text)
    low = lines.low
    workplace, days = _workplace(lines, low)
    region = None
    if workplace == "remote" and _has(
        low,
        "ontario",
        "québec",
        "quebec",
        "columbia",
        "alberta",
        "manitoba",
        "saskatchewan",
        "scotia",
        "brunswick",
        "newfoundland",
        "edward",
        "canada",
        "united states",
    ):
        m = _search(
            _REGION,
            lines.having(
                "remote", "home", "télétravail", "reside", "resident", "live", "located", "based"
            ),
        )
        if m:
            name = next(g for g in m.groups() if g)
            region = (
                "Quebec" if name.lower() == "québec" else name.title().replace(" And ", " and ")
            )
    emp = _employment(lines, low)
    months = (
        _contract_months(
            lines.having(
                "contract",
                "term",
                "temporar",
                "leave",
                "assignment",
                "contrat",
                "durée",
                "fixed",
                "position",
                "duration",
                "coverage",
                "internship",
                "co-op",
                "stage",
            )
        )
        if emp in ("CONTRACTOR", "TEMPORARY", "INTERN", None)
        and _has(low, "month", "year", "week", "mois", "semaine", " an")
        else None
    )
    if emp is None and months is not None:
        emp = "CONTRACTOR"
    return Terms(workplace, days, emp, months, region)


_OFFICE = ("office", "site", "person", "bureau", "présentiel", "place", "location", "workplace",
           "wfo")  # fmt: skip


_REMOTE_WORDS = ("remote", "home", "télétravail", "teletravail", "wfh", "anywhere", "telecommut")


def _workplace(lines: _Lines, low: str) -> tuple[str | None, int | None]:
    office = _has(low, *_OFFICE)
    days_m = (
        _search(_DAYS, lines.having("day", "jour", "hybrid", "présence"))
        if office or _has(low, "présence", "wfo", "hybrid")
        else None
    )
    days = _number(next((g for g in days_m.groups() if g), "").split()[0]) if days_m else None
    if (
        (_has(low, "hybrid", "remote") and _search(_HYBRID, lines.having("hybrid", "remote")))
        or (days is not None and days < 5)
        or ("%" in low and _search(_SHARE, lines.having("%")))
    ):
        if days is None and office:
            days = _weekdays_in_office(lines)
        return "hybrid", int(days) if days is not None and 0 < days < 5 else None
    if _has(low, "from home") and _search(_WFH_DAYS, lines.having("from home")):
        return "hybrid", None  # "work from home on Fridays": the other days in the office
    if _has(low, "télétravail", "teletravail"):
        home = _HOME_DAYS_RE.search(lines.having("télétravail", "teletravail"))
        if home:
            n = home.group("n").lower()
            return "hybrid", 5 - (int(n) if n.isdigit() else _FRENCH_DAYS[n])
    if ":" in low:
        labelled = _labelled_workplace(lines.having(":"))
        if labelled:
            return labelled, None
    remote = _has(low, *_REMOTE_WORDS)
    remote_text = lines.having(*_REMOTE_WORDS) if remote else ""
    if remote and _search(_NOT_REMOTE, remote_text):
        return "onsite", None
    if remote and _search(_ROLE_ONSITE, lines.having("role", "position", "job")):
        return "onsite", None
    if remote and _search(_REMOTE, remote_text):
        return "remote", None
    if (office and _search(_ONSITE, lines.having(*_OFFICE, "days"))) or days == 5:
        return "onsite", None
    return None, None


def _labelled_workplace(text: str) -> str | None:
    for m in _LABELLED_RE.finditer(text):
        for value, pattern in _LABELLED_VALUES:
            if pattern.search(m.group("v")):
                return value
    return None


def _weekdays_in_office(lines: _Lines) -> int | None:
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


_EMPLOYMENT = (
    ("INTERN", anchored(_INTERN_RE), ("intern", "co-op", "coop", "student", "stage")),
    ("PER_DIEM", anchored(_CASUAL_RE), ("casual", "call", "diem", "appel", "bank")),
    ("TEMPORARY", anchored(_TEMP_RE), ("temp", "seasonal", "fixed", "leave", "saisonn", "durée", "coverage",
                             "remplacement")),
    ("CONTRACTOR", anchored(_CONTRACT_RE), ("contract", "freelance", "1099", "contrat")),
    ("PART_TIME", anchored(_PART_RE), ("part", "partiel")),
    ("FULL_TIME", anchored(_FULL_RE), ("full", "permanent", "plein", "regular")),
)  # fmt: skip


def _employment(lines: _Lines, low: str) -> str | None:
    for value, pattern, words in _EMPLOYMENT:
        # having() is "" exactly when no line holds a word (a word holds no newline)
        text = lines.having(*words)
        # Blanking what is not this job's only takes matches away (it replaces a span that
        # starts and ends at a term word's boundary with a space): a line the rule does not
        # match as it stands is not read twice (most lines holding "part" say "partner").
        if text and _search(pattern, text) and _search(pattern, _this_job(text)):
            return value
    return None


@lru_cache(maxsize=16_384)
def _this_job(text: str) -> str:
    """``text`` with the terms that are not this job's blanked (``_NOT_THIS_JOB_RE``)."""
    # most texts hold none: an anchored search says so at a fraction of a plain sub's cost
    return _NOT_THIS_JOB_RE.sub(" ", text) if _NOT_THIS_JOB.search(text) else text


def _contract_months(text: str) -> int | None:
    m = _search(_LENGTH, text)
    if not m:
        return None
    n = _number(m.group("d") or m.group("n") or m.group("d2") or m.group("n2"))
    unit = (m.group("u") or m.group("u2") or "").lower()
    if n is None or n <= 0:
        return None
    if unit.startswith(("year", "an")):
        n *= 12
    elif unit.startswith(("week", "semaine")):
        n = n / 4.33
    months = round(n)
    return months if 1 <= months <= 60 else None
