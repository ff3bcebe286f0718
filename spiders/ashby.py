"""Ashby job boards: ``api.ashbyhq.com/posting-api/job-board/{org}?includeCompensation=true``.

Emits one ``RawPosting`` per listed job in the single JSON response (no pagination: the API
returns the whole board). Quirks:

* ``isListed: false`` jobs are unlisted (reachable by link only) and are skipped.
* Pay is shown only when ``shouldDisplayCompensationOnJobPostings`` is true, and then only the
  *salary* component of ``compensation.summaryComponents`` (equity, bonus and commission
  components are not pay ranges a subscriber can compare). ``interval`` is "1 YEAR", "1 HOUR".
* ``location`` is a label ("Canada", "Toronto"); ``address.postalAddress`` is richer when it
  has a locality, so it is preferred; ``secondaryLocations`` add more.
* ``employmentType`` is Ashby's enum (FullTime, PartTime, Intern, Contract, Temporary), read
  by ``pipeline.normalize.employment_type`` as is.
"""

from __future__ import annotations

from typing import Any

from pipeline.records import RawPosting, Salary
from pipeline.sources import SourceConfig
from spiders.common import items, number, obj, require, text, unique, with_query
from spiders.kinds import ExtractError, load_json

KIND = "ashby"
INTERVALS = {"1 YEAR": "YEAR", "1 MONTH": "MONTH", "1 WEEK": "WEEK", "1 DAY": "DAY"}
INTERVALS["1 HOUR"] = "HOUR"
WORKPLACES = {"remote": "remote", "hybrid": "hybrid", "onsite": "onsite", "on-site": "onsite"}


def start_urls(source: SourceConfig) -> list[str]:
    return [with_query(source.url, includeCompensation="true")]


def _place(address: Any, label: str | None) -> str | None:
    postal = obj(obj(address).get("postalAddress"))
    parts = [text(postal.get(k)) for k in ("addressLocality", "addressRegion", "addressCountry")]
    if parts[0]:
        return ", ".join(p for p in parts if p)
    return label or ", ".join(p for p in parts if p) or None


def _salary(job: dict[str, Any]) -> Salary | None:
    if job.get("shouldDisplayCompensationOnJobPostings") is not True:
        return None
    for comp in items(obj(job.get("compensation")).get("summaryComponents")):
        comp = obj(comp)
        if comp.get("compensationType") != "Salary":
            continue
        low, high = number(comp.get("minValue")), number(comp.get("maxValue"))
        if low is None and high is None:
            continue
        period = INTERVALS.get(str(comp.get("interval") or "").upper())
        return Salary(low, high, text(comp.get("currencyCode")), period)
    return None


def extract(url: str, body: bytes) -> list[RawPosting]:
    data = load_json(body, "Ashby job-board", dict)
    if not isinstance(data.get("jobs"), list):
        raise ExtractError("expected an Ashby job-board object with a 'jobs' list")
    out = []
    for i, job in enumerate(data["jobs"]):
        listed = job.get("isListed", True) if isinstance(job, dict) else True
        if listed is False:
            continue  # unlisted: reachable by link only, not on the board
        if not isinstance(listed, bool):
            raise ExtractError(f"malformed posting #{i}: 'isListed' is not true or false")
        title, link = require(job, i, "title", "jobUrl")
        places = [_place(job.get("address"), text(job.get("location")))]
        for extra in items(job.get("secondaryLocations")):
            extra = obj(extra)
            places.append(_place(extra.get("address"), text(extra.get("location"))))
        pay = _salary(job)
        workplace = WORKPLACES.get(str(job.get("workplaceType") or "").lower())
        if workplace is None and job.get("isRemote") is True:
            workplace = "remote"
        out.append(
            RawPosting(
                source_name="",
                source_kind=KIND,
                url=link,
                title=title,
                external_id=text(job.get("id")),
                locations=unique(places),
                workplace=workplace,
                description_html=text(job.get("descriptionHtml")),
                salary=pay,
                salary_origin="structured" if pay else None,
                employment_type=text(job.get("employmentType")),
                department=text(job.get("department")) or text(job.get("team")),
                posted_at=text(job.get("publishedAt")),
                apply_url=text(job.get("applyUrl")) or link,
            )
        )
    return out


def next_pages(url: str, body: bytes) -> list[str]:
    return []
