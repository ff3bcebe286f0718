"""The review desk in a real headless Chromium, as the list owner works through a Monday.

Each defect of issue 18 the desk owns is reproduced here first (each test failed on the page as
it was): undo hit the row after the one decided; a mouse decision or a saved note reloaded
the page at the top; undecided jobs vanished after a publish; a decision in another tab never
showed, and a stale tab overwrote it; at 390 px the queue was 1,016 px wide. Then a timed run
triages 300 generated jobs with the keyboard and checks every stored decision.

Screenshots (desktop with the preview pane, and a 390 px phone) go to ``test-artifacts/``.
"""

from __future__ import annotations

import json
import shutil
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.curation.browsing import ARTIFACTS, Server, shot
from tests.curation.helpers import load, many_jobs, template
from warehouse import db

pytestmark = pytest.mark.browser
UNDECIDED = ("undecided", False)
NO_PENDING = "() => !document.querySelector('tr.job[data-pending]')"


@pytest.fixture(scope="module")
def small_base(tmp_path_factory) -> Path:
    return template(tmp_path_factory.mktemp("desk-small"))


@pytest.fixture(scope="module")
def many_base(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("desk-many")
    load(folder / "many.duckdb", folder, "b1", many_jobs(300))
    return folder / "many.duckdb"


def serve(base: Path, tmp_path: Path) -> Server:
    shutil.copy(base, tmp_path / "w.duckdb")
    return Server(tmp_path / "w.duckdb", tmp_path / "out")


@pytest.fixture
def small(small_base, tmp_path) -> Iterator[Server]:
    with serve(small_base, tmp_path) as s:
        yield s


@pytest.fixture
def many(many_base, tmp_path) -> Iterator[Server]:
    with serve(many_base, tmp_path) as s:
        yield s


@pytest.fixture
def context(browser) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    yield ctx
    ctx.close()


def open_queue(context: Any, server: Server, query: str = "") -> Any:
    page = context.new_page()
    page.goto(server.url + "/queue" + query)
    return page


def row_ids(page: Any) -> list[str]:
    return page.eval_on_selector_all("tr.job", "rows => rows.map(r => r.dataset.id)")


def stored(server: Server) -> dict[str, tuple[str, bool]]:
    with db.session(server.db_path, read_only=True) as con:
        rows = con.execute("SELECT job_id, status, featured FROM curation").fetchall()
    return {job_id: (status, featured) for job_id, status, featured in rows}


def state(server: Server, job_id: str) -> tuple[str, bool]:
    return stored(server).get(job_id, UNDECIDED)


def saved(page: Any) -> None:
    page.wait_for_function(NO_PENDING, timeout=15000)


def test_undo_restores_the_last_decided_job_from_keys_and_the_button(context, small):
    """1. ``u`` undid the row the cursor had moved to, and reset it to undecided."""
    page = open_queue(context, small)
    ids = row_ids(page)
    page.keyboard.press("a")  # approve the first; the cursor moves to the second
    page.keyboard.press("u")
    saved(page)
    assert state(small, ids[0]) == UNDECIDED, "undo restores the job just decided"
    assert state(small, ids[1]) == UNDECIDED, "and leaves the next one alone"
    # a stack: approve two, feature the second; undo three times, newest first
    page.click(f'tr.job[data-id="{ids[0]}"] td.company')
    for key in ("a", "a", "k", "f"):
        page.keyboard.press(key)
    saved(page)
    assert (state(small, ids[0]), state(small, ids[1])) == (("approved", False), ("approved", True))
    page.keyboard.press("u")
    saved(page)
    assert state(small, ids[1]) == ("approved", False), "undoing a feature keeps the approval"
    page.keyboard.press("u")
    saved(page)
    assert state(small, ids[1]) == UNDECIDED
    page.keyboard.press("u")
    saved(page)
    assert state(small, ids[0]) == UNDECIDED
    # with the mouse: a row's button, then the Undo button
    page.click(f'tr.job[data-id="{ids[2]}"] button[value="reject"]')
    saved(page)
    assert state(small, ids[2]) == ("rejected", False)
    page.click("#undo")
    page.wait_for_selector(f'tr.job[data-id="{ids[2]}"][data-status="undecided"]')
    saved(page)
    assert state(small, ids[2]) == UNDECIDED
    assert all(s == UNDECIDED for s in stored(small).values())


def test_mouse_decisions_and_notes_keep_the_place(context, many):
    """5. A click on a row's button, and a saved note, reloaded the page at the top."""
    page = open_queue(context, many)
    ids = row_ids(page)
    page.evaluate("window.__kept = 'yes'")
    row = page.locator(f'tr.job[data-id="{ids[150]}"]')
    row.scroll_into_view_if_needed()
    top = page.evaluate("window.scrollY")
    assert top > 1000
    row.locator('button[value="approve"]').click()
    page.wait_for_selector(f'tr.job[data-id="{ids[150]}"][data-status="approved"]')
    saved(page)
    assert page.evaluate("window.__kept") == "yes", "the page was not reloaded"
    assert page.evaluate("window.scrollY") == top, "and she is where she was"
    assert state(many, ids[150]) == ("approved", False)
    row.locator("td.company").click()  # the row is selected; its preview shows beside it
    page.wait_for_selector(f'#pane .preview[data-id="{ids[150]}"]')
    top = page.evaluate("window.scrollY")
    page.keyboard.press("n")
    page.keyboard.type("call Sam first")
    page.keyboard.press("Enter")
    page.wait_for_selector(f'tr.job[data-id="{ids[150]}"] .note')
    assert "call Sam first" in row.inner_text()
    assert page.evaluate("window.__kept") == "yes" and page.evaluate("window.scrollY") == top
    with db.session(many.db_path, read_only=True) as con:
        assert con.execute("SELECT note FROM curation WHERE job_id = ?", [ids[150]]).fetchone() == (
            "call Sam first",
        )


def test_undecided_jobs_stay_in_the_queue_after_a_publish(context, small):
    """9. After a publish the default view dropped every undecided job, and "All unpublished"
    said "no digest published yet"."""
    page = open_queue(context, small)
    ids = row_ids(page)
    for _ in range(3):
        page.keyboard.press("a")
    saved(page)
    page.goto(small.url + "/digest")
    with page.expect_navigation():
        page.click("#publish")
    page.fill("#public-url", "https://lists.example.org/")  # asked before the first publish
    with page.expect_navigation():
        page.click("#send")
    page.goto(small.url + "/queue")
    assert sorted(row_ids(page)) == sorted(ids[3:]), "the undecided jobs wait for her"
    page.goto(small.url + "/queue?weeks=all")
    summary = page.inner_text("#summary")
    assert "no digest published yet" not in summary and "all unpublished" in summary
    assert sorted(row_ids(page)) == sorted(ids[3:])


def test_a_decision_in_another_tab_shows_when_she_comes_back(context, small):
    """10. Two tabs: tab A never learned of tab B's decision."""
    a = open_queue(context, small)
    b = open_queue(context, small)
    ids = row_ids(a)
    b.bring_to_front()
    b.keyboard.press("a")  # B approves the first job
    saved(b)
    a.bring_to_front()
    a.evaluate("window.dispatchEvent(new Event('focus'))")  # she comes back to tab A
    a.wait_for_selector(f'tr.job[data-id="{ids[0]}"][data-status="approved"]', timeout=5000)
    assert "elsewhere" in (a.get_attribute(f'tr.job[data-id="{ids[0]}"]', "class") or "")


def test_a_stale_tab_never_overwrites_silently(context, small):
    """10. Tab A, not refreshed, rejected a job tab B had approved: B's approval was lost."""
    a = open_queue(context, small)
    b = open_queue(context, small)
    ids = row_ids(a)
    # B approves the second job while A still shows it undecided
    token = b.eval_on_selector('meta[name="csrf-token"]', "m => m.content")
    done = b.request.post(
        small.url + f"/jobs/{ids[1]}/decide",
        form={"action": "approve"},
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert done.status == 200
    assert a.get_attribute(f'tr.job[data-id="{ids[1]}"]', "data-status") == "undecided"
    a.keyboard.press("j")
    a.keyboard.press("r")  # A rejects what it believes undecided
    a.wait_for_selector(f'tr.job[data-id="{ids[1]}"][data-status="approved"]', timeout=5000)
    saved(a)
    assert state(small, ids[1]) == ("approved", False), "the stale tab did not overwrite"
    assert "another tab" in a.inner_text("#toast")


def test_a_phone_width_queue_fits_and_its_buttons_work(browser, small):
    """11. At 390 px the queue was 1,016 px wide with the buttons off screen."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    try:
        page = open_queue(ctx, small)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the queue is {width} px wide on a 390 px screen"
        first = row_ids(page)[0]
        button = page.locator(f'tr.job[data-id="{first}"] button[value="approve"]')
        box = button.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        assert box["height"] >= 40, "a button a thumb can hit"
        shot(page, "queue-390px.png", full_page=True)
        button.click()
        page.wait_for_selector(f'tr.job[data-id="{first}"][data-status="approved"]')
        saved(page)
        assert state(small, first) == ("approved", False)
    finally:
        ctx.close()


def test_bulk_shift_click_employer_rules_and_hidden_jobs(context, small):
    """7 and 8 in the page: a Shift+click range rejected together and undone together;
    "always hide" from the pane; the hidden jobs listed with their rule, one unhidden."""
    page = open_queue(context, small)
    ids = row_ids(page)
    page.click(f'tr.job[data-id="{ids[1]}"] .pick')
    page.click(f'tr.job[data-id="{ids[3]}"] .pick', modifiers=["Shift"])
    assert page.inner_text("#picked-count") == "3 selected"
    page.click('#bulk button[value="reject"]')
    saved(page)
    assert [state(small, i) for i in ids[1:4]] == [("rejected", False)] * 3
    page.keyboard.press("u")  # one undo takes the whole group back
    saved(page)
    assert all(state(small, i) == UNDECIDED for i in ids)
    northwind = page.locator("tr.job", has_text="Northwind").first
    northwind_id = northwind.get_attribute("data-id")
    northwind.locator("td.company").click()
    # the pane of *this* job, not the one it showed before the click (a key pressed before the
    # pane reloads would act on the previous job's employer)
    page.wait_for_selector(f'#pane form.employer[data-id="{northwind_id}"]')
    page.keyboard.press("H")  # always hide this employer
    page.wait_for_selector("tr.job:has-text('Northwind')", state="hidden")
    page.goto(small.url + "/queue?hidden=1")
    hidden = page.locator("tr.job")
    assert hidden.count() == 2 and "blocked employer: northwind" in hidden.first.inner_text()
    with page.expect_navigation():
        hidden.first.locator("form.unhide button").click()
    page.goto(small.url + "/queue")
    assert page.locator("tr.job", has_text="Northwind").count() == 1, "one unhidden"


def test_triage_300_jobs_with_the_keyboard(context, many):
    """The timed run: 300 generated jobs decided with the keyboard only -- approve, reject,
    feature, a mistake undone, bulk selections (one approved, one undone) -- then every
    stored decision is checked. Reports the page's latency per decision."""
    page = open_queue(context, many)
    ids = row_ids(page)
    assert len(ids) == 300, "a whole week on one page"
    page.wait_for_selector(f'#pane .preview[data-id="{ids[0]}"]')
    shot(page, "queue-desktop.png")
    expected: dict[str, tuple[str, bool]] = {}
    presses = decisions = 0

    def press(*keys: str) -> None:
        nonlocal presses
        for key in keys:
            page.keyboard.press(key)
            presses += 1

    started = time.monotonic()
    i = 0
    while i < 300:
        if i % 100 == 60:  # select three, reject them together, undo that: back to undecided
            press("x", "j", "x", "j", "x", "j", "r", "u")
            decisions += 2
            i += 0  # the undo brings the cursor back to the first of them
            press("a")  # ... and this time approve the first one alone
            expected[ids[i]] = ("approved", False)
            decisions += 1
            i += 1
            continue
        if i % 50 == 25:  # select five, approve them together
            press(*(["x", "j"] * 5), "a")
            for k in range(i, i + 5):
                expected[ids[k]] = ("approved", False)
            decisions += 1
            i += 5
            continue
        if i % 20 == 7:  # a mistake: approve, undo, reject
            press("a", "u", "r")
            expected[ids[i]] = ("rejected", False)
            decisions += 3
        elif i % 10 == 3:
            press("f", "j")
            expected[ids[i]] = ("approved", True)
            decisions += 1
        elif i % 4 == 1:
            press("r")
            expected[ids[i]] = ("rejected", False)
            decisions += 1
        else:
            press("a")
            expected[ids[i]] = ("approved", False)
            decisions += 1
        i += 1
    typed = time.monotonic() - started
    page.wait_for_function(NO_PENDING, timeout=120000)
    wall = time.monotonic() - started
    stats = page.evaluate("window.deskStats")
    assert page.is_hidden("#unsent"), page.inner_text("#unsent")
    got = stored(many)
    wrong = {
        j: (got.get(j, UNDECIDED), want)
        for j, want in expected.items()
        if got.get(j, UNDECIDED) != want
    }
    first = [n for n, j in enumerate(ids) if j in wrong][:5]
    assert not wrong, (
        f"{len(wrong)} decisions stored wrong, first at rows {first}: {list(wrong.items())[:3]}"
    )
    assert len(expected) == 300
    rtt = sorted(stats["rtt"])
    report = {
        "jobs": 300,
        "decisions": decisions,
        "key_presses": presses,
        "typing_s": round(typed, 2),
        "wall_s": round(wall, 2),
        "wall_per_decision_ms": round(1000 * wall / decisions, 1),
        "requests": stats["sent"],
        "latency_median_ms": round(statistics.median(rtt), 1),
        "latency_p95_ms": round(rtt[int(0.95 * (len(rtt) - 1))], 1),
        "latency_max_ms": round(rtt[-1], 1),
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "triage-300.json").write_text(json.dumps(report, indent=2) + "\n")
    print("\ntriage of 300 jobs:", json.dumps(report))
    # the page must never be what makes her slow: 300 jobs in 15 minutes is 3 s a job
    assert report["latency_p95_ms"] < 1000, report
    assert wall < 300 * 3, report
