"""Vocabularies the sample web is generated from: invented employers, job titles, places, text.

Every word here was written for this project. Company names are invented (stem + trade); titles
come from the usual HR title vocabulary plus non-HR titles, including "false friends" whose
words look like HR (benefits, compensation, coach) but are not HR jobs. Descriptions and blog
posts are assembled from the sentence templates below; nothing is copied from real postings.
"""

from __future__ import annotations

from typing import NamedTuple


class City(NamedTuple):
    name: str
    region_code: str  # province/state code ("" when the country has none in use)
    region: str
    country: str  # ISO 3166-1 alpha-2
    country_name: str

    @property
    def short(self) -> str:
        """As ATS boards write it: "Toronto, ON", "London, UK"."""
        return (
            f"{self.name}, {self.region_code or ('UK' if self.country == 'GB' else self.country)}"
        )

    @property
    def long(self) -> str:
        """As job sites and feeds write it: "Toronto, Ontario, Canada"."""
        return f"{self.name}, {self.region}, {self.country_name}"


TORONTO = City("Toronto", "ON", "Ontario", "CA", "Canada")
# Weighted by repetition: mostly Canada (Toronto first), some US and UK.
CITIES = [
    TORONTO,
    TORONTO,
    TORONTO,
    TORONTO,
    City("Mississauga", "ON", "Ontario", "CA", "Canada"),
    City("Ottawa", "ON", "Ontario", "CA", "Canada"),
    City("Markham", "ON", "Ontario", "CA", "Canada"),
    City("Hamilton", "ON", "Ontario", "CA", "Canada"),
    City("Vancouver", "BC", "British Columbia", "CA", "Canada"),
    City("Calgary", "AB", "Alberta", "CA", "Canada"),
    City("Edmonton", "AB", "Alberta", "CA", "Canada"),
    City("Montréal", "QC", "Quebec", "CA", "Canada"),
    City("Winnipeg", "MB", "Manitoba", "CA", "Canada"),
    City("Halifax", "NS", "Nova Scotia", "CA", "Canada"),
    City("New York", "NY", "New York", "US", "United States"),
    City("Chicago", "IL", "Illinois", "US", "United States"),
    City("Seattle", "WA", "Washington", "US", "United States"),
    City("London", "", "England", "GB", "United Kingdom"),
    City("Manchester", "", "England", "GB", "United Kingdom"),
]
CURRENCY = {"CA": "CAD", "US": "USD", "GB": "GBP"}
CURRENCY_SIGN = {"CAD": "$", "USD": "US$", "GBP": "£"}

COMPANY_STEMS = [
    "Maplewood",
    "Harbourline",
    "Northgate",
    "Cedarview",
    "Lakeshore",
    "Brightwater",
    "Stonebridge",
    "Redpine",
    "Bluecrest",
    "Silverbirch",
    "Oakridge",
    "Greyhaven",
    "Ironleaf",
    "Tallgrass",
    "Westmount",
    "Kingsway",
    "Riverbend",
    "Foxglove",
    "Amberfield",
    "Copperline",
    "Driftwood",
    "Elmhurst",
    "Frostvale",
    "Glenhollow",
    "Highpoint",
    "Juniper",
    "Kestrel",
    "Larchmont",
    "Moraine",
    "Nettlefield",
    "Orchardview",
    "Pinecastle",
    "Quarrystone",
]
COMPANY_TRADES = [
    "Logistics",
    "Health",
    "Financial",
    "Foods",
    "Software",
    "Energy",
    "Retail",
    "Insurance",
    "Labs",
    "Transit",
    "Credit Union",
    "Hospital",
    "Construction",
    "Media",
    "Pharma",
    "Hotels",
]
COMPANY_SUFFIXES = ["Inc.", "Ltd.", "Corp.", "", "", "Group"]

HR_TITLES = [
    "HR Business Partner",
    "Human Resources Generalist",
    "Talent Acquisition Specialist",
    "Recruiter",
    "Technical Recruiter",
    "HR Generalist",
    "Payroll Administrator",
    "Payroll Specialist",
    "Compensation Analyst",
    "Total Rewards Specialist",
    "Benefits Administrator",
    "Learning and Development Specialist",
    "Employee Relations Advisor",
    "HRIS Analyst",
    "People Analytics Analyst",
    "Diversity, Equity and Inclusion Lead",
    "Health and Safety Coordinator",
    "HR Coordinator",
    "Human Resources Manager",
    "Director of Human Resources",
    "Recruiting Coordinator",
    "Labour Relations Specialist",
    "Workday HCM Analyst",
    "Onboarding Coordinator",
    "People Operations Manager",
    "Talent Management Consultant",
    "Organizational Development Advisor",
    "HR Assistant",
    "Chief People Officer",
    "Disability Management Specialist",
]
SENIORITY = ["", "", "", "Senior ", "Junior ", "Lead ", "Associate "]
NON_HR_TITLES = [
    "Software Engineer",
    "Account Executive",
    "Financial Analyst",
    "Warehouse Associate",
    "Registered Nurse",
    "Data Engineer",
    "Marketing Manager",
    "Customer Service Representative",
    "Product Designer",
    "Electrician",
    "Store Manager",
    "Accounts Payable Clerk",
    "Sales Development Representative",
    "Project Manager",
    "Mechanical Engineer",
    "Line Cook",
    "Truck Driver (AZ)",
    "Pharmacy Assistant",
    "Site Reliability Engineer",
    "Controller",
]
# false friends: HR-looking words, not HR jobs
FALSE_FRIENDS = [
    "Medical Benefits Billing Clerk",
    "Workers' Compensation Claims Adjuster",
    "Loss Prevention Officer",
    "Basketball Coach",
    "Benefits Verification Specialist",
    "Talent Agent (Film and Television)",
    "Resource Planner",
    "Payroll Software Developer",
]
NON_HR_TITLES += FALSE_FRIENDS
DEPARTMENTS_NON_HR = ["Engineering", "Sales", "Finance", "Operations", "Marketing", "Clinical"]
EMPLOYMENT = [("FULL_TIME", "Full-time")] * 6 + [
    ("PART_TIME", "Part-time"),
    ("CONTRACTOR", "Contract"),
    ("TEMPORARY", "Temporary"),
    ("INTERN", "Internship"),
]

INTROS = [
    "{company} is looking for a {title} to join our {team} team in {city}.",
    "Join {company} as our next {title}, based in {city}.",
    "We are growing, and our {team} team needs a {title}.",
    "As {title} at {company}, you will help {city} colleagues do their best work.",
]
HR_DUTIES = [
    "partner with managers on workforce planning and organization design",
    "run full-cycle recruitment from intake meeting to signed offer",
    "coach leaders through employee relations matters and investigations",
    "process bi-weekly payroll for several hundred employees accurately and on time",
    "maintain salary bands and prepare the annual merit cycle",
    "build an onboarding program that new hires remember",
    "turn people data into dashboards that leaders use",
    "chair the joint health and safety committee",
    "keep our HRIS clean, secure and useful",
    "design learning programs for frontline and office teams",
    "administer group benefits renewals and answer employee questions",
    "support collective bargaining and grievance handling",
    "manage leaves of absence and return-to-work plans",
]
OTHER_DUTIES = [
    "own a book of business and grow it quarter over quarter",
    "ship reliable code with a small product team",
    "reconcile accounts and prepare month-end reports",
    "keep the shop floor safe, tidy and productive",
    "answer customer questions by phone, chat and email",
    "plan routes and keep deliveries on schedule",
    "process claims and follow up with insurers",
    "coach players through practices and game days",
]
REQUIREMENTS = [
    "{years}+ years of relevant experience",
    "a degree or diploma in a related field, or equivalent experience",
    "clear writing and a calm manner under pressure",
    "comfort with spreadsheets and at least one HRIS or ERP system",
    "a CHRP or CHRL designation (or progress toward one)",
    "bilingualism in English and French is an asset",
]
WORKPLACE_LINES = {
    "onsite": "This role is on site at our {city} location.",
    "hybrid": "Hybrid: three days a week in our {city} office, the rest from home.",
    "remote": "Fully remote within {country}; occasional travel to {city} for team days.",
}
BOILERPLATE = (
    "<p><strong>About {company}</strong></p><p>{company} is an equal opportunity employer. "
    "We welcome applications from people of every background and provide accommodations "
    "throughout the hiring process on request.</p>"
)

BLOG_TOPICS = [
    "pay transparency laws",
    "structured interviews",
    "four-day work weeks",
    "skills-based hiring",
    "return-to-office policies",
    "HR analytics dashboards",
    "manager training",
    "burnout prevention",
    "internal mobility",
    "onboarding checklists",
    "job architecture",
    "benefits renewals",
    "exit interviews",
    "employee engagement surveys",
    "psychological safety",
    "AI in recruiting",
    "workplace accommodation",
    "succession planning",
]
BLOG_TITLES = [
    "{n} things we learned about {topic}",
    "What {topic} means for Canadian employers",
    "A practical checklist for {topic}",
    "Ask an HR pro: {topic}",
    "Why {topic} keeps coming up in leadership meetings",
    "{Topic} without the jargon",
]
BLOG_SENTENCES = [
    "Most teams we talk to start with {topic} because a manager asked a hard question.",
    "The first step is small: write down what you do today and who owns each part.",
    "Employees notice consistency more than they notice policy documents.",
    "Measure one thing for a quarter before you measure ten things for a year.",
    "Legal requirements differ by province, so check the rules where your people work.",
    "Managers need a short script, not a fifty-page guide.",
    "Ask three employees what confuses them about {topic}; their answers make the plan.",
    "Budget time for follow-up: the second conversation is where change happens.",
    "A pilot with one team beats a company-wide launch that nobody understands.",
    "Share the results, including the parts that did not work.",
]
AUTHORS = [
    "Priya Raman",
    "Marc Bélanger",
    "Dana Whitford",
    "Olu Adeyemi",
    "Sam Kowalczyk",
    "Teresa Lindqvist",
    "Hugo Marchetti",
    "Aisha Karim",
]
BLOG_NAMES = ["hr-insights", "people-matters"]
