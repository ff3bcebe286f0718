"""Source health with *failing since*: the first failure of the current streak, read from the
runs the warehouse loaded (real loads of landing files into a real DuckDB file)."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import NOW, make_posting, outcome, write_batch
from warehouse import db, health
from warehouse.load import load_batch

HOUR = timedelta(hours=1)


def test_failing_since_is_the_first_failure_after_the_last_answer(tmp_path, db_path):
    landing = tmp_path / "landing"

    def failed(at):
        return outcome(status="failed", complete=False, error="HTTP 503", finished_at=at)

    batches = [
        write_batch(landing, "b1", [make_posting("1"), outcome(fetched=1, finished_at=NOW)]),
        write_batch(landing, "b2", [failed(NOW + HOUR)]),
        write_batch(landing, "b3", [failed(NOW + 3 * HOUR)]),
    ]
    with db.session(db_path) as con:
        for b in batches:
            load_batch(con, b)
        [acme] = health.read(con)
        assert acme.health == "failing" and acme.consecutive_failures == 2
        assert acme.failing_since == NOW + HOUR  # not the latest failure: the streak's first
        assert acme.last_ok_at == NOW and acme.problem == "HTTP 503"
        assert acme.next_attempt_at > NOW + 3 * HOUR  # backing off
        assert health.still_failing(con, ["acme"]) == [acme]
        assert health.still_failing(con, ["beta"]) == []

        again = write_batch(landing, "b4", [make_posting("1"), outcome(fetched=1,
                                                                        finished_at=NOW + 5 * HOUR)])  # fmt: skip
        load_batch(con, again)
        [acme] = health.read(con)
        assert acme.health == "ok" and acme.failing_since is None
        assert health.still_failing(con, ["acme"]) == []
