"""Pay and workplace as the warehouse holds them after a sample-web crawl (issue 19).

Run: ``.venv/bin/python -m bench.text_fields_quality [--seed 7] [--scale 2]``

Serves a generated sample web, crawls every job source with the real crawler, loads the
batch into a fresh warehouse and, for each posting the generator knows
(``SampleWeb.truth``), compares what it stored with what the generator wrote: the share
of postings that state pay (in a pay field or only in the description) but have no
salary, and the share with no workplace, with the counts behind them so an empty crawl
cannot pass for a good one.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

from ops.dedup_quality import _crawl
from sampleweb import SampleWeb
from warehouse import db
from warehouse.load import load_batch


def _same_pay(row: tuple[Any, ...], job: Any) -> bool:
    """The stored pay is the generator's: same period and currency, bounds within 1%."""
    s = job.salary
    if (row[5], row[6]) != (s.period, s.currency):
        return False
    close = [
        abs(a - b) <= 0.01 * b for a, b in ((row[2], s.low), (row[3], s.high)) if a is not None
    ]
    return bool(close) and all(close)


def measure(seed: int = 7, scale: int = 2, workdir: Path | None = None) -> dict[str, Any]:
    tmp = Path(workdir or tempfile.mkdtemp(prefix="eolist-tf-"))
    config, landing, db_path = tmp / "sources.toml", tmp / "landing", tmp / "eolist.duckdb"
    with SampleWeb(seed=seed, scale=scale) as web:
        config.write_text(web.sources_toml())
        truth = web.truth
        jobs = {j.job_id: j for j in web.world.jobs}
        names = [s["name"] for s in web.sources() if s["kind"] != "blog-feed"]
        batch = _crawl(config, landing, "all", names)
    with db.session(db_path) as con:
        load_batch(con, batch)
        rows = con.execute(
            "SELECT posting_key, source_name, salary_min, salary_max, workplace,"
            " salary_period, salary_currency FROM postings"
        ).fetchall()
    job_of = {f"{i['source']}:{i['external_id']}": job
              for job, ids in truth["jobs"].items() for i in ids}  # fmt: skip
    known = [r for r in rows if r[0] in job_of]
    paid = [r for r in known if jobs[job_of[r[0]]].salary is not None]
    no_salary = [r for r in paid if r[2] is None and r[3] is None]
    wrong_salary = [r for r in paid if r not in no_salary and not _same_pay(r, jobs[job_of[r[0]]])]
    no_workplace = [r for r in known if r[4] is None]
    wrong_workplace = [r for r in known if r[4] and r[4] != jobs[job_of[r[0]]].workplace]
    by_source: dict[str, list[int]] = {}
    for r in paid:
        by_source.setdefault(r[1].split("-")[0], [0, 0])[0] += 1
        by_source[r[1].split("-")[0]][1] += r in no_salary
    return {
        "seed": seed, "scale": scale, "postings": len(rows), "known": len(known),
        "stating_pay": len(paid), "no_salary": len(no_salary),
        "no_salary_share": round(len(no_salary) / max(len(paid), 1), 4),
        "salary_wrong": len(wrong_salary),
        "workplace_null": len(no_workplace),
        "workplace_null_share": round(len(no_workplace) / max(len(known), 1), 4),
        "workplace_wrong": len(wrong_workplace),
        "no_salary_by_source_kind": by_source,
    }  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--scale", type=int, default=2)
    args = ap.parse_args()
    print(json.dumps(measure(args.seed, args.scale), indent=1))


if __name__ == "__main__":
    main()
