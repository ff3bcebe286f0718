"""Is a feed a job board's (``job-feed``) or a blog's (``blog-feed``)? ``sources add`` asks.

A blog added as a job feed puts its posts in the weekly list as jobs, which is worse than the
opposite mistake (a job feed read as a blog shows in the blog round-up, and says so), so a
feed is a blog unless its content says jobs:

* a job namespace or job fields (``job_listing:``, ``joblisting:``, ``<job>``,
  ``<salary>``, ``<jobtype>``, ``<expires_at>``, ``<company>``): a job feed, certainly;
* entries that read as ads: a short title naming a role ("Payroll Coordinator", "Acme:
  HR Advisor") with no question or listicle shape, and a body with ad words (apply,
  qualifications, responsibilities, salary, full-time); most entries (``AD_SHARE``) must;
* a jobs path (``/jobs/feed``, ``/careers.rss``) lowers that bar to ``AD_SHARE_JOBS_PATH``.

Hosts and paths that are blogs are known without fetching (``from_url``): ``*.wordpress.com``,
Blogger (``*.blogspot.com``, ``/feeds/posts/default``); a ``/feed/`` or ``/rss`` address is a
feed whose kind its content decides. When the content does not decide, the answer is
``blog-feed`` and the reason says it was a guess.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

AD_SHARE = 0.6
AD_SHARE_JOBS_PATH = 0.3
_JOB_MARKUP = re.compile(
    rb"xmlns:(?:job_listing|joblisting|job)=|<(?:job_listing|joblisting):|<job[\s>]"
    rb"|<(?:salary|jobtype|job_type|expires_at|employment_type)[\s>]",
    re.I,
)
_JOB_PATH = re.compile(r"(?:^|/)(?:jobs?|careers?|emplois?|vacanc(?:y|ies)|openings?|postings?)"
                       r"(?:[/._?-]|$)", re.I)  # fmt: skip
_ROLE = re.compile(
    r"\b(?:manager|coordinator|specialist|advisor|adviser|analyst|assistant|director|officer"
    r"|recruiter|generalist|partner|lead|administrator|consultant|associate|representative"
    r"|supervisor|clerk|technician|intern|head|vp|vice president|conseill[eè]re?|gestionnaire"
    r"|agent|adjointe?|directrice|directeur|technicienne?|coordonnat(?:eur|rice))\b",
    re.I,
)
_NOT_AD_TITLE = re.compile(
    r"\?|^(?:how|why|what|when|where|who|top|\d+\s|the\s+\d+|ten|five|seven|our|my|a|an|"
    r"lessons|tips|guide|podcast|episode|webinar|recap|comment|pourquoi|comment)\b",
    re.I,
)
_AD_BODY = re.compile(
    r"\b(?:apply|qualifications|responsibilities|requirements|salary|full[- ]time|part[- ]time"
    r"|job type|compensation|we are hiring|we're hiring|closing date|postuler|exigences"
    r"|temps plein)\b",
    re.I,
)
_BLOG_HOSTS = re.compile(r"(?:^|\.)(?:wordpress\.com|blogspot\.com|blogger\.com|substack\.com"
                         r"|medium\.com)$")  # fmt: skip
_FEED_PATH = re.compile(r"(?:/feed/?|/rss/?|/rss\.xml|/atom\.xml|/feed\.xml|/feeds/posts/default)$",
                        re.I)  # fmt: skip


def blog_host_feed(url: str) -> tuple[str, str] | None:
    """(feed URL, why) for a hosted blog's address: known offline."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not _BLOG_HOSTS.search(host):
        return None
    if host.endswith(("blogspot.com", "blogger.com")):
        feed = url if "/feeds/" in parts.path else f"https://{host}/feeds/posts/default"
        return feed, f"{host} is a Blogger blog"
    if _FEED_PATH.search(parts.path):
        return url, f"{host} is a hosted blog"
    feed = f"https://{host}/feed" if host.endswith("substack.com") else f"https://{host}/feed/"
    return feed, f"{host} is a hosted blog"


def is_feed_address(url: str) -> bool:
    """``/feed/``, ``/rss``, ``/atom.xml``: a feed, whose kind its content decides."""
    return bool(_FEED_PATH.search(urlsplit(url).path))


def _ad_like(title: str, body: str) -> bool:
    words = title.split()
    if not words or len(words) > 12 or _NOT_AD_TITLE.search(title):
        return False
    return bool(_ROLE.search(title)) and (not body or bool(_AD_BODY.search(body)))


def classify(url: str, body: bytes) -> tuple[str, str]:
    """(``job-feed`` or ``blog-feed``, why): what a feed's content says it is."""
    if _JOB_MARKUP.search(body[:200_000]):
        return "job-feed", "the feed has job fields (a job namespace, salary, job type)"
    # imported here: every crawl process reaches this module (spiders.hints, spiders.detect)
    # on its first page, and feedparser's import (~20 ms) is wasted on batches without feeds
    import feedparser

    parsed = feedparser.parse(body)
    entries = parsed.entries[:50]
    jobs_path = bool(_JOB_PATH.search(urlsplit(url).path))
    if not entries:
        if jobs_path:
            return "job-feed", "an empty feed at a jobs address"
        return (
            "blog-feed",
            "an empty feed: taken as a blog (unsure; give --kind job-feed if it lists jobs)",
        )
    ads = sum(_ad_like(e.get("title", ""), e.get("summary", "") or "") for e in entries)
    share = ads / len(entries)
    bar = AD_SHARE_JOBS_PATH if jobs_path else AD_SHARE
    seen = f"{ads} of {len(entries)} entries read as job ads"
    if share >= bar:
        return "job-feed", seen + (" at a jobs address" if jobs_path else "")
    if share > 0:
        return (
            "blog-feed",
            f"{seen}: taken as a blog (unsure; give --kind job-feed if it lists jobs)",
        )
    return "blog-feed", f"a blog feed ({seen})"
