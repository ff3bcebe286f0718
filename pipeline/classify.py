"""The HR taxonomy: which kind of HR job a title is, and how senior.

Rule-based, on the title folded to lowercase ASCII (accents dropped), English and French.
Precompiled regexes, ordered; the first rule that matches decides.

``hr_category`` — in order:

1. **Not-HR guards.** A title in another trade is not HR even when it carries an HR
   word, unless it also carries a strong HR anchor for that trade:
   sales/marketing/customer success ("Human Resources Software Sales") unless it is
   recruiting or pay; software/engineering/data/product ("People Manager, Engineering")
   unless recruiting or HR systems; health care, billing, claims and insurance
   ("Medical Benefits Billing Clerk") unless recruiting, HR or occupational health;
   finance and accounting unless payroll or compensation; teaching and coaching in
   schools and sport. Also phrases that only look like HR: investor/public/media
   relations, strategic sourcing, machine learning, private equity, personal trainer,
   resource planning without "human"; onboarding of customers, clients, merchants,
   vendors or accounts (KYC).
2. **Specific categories**, most specific first: business partner; payroll; compensation
   and benefits (incl. total rewards, pension, pay equity); HRIS and people analytics
   (incl. Workday/SuccessFactors/UKG/Dayforce HCM, workforce planning); talent acquisition
   (recruit*, sourcer, resourcing, employer brand, campus); learning and development
   (incl. organizational development, talent management, instructional design);
   employee and labour relations; DEI; health, safety and wellness (incl. disability
   management, return to work); HR operations and administration (HR assistant,
   coordinator, administrator, shared services, HR records, global mobility; onboarding and
   offboarding roles, "Onboarding Coordinator" alone included, since employees are what
   is onboarded unless the title names customers, clients, vendors, KYC and the like, which
   a not-HR guard catches).
3. **Generic HR** ("human resources", "HR", "RH", "people & culture", "people operations",
   "personnel"): director and above is ``hr_leadership``; assistant/coordinator/clerk
   level is ``hr_operations_admin``; the rest ``hr_generalist``.
4. Otherwise ``None``. The description is used only for bare titles that name a role
   but no trade ("Business Partner", "Generalist"): three or more HR terms in it decide.

``seniority``: see ``pipeline.seniority``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.screen import fold as _fold
from pipeline.screen import rule as _re
from pipeline.screen import screen
from pipeline.seniority import SENIORITIES, seniority

__all__ = ["CATEGORIES", "SENIORITIES", "hr_category", "seniority"]

CATEGORIES = (
    "hr_leadership",
    "hr_business_partner",
    "hr_generalist",
    "talent_acquisition",
    "compensation_benefits",
    "payroll",
    "learning_development",
    "employee_labour_relations",
    "hris_people_analytics",
    "dei",
    "health_safety_wellness",
    "hr_operations_admin",
)


_GENERIC_HR = (
    r"human\s+resources?|\bhr\b|\bh\.r\.|\brh\b|ressources\s+humaines|people\s*(?:and|&)\s*culture"
    r"|people\s+(?:ops|operations|team|experience|services|function)|\bpeople\s+(?:advisor|"
    r"generalist|specialist|coordinator|lead|manager,?\s+hr|administrator|consultant|officer|"
    r"associate)|personnel|\bp&c\b|employee\s+experience|\bchro\b|chief\s+(?:people|human|"
    r"talent|culture)|(?:vp|vice\s*president|head|director)\b.*\bpeople\b|\bpersonal(?:referent|"
    r"leiter|sachbearbeiter|abteilung)"
)
_RECRUIT = r"recruit|recrut|talent\s+acqui|acquisition\s+de\s+talents|sourcer|talent\s+sourc"
_HRIS = (
    r"\bhris\b|\bhrms\b|\bhcm\b|\bsirh\b|successfactors|\bukg\b|ultipro|dayforce|ceridian|"
    r"workday(?!.*financ)|people\s*soft\s+hr|people\s+(?:analytics|data|systems)|"
    r"hr\s+(?:analytics|data|systems?|technology|tech|reporting|information)|"
    r"workforce\s+(?:analytics|planning)|(?:hr|people)\s+insights"
)

# (category, pattern); the order is the precedence.
_CATEGORY_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "hr_business_partner",
        _re(
            r"\bhrbp\b|(?:hr|human\s+resources|people(?:\s*(?:&|and)\s*culture)?|talent|rh)\s+"
            r"business\s+partner|business\s+partner\W+(?:hr|human\s+resources|people)\b|"
            r"\bpeople\s+partner|\bhr\s+partner\b|partenaire\s+(?:d.affaires\s+)?(?:rh|en\s+"
            r"ressources\s+humaines|ressources\s+humaines)|\bpartenaire\s+rh|\bpa\s*rh\b"
        ),
    ),
    ("payroll", _re(r"payroll|\bpaie\b|\bpay\s+(?:specialist|administrator|clerk)|lohnbuch")),
    (
        "compensation_benefits",
        _re(
            r"(?<!workers\s)(?<!workers.\s)compensation|total\s+rewards?|\brewards?\s+(?:analyst|manager|specialist|partner|"
            r"lead|advisor|consultant|director|coordinator)|\bbenefits?\b|pension|retirement\s+"
            r"plan|remuneration|r.mun.ration|avantages\s+sociaux|r.gimes?\s+de\s+retraite|"
            r"pay\s+equity|job\s+(?:evaluation|architecture)|\bcomp\s*(?:&|and)\s*ben|"
            r"equity\s+(?:plan|administrator|compensation)|stock\s+(?:plan|administrator)|"
            r"\bvergütung"
        ),
    ),
    ("hris_people_analytics", _re(_HRIS)),
    (
        "talent_acquisition",
        _re(
            _RECRUIT + r"|resourcing|headhunt|employer\s+brand|campus\s+(?:relations|"
            r"talent)|university\s+relations|early\s+careers|staffing\s+(?:specialist|consultant|"
            r"manager|partner|advisor|coordinator)|talent\s+(?:partner|advisor|attraction|"
            r"scout|lead|coordinator|specialist)|\bhead\s+of\s+talent\b|interview\s+coordinator|"
            r"hiring\s+(?:coordinator|specialist)|dotation|\bta\s+(?:partner|specialist|lead|"
            r"coordinator|manager)"
        ),
    ),
    (
        "learning_development",
        _re(
            r"learning|training|\bl\s*&\s*d\b|\bl&od\b|instructional\s+design|e-?learning|"
            r"talent\s+(?:development|management)|leadership\s+development|"
            r"organi[sz]ational\s+(?:development|effectiveness)|\bod\s+(?:consultant|specialist|"
            r"partner|lead)|corporate\s+trainer|\btrainer\b|facilitat|formation|formateur|"
            r"formatrice|d.veloppement\s+(?:organisationnel|des\s+talents|des\s+comp.tences)|"
            r"apprentissage|(?<!agile\s)coaching|(?:executive|leadership|career|people|manager)\s+coach\b|curriculum|succession\s+plan|"
            r"performance\s+management|weiterbildung|personalentwicklung"
        ),
    ),
    (
        "employee_labour_relations",
        _re(
            r"labou?r\s+relations|employee\s+relations|industrial\s+relations|workplace\s+"
            r"(?:investigat|relations)|relations\s+(?:de\s+travail|du\s+travail|industrielles|"
            r"avec\s+les\s+employ)|collective\s+(?:bargaining|agreement)|grievance|"
            r"\ber\s+(?:specialist|advisor|consultant|partner|manager|lead|investigator)|"
            r"employment\s+standards|union\s+relations|conflict\s+resolution|ombuds"
        ),
    ),
    (
        "dei",
        _re(
            r"diversity|inclusion|\bbelonging\b|\bdei\b|\bd\s*&\s*i\b|\bedi\b|\bed&i\b|\bjedi\b|"
            r"\bidea\s+(?:lead|manager|specialist|program)|equity\s*(?:,|&|and)\s*(?:diversity|"
            r"inclusion)|diversit.|\bequite\b|anti-?racism|accessibility\s+(?:coordinator|"
            r"specialist|advisor)"
        ),
    ),
    (
        "health_safety_wellness",
        _re(
            r"health\s*(?:and|&)\s*safety|\bh\s*&\s*s\b|\behs\b|\bhse\b|\bohs\b|\bsst\b|"
            r"occupational\s+health|workplace\s+(?:safety|health|wellness)|wellness|well-?being|"
            r"disability\s+(?:management|case|specialist|coordinator)|return\s+to\s+work|"
            r"abilities\s+management|attendance\s+management|ergonom|"
            r"(?<!food )(?<!process )(?<!patient )(?<!product )(?<!flight )safety\s+(?:officer|"
            r"coordinator|advisor|specialist|manager|lead|director|representative|technician)|"
            r"sant.\s+et\s+s.curit.|conseill\w*\s+(?:en\s+)?prevention|prevention\s+des\s+risques|mieux-?.tre|leave\s+(?:specialist|administrator|"
            r"coordinator)|accommodation\s+specialist|workers.?\s+compensation"
        ),
    ),
    (
        "hr_operations_admin",
        _re(
            r"(?:hr|human\s+resources|people|rh|ressources\s+humaines)\s+(?:operations|ops|"
            r"assistant|administrator|administration|admin|coordinator|clerk|services|shared\s+"
            r"services|service\s+(?:center|centre|delivery|desk)|records|help\s*desk|"
            r"onboarding|documentation|support|associate|technician|technicien|intern|co-?op|"
            r"student|stagiaire)|"
            r"people\s+operations|people\s+ops|global\s+mobility|immigration\s+(?:specialist|"
            r"coordinator|manager)|employee\s+(?:onboarding|services|records|lifecycle)|"
            r"\b(?:on|off)boarding\b|"
            r"background\s+(?:check|screening)|(?:adjoint|agent|commis|technicien|secr.taire)"
            r"\w*\s+(?:aux|en|de|a\s+la)\s+(?:ressources\s+humaines|rh)|hr\s+"
            r"(?:intern|co-op|student)"
        ),
    ),
]
_GENERIC_RE = _re(_GENERIC_HR)
_LEADERSHIP_RE = _re(
    r"\bchief\b|\bchro\b|\bcpo\b|\bvp\b|vice[\s-]*pr.sident|\bsvp\b|\bevp\b|\bdirector\b|"
    r"\bdirect(?:eur|rice)\b|\bhead\s+of\b|\bhead,|\bpresident"
)
_OPS_LEVEL_RE = _re(
    r"\bassistant\b|\bcoordinator\b|\bclerk\b|\badministrator\b|\badjoint|\bcommis\b|"
    r"\bagent\b|\bsecretary\b|\bsecr.taire|\btechnicien|\bcoordonnat|\bintern\b|\bstagiaire|"
    r"\bco-?op\b|\bstudent\b"
)

# Other trades: (guard, anchors that still make it HR).
_NOT_HR: list[tuple[re.Pattern[str], re.Pattern[str] | None]] = [
    (
        _re(
            r"\bsales\b|\bvente|account\s+(?:executive|manager|director)|business\s+development|"
            r"customer\s+success|\bmarketing\b|\bsdr\b|\bbdr\b|solutions?\s+consultant|pre-?sales"
        ),
        _re(_RECRUIT + r"|compensation|commission|incentive|\bemployer\s+brand|training|learning"),
    ),
    (
        _re(
            r"software|engineer|\bdeveloper\b|devops|data\s+scientist|machine\s+learning|"
            r"product\s+(?:manager|owner|designer)|\barchitect\b|\bux\b|\bui\b|frontend|backend|"
            r"full[\s-]?stack|sre\b|programmer|qa\s+analyst|it\s+support|network|cloud"
        ),
        _re(
            _RECRUIT + r"|\bhris\b|\bhcm\b|\bsirh\b|workday|successfactors|dayforce|\bukg\b|"
            r"\bhrbp\b|hr\s+business\s+partner|people\s+partner|e-?learning|instructional|"
            r"health\s+(?:and|&)\s+safety|\behs\b|\bhse\b|ergonom"
        ),
    ),
    (
        _re(
            r"billing|claims?\b|patient|clinical|\bnurse\b|nursing|pharmac|medical|physician|"
            r"dental|underwrit|actuar|insurance|veterinar|therap|caregiver|personal\s+support|"
            r"\bpsw\b|health\s+care\s+aide|member\s+services|enrol+ment\s+(?:advisor|specialist)|"
            r"benefits?\s+(?:verification|eligibility|navigator|officer)|government\s+benefits|"
            r"social\s+(?:worker|assistance)|case\s+worker|income\s+assistance"
        ),
        _re(
            _RECRUIT + r"|human\s+resources|\bhr\b|\brh\b|occupational\s+health|payroll|"
            r"disability\s+management|return\s+to\s+work|wellness\s+program"
        ),
    ),
    (
        _re(
            r"account(?:ant|ing)|accounts\s+(?:payable|receivable)|financial\s+(?:analyst|"
            r"advisor|planner)|\btax\b|auditor|\bcontroller\b|bookkeep|treasury|\bbank|teller|"
            r"credit|loan|mortgage|wealth|investment|portfolio"
        ),
        _re(r"payroll|compensation|\bpaie\b|pension|benefits|" + _RECRUIT),
    ),
    (
        _re(
            r"teacher|teaching|professor|lecturer|\btutor|educational\s+assistant|early\s+"
            r"childhood|enseignant|\bschool\b|athletic|fitness|personal\s+trainer|dog\s+|"
            r"\bsport|\bgym\b|swim|yoga|pilates|flight|pilot|driver|chef\b|cook\b|\bcoach\s+"
            r"(?:operator|driver)|head\s+coach|assistant\s+coach|basketball|football|soccer|hockey"
        ),
        _re(_RECRUIT + r"|human\s+resources|\bhr\b|payroll|corporate\s+trainer"),
    ),
    (
        _re(
            r"(?:investor|public|media|community|government|donor|customer|client|guest|"
            r"alumni|press)\s+relations|strategic\s+sourcing|sourcing\s+(?:manager|specialist|"
            r"analyst)|procurement|purchasing|buyer|private\s+equity|equity\s+research|"
            r"resource\s+(?:planner|planning|manager|coordinator|analyst)|(?<!human\s)resources\s+"
            r"(?:planner|planning)|natural\s+resources|water\s+resources|food\s+safety|"
            r"process\s+safety|patient\s+safety|product\s+safety|cyber|security\s+(?:analyst|"
            r"engineer|architect)|information\s+security|talent\s+(?:agent|booker|manager,?\s+"
            r"(?:music|artist|influencer))|casting|\bmodel\b|\bactor\b|influencer|loss\s+prevention|"
            r"benefits\s+realization|\bagile\b|scrum|job\s+coach"
        ),
        _re(r"human\s+resources?|\bhr\b|" + _RECRUIT),
    ),
    (
        # Onboarding of customers, vendors or accounts, not of employees.
        _re(
            r"(?:customer|client|merchant|vendor|supplier|partner|seller|provider|user|member|"
            r"account|kyc|aml|investor|dealer|broker|carrier|driver|patient|student|tenant|"
            r"product|platform|software|saas|implementation|digital)\s+(?:on|off)boarding|"
            r"(?:on|off)boarding\b.*\b(?:customers?|clients?|merchants?|vendors?|suppliers?|kyc)\b"
        ),
        _re(r"human\s+resources?|\bhr\b|\bemployees?\b|new\s+hires?|" + _RECRUIT),
    ),
]

_BARE_ROLE_RE = _re(r"^(?:senior\s+|sr\.?\s+)?(?:business\s+partner|generalist|advisor|partner)$")
_DESC_HR_RE = _re(
    r"human\s+resources|\bhr\b|employee\s+relations|recruit|onboarding|payroll|benefits|"
    r"performance\s+management|workforce|employment\s+(?:law|standards)|hris|compensation"
)


@lru_cache(maxsize=65_536)
def _title_category(title: str) -> str | None:
    t = _fold(title)
    if not t:
        return None
    for guard, anchor in _SCREENED_NOT_HR:
        if guard.search(t) and not (anchor and anchor.search(t)):
            return None
    for category, pattern in _SCREENED_RULES:
        if pattern.search(t):
            if category == "hr_operations_admin" and _SCREENED_LEADERSHIP.search(t):
                return "hr_leadership"  # "Head of People Operations"
            return category
    if _SCREENED_GENERIC.search(t):
        if _SCREENED_LEADERSHIP.search(t):
            return "hr_leadership"
        if _SCREENED_OPS.search(t):
            return "hr_operations_admin"
        return "hr_generalist"
    return None


def hr_category(title: str, description: str = "") -> str | None:
    """The HR category of a job (see module docstring), or ``None`` when it is not HR."""
    if not isinstance(title, str):
        return None
    category = _title_category(title[:300])
    if category is not None or not isinstance(description, str) or not description:
        return category
    bare = _BARE_ROLE_RE.match(_fold(title))
    if bare and len(_DESC_HR_RE.findall(description[:5000])) >= 3:
        word = bare.group(0)
        if "business partner" in word:
            return "hr_business_partner"
        return "hr_generalist"
    return None


# Every rule above runs on folded titles: screen each by its literals (``pipeline.screen``).
_SCREENED_NOT_HR = [(screen(g), screen(a) if a else None) for g, a in _NOT_HR]
_SCREENED_RULES = [(category, screen(p)) for category, p in _CATEGORY_RULES]
_SCREENED_GENERIC, _SCREENED_LEADERSHIP, _SCREENED_OPS = (
    screen(_GENERIC_RE), screen(_LEADERSHIP_RE), screen(_OPS_LEVEL_RE)
)  # fmt: skip
