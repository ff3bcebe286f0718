"""Which kind of source a URL is: ``eolist sources add`` asks this before it writes a table.

Two pure steps. ``from_url`` knows the hosted ATS boards by their addresses and gives the API
URL the spider reads (a person pastes ``boards.greenhouse.io/acme``; the spider wants
``boards-api.greenhouse.io/v1/boards/acme/jobs``), and hosted blogs (``*.wordpress.com``,
Blogger) as ``blog-feed``. Only when the address says nothing, ``from_page`` looks at what the
page is: a feed is a ``job-feed`` or a ``blog-feed`` as its content says (``spiders.feedkind``:
a blog unless it reads as jobs); a page pointing to a feed with ``<link rel="alternate">`` gives
that feed, marked ``unread`` so the caller fetches it and lets its content decide; a page with
schema.org JobPosting markup is ``jsonld``. ``None`` means unknown: the caller says so and stops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urljoin, urlsplit

from spiders import (
    comeet,
    feedkind,
    gc_jobs,
    jazzhr,
    jobvite,
    ontario_gojobs,
    paylocity,
    rippling,
    schemaorg,
    taleo_tbe,
    workday,
)

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json",
              "application/json+feed", "application/rdf+xml")  # fmt: skip
_NAME_BAD = re.compile(r"[^a-z0-9_.-]+")


@dataclass(frozen=True)
class Detected:
    kind: str
    url: str  # what the spider reads
    name: str  # a suggested source name
    why: str  # one line for the person: what gave it away
    unread: bool = False  # a feed the page links to, not read yet: its content decides the kind


def suggest_name(text: str) -> str:
    name = _NAME_BAD.sub("-", text.lower()).strip("-._")
    return (name or "source")[:64]


def _first_segment(path: str) -> str | None:
    parts = [p for p in path.split("/") if p]
    return parts[0] if parts else None


def from_url(url: str) -> Detected | None:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    path = parts.path
    seg = _first_segment(path)
    if host in ("boards.greenhouse.io", "job-boards.greenhouse.io", "job-boards.eu.greenhouse.io"):
        if seg and seg != "embed":
            api = f"https://boards-api.greenhouse.io/v1/boards/{seg}/jobs"
            return Detected("greenhouse", api + "?content=true", suggest_name(seg),
                            f"{host} is a Greenhouse job board")  # fmt: skip
    m = re.match(r"^/v1/boards/([^/]+)/jobs", path)
    if host in ("boards-api.greenhouse.io", "boards-api.eu.greenhouse.io") and m:
        return Detected("greenhouse", url, suggest_name(m[1]), "the Greenhouse boards API")
    if host in ("jobs.lever.co", "jobs.eu.lever.co") and seg:
        api_host = "api.eu.lever.co" if ".eu." in host else "api.lever.co"
        return Detected("lever", f"https://{api_host}/v0/postings/{seg}?mode=json",
                        suggest_name(seg), f"{host} is a Lever job board")  # fmt: skip
    m = re.match(r"^/v0/postings/([^/?]+)", path)
    if host in ("api.lever.co", "api.eu.lever.co") and m:
        return Detected("lever", url, suggest_name(m[1]), "the Lever postings API")
    if host == "jobs.ashbyhq.com" and seg:
        api = f"https://api.ashbyhq.com/posting-api/job-board/{seg}?includeCompensation=true"
        return Detected("ashby", api, suggest_name(seg), "jobs.ashbyhq.com is an Ashby job board")
    m = re.match(r"^/posting-api/job-board/([^/?]+)", path)
    if host == "api.ashbyhq.com" and m:
        return Detected("ashby", url, suggest_name(m[1]), "the Ashby posting API")
    if host in ("jobs.smartrecruiters.com", "careers.smartrecruiters.com") and seg:
        api = f"https://api.smartrecruiters.com/v1/companies/{seg}/postings"
        return Detected("smartrecruiters", api, suggest_name(seg), f"{host} is SmartRecruiters")
    m = re.match(r"^/v1/companies/([^/?]+)/postings", path)
    if host == "api.smartrecruiters.com" and m:
        return Detected("smartrecruiters", url, suggest_name(m[1]), "the SmartRecruiters API")
    if host == "apply.workable.com" and seg:
        account = seg if seg not in ("api", "j") else None
        m = re.match(r"^/api/v1/widget/accounts/([^/?]+)", path)
        account = account or (m[1] if m else None)
        if account:
            api = f"https://apply.workable.com/api/v1/widget/accounts/{account}"
            return Detected(
                "workable", api, suggest_name(account), "apply.workable.com is Workable"
            )
    if host.endswith(".recruitee.com"):
        company = host.split(".")[0]
        return Detected("recruitee", f"https://{host}/api/offers/", suggest_name(company),
                        f"{host} is a Recruitee careers site")  # fmt: skip
    if re.search(r"\.jobs\.personio\.(de|com)$", host):
        company = host.split(".")[0]
        return Detected("personio", f"https://{host}/xml?language=en", suggest_name(company),
                        f"{host} is a Personio careers site")  # fmt: skip
    if host.endswith(".teamtailor.com"):
        company = host.split(".")[0]
        return Detected("teamtailor", f"https://{host}/jobs.json", suggest_name(company),
                        f"{host} is a Teamtailor careers site")  # fmt: skip
    if re.search(r"\.myworkdayjobs\.com$", host) and workday.api_base(url):
        base = str(workday.api_base(url))
        site = base.rsplit("/", 1)[-1]
        return Detected("workday", base + "/jobs", suggest_name(f"{host.split('.')[0]}-{site}"),
                        f"{host} is a Workday career site")  # fmt: skip
    hcm = _hcm_from_url(url, host)  # issue 20: Oracle, UKG, ADP and Dayforce hosts
    if hcm is not None:
        return hcm
    smb = _smb_ats(host, url)  # issue 20: the small-employer ATS hosts
    if smb is not None:
        return smb
    enterprise = _enterprise_from_url(url, host, path)
    if enterprise is not None:
        return enterprise
    public = _public_sector(host, url)  # issue 20: Canadian public-sector boards
    if public is not None:
        return public
    blog = feedkind.blog_host_feed(url)  # a hosted blog: its posts are never jobs
    if blog is not None:
        return Detected("blog-feed", blog[0], suggest_name(host.split(".")[0]), blog[1])
    return None


def _public_sector(host: str, url: str) -> Detected | None:
    """GC Jobs (the federal public service) and Ontario's gojobs, known by their hosts."""
    if host in gc_jobs.HOSTS and urlsplit(url).path.startswith("/psrs-srfp/"):
        lang = gc_jobs.language_of(url)
        return Detected("gc-jobs", gc_jobs.list_url(url, 1, lang), "gc-jobs",
                        f"{host} is GC Jobs (public postings, in {lang})")  # fmt: skip
    if host in ontario_gojobs.HOSTS:
        return Detected("ontario-gojobs", url, "ontario-gojobs",
                        f"{host} is Ontario Public Service jobs; crawls will refuse it: "
                        + ontario_gojobs.refusal(url).split(", so ", 1)[0])  # fmt: skip
    return None


# Subdomains of the ATS vendors that are the vendor's own, never an employer's board.
_VENDOR_SUBDOMAINS = frozenset({"www", "app", "api", "help", "developer", "developers",
                                "marketplace", "assets-cdn", "status", "blog"})  # fmt: skip


def _smb_ats(host: str, url: str) -> Detected | None:
    """Jobvite, BambooHR, Breezy HR and Pinpoint boards, known by their hosts."""
    company = host.split(".")[0]
    m = comeet.API_PATH.match(urlsplit(url).path)
    if host in ("comeet.co", "www.comeet.co") and m:
        return Detected("comeet", url, suggest_name(m["company"]), "the Comeet careers API")
    board = rippling.board_of(url)
    m = re.match(r"^/platform/api/ats/v1/board/([\w-]+)/jobs/?$", urlsplit(url).path)
    if board or (host == "api.rippling.com" and m):
        board = board or m[1]  # type: ignore[index]
        return Detected("rippling", f"{rippling.API}/{board}/jobs", suggest_name(board),
                        f"{host} is a Rippling job board")  # fmt: skip
    if paylocity.is_board(url):
        parts = urlsplit(url)
        segs = [s for s in parts.path.split("/") if s]
        name = segs[4] if len(segs) > 4 else f"paylocity-{segs[3][:8]}"
        return Detected("paylocity", f"https://{host}{parts.path}", suggest_name(name),
                        f"{host} is a Paylocity job board")  # fmt: skip
    if comeet.hosted_board(url):
        name = [s for s in urlsplit(url).path.split("/") if s][1]
        return Detected("comeet", url, suggest_name(name), f"{host} is a Comeet hosted board")
    if host in ("jobs.jobvite.com", "careers.jobvite.com"):
        base = jobvite.board_base(url)
        if base is None:
            return None
        name = base.rsplit("/", 1)[-1]
        return Detected("jobvite", base, suggest_name(name), f"{host} is a Jobvite career site")
    if company in _VENDOR_SUBDOMAINS or host.count(".") != 2:
        return None
    if host.endswith(".bamboohr.com"):
        return Detected("bamboohr", f"https://{host}/careers/list", suggest_name(company),
                        f"{host} is a BambooHR careers site")  # fmt: skip
    if host.endswith(".breezy.hr"):
        return Detected("breezy", f"https://{host}/json", suggest_name(company),
                        f"{host} is a Breezy HR careers site")  # fmt: skip
    if host.endswith(".pinpointhq.com"):
        return Detected("pinpoint", f"https://{host}/postings.json", suggest_name(company),
                        f"{host} is a Pinpoint careers site")  # fmt: skip
    if jazzhr.tenant_of(url):
        return Detected("jazzhr", f"https://{host}/apply/jobs", suggest_name(company),
                        f"{host} is a JazzHR careers site")  # fmt: skip
    return None


def _enterprise_from_url(url: str, host: str, path: str) -> Detected | None:
    """The enterprise ATS hosts (issue 20); each kind's module knows its URL shapes."""
    if re.search(r"\.(?:jobs2web\.com|jobs\.hr\.cloud\.sap)$", host) or host == "jobs.sap.com":
        site = f"https://{host}/search/?q=&startrow=0"
        return Detected("successfactors", site, suggest_name(host.split(".")[0]),
                        f"{host} is a SuccessFactors career site")  # fmt: skip
    if re.match(r"^(?:career\d*|performancemanager\d*)\.(?:successfactors|sapsf)\.", host):
        return Detected("successfactors", url, suggest_name(host.split(".")[0]),
                        f"{host} is SuccessFactors' script-only page: crawls will refuse it, "
                        "add the employer's public career site instead")  # fmt: skip
    query = parse_qs(urlsplit(url).query)
    tbe = taleo_tbe.board_url(url)  # today's v2 pages, the older .jsp ones and the RSS feed
    if tbe is not None:
        org = query["org"][-1]
        return Detected("taleo", tbe, suggest_name(org), f"{host} is Taleo Business Edition")
    if host.endswith(".tbe.taleo.net"):  # the crawl refuses it with the same advice
        return Detected("taleo", url, suggest_name(query.get("org", [host.split(".")[0]])[-1]),
                        f"{host} is Taleo Business Edition (its URL lacks the partition, org= "
                        "or cws=: copy the career site's searchResults link)")  # fmt: skip
    m = re.match(r"^/careersection/([^/]+)/(?:jobsearch|jobdetail|moresearch)\.ftl", path)
    if host.endswith(".taleo.net") and m:
        lang = query.get("lang", ["en"])[-1]
        portal = query.get("portal", [""])[-1]
        section = f"https://{host}/careersection/{m[1]}/jobsearch.ftl?lang={lang}"
        why = f"{host} is a Taleo career section"
        if not portal.isdigit():
            why += " (its URL lacks &portal=<number>: copy it from the site's search page)"
        return Detected("taleo", section + (f"&portal={portal}" if portal.isdigit() else ""),
                        suggest_name(host.split(".")[0]), why)  # fmt: skip
    if host.endswith(".icims.com") and host.split(".")[0] not in ("www", "app", "api", "help"):
        board = f"https://{host}/jobs/search?in_iframe=1&ss=1"
        name = suggest_name(host.split(".")[0].removeprefix("careers-").removeprefix("jobs-"))
        return Detected("icims", board, name, f"{host} is an iCIMS career site")
    return None


def _looks_like_feed(body: bytes, content_type: str) -> bool:
    ctype = content_type.split(";")[0].strip().lower()
    if ctype in FEED_TYPES or ctype in ("application/xml", "text/xml"):
        head = body[:1024].lstrip().lower()
        return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head or ctype in FEED_TYPES
    head = body[:512].lstrip()
    if head.startswith(b"{") and b"jsonfeed.org/version" in body[:2048]:
        return True
    lowered = head.lower()
    return lowered.startswith(b"<?xml") and (b"<rss" in body[:1024] or b"<feed" in body[:1024])


def from_page(url: str, body: bytes, content_type: str = "") -> Detected | None:
    host = urlsplit(url).hostname or "source"
    name = suggest_name(host.removeprefix("www."))
    if _looks_like_feed(body, content_type):
        kind, why = feedkind.classify(url, body)
        return Detected(kind, url, name, f"the URL is a feed: {why}")
    doc = schemaorg.parse_html(body)
    if doc is None:
        return None
    found = _enterprise_from_page(url, body, doc, name)
    if found is not None:
        return found
    embedded = embedded_board(url, doc)
    if embedded is not None:
        return embedded
    if schemaorg.job_postings(doc):
        return Detected("jsonld", url, name, "the page has schema.org JobPosting markup")
    for link in doc.xpath('//link[@rel="alternate"][@href]'):
        if (link.get("type") or "").lower() in FEED_TYPES:
            feed = urljoin(url, link.get("href"))
            return Detected("blog-feed", feed, name, f"the page links to a feed ({feed})", True)
    return None


def _enterprise_from_page(url: str, body: bytes, doc: object, name: str) -> Detected | None:
    """Enterprise career sites on the employer's own host, known by their markup."""
    parts = urlsplit(url)
    if b"jobTitle-link" in body and (b"searchresults" in body or b"successfactors" in body):
        site = f"{parts.scheme}://{parts.netloc}/search/?q=&startrow=0"
        return Detected("successfactors", site, name,
                        "the page is a SuccessFactors career site (jobTitle-link results)")  # fmt: skip
    oracle = _ORACLE_PAGE.search(body[:200_000])
    if oracle and _ORACLE_HOST.search(oracle["host"].decode().lower()):
        host, site = oracle["host"].decode().lower(), oracle["site"].decode()
        ce = f"https://{host}/hcmUI/CandidateExperience/en/sites/{site}"
        return Detected("oracle-recruiting", ce, name,
                        f"the page is an Oracle Recruiting Cloud site served by {host}")  # fmt: skip
    return None


_ORACLE_HOST = re.compile(r"\.fa(?:\.(?:[a-z]{2,3}\d+|ocs))?\.oraclecloud\d*\.(?:com|eu)$")
# a branded Candidate Experience page names its API host and site in <html data-…> attributes
_ORACLE_PAGE = re.compile(
    rb'data-apibaseurl="https://(?P<host>[a-z0-9.-]+)(?::443)?/?"[^>]*?'
    rb'data-sitenumber="(?P<site>[A-Za-z0-9_-]{1,128})"'
)
_UKG_HOST = re.compile(r"^recruiting\d*\.ultipro\.(?:com|ca)$")


def _hcm_from_url(url: str, host: str) -> Detected | None:
    """Oracle Recruiting Cloud, UKG Pro, ADP Workforce Now and Dayforce, known by their hosts."""
    from spiders import oraclerecruiting, ultipro  # their modules know their URL shapes

    parts = urlsplit(url)
    site = oraclerecruiting.site_of(url)
    if _ORACLE_HOST.search(host) and site:
        ce = f"https://{host}/hcmUI/CandidateExperience/en/sites/{site}"
        return Detected("oracle-recruiting", ce, suggest_name(f"{host.split('.')[0]}-{site}"),
                        f"{host} is an Oracle Recruiting Cloud career site")  # fmt: skip
    if _UKG_HOST.match(host) and ultipro.board_base(url):
        base = str(ultipro.board_base(url))
        return Detected("ultipro", base, suggest_name(base.split("/")[3]),
                        f"{host} is a UKG Pro job board")  # fmt: skip
    if host.endswith(".rec.pro.ukg.net"):
        return Detected("ultipro", url, suggest_name(host.split(".")[0]),
                        f"{host} is a UKG Pro board behind a session token: crawls will "
                        "refuse it")  # fmt: skip
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if host == "workforcenow.adp.com" and query.get("cid") and query.get("ccId"):
        lang = query.get("lang", "en_CA")
        page = (f"https://{host}/mascsr/default/mdf/recruitment/recruitment.html"
                f"?cid={query['cid']}&ccId={query['ccId']}&lang={lang}")  # fmt: skip
        return Detected("adp", page, suggest_name(f"adp-{query['cid'][:8]}"),
                        f"{host} is an ADP Workforce Now career centre")  # fmt: skip
    if host in ("myjobs.adp.com", "recruiting.adp.com"):
        return Detected("adp", url, suggest_name(parts.path.strip("/").split("/")[0] or "adp"),
                        f"{host} is an ADP browser app: crawls will refuse it, add the "
                        "Workforce Now career centre URL instead")  # fmt: skip
    if host.endswith(".dayforcehcm.com"):
        m = re.match(r"^/Api/([A-Za-z0-9_-]+)/V1/JobFeeds", parts.path, re.I)
        if m:
            return Detected("dayforce", url, suggest_name(m[1]), "the Dayforce Job Feeds API")
        segments = [p for p in parts.path.split("/") if p]
        if host == "jobs.dayforcehcm.com" and segments:
            namespace = segments[1] if "-" in segments[0] and len(segments) > 1 else segments[0]
            return Detected("dayforce", url, suggest_name(namespace),
                            "jobs.dayforcehcm.com needs a browser session: crawls will refuse "
                            f"it, add the employer's .../Api/{namespace}/V1/JobFeeds URL")  # fmt: skip
    return None


# where a careers page names its ATS board: the embed's frame or script, its data- attributes,
# a "View all jobs" link
_EMBED_ATTRS = (("iframe", "src"), ("script", "src"), ("a", "href"), ("link", "href"),
                ("form", "action"))  # fmt: skip
_GREENHOUSE_EMBED = re.compile(r"greenhouse\.io/(?:embed/job_board(?:/js)?|embed/job_app)\b")


def _board_from_address(address: str) -> Detected | None:
    """``from_url`` for an address found on a page, including the embed forms it lacks."""
    parts = urlsplit(address)
    if _GREENHOUSE_EMBED.search(address):
        token = parse_qs(parts.query).get("for", [""])[-1]
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,80}", token):
            return None
        address = f"https://boards.greenhouse.io/{token}"
    found = from_url(address)
    return found if found is not None and found.kind not in ("blog-feed",) else None


def embedded_board(url: str, doc: object) -> Detected | None:
    """An ATS board a careers page embeds or links (iframe, script, data- attribute, link):
    the API source, and what was found where."""
    host = (urlsplit(url).hostname or "").lower()
    seen: list[tuple[str, str]] = []
    for tag, attr in _EMBED_ATTRS:
        for el in doc.iter(tag):  # type: ignore[attr-defined]
            value = (el.get(attr) or "").strip()
            if value.startswith(("http://", "https://", "//")):
                try:
                    seen.append((f"<{tag} {attr}>", urljoin(url, value)))
                except ValueError:  # "http://[oops": no address at all
                    continue
    for el in doc.xpath("//*[@*[starts-with(name(), 'data-')]]"):  # type: ignore[attr-defined]
        for name, value in el.attrib.items():
            if name.startswith("data-") and value.strip().startswith(("http://", "https://")):
                seen.append((f"{name}", value.strip()))
    for where, address in seen:
        try:
            if (urlsplit(address).hostname or "").lower() == host:
                continue  # the employer's own pages
            found = _board_from_address(address)
        except ValueError:
            continue
        if found is not None:
            return Detected(found.kind, found.url, found.name,
                            f"the page embeds or links a {found.kind} board ({where} "
                            f"{address[:120]}): {found.why}")  # fmt: skip
    return None
