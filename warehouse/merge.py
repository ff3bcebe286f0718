"""Merging a staged batch's postings into ``postings`` (``warehouse.load`` stages the file and
holds the transaction): each landing record is decided new, changed or unchanged against the
stored posting, and each kind is written with the cheapest statement.

``incoming`` (a temp table the rest of the load reads) holds the decision: ``change`` and the
versions follow the fingerprint; ``rewrite`` marks known postings whose stored columns differ
in any way (derived values such as the category follow our rules, not the fingerprint), which
are written again whole. A known posting's content is compared by one digest, which the
landing record carries and the row stores (migration 0016, ``pipeline.records.record_digest``);
a row without one is compared column by column, its descriptions by the hashes stored beside
them (migration 0015, ``check_hashes``), so a load never reads the texts of known postings.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import duckdb

from pipeline.build import FINGERPRINT_FIELDS
from warehouse.load_record import BatchReport, SourceCounts
from warehouse.stage import POSTING_COLUMNS

# Content columns compared to say *what* changed in a posting_versions row: the fingerprint's
# own fields (so a new version always names its change) plus the classification.
COMPARED = [*FINGERPRINT_FIELDS, "hr_category"]
# Every stored column a landing record sets: any difference means the row is written again.
_CONTENT = [c for c in POSTING_COLUMNS if c not in ("posting_key", "fetched_at", "record_digest")]
# Descriptions are compared by the hash stored beside each (migration 0015): comparing the
# texts read both of every known posting at every load.
HASHED = {"description_text": "description_text_hash", "description_html": "description_html_hash"}
# The columns a posting's history keeps across sightings (the rest come from the landing record).
_HISTORY = ["version", "first_seen_at", "last_seen_at", "closed_at", "close_reason",
            "missed_crawls", "reposted", "job_id"]  # fmt: skip
# The batch's new postings (decided, not yet settled): what ``warehouse.jobs.Ahead`` reads.
NEW_POSTINGS = """SELECT p.posting_key, p.fingerprint, p.description_text, p.url, p.apply_url
    FROM incoming i JOIN postings p USING (posting_key) WHERE i.change = 'new'"""


def _differ(column: str) -> str:
    """SQL: the stored posting ``p`` and the landing record ``s`` differ in ``column``."""
    if column in HASHED:
        return f"p.{HASHED[column]} IS DISTINCT FROM hash(s.{column})"
    return f"p.{column} IS DISTINCT FROM s.{column}"


def check_hashes(con: duckdb.DuckDBPyConnection) -> bool:
    """Recompute the stored description hashes when DuckDB's ``hash()`` no longer gives them
    (an upgrade changed the function): else every posting would compare as changed. One
    stored posting is checked; returns whether the hashes were recomputed."""
    probe = " OR ".join(f"{h} IS DISTINCT FROM hash({c})" for c, h in HASHED.items())
    row = con.execute(f"SELECT {probe} FROM postings LIMIT 1").fetchone()
    if not (row and row[0]):
        return False
    sets = ", ".join(f"{h} = hash({c})" for c, h in HASHED.items())
    con.execute(f"UPDATE postings SET {sets}")
    return True


def _compare_undigested(con: duckdb.DuckDBPyConnection) -> bool:
    """``rewrite`` for the known postings ``incoming`` could not decide by digests (one side
    has none: stored before migration 0016, or landed from a file written before it): every
    content column compared. Apart, because DuckDB computed these comparisons for every row
    when they were a branch of ``incoming``'s, even for none (0.1 s of 100k postings).
    Returns whether there were any."""
    if not con.execute("SELECT EXISTS (SELECT 1 FROM incoming WHERE compared)").fetchone()[0]:  # type: ignore[index]
        return False
    differs = " OR ".join(_differ(c) for c in _CONTENT)
    con.execute(
        f"""
        UPDATE incoming SET rewrite = rewrite OR ({differs})
        FROM stage_rows s, postings p
        WHERE incoming.compared AND s.posting_key = incoming.posting_key
          AND p.posting_key = incoming.posting_key
        """
    )
    return True


# The DuckDB optimizer that picks which side of a join is hashed (``_file_probed``).
FILE_PROBED_OPTIMIZER = "build_side_probe_side"


@contextlib.contextmanager
def _file_probed(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Joins as written: the landing file (the left side) streamed past a hash table of the
    right. DuckDB cannot know a JSON file's size (it guesses a few dozen rows), so it takes
    the file for the smaller side and builds its hash table of the whole file: the insert of
    100k postings, half new, took 0.70-0.80 s that way against 0.37-0.42 s. A DuckDB without
    that optimizer (renamed in some later version) runs the statement as it plans it: slower,
    never failed (a failed ``SET`` would abort the load's transaction)."""
    found = con.execute(
        "SELECT count(*) FROM duckdb_optimizers() WHERE name = ?", [FILE_PROBED_OPTIMIZER]
    ).fetchone()
    if not (found and found[0]):
        yield
        return
    con.execute(f"SET disabled_optimizers = '{FILE_PROBED_OPTIMIZER}'")
    # No ``finally``: a statement that fails here (a full disk) aborts the transaction, which
    # then refuses every statement, so a RESET would replace the error the caller must see.
    # The setting outlives the rollback; ``restore_planner`` puts it back after it.
    yield
    con.execute("RESET disabled_optimizers")


def restore_planner(con: duckdb.DuckDBPyConnection) -> None:
    """After the rollback of a load that failed inside ``_file_probed``: DuckDB's optimizers
    as they were (a ``SET`` is not undone by a rollback). Never raises: it must not hide the
    load's own error, and a connection past saving has no planner to restore."""
    with contextlib.suppress(duckdb.Error):
        con.execute("RESET disabled_optimizers")


def merge_postings(con: duckdb.DuckDBPyConnection, batch_id: str, report: BatchReport) -> int:
    """Decide new / changed / unchanged, then write each kind with the cheapest statement.

    ``change`` (and versions) follow the fingerprint; ``rewrite`` marks known postings whose
    stored columns differ in any way (derived values such as the category follow our rules,
    not the fingerprint), which are written again whole. Every known posting gets its
    sighting recorded with a narrow update, so unchanged descriptions are never copied.
    """
    # A batch of feeds or of unchanged boards holds no posting: ``incoming`` is made empty
    # (later steps read it) and the merge's statements, each a scan or a join of the
    # postings table, are not run (~10-25 ms of a 304 recrawl's load).
    none = not con.execute("SELECT EXISTS (SELECT 1 FROM stage_postings)").fetchone()[0]  # type: ignore[index]
    if not none:
        check_hashes(con)
    # ``rewrite``: the record's content digest (``pipeline.records.record_digest``) differs
    # from the stored one, or its fingerprint does; a row without a digest on one side is
    # ``compared`` column by column after. Comparing every content column here took 0.25 s of
    # a steady load of 100k postings, the digests 0.05 s.
    con.execute(
        f"""
        CREATE TEMP TABLE incoming AS
        SELECT s.posting_key, s.source_name,
               CASE WHEN p.posting_key IS NULL THEN 'new'
                    WHEN p.fingerprint <> s.fingerprint THEN 'changed'
                    ELSE 'unchanged' END AS change,
               coalesce(p.version, 0) AS old_version, s.fetched_at, s.valid_through,
               p.closed_at IS NOT NULL AS was_closed,
               p.url IS DISTINCT FROM s.url OR p.apply_url IS DISTINCT FROM s.apply_url AS rekey,
               p.posting_key IS NOT NULL AND coalesce(p.fingerprint <> s.fingerprint
                   OR p.record_digest <> s.record_digest, false) AS rewrite,
               p.posting_key IS NOT NULL
                   AND (p.record_digest IS NULL OR s.record_digest IS NULL) AS compared
        FROM stage_postings s LEFT JOIN postings p USING (posting_key)
        {"WHERE false" if none else ""}
        """
    )
    if none:
        return 0
    compared = _compare_undigested(con)
    # A sighting: seen again now, reopened unless the posting itself says it has expired.
    expired = "i.valid_through < i.fetched_at"
    con.execute(
        f"""
        UPDATE postings SET
            version = CASE WHEN i.change = 'changed' THEN postings.version + 1
                           ELSE postings.version END,
            last_seen_at = greatest(postings.last_seen_at, i.fetched_at),
            reposted = postings.reposted OR (postings.closed_at IS NOT NULL
                       AND NOT coalesce({expired}, false)),
            closed_at = CASE WHEN {expired} THEN postings.closed_at END,
            close_reason = CASE WHEN {expired} THEN postings.close_reason END,
            missed_crawls = 0
        FROM incoming i WHERE postings.posting_key = i.posting_key AND i.change <> 'new'
        """
    )
    # Known postings stored without a digest that match their record get the record's, so
    # their next load compares digests (once after migration 0016; rewritten rows get it below).
    if compared:
        con.execute(
            """
            UPDATE postings SET record_digest = s.record_digest
            FROM incoming i JOIN stage_postings s USING (posting_key)
            WHERE postings.posting_key = i.posting_key AND i.compared AND NOT i.rewrite
              AND s.record_digest IS NOT NULL
            """
        )
    history = ", ".join(_HISTORY)
    # Rewritten rows are deleted and inserted again: DuckDB updates a list column (locations)
    # about ten times slower than it re-inserts the row. ``kept`` holds what the new row keeps
    # (its history) and what its version compares with (the old content, descriptions by hash).
    was = ", ".join(HASHED.get(c, c) for c in COMPARED)
    con.execute(
        f"CREATE TEMP TABLE kept AS SELECT posting_key, {history}, {was} FROM postings"
        " WHERE posting_key IN (SELECT posting_key FROM incoming WHERE rewrite)"
    )
    con.execute("DELETE FROM postings WHERE posting_key IN (SELECT posting_key FROM kept)")
    # Exact dedup keys come from the URLs: a posting whose URLs changed is keyed again when
    # its (queued) job is settled (``warehouse.jobs``).
    con.execute(
        "DELETE FROM dedupe_keys WHERE posting_key IN"
        " (SELECT posting_key FROM incoming WHERE rewrite AND rekey)"
    )
    # New and rewritten postings, streamed from the landing file (``stage_rows``) into the
    # table: every row but those left as they are (NOT IN: DuckDB hashes those keys and
    # streams the file past them), a rewritten one with the history ``kept`` holds. A batch
    # whose postings were all seen before unchanged (a board listed again) writes none, and
    # the file is not read a third time for nothing (~16 ms for 10k postings).
    writes = con.execute("SELECT EXISTS (SELECT 1 FROM incoming WHERE change = 'new' OR rewrite)")
    if writes.fetchone()[0]:  # type: ignore[index]
        cols = [c for c in POSTING_COLUMNS if c != "fetched_at"]
        with _file_probed(con):
            con.execute(
                f"""
                INSERT INTO postings ({", ".join([*cols, *HASHED.values()])}, {history})
                SELECT {", ".join([*(f"s.{c}" for c in cols), *(f"hash(s.{c})" for c in HASHED)])},
                       coalesce(k.version, 1),
                       coalesce(k.first_seen_at, s.fetched_at),
                       coalesce(k.last_seen_at, s.fetched_at),
                       k.closed_at, k.close_reason, coalesce(k.missed_crawls, 0),
                       coalesce(k.reposted, false), k.job_id
                FROM stage_rows s LEFT JOIN kept k USING (posting_key)
                WHERE s.posting_key NOT IN
                    (SELECT posting_key FROM incoming WHERE change <> 'new' AND NOT rewrite)
                """
            )
    # A version for each new or changed posting, read from the rows just written; what
    # changed is named against the content ``kept`` held.
    diffs = ", ".join(
        f"CASE WHEN k.{HASHED.get(c, c)} IS DISTINCT FROM p.{HASHED.get(c, c)} THEN '{c}' END"
        for c in COMPARED
    )
    con.execute(
        f"""
        INSERT INTO posting_versions
        SELECT i.posting_key, i.old_version + 1, i.fetched_at, p.fingerprint, i.change,
               CASE WHEN i.change = 'changed'
                    THEN list_filter([{diffs}], lambda x: x IS NOT NULL) END, ?,
               p.title, p.salary_min, p.salary_max, p.description_text
        FROM incoming i JOIN postings p USING (posting_key)
        LEFT JOIN kept k USING (posting_key)
        WHERE i.change <> 'unchanged'
        """,
        [batch_id],
    )
    rows = con.execute("SELECT source_name, change, count(*) FROM incoming GROUP BY ALL").fetchall()
    for source, change, n in rows:
        counts = report.per_source.setdefault(source, SourceCounts())
        setattr(counts, change, n)
    return sum(n for _, _, n in rows)
