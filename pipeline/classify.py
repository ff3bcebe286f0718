"""The HR taxonomy: which kind of HR job a title is, and how senior.

Rule-based, on the title folded to lowercase ASCII (accents dropped), English and French.
Precompiled regexes, ordered; the first rule that matches decides.

``hr_category`` — in order:

1. **Not-HR guards.** A title in another trade is not HR even when it carries an HR
   word, unless it also carries a strong HR anchor for that trade. Whatever HR word it
   carries, a role that serves, implements, builds or sells a product ("Customer Support
   Specialist, Payroll", "Implementation Manager, Payroll", "Product Lead, Talent
   Management"), a lawyer ("Employee Benefits Lawyer"), an executive assistant ("Executive
   Assistant to the CHRO", "Executive Business Partner") or a model's pre/post-training is
   not HR. A guard that matches only after a head that names an HR role is the group the
   job serves ("Compensation Partner, Product & Engineering", "Talent Partner (Engineering
   Hiring)"): see ``_head``. Vendors' names (Workday) no longer make an engineer HR; HRIS,
   HCM and people analytics/science still do. The other guards:
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
   The department an ATS gives is read the same way: a title no rule reads, in a
   department that is HR by name ("Human Resources", "People Operations", "Recruiting",
   "Talent Acquisition", "Ressources humaines"; not a bare "People", which some employers
   give their workplace and executive assistants too), is HR ("Onboarding Program Manager"
   in Human Resources, "Sourcing at <employer>" in Recruiting), unless it names another
   trade (the guards of step 1) or a workplace, facilities or office role.

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
    r"|personnes?\s*(?:et|&)\s*culture|talents?\s*(?:et|&)\s*culture|exp.rience\s+(?:employ|collaborat)"
    r"|people\s+(?:ops|operations?|team|experience|services|function|strategy|planning|programs?|process|"
    r"communications?|business|development|consultant)|\bpeople\s+(?:advisor|"
    r"generalist|specialist|coordinator|lead|manager,?\s+hr|administrator|consultant|officer|"
    r"associate)|personnel|\bp&c\b|employee\s+(?:experience|engagement)|talent\s*(?:&|and)\s*culture|\bchro\b|chief\s+(?:people|human|"
    r"talent|culture)|(?:vp|vice\s*president|head|director)\b.*\bpeople\b|\bpersonal(?:referent|"
    r"leiter|sachbearbeiter|abteilung)"
)
_RECRUIT = (
    r"recruit|recrut|talent\s+acqui|acquisition\s+(?:de|des)\s+talents|attraction\s+(?:de|des)\s+"
    r"talents|sourcer|talent\s+sourc"
)
_HRIS = (
    r"\bhris\b|\bhrms\b|\bhcm\b|\bsirh\b|successfactors|\bukg\b|ultipro|dayforce|ceridian|"
    r"workday(?!.*financ)|people\s*soft\s+hr|people\s+(?:analytics|data|systems|scien|technolog|analyst|"
    r"applications)|"
    r"hr\s+(?:analytics|data|systems?|technology|tech|reporting|information)|"
    r"workforce\s+(?:analytics|planning)|(?:hr|people)\s+insights"
)

# Onboarding is an HR job when employees are onboarded: a bare onboarding role ("Onboarding
# Coordinator") or new-hire/leadership onboarding; "CRM Manager - Onboarding" is not.
_ONBOARDING_ROLE = (
    r"(?:coordinator|specialist|administrator|associate|assistant|partner|lead|advisor|manager)"
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
            _RECRUIT + r"|resourcing|headhunt|employer\s+brand|campus\s+(?:relations\b|"
            r"talent)|university\s+relations|early\s+careers|staffing\s+(?:specialist|consultant|"
            r"manager|partner|advisor|coordinator)|talent\s+(?:partner|advisor|attraction|"
            r"scout|lead|coordinator|specialist|associate|strategist|brand|branding|operations)|\bhead\s+of\s+talent\b|"
            r"early\s+(?:talent|careers?\s+program)|candidate\s+experience|internship\s+program(?=.*\b"
            r"(?:manager|coordinator|lead|specialist|director|partner|administrator|experience)\b)|"
            r"\b(?:manager|coordinator|lead|specialist|director|partner|administrator)\b.*"
            r"internship\s+program|\bta\s+(?:program|"
            r"operations|ops)|interview\s+coordinator|"
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
            r"partner|lead)|corporate\s+trainer|\btrainer\b|facilitat|\bformation\b|formateur|"
            r"formatrice|d.veloppement\s+(?:organisationnel|des\s+talents|des\s+comp.tences)|"
            r"apprentissage|(?<!agile\s)coaching|(?:executive|leadership|career|people|manager)\s+coach\b|curriculum|succession\s+plan|"
            r"performance\s+management|weiterbildung|personalentwicklung"
        ),
    ),
    (
        "employee_labour_relations",
        _re(
            r"labou?r\s+relations|(?:employee|team\s+member|associate|colleague|staff)\s+relations|industrial\s+relations|workplace\s+"
            r"(?:investigat|relations)|relations\s+(?:de\s+travail|du\s+travail|industrielles|"
            r"avec\s+les\s+employ)|collective\s+(?:bargaining|agreement)|grievance|"
            r"\ber\s+(?:specialist|advisor|consultant|partner|manager|lead|investigator)|"
            r"employment\s+standards|union\s+relations|conflict\s+resolution|ombuds"
        ),
    ),
    (
        "dei",
        _re(
            r"diversity|inclusion|\bbelonging\b|\bdei\b|\bd\s*&\s*i\b|\bedi\b(?!\W*electronic)|\bed&i\b|\bjedi\b|"
            r"\bidea\s+(?:lead|manager|specialist|program)|equity\s*(?:,|&|and)\s*(?:diversity|"
            r"inclusion)|diversit.|\bequite\b|anti-?racism|accessibility\s+(?:coordinator|"
            r"specialist|advisor)"
        ),
    ),
    (
        "health_safety_wellness",
        _re(
            r"health\s*(?:and|&|,)\s*safety|safety\s*(?:,|&|and)\s*environment|\bh\s*&\s*s\b|\behs\b|\bhse\b|\bohs\b|\bsst\b|"
            r"occupational\s+health|workplace\s+(?:safety|health|wellness)|wellness|well-?being|"
            r"disability\s+(?:management|case|specialist|coordinator)|return\s+to\s+work|"
            r"gestion\s+(?:des\s+invalidit.s|de\s+l.invalidit.)|retour\s+au\s+travail|"
            r"abilities\s+management|attendance\s+management|ergonom|"
            r"(?<!food )(?<!process )(?<!patient )(?<!product )(?<!flight )safety\s+(?:officer|"
            r"coordinator|advisor|specialist|manager|lead|director|representative|technician)|"
            r"sant.\s+et\s+s.curit.|conseill\w*\s+(?:en\s+)?prevention|prevention\s+des\s+risques|mieux-?.tre|leaves?\s+of\s+absence|leaves?\s*(?:,|&|and)\s+accommodations?|leave\s+(?:specialist|administrator|"
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
            r"coordinator|manager|program|partner|lead|analyst|advisor|operations)|"
            r"global\s+immigration|(?:manager|director|head|lead),?\s+(?:of\s+)?(?:global\s+)?"
            r"immigration\b|employee\s+(?:onboarding|offboarding|services|records|lifecycle)|"
            r"^(?:on|off)boarding\s+(?:(?:and|&)\s+(?:on|off)boarding\s+)?"
            + _ONBOARDING_ROLE
            + r"|^(?:junior|senior|sr\.?)\s+(?:on|off)boarding\s+"
            + _ONBOARDING_ROLE
            + r"|\b(?:new\s+hire|leadership|staff)\s+(?:on|off)boarding\s+"
            + _ONBOARDING_ROLE
            + r"|"
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
            r"customer\s+(?:support|service|care|experience)|implementation|\bproduct\s+(?:lead|"
            r"manager|management|designer|owner|operations|marketing)|director\s+of\s+product|"
            r"business\s+process\s+consultant|technical\s+consultant|solutions?\s+(?:sales|engineer)"
        ),
        _re(_RECRUIT),
    ),
    (
        _re(
            r"lawyer|attorney|\bcounsel\b|paralegal|solicitor|\bavocat|juriste|legal\s+(?:counsel|"
            r"advisor|specialist)|executive\s+(?:assistant|business\s+partner)|administrative\s+"
            r"business\s+partner|assistant\s+to\b|\bea\s+to\b|chief\s+of\s+staff|"
            r"pre[\s-]?training|post[\s-]?training"
        ),
        None,
    ),
    (
        _re(
            r"\bsales\b|\bvente|account\s+(?:executive|manager|director)|business\s+development|"
            r"customer\s+success|\bmarketing\b|\bsdr\b|\bbdr\b|solutions?\s+consultant|pre-?sales|\bb2b\b|"
            r"partnerships?\b|\bbroker|evangelist|\badvocate\b"
        ),
        _re(
            _RECRUIT + r"|compensation|commission|incentive|\bemployer\s+brand|training|learning|"
            r"talent\s+(?:partner|acquisition)"
        ),
    ),
    (
        _re(
            r"software|engineer|\bdeveloper\b|devops|data\s+scien|machine\s+learning|"
            r"d.veloppeu(?:r|se)|logiciel|programmeu|ing.nieu|"
            r"(?:deep|reinforcement|continual|continuous|representation|federated|supervised|"
            r"self-supervised|transfer|statistical|robot|robotic)\s+learning|\bai\b|\bml\b|"
            r"research\s+scientist|learning\s+scientist|language\s+learning|"
            r"apprentissage\s+(?:automatique|profond)|"
            r"product\s+(?:manager|owner|designer)|\barchitect\b|\bux\b|\bui\b|frontend|backend|"
            r"full[\s-]?stack|sre\b|programmer|qa\s+analyst|it\s+support|network|cloud"
        ),
        _re(
            _RECRUIT + r"|\bhris\b|\bhcm\b|\bsirh\b|people\s+(?:analytics|scien|data)|"
            r"\bhrbp\b|hr\s+business\s+partner|people\s+partner|e-?learning|instructional|"
            r"health\s+(?:and|&)\s+safety|\behs\b|\bhse\b|ergonom|sant.\s+et\s+s.curit.|\bsirh\b"
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
            r"credit|loan|mortgage|wealth|investment|portfolio|financial\s+systems|expenses?\b"
        ),
        _re(r"payroll|compensation|\bpaie\b|pension|benefits|" + _RECRUIT),
    ),
    (
        _re(
            r"teacher|teaching|professor|lecturer|\btutor|educational\s+assistant|early\s+"
            r"childhood|enseignant|\bschool\b|athletic|fitness|personal\s+trainer|dog\s+|"
            r"\bsport|\bgym\b|swim|yoga|pilates|flight|pilot|driver|chef\b|cook\b|culinary|"
            r"\bconduite\b|chariots?\s+.l.vateurs?|\bcoach\s+"
            r"(?:operator|driver)|head\s+coach|assistant\s+coach|basketball|football|soccer|hockey"
        ),
        _re(
            _RECRUIT + r"|human\s+resources|ressources\s+humaines|\bhr\b|\brh\b|payroll|\bpaie\b|"
            r"corporate\s+trainer"
        ),
    ),
    (
        _re(
            r"(?:investor|public|media|community|government|donor|customer|client|guest|"
            r"alumni|press)\s+relations|strategic\s+sourcing|sourcing\s+(?:manager|specialist|"
            r"analyst)|procurement|purchasing|buyer|private\s+equity|equity\s+research|"
            r"resource\s+(?:planner|planning|manager|coordinator|analyst)|(?<!human\s)resources\s+"
            r"(?:planner|planning)|natural\s+resources|water\s+resources|food\s+safety|"
            r"process\s+safety|patient\s+safety|product\s+safety|fire\s+safety|cyber|"
            r"electronic\s+data\s+interchange|security\s+(?:analyst|"
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

# Departments that are HR by their name (folded); a recruiting one gives talent acquisition.
_HR_DEPARTMENT_RE = _re(
    r"human\s+resources|\bhr\b|\brh\b|ressources\s+humaines|people\s*(?:&|and)\s*culture|"
    r"people\s+(?:operations|ops|team|partners?|experience|programs?|technology|analytics|"
    r"development)|total\s+rewards|compensation\s*(?:&|and)\s*benefits|payroll|"
    r"\b(?:g\s*&\s*a|g&a)\s*:\s*hr\b|" + _RECRUIT + r"|talent\s+(?:acquisition|attraction)"
)
_RECRUITING_DEPARTMENT_RE = _re(_RECRUIT + r"|talent\s+(?:acquisition|attraction)")
# Roles a People department holds that are not HR by this list's reading
_NOT_HR_ROLE_RE = _re(
    r"workplace|facilit|office\s+(?:manager|coordinator|assistant)|real\s+estate|reception|"
    r"front\s+desk|concierge|events?\b|catering|mail\s*room|travel"
)

_BARE_ROLE_RE = _re(r"^(?:senior\s+|sr\.?\s+)?(?:business\s+partner|generalist|advisor|partner)$")
_DESC_HR_RE = _re(
    r"human\s+resources|\bhr\b|employee\s+relations|recruit|onboarding|payroll|benefits|"
    r"performance\s+management|workforce|employment\s+(?:law|standards)|hris|compensation"
)


_SEGMENT_RE = re.compile(r"\s*(?:[,(|\[/]|\s[-\u2013\u2014:]\s)\s*")
_RANK_ONLY_RE = re.compile(
    r"^(?:(?:senior|sr\.?|junior|jr\.?|lead|head|director|manager|vp|vice\s+president|associate|"
    r"principal|staff|global|regional|interim|deputy|assistant|executive|group|[ivx]+|of|and|&)\s*)+$"
)


def _head(t: str) -> str:
    """The role a folded title names: its first part that is more than a rank.

    "Compensation Partner, Product & Engineering" is a compensation job for the product and
    engineering groups, "Director, Customer Support (Payroll)" a customer-support job: a trade
    guard that matches only after a head naming an HR role does not apply.
    """
    for part in _SEGMENT_RE.split(t):
        if part and not _RANK_ONLY_RE.match(part):
            return part
    return t


@lru_cache(maxsize=65_536)
def _title_category(title: str) -> str | None:
    t = _fold(title)
    if not t:
        return None
    head = _head(t)
    for guard, anchor in _SCREENED_NOT_HR:
        if guard.search(t) and not (anchor and anchor.search(t)):
            # The trade named only after an HR role is the group it serves.
            if head == t or guard.search(head) or not _names_hr_role(head):
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


def _by_department(title: str, department: str) -> str | None:
    """A title no rule reads, in a department that is HR by name (step 4)."""
    dept = _fold(department)
    if not _HR_DEPARTMENT_RE.search(dept):
        return None
    t = _fold(title)
    if not t or _NOT_HR_ROLE_RE.search(t):
        return None
    if any(g.search(t) and not (a and a.search(t)) for g, a in _SCREENED_NOT_HR):
        # another trade, unless it is the department's own ("Sourcing" in Recruiting)
        if not (_RECRUITING_DEPARTMENT_RE.search(dept) and "sourc" in t):
            return None
    if _RECRUITING_DEPARTMENT_RE.search(dept):
        return "talent_acquisition"
    return _title_category(f"{title} ({department})") or "hr_generalist"


def _names_hr_role(text: str) -> bool:
    """Whether ``text`` names an HR role by a word no other trade uses: not "training" (a
    "Training Captain - Airline Pilot" trains pilots), not onboarding (in "Onboarding
    Specialist, Customer Success" the part after it says who is onboarded)."""
    if "boarding" in text:
        return False
    return bool(_SCREENED_GENERIC.search(text)) or any(
        p.search(text) for c, p in _SCREENED_RULES if c != "learning_development"
    )


def hr_category(title: str, description: str = "", department: str | None = None) -> str | None:
    """The HR category of a job (see module docstring), or ``None`` when it is not HR."""
    if not isinstance(title, str):
        return None
    category = _title_category(title[:300])
    if category is None and isinstance(department, str) and department:
        category = _by_department(title[:300], department[:200])
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
