"""Throughput of pipeline.build.build_posting on generated RawPostings.

Run: ``.venv/bin/python -m bench.bench_normalize [N] [--against REV] [--rounds R]``
(default 20,000 postings). Prints postings/s in one process, after warming the gazetteer
(a one-off ~1 s per process, reported apart). Inputs are varied (titles, places, pay
wording, dates, HTML) so caches do not flatter it: every URL and description differs and
two titles in three carry a number; pay lines, places, companies, employment types and
dates repeat, as they do within a real source.

``--against REV`` measures the ``pipeline`` package of git revision REV beside the working
tree: each round runs both in fresh processes (one cold pass over the same N inputs each,
alternating which goes first), and the figure carries the peer's median and the median of
the per-round ratios. This machine is shared, so the ratio is the figure to trust.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

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
    "<p>{terms}</p><p>{pay}</p>"
    "<p>We offer benefits &amp; a pension. <a href='https://x.com/apply?utm_source=a'>Apply</a></p>"
)
# Description lines the text readers (pipeline.normalize.paytext / terms) look at; one in
# three postings states its pay only here (salary_text None or "Competitive").
TERMS = [
    "Hybrid: three days a week in our Toronto office.", "This is a fully remote position.",
    "Permanent, full-time.", "12-month contract.", "",
]  # fmt: skip
DESC_PAY = [
    "Salary range: $72,000 - $88,000 per year.", "Pay: $28.50 - $32.00 per hour.",
    "Compensation: $90K-$105K plus bonus.", "",
]  # fmt: skip


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
                description_html=HTML.format(
                    i=i, terms=rnd.choice(TERMS), pay=rnd.choice(DESC_PAY)
                ),
                salary_text=rnd.choice(PAY),
                employment_type=rnd.choice(["Full-time", "Permanent, Full-time", "Contract"]),
                posted_at=rnd.choice(DATES),
                valid_through="2026-12-31",
                apply_url=f"https://boards.example.com/acme/jobs/{i}/apply?utm_campaign=z",
                country="CA",
            )
        )
    return out


def reader_cost(n: int) -> tuple[float, float]:
    """Microseconds per description of ``pay_from_text`` and ``read_terms`` alone (cold
    caches: every description differs), the share of build_posting the issue 19 readers add."""
    from pipeline.normalize.paytext import pay_from_text
    from pipeline.normalize.terms import read_terms
    from pipeline.normalize.text import html_to_text

    texts = [html_to_text(r.description_html) for r in make(n, seed=11)]
    t0 = time.perf_counter()
    for t in texts:
        pay_from_text(t, "CAD")
    t1 = time.perf_counter()
    for t in texts:
        read_terms(t)
    t2 = time.perf_counter()
    return (t1 - t0) / n * 1e6, (t2 - t1) / n * 1e6


def measure(n: int) -> tuple[float, float, float]:
    """(gazetteer warm-up s, postings/s, postings per CPU-second) of one cold pass over
    ``make(n)`` in this process. The CPU figure is the steadier one on a shared machine: a
    process waiting for a core is not charged for the wait."""
    now = datetime(2026, 11, 26, tzinfo=UTC)
    t0 = time.perf_counter()
    warm_up()
    warm = time.perf_counter() - t0
    raws = make(n)
    t1, c1 = time.perf_counter(), time.process_time()
    for raw in raws:
        build_posting(raw, now)
    return warm, n / (time.perf_counter() - t1), n / (time.process_time() - c1)


_CHILD = (
    "import json, sys\n"
    "if sys.argv[1]: sys.path.insert(0, sys.argv[1])\n"
    "from bench.bench_normalize import measure\n"
    "print(json.dumps(measure(int(sys.argv[2]))))\n"
)
ROOT = Path(__file__).resolve().parents[1]


def _child(pipeline_dir: str, n: int) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, pipeline_dir, str(n)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(json.loads(out.strip().splitlines()[-1])[1])


def against(n: int, rev: str, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "archive", rev, "pipeline"], cwd=ROOT, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        new: list[float] = []
        old: list[float] = []
        for r in range(rounds):
            pair = [("new", ""), ("old", tmp)]
            for name, where in pair if r % 2 == 0 else pair[::-1]:
                (new if name == "new" else old).append(_child(where, n))
            print(f"round {r + 1}: working tree {new[-1]:,.0f}/s, {rev} {old[-1]:,.0f}/s")
    ratios = [a / b for a, b in zip(new, old, strict=True)]
    ratio = statistics.median(ratios)
    print(
        f"build_posting: {n} postings, {rounds} rounds: working tree "
        f"{statistics.median(new):,.0f}/s, {rev} {statistics.median(old):,.0f}/s, "
        f"median ratio {ratio:.2f} (per round {', '.join(f'{x:.2f}' for x in ratios)})"
    )
    emit(
        "normalize+classify postings/s",
        statistics.median(new),
        "postings/s",
        n,
        peer=f"build_posting@{rev}",
        peer_value=statistics.median(old),
        target=">= 4000",
        ratio_per_round=[round(x, 3) for x in ratios],
        median_ratio=round(ratio, 3),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=20_000, help="postings per pass")
    ap.add_argument("--against", metavar="REV", help="git revision to measure beside")
    ap.add_argument("--rounds", type=int, default=5, help="rounds with --against")
    args = ap.parse_args()
    if args.against:
        against(args.n, args.against, args.rounds)
        return
    warm, rate, cpu_rate = measure(args.n)
    print(f"gazetteer warm-up: {warm:.2f} s")
    print(
        f"build_posting: {args.n} postings = {rate:,.0f} postings/s"
        f" ({cpu_rate:,.0f} per CPU-second)"
    )
    emit("normalize+classify postings/s", rate, "postings/s", args.n, target=">= 4000")
    emit("normalize+classify postings per CPU-second", cpu_rate, "postings/s", args.n,
         target=">= 4000")  # fmt: skip
    emit("gazetteer warm-up", warm, "s", None, higher_is_better=False)
    pay_us, terms_us = reader_cost(args.n)
    print(f"pay_from_text: {pay_us:.1f} us/description; read_terms: {terms_us:.1f} us/description")
    emit("pay_from_text per description", pay_us, "us", args.n, higher_is_better=False)
    emit("read_terms per description", terms_us, "us", args.n, higher_is_better=False)


if __name__ == "__main__":
    main()
