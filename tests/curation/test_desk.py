"""The desk's memory and rules on real warehouses: undo, stale writes, other tabs, bulk,
employer rules, the hidden list, saved filters, the queue after a publish (issue 18)."""

from __future__ import annotations

import re
import shutil
from datetime import timedelta

import pytest
from starlette.testclient import TestClient

from curation import compose, decisions, publishing, queue, views
from curation import rules as rules_mod
from curation.rules import Rules
from curation.web import create_app
from tests.conftest import NOW
from tests.curation.helpers import template
from warehouse import db

LATER = NOW + timedelta(hours=1)
UNDECIDED = ("undecided", False)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return template(tmp_path_factory.mktemp("desk"))


@pytest.fixture
def con(base, tmp_path):
    shutil.copy(base, tmp_path / "w.duckdb")
    with db.session(tmp_path / "w.duckdb") as c:
        rules_mod.seed(c, NOW)
        yield c


@pytest.fixture
def client(base, tmp_path):
    shutil.copy(base, tmp_path / "w.duckdb")
    app = create_app(tmp_path / "w.duckdb", tmp_path / "out", clock=lambda: NOW)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        c.db_path = tmp_path / "w.duckdb"  # type: ignore[attr-defined]
        c.token = re.search(r'name="csrf-token" content="([^"]+)"', c.get("/queue").text).group(1)  # type: ignore[attr-defined]
        yield c


def job(con, title: str) -> str:
    return con.execute("SELECT job_id FROM jobs WHERE title = ?", [title]).fetchone()[0]


def state(con, job_id: str) -> tuple[str, bool]:
    row = con.execute("SELECT status, featured FROM curation WHERE job_id = ?", [job_id]).fetchone()
    return row or ("undecided", False)


# --- undo ---------------------------------------------------------------------------------


def test_undo_is_a_stack_that_restores_exactly_the_previous_state(con):
    a, b = job(con, "HR Business Partner"), job(con, "Payroll Administrator")
    decisions.annotate(con, a, note="ask Sam", now=NOW)
    decisions.decide(con, a, "approve", NOW)
    decisions.decide(con, b, "reject", NOW)
    decisions.decide(con, a, "feature", NOW)
    decisions.decide(con, a, "reject", NOW)
    assert state(con, a) == ("rejected", False)
    decisions.undo(con, now=NOW)  # the reject of a: back to approved and featured
    assert state(con, a) == ("approved", True)
    decisions.undo(con, now=NOW)  # the feature: approved, not featured
    assert state(con, a) == ("approved", False)
    decisions.undo(con, now=NOW)  # b's reject (the order she decided in)
    assert state(con, b) == ("undecided", False) and state(con, a) == ("approved", False)
    decisions.undo(con, now=NOW)
    assert state(con, a) == ("undecided", False)
    assert con.execute("SELECT note FROM curation WHERE job_id = ?", [a]).fetchone() == ("ask Sam",)
    with pytest.raises(decisions.NothingToUndo):
        decisions.undo(con, now=NOW)  # the note is not a decision


def test_undo_of_a_bulk_group_and_of_one_job(con):
    ids = [job(con, t) for t in ("HR Business Partner", "Payroll Administrator", "HR Generalist")]
    decisions.decide(con, ids[0], "feature", NOW)
    bulk = decisions.decide_many(con, ids, "reject", NOW)
    assert [j["status"] for j in bulk["jobs"]] == ["rejected"] * 3
    decisions.decide(con, ids[2], "approve", NOW)
    # the job page's Undo: that job's own latest decision, not the desk's
    decisions.undo(con, job_id=ids[1], now=NOW)
    assert state(con, ids[1]) == ("undecided", False)
    decisions.undo(con, now=NOW)  # ids[2]'s approve
    decisions.undo(con, now=NOW)  # the bulk reject: ids[0] featured again, ids[2] undecided
    assert [state(con, i) for i in ids] == [("approved", True), UNDECIDED, UNDECIDED]


def test_a_stale_write_is_refused_with_the_job_as_it_is_now(con):
    a, b = job(con, "HR Business Partner"), job(con, "Payroll Administrator")
    decisions.decide(con, a, "approve", NOW)  # another tab
    with pytest.raises(decisions.Conflict) as e:
        decisions.decide(con, a, "reject", NOW, expect=("undecided", False))
    assert e.value.current[0]["status"] == "approved" and "another tab" in str(e.value)
    with pytest.raises(decisions.Conflict):  # a bulk write is all or nothing
        decisions.decide_many(con, [b, a], "reject", NOW, {a: ("undecided", False), b: None})
    assert state(con, a) == ("approved", False) and state(con, b) == ("undecided", False)
    # undo never overwrites a change made after the decision it undoes
    group = decisions.decide(con, b, "approve", NOW)["group"]
    decisions.decide(con, b, "reject", NOW)
    with pytest.raises(decisions.Conflict):
        decisions.undo(con, group=int(group), now=NOW)  # type: ignore[call-overload]
    assert state(con, b) == ("rejected", False)


def test_changes_since_a_version(con):
    a, b = job(con, "HR Business Partner"), job(con, "Payroll Administrator")
    v0 = decisions.version(con)
    decisions.decide(con, a, "approve", NOW)
    decisions.decide(con, b, "reject", NOW)
    out = decisions.changes(con, v0)
    assert [(j["job_id"], j["status"]) for j in out["jobs"]] == [(a, "approved"), (b, "rejected")]
    assert decisions.changes(con, out["version"])["jobs"] == []


# --- rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "company", "matches"),
    [
        ("Randstad", "Randstad Canada", True),
        ("Randstad", "RANDSTAD INC.", True),
        ("randstad", "Randstad Canada Ltd.", True),
        ("Robert Half", "Robert Half Technology (Canada)", True),
        ("Adecco", "Adecco Staffing Services", True),
        ("Randstad Canada", "Randstad", False),
        ("Acme Inc.", "Acme Foods", False),
        ("Hays", "Rhays", False),
        ("Hays", "Hayes", False),
        ("Kelly", "Kelly Services, Inc.", True),
        ("Kelly", None, False),
    ],
)
def test_employer_rules_match_the_firm_with_a_place_or_trade_word(rule, company, matches):
    rules = Rules.of([("blocked_employer", rule), ("agency", rule), ("approved_employer", rule)])
    assert (rules.hidden_by(company, "HR Lead") is not None) is matches
    assert rules.agency(company, "HR Lead", None) is matches
    assert rules.always_approved(company) is matches


def test_hidden_jobs_are_listed_with_their_rule_and_one_can_be_unhidden(con):
    rules_mod.add(con, "blocked_employer", "Northwind Inc.", NOW)
    q = queue.review_queue(con, queue.Filters(hidden=True), rules_mod.load(con), NOW)
    assert sorted(j.title for j in q.jobs) == ["Compensation Analyst", "Payroll Administrator"]
    assert {j.hidden_by for j in q.jobs} == {"blocked employer: northwind"}
    payroll = job(con, "Payroll Administrator")
    rules_mod.add(con, "unhidden_job", payroll, NOW)
    shown = queue.review_queue(con, queue.Filters(), rules_mod.load(con), NOW)
    assert "Payroll Administrator" in [j.title for j in shown.jobs] and shown.hidden == 1
    again = queue.review_queue(con, queue.Filters(hidden=True), rules_mod.load(con), NOW)
    assert [j.hidden_by for j in again.jobs if j.job_id == payroll] == [
        "blocked employer: northwind (unhidden)"
    ]
    decisions.decide(con, payroll, "approve", NOW)  # and it can go out in the list
    d = compose.compose(con, compose.week_of(NOW), NOW)
    assert [j.title for j in d.jobs] == ["Payroll Administrator"]


def test_always_approve_an_employer_approves_its_new_jobs_once(con):
    maple = [job(con, "HR Business Partner"), job(con, "Talent Acquisition Specialist")]
    decisions.decide(con, maple[1], "reject", NOW)  # her own word stands
    rules_mod.add(con, "approved_employer", "Maple Foods Inc.", NOW)
    assert queue.apply_standing(con, NOW) == 1
    assert state(con, maple[0]) == ("approved", False) and state(con, maple[1])[0] == "rejected"
    decisions.undo(con, now=NOW)  # the rule's approvals are one undoable group
    assert state(con, maple[0]) == ("undecided", False)
    assert queue.apply_standing(con, NOW) == 0, "an undone approval is not re-applied"


# --- queue views --------------------------------------------------------------------------


def test_undecided_jobs_stay_after_a_publish_and_old_rejections_leave(con):
    a, b = job(con, "HR Business Partner"), job(con, "Payroll Administrator")
    decisions.decide(con, a, "approve", NOW)
    decisions.decide(con, b, "reject", NOW)
    rules_mod.set_settings(con, {"public_url": "https://lists.example.org/"})
    publishing.publish(con, compose.compose(con, compose.week_of(NOW), NOW), LATER)
    q = queue.review_queue(con, queue.Filters(status="all"), rules_mod.load(con), LATER)
    titles = {j.title for j in q.jobs}
    assert len(titles) == 6 and "HR Business Partner" not in titles, "published: not offered"
    assert "Payroll Administrator" not in titles, "rejected before the digest: out of the view"
    every = queue.review_queue(
        con, queue.Filters(status="all", all_weeks=True), rules_mod.load(con), LATER
    )
    assert "Payroll Administrator" in {j.title for j in every.jobs}
    assert every.since is None and every.last_published == LATER


def test_saved_filters_keep_only_known_filters(con):
    assert views.save(con, " Toronto,  no agencies ", "?city=Toronto&agency=hide&salary=1&x=1")
    assert views.listing(con) == [("Toronto, no agencies", "city=Toronto&salary=1&agency=hide")]
    with pytest.raises(ValueError, match="name"):
        views.save(con, " ", "city=Toronto")
    with pytest.raises(ValueError, match="at least one filter"):
        views.save(con, "all", "nonsense=1")
    views.delete(con, "Toronto, no agencies")
    assert views.listing(con) == []


# --- over HTTP ----------------------------------------------------------------------------


def post(client, path: str, data: dict, json: bool = True):
    headers = {"X-CSRF-Token": client.token}
    if json:
        headers["Accept"] = "application/json"
    return client.post(path, data=data, headers=headers, follow_redirects=False)


def test_http_decide_bulk_undo_changes_and_conflict(client):
    with db.session(client.db_path, read_only=True) as c:
        a, b = job(c, "HR Business Partner"), job(c, "Payroll Administrator")
    r = post(client, f"/jobs/{a}/decide", {"action": "approve", "expect": "undecided"})
    assert r.status_code == 200 and r.json()["status"] == "approved"
    stale = post(client, f"/jobs/{a}/decide", {"action": "reject", "expect": "undecided"})
    assert stale.status_code == 409 and stale.json()["conflict"][0]["status"] == "approved"
    plain = post(client, f"/jobs/{a}/decide", {"action": "reject", "expect": "undecided"}, False)
    assert plain.status_code == 409 and "another tab" in plain.text
    bulk = client.post(
        "/decisions",
        data={"action": "feature", "job": [a, b], "expect": ["approved", "undecided"]},
        headers={"X-CSRF-Token": client.token, "Accept": "application/json"},
    )
    assert [j["featured"] for j in bulk.json()["jobs"]] == [True, True]
    changes = client.get("/decisions/changes?since=1").json()
    assert {j["job_id"] for j in changes["jobs"]} == {a, b} and changes["version"] == 3
    undone = post(client, "/decisions/undo", {"group": str(bulk.json()["group"])})
    assert [(j["status"], j["featured"]) for j in undone.json()["jobs"]] == [
        ("approved", False),
        ("undecided", False),
    ]
    assert post(client, "/decisions/undo", {"group": "x"}).status_code == 400
    # a plain form (no script) goes back where it came from
    r = post(client, "/decisions/undo", {"next": "/queue?region=Ontario"}, False)
    assert r.status_code == 303 and r.headers["location"] == "/queue?region=Ontario"


def test_http_job_page_and_pane_have_details_and_decisions(client):
    with db.session(client.db_path, read_only=True) as c:
        a = job(c, "HR Business Partner")
    for path in (f"/jobs/{a}", f"/jobs/{a}?pane=1"):
        page = client.get(path).text
        for text in ("Maple Foods", "CAD 80,000", "hybrid", "intermediate", "Carried by",
                     'value="approve"', 'value="undo"', "Always hide Maple Foods"):  # fmt: skip
            assert text in page, (path, text)
    assert "<html" not in client.get(f"/jobs/{a}?pane=1").text, "the pane is a fragment"


def test_http_employer_rule_saved_filter_and_unhide(client):
    with db.session(client.db_path, read_only=True) as c:
        northwind, maple = job(c, "Payroll Administrator"), job(c, "HR Business Partner")
    r = post(client, f"/jobs/{northwind}/employer", {"rule": "hide"})
    assert r.json()["rule"] == "blocked_employer"
    r = post(client, f"/jobs/{maple}/employer", {"rule": "approve"})
    assert r.json()["approved"] == 2
    page = client.get("/queue").text
    assert "Payroll Administrator" not in page and "Hidden by your rules (2)" in page
    hidden = client.get("/queue?hidden=1").text
    assert "Payroll Administrator" in hidden and "blocked employer: northwind" in hidden
    assert post(client, f"/jobs/{northwind}/unhide", {}).json() == {
        "job_id": northwind,
        "hidden": False,
    }
    assert "Payroll Administrator" in client.get("/queue").text
    r = post(
        client,
        "/filters/save",
        {"name": "Ontario hybrid", "query": "region=Ontario&workplace=hybrid"},
        False,
    )
    assert r.headers["location"] == "/queue?region=Ontario&workplace=hybrid"
    assert "Ontario hybrid</a>" in client.get("/queue").text
    r = post(client, "/filters/save", {"name": "", "query": "region=Ontario"}, False)
    assert "error=" in r.headers["location"]
    summary = client.get("/queue?weeks=all").text
    assert "all unpublished jobs" in summary and "no digest published yet" not in summary


def test_http_always_approve_rule_from_the_rules_page_applies_when_the_queue_is_shown(client):
    post(client, "/rules/add", {"kind": "approved_employer", "value": "LAKESIDE HEALTH INC"}, False)
    page = client.get("/queue").text
    assert page.count('data-status="approved"') == 2 and page.count(">always</span>") == 2
    with db.session(client.db_path, read_only=True) as c:
        assert c.execute(
            "SELECT count(*) FROM curation_log WHERE action = 'employer'"
        ).fetchone() == (2,)


@pytest.mark.parametrize(
    ("values", "text"),
    [
        ((80000, 95000, "CAD", "YEAR"), "80k–95k CAD/yr"),
        ((25, 32.5, "CAD", "HOUR"), "25–32.5 CAD/h"),
        ((None, 90000, "USD", "YEAR"), "≤90k USD/yr"),
        ((70000, None, "CAD", "YEAR"), "70k+ CAD/yr"),
        ((70000, 70000, None, None), "70k"),
    ],
)
def test_short_pay_for_the_one_line_row(values, text):
    assert queue.short_pay(*values) == text
