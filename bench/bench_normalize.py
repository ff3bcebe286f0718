"""Throughput of pipeline.build.build_posting on generated RawPostings.

Run: ``.venv/bin/python bench/bench_normalize.py [N]`` (default 20,000). Prints postings/s
in one process, after warming the gazetteer (a one-off ~1 s per process, reported apart).
Inputs are varied (titles, places, pay wording, dates, HTML) so caches do not flatter it.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import UTC, datetime

from bench.common import emit
from pipeline.build import build_posting
from pipeline.normalize.location import warm_up
from pipeline.records import RawPosting

TITLES = [
    "Senior HR Business Partner (m/f/d)", "Recruiter - Toronto, ON", "Payroll Specialist",
    "Software Engineer", "Total Rewards Analyst", "Conseiller en ressources humaines",
    "HR Coordinator - Remote", "Director, Talent Acquisition", "Account Executive",
    "Health & Safety Coordinator", "HRIS Analyst (Workday)", "Registered Nurse",
]  # fmt: skip
PLACES = [
    "Toronto, ON", "Mississauga, Ontario, Canada", "Remote - Canada", "Hybrid (Ottawa)",
    "Montréal (QC)", "New York, NY", "London, UK", "Berlin, Germany", "Vancouver, BC",
    "Calgary, AB", "San Francisco, CA", "Multiple locations",
]  # fmt: skip
PAY = [
    "$80,000 - $95,000 per year", "$25 - $30 per hour", "€45.000 - €55.000",
    "Up to £40,000 per annum", "60 000 $ à 70 000 $ par année", "Competitive", None,
]  # fmt: skip
DATES = ["2026-11-20T09:00:00Z", "Fri, 20 Nov 2026 10:00:00 GMT", "3 days ago", "2026-11-01"]
HTML = (
    "<h2>About the role</h2><p>Partner with leaders on people strategy, {i}.</p>"
    "<ul><li>Coach managers</li><li>Lead employee relations</li><li>Analyse data</li></ul>"
    "<p>We offer benefits &amp; a pension. <a href='https://x.com/apply?utm_source=a'>Apply</a></p>"
)


def make(n: int, seed: int = 7) -> list[RawPosting]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        title = rnd.choice(TITLES) + ("" if i % 3 else f" {i % 997}")
        out.append(
            RawPosting(
                source_name=f"src{i % 50}",
                source_kind="greenhouse",
                url=f"https://boards.example.com/acme/jobs/{i}?gh_src=x&utm_source=feed",
                title=title,
                external_id=str(i) if i % 4 else None,
                company=rnd.choice(["Acme Inc.", "Globex Corp", "Initech Ltd."]),
                locations=(rnd.choice(PLACES),),
                description_html=HTML.format(i=i),
                salary_text=rnd.choice(PAY),
                employment_type=rnd.choice(["Full-time", "Permanent, Full-time", "Contract"]),
                posted_at=rnd.choice(DATES),
                valid_through="2026-12-31",
                apply_url=f"https://boards.example.com/acme/jobs/{i}/apply?utm_campaign=z",
                country="CA",
            )
        )
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    now = datetime(2026, 11, 26, tzinfo=UTC)
    t0 = time.perf_counter()
    warm_up()
    warm = time.perf_counter() - t0
    raws = make(n)
    t1 = time.perf_counter()
    for raw in raws:
        build_posting(raw, now)
    elapsed = time.perf_counter() - t1
    print(f"gazetteer warm-up: {warm:.2f} s")
    print(f"build_posting: {n} postings in {elapsed:.2f} s = {n / elapsed:,.0f} postings/s")
    emit("normalize+classify postings/s", n / elapsed, "postings/s", n, target=">= 5000")
    emit("gazetteer warm-up", warm, "s", None, higher_is_better=False)


if __name__ == "__main__":
    main()
