"""Dedup quality on the sample web: pairwise precision, recall and F1 of the ``jobs`` clustering.

Run: ``eolist dedupe quality`` or ``.venv/bin/python -m bench.dedup_quality [--seed 7] [--scale 3] [--split] [--explain]``
(the benchmarks' entry point).

Serves a generated sample web (``sampleweb.SampleWeb``, whose ``truth`` says which postings
are one real job: cross-posted with tracking parameters, title suffixes, reformatted places and
boilerplate, beside look-alikes that are different jobs), crawls it with the real crawler
(one ``spiders.run`` process, built by ``ops.crawlproc``), loads the landing batch into a fresh warehouse and
compares ``postings.job_id`` with the truth. With ``--split`` the employers' ATS sources are
crawled and loaded first and the job site and feed afterwards, so the boards' postings are
matched *incrementally* against jobs already in the warehouse.

Only postings both in the warehouse and in the truth are scored (non-HR jobs are dropped by the
crawl); the counts of each are printed so a key mismatch cannot hide.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ops import crawlproc
from ops.settings import resolve
from pipeline.dedupe.quality import Scores, pairwise
from sampleweb import SampleWeb
from warehouse import db
from warehouse.load import load_batch


def _crawl(config: Path, landing: Path, batch_id: str, sources: list[str]) -> Path:
    """One batch through the crawl's own process builder (``ops.crawlproc``)."""
    settings = resolve(db=landing.parent / "eolist.duckdb", config=config, landing=landing)
    return crawlproc.crawl_once(settings, batch_id, sources, timeout=600)


def measure(
    seed: int = 7, scale: int = 3, split: bool = False, workdir: Path | None = None
) -> dict[str, Any]:
    """Crawl, load and score one sample web; returns scores, counts and the errors."""
    tmp = Path(workdir or tempfile.mkdtemp(prefix="eolist-dq-"))
    config, landing, db_path = tmp / "sources.toml", tmp / "landing", tmp / "eolist.duckdb"
    with SampleWeb(seed=seed, scale=scale) as web:
        config.write_text(web.sources_toml())
        truth = web.truth
        names = [s["name"] for s in web.sources() if s["kind"] != "blog-feed"]
        ats = [n for n in names if n.startswith(("gh-", "lever-"))]
        plan = (
            [("ats", ats), ("boards", [n for n in names if n not in ats])]
            if split
            else [("all", names)]
        )
        batches = [_crawl(config, landing, batch_id, srcs) for batch_id, srcs in plan]
    with db.session(db_path) as con:
        for path in batches:
            load_batch(con, path)
        rows = con.execute(
            "SELECT posting_key, job_id, title, source_name FROM postings"
        ).fetchall()
    true_job = {f"{i['source']}:{i['external_id']}": job
                for job, ids in truth["jobs"].items() for i in ids}  # fmt: skip
    scored = [r for r in rows if r[0] in true_job]
    scores = pairwise([r[1] for r in scored], [true_job[r[0]] for r in scored])
    return {
        "seed": seed, "scale": scale, "split": split, "scores": scores,
        "postings": len(rows), "scored": len(scored),
        "not_in_truth": sorted(r[0] for r in rows if r[0] not in true_job)[:10],
        "errors": _errors(scored, true_job),
    }  # fmt: skip


def _errors(rows: list[tuple], true_job: dict[str, str]) -> dict[str, list[list[str]]]:
    """Wrongly merged jobs and wrongly split real jobs, as lists of 'key (title)'."""
    by_pred: dict[str, list[tuple]] = {}
    by_true: dict[str, list[tuple]] = {}
    for r in rows:
        by_pred.setdefault(r[1], []).append(r)
        by_true.setdefault(true_job[r[0]], []).append(r)
    show = lambda rs: [f"{r[0]} ({r[2]})" for r in rs]  # noqa: E731
    merged = [show(rs) for rs in by_pred.values() if len({true_job[r[0]] for r in rs}) > 1]
    split = [show(rs) for rs in by_true.values() if len({r[1] for r in rs}) > 1]
    return {"wrongly_merged": merged, "wrongly_split": split}


def format_scores(result: dict[str, Any]) -> str:
    s: Scores = result["scores"]
    return (
        f"seed {result['seed']} scale {result['scale']}"
        f"{' split (incremental)' if result['split'] else ''}: "
        f"precision {s.precision:.4f}  recall {s.recall:.4f}  F1 {s.f1:.4f}  "
        f"({s.correct_pairs}/{s.predicted_pairs} predicted pairs right, "
        f"{s.correct_pairs}/{s.true_pairs} true pairs found; "
        f"{result['scored']} of {result['postings']} postings scored)"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.dedup_quality", description=__doc__.splitlines()[0]
    )
    ap.add_argument("--seed", type=int, action="append", help="repeatable; default 7")
    ap.add_argument("--scale", type=int, default=3)
    ap.add_argument("--split", action="store_true", help="ATS first, boards in a later batch")
    ap.add_argument("--explain", action="store_true", help="list the wrong merges and splits")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    for seed in args.seed or [7]:
        result = measure(seed, args.scale, args.split)
        if args.json:
            print(json.dumps({**result, "scores": asdict(result["scores"])}))
            continue
        print(format_scores(result))
        if args.explain:
            for kind, groups in result["errors"].items():
                for g in groups:
                    print(f"  {kind}: " + " | ".join(g))
    return 0


if __name__ == "__main__":
    sys.exit(main())
