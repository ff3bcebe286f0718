"""Cross-source jobs in the warehouse: matching at load, best values, merges, curation."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

from pipeline.dedupe import SIGNATURE_VERSION
from tests.conftest import NOW, make_posting, outcome, write_batch
from warehouse import db
from warehouse.load import load_batch

_WORDS = "lead coach payroll policy benefits union culture records hiring data".split()


def desc(seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(_WORDS) + str(rng.randint(0, 50)) for _ in range(90))


BOILER = "Posted on BoardCo. BoardCo never charges candidates a fee to apply for a job here."


def posting(key: str, source: str, kind: str = "greenhouse", text: str | None = None, **kw):
    text = desc(1) if text is None else text
    fields = {"title": "HR Business Partner", "title_normalized": "hr business partner",
              "description_text": text, "fingerprint": f"v1:{source}:{key}:{hash(text)}"}  # fmt: skip
    fields.update(kw)
    return make_posting(key, source=source, source_kind=kind, **fields)


def load(con, tmp_path, name: str, postings, hours: float = 0):
    at = NOW + timedelta(hours=hours)
    sources = sorted({(p.source_name, p.source_kind) for p in postings})
    outs = [outcome(source=s, kind=k, fetched=sum(p.source_name == s for p in postings))
            for s, k in sources]  # fmt: skip
    recs = [replace(p, fetched_at=at) for p in postings]
    return load_batch(con, write_batch(tmp_path / "landing", name, [*recs, *outs]), now=at)


def jobs(con) -> list[tuple]:
    return con.execute(
        "SELECT posting_count, source_names, salary_min, source_name FROM jobs ORDER BY 2"
    ).fetchall()


def test_same_job_from_three_sources_is_one_job_with_the_best_values(tmp_path, db_path):
    ats = posting("1", "acme", salary_min=None, salary_max=None, salary_origin=None,
                  url="https://boards.greenhouse.io/acme/jobs/1")  # fmt: skip
    board = posting(
        "b9", "board", "jsonld", text=desc(1) + " " + BOILER, title="Human Resources Business Partner",
        title_normalized="human resources business partner", salary_min=70000.0,
        salary_origin="text", apply_url="https://boards.greenhouse.io/acme/jobs/1",
    )  # fmt: skip
    other = posting("2", "acme", title="Payroll Manager", title_normalized="payroll manager",
                    seniority="manager", text=desc(2))  # fmt: skip
    with db.session(db_path) as con:
        load(con, tmp_path, "b1", [ats, board, other])
        assert jobs(con) == [
            (1, ["acme"], 80000.0, "acme"),
            (2, ["acme", "board"], 70000.0, "acme"),  # ATS text, board's pay
        ]
        assert con.execute("SELECT count(*) FROM open_jobs").fetchone() == (2,)
        sigs = con.execute("SELECT count(*), min(shingles) FROM posting_signatures").fetchone()
        assert sigs == (3, 88)


def test_new_posting_joins_existing_job_and_only_touched_jobs_are_rebuilt(tmp_path, db_path):
    with db.session(db_path) as con:
        load(con, tmp_path, "b1", [posting("1", "acme"), posting("2", "acme", text=desc(3),
             title="Recruiter", title_normalized="recruiter")])  # fmt: skip
        job = con.execute("SELECT job_id FROM postings WHERE posting_key = 'acme:1'").fetchone()
        # Mark the job the next batch does not touch, to see it is not rebuilt.
        con.execute("UPDATE jobs SET title = 'untouched' WHERE title = 'Recruiter'")
        later = posting(
            "77", "board", "jsonld", text=BOILER + " " + desc(1), posted_at=NOW + timedelta(days=3)
        )
        report = load(con, tmp_path, "b2", [later], hours=72)
        assert (
            con.execute("SELECT job_id FROM postings WHERE posting_key = 'board:77'").fetchone()
            == job
        )
        assert con.execute("SELECT posting_count FROM jobs WHERE job_id = ?", job).fetchone() == (
            2,
        )
        assert con.execute("SELECT count(*) FROM jobs WHERE title = 'untouched'").fetchone() == (1,)
        assert report.per_source["board"].new == 1


def test_bridging_posting_merges_jobs_and_curation_follows(tmp_path, db_path):
    ats = posting("1", "acme", url="https://boards.greenhouse.io/acme/jobs/5")
    # The board wrote its own summary: it shares no description with the ATS posting.
    board = posting("5", "board", "jsonld", text=BOILER * 3, url="https://board.example/5")
    with db.session(db_path) as con:
        load(con, tmp_path, "b1", [ats])
        load(con, tmp_path, "b2", [board], hours=1)
        a, b = (con.execute("SELECT job_id FROM postings WHERE posting_key = ?", [k]).fetchone()[0]
                for k in ("acme:1", "board:5"))  # fmt: skip
        assert a != b
        con.execute("INSERT INTO curation VALUES (?, 'approved', true, 'old', NULL, ?)",
                    [a, NOW])  # fmt: skip
        con.execute("INSERT INTO curation VALUES (?, 'rejected', false, 'newer', NULL, ?)",
                    [b, NOW + timedelta(hours=2)])  # fmt: skip
        # A feed entry with the ATS description that applies through the board's page.
        feed = posting("f1", "feed", "job-feed", apply_url="https://board.example/5")
        report_rows = load(con, tmp_path, "b3", [feed], hours=3)
        assert report_rows.per_source["feed"].new == 1
        assert con.execute("SELECT count(DISTINCT job_id) FROM postings").fetchone() == (1,)
        survivor = con.execute("SELECT job_id FROM jobs").fetchone()[0]
        assert survivor == a  # both curated: the first seen survives
        assert con.execute("SELECT job_id, note FROM curation").fetchall() == [(a, "newer")]
        assert con.execute(
            "SELECT merged_job_id, into_job_id, batch_id FROM job_merges"
        ).fetchall() == [(b, a, "b3")]
        assert con.execute("SELECT posting_count FROM jobs").fetchone() == (3,)


def test_changed_description_recomputes_its_signature(tmp_path, db_path):
    with db.session(db_path) as con:
        load(con, tmp_path, "b1", [posting("1", "acme")])
        before = con.execute("SELECT signature FROM posting_signatures").fetchone()
        load(con, tmp_path, "b2", [posting("1", "acme", text=desc(9))], hours=6)
        load(con, tmp_path, "b3", [posting("2", "board", "jsonld", text=desc(9))], hours=7)
        after = con.execute(
            "SELECT signature FROM posting_signatures WHERE posting_key = 'acme:1'"
        ).fetchone()
        assert after != before
        assert con.execute("SELECT count(DISTINCT job_id) FROM postings").fetchone() == (1,)


def test_signatures_of_an_older_version_are_made_again_not_compared(tmp_path, db_path):
    # a warehouse upgraded from version 1 (blake2b token hashes): its stored signatures are
    # of another hash, so a board's copy would never look like its employer's posting
    with db.session(db_path) as con:
        load(con, tmp_path, "b1", [posting("1", "acme")])
        con.execute(
            "UPDATE posting_signatures SET version = 'oph64-3w-v1',"
            " signature = repeat('\\xAB', 256)::BLOB"
        )
        load(con, tmp_path, "b2", [posting("2", "board", "jsonld")], hours=6)
        assert con.execute("SELECT DISTINCT version FROM posting_signatures").fetchall() == [
            (SIGNATURE_VERSION,)
        ]
        assert con.execute("SELECT count(DISTINCT job_id) FROM postings").fetchone() == (1,)


def test_reloading_a_batch_does_not_duplicate_jobs(tmp_path, db_path):
    with db.session(db_path) as con:
        batch = [posting("1", "acme"), posting("9", "board", "jsonld")]
        load(con, tmp_path, "b1", batch)
        load(con, tmp_path, "b2", batch, hours=6)
        assert jobs(con) == [(2, ["acme", "board"], 80000.0, "acme")]


def test_rebuild_merges_old_singletons_and_splits_wrong_jobs(tmp_path, db_path):
    from warehouse.jobs import job_id_for, refresh_jobs
    from warehouse.jobs_rebuild import rebuild_jobs

    with db.session(db_path) as con:
        load(con, tmp_path, "b1", [
            posting("1", "acme"), posting("9", "board", "jsonld"),
            posting("2", "acme", text=desc(5), title="Recruiter", title_normalized="recruiter"),
        ])  # fmt: skip
        # As a warehouse loaded before dedup: every posting its own job, one wrongly merged.
        con.execute("UPDATE postings SET job_id = 'j' || substr(md5(posting_key), 1, 15)")
        con.execute("UPDATE postings SET job_id = ? WHERE posting_key = 'acme:2'",
                    [job_id_for("board:9")])  # fmt: skip
        refresh_jobs(con)
        assert con.execute("SELECT count(*) FROM jobs").fetchone() == (2,)
        con.execute("INSERT INTO curation VALUES (?, 'approved', false, NULL, NULL, ?)",
                    [job_id_for("board:9"), NOW])  # fmt: skip
        report = rebuild_jobs(con, now=NOW)
        groups = con.execute(
            "SELECT list(posting_key ORDER BY posting_key), job_id FROM postings GROUP BY job_id"
            " ORDER BY 1"
        ).fetchall()
        assert [g[0] for g in groups] == [["acme:1", "board:9"], ["acme:2"]]
        # The curated id survives on the real job; the split-off posting gets a new id.
        assert groups[0][1] == job_id_for("board:9") and groups[1][1] == job_id_for("acme:2")
        assert report.merged == [(job_id_for("acme:1"), job_id_for("board:9"))]
        assert con.execute("SELECT count(*) FROM jobs").fetchone() == (2,)
        assert con.execute("SELECT job_id FROM curation").fetchall() == [(job_id_for("board:9"),)]


def test_a_posting_whose_url_changes_is_keyed_again_and_matches_by_its_new_key(tmp_path, db_path):
    """Exact keys are stored per posting; a rewrite with new URLs drops the old ones and the
    settle step keys it again, so a board ad linking the new requisition joins its job."""
    ats = posting("1", "acme", url="https://boards.greenhouse.io/acme/jobs/1")
    with db.session(db_path) as con:
        load(con, tmp_path, "k1", [ats])
        moved = replace(ats, url="https://boards.greenhouse.io/acme/jobs/777",
                        fingerprint=ats.fingerprint + "moved")  # fmt: skip
        load(con, tmp_path, "k2", [moved], hours=1)
        keys = con.execute("SELECT key FROM dedupe_keys WHERE posting_key = 'acme:1'").fetchall()
        assert ("greenhouse:777",) in keys and ("greenhouse:1",) not in keys
        board = posting("b1", "board", "jsonld", text=desc(99), title="People Partner",
                        title_normalized="people partner",
                        apply_url="https://boards.greenhouse.io/acme/jobs/777")  # fmt: skip
        load(con, tmp_path, "k3", [moved, board], hours=2)
        assert con.execute("SELECT count(DISTINCT job_id) FROM postings").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM jobs_stale").fetchone() == (0,)


def test_signatures_begun_during_the_merge_are_those_of_the_stored_texts(tmp_path, db_path):
    # The load computes the new postings' signatures in a thread while its merge runs
    # (warehouse.jobs.Ahead): each stored one must be what the stored text and fingerprint
    # give, not another posting's (rows in another order) nor an older text's.
    import numpy as np

    from pipeline.dedupe import minhash

    first = [posting(str(i), "acme", text=desc(i)) for i in range(30)]
    again = [posting(str(i), "acme", text=desc(100 + i)) if i % 3 == 0 else p
             for i, p in enumerate(first)]  # fmt: skip
    with db.session(db_path) as con:
        load(con, tmp_path, "b1", first)
        load(con, tmp_path, "b2", [*again, posting("31", "board", "jsonld", text=desc(7))], 6)
        rows = con.execute(
            "SELECT p.description_text, s.signature, s.shingles, s.fingerprint = p.fingerprint"
            " FROM postings p JOIN posting_signatures s USING (posting_key)"
            " ORDER BY posting_key"
        ).fetchall()
    assert len(rows) == 31 and all(r[3] for r in rows)
    sigs, counts = minhash.signatures([r[0] for r in rows])
    stored = np.frombuffer(b"".join(r[1] for r in rows), dtype="<u4").reshape(31, -1)
    assert (stored == sigs).all() and [r[2] for r in rows] == counts.tolist()


def test_the_rebuild_command_regroups_a_warehouse_in_a_bulk_open(tmp_path, db_path):
    # `eolist dedupe rebuild` on a real file: a warehouse whose postings are each their own
    # job (loaded before dedup) comes out with the board's copy beside its employer's.
    import subprocess
    import sys

    from warehouse.jobs import refresh_jobs

    with db.session(db_path) as con:
        load(con, tmp_path, "b1", [posting("1", "acme"), posting("9", "board", "jsonld"),
                                   posting("2", "acme", text=desc(5))])  # fmt: skip
        con.execute("UPDATE postings SET job_id = 'j' || substr(md5(posting_key), 1, 15)")
        refresh_jobs(con)
    cmd = [sys.executable, "-m", "cli", "--db", str(db_path), "dedupe", "rebuild"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("2 jobs; 1 job ids absorbed into others"), out.stdout
    with db.session(db_path, read_only=True) as con:
        assert con.execute(
            "SELECT list(posting_key ORDER BY posting_key) FROM postings GROUP BY job_id ORDER BY 1"
        ).fetchall() == [(["acme:1", "board:9"],), (["acme:2"],)]
