"""Pages read what they show as a job and draw it when it comes (gui/pages/model_page.py).

Every other GUI test reads on the window's thread (conftest's ``_synchronous_page_reads``); these drive the jobs.
A read's result comes back through the event loop, which the test's own lines do not run: what a page shows
between opening a project and the result is there to check, and the result is waited for on ``state_shown``.
"""

from __future__ import annotations

import shutil
import threading

import pytest
from PySide6.QtCore import Qt

from engine.models.segments.service import train_segments
from engine.store import open_project
from engine.store.runs import latest_run
from gui.jobs.runner import JobRunner
from gui.pages import model_page
from gui.pages.campaigns.page import CampaignsPage
from gui.pages.customers.page import CustomersPage
from gui.pages.data.page import DataPage
from gui.pages.decay.page import DecayPage
from gui.pages.migration.page import MigrationPage
from gui.pages.model_page import READ_SLOT
from gui.pages.runs.page import RunsPage
from gui.pages.segments.page import SegmentsPage
from gui.widgets.sql_table_model import building
from tests.waits import HANG_MS, HANG_S

PAGES = (DataPage, CustomersPage, SegmentsPage, DecayPage, MigrationPage, CampaignsPage, RunsPage)


@pytest.fixture(autouse=True)
def _reads_as_jobs(monkeypatch):
    monkeypatch.setattr(model_page, "READ_IN_BACKGROUND", True)


@pytest.fixture(scope="module")
def segmented_file(tmp_path_factory, demo_project_file):
    """The demo project with a segments run (a quick k search), built once; copied by each test."""
    path = tmp_path_factory.mktemp("segmented") / "demo.shiftwise"
    shutil.copy(demo_project_file, path)
    with open_project(path) as project:
        train_segments(project, params={"k_min": 5, "k_max": 6})
    return path


@pytest.fixture
def segmented(segmented_file, tmp_path):
    path = tmp_path / "segmented.shiftwise"
    shutil.copy(segmented_file, path)
    project = open_project(path)
    yield project
    project.close()


def _failures(page) -> list:
    failed: list = []
    page.ctx.runner.job_failed.connect(lambda job, exc: failed.append(exc))
    return failed


@pytest.mark.parametrize("page_class", PAGES, ids=lambda c: c.__name__)
def test_a_page_says_it_is_reading_and_draws_the_read_when_it_comes(qtbot, make_page, page_class):
    page = make_page(page_class)
    job = page.jobs[READ_SLOT]
    # nothing drawn yet, nothing of another project to click, no row in the jobs panel
    assert page.reading and page.run is None and job.is_running and not job.listed
    if page.controls is not None:
        assert page.controls.status.text() == "Reading the project…"
        assert not page.controls.start_button.isEnabled()
    with qtbot.waitSignal(page.state_shown, timeout=HANG_MS):
        pass
    assert not page.reading
    if page.controls is not None:
        # the demo project has categories and no runs: every model can be trained
        assert page.controls.status.text() != "Reading the project…"
        assert page.controls.start_button.isEnabled()
    else:   # a page without a model shows what it read of the project
        assert page.state is not None


def test_a_trained_run_is_drawn_from_the_read(qtbot, make_page, segmented):
    page = make_page(SegmentsPage, project=segmented)
    assert page.tiers.cards["heavy"].value.text() in ("", "–")
    with qtbot.waitSignal(page.state_shown, timeout=HANG_MS):
        pass
    run = latest_run(segmented, "segments")
    assert page.run.run_id == run.run_id
    assert page.tiers.cards["heavy"].value.text() == f"{run.metrics['tiers']['heavy']:,}"


def test_a_newer_read_wins_and_the_older_one_is_never_drawn(qtbot, make_page, segmented, monkeypatch):
    release, first_started = threading.Event(), threading.Event()
    states: list = []
    read = SegmentsPage.read_state

    def held_first(page, project):
        state = read(page, project)
        states.append(state)
        if len(states) == 1:
            first_started.set()
            release.wait(HANG_S)   # the first read ends only after the newer one has begun
        return state

    monkeypatch.setattr(SegmentsPage, "read_state", held_first)
    page = make_page(SegmentsPage, project=segmented)
    first = page.jobs[READ_SLOT]
    assert first_started.wait(HANG_S)
    shown: list = []
    page.state_shown.connect(lambda: shown.append(page.state))
    page.reload()
    second = page.jobs[READ_SLOT]
    assert second is not first and first.token.cancelled
    with qtbot.waitSignal(second.finished, timeout=HANG_MS):
        pass
    release.set()
    if first.is_running:
        with qtbot.waitSignal(first.finished, timeout=HANG_MS):
            pass
    assert len(states) == 2 and shown == [states[1]] and page.state is states[1]


def test_another_project_opened_mid_read_shows_only_its_own_state(qtbot, make_page, segmented):
    page = make_page(SegmentsPage)       # the demo project, no segments run
    failed = _failures(page)
    old = page.jobs[READ_SLOT]
    shown: list = []
    page.state_shown.connect(lambda: shown.append(page.run))
    page.ctx.set_project(segmented)      # cancels the old read and waits for it, then closes the old project
    assert not old.is_running or old.token.cancelled
    assert page.reading and page.run is None
    with qtbot.waitSignal(page.jobs[READ_SLOT].finished, timeout=HANG_MS):
        pass
    run = latest_run(segmented, "segments")
    assert [r.run_id for r in shown] == [run.run_id] and failed == []


FAST_SEGMENTS = {"k_min": 5, "k_max": 6}


def _drawn(qtbot, page) -> None:
    """Until the page's latest read is drawn (at once if it is already)."""
    read = page.jobs.get(READ_SLOT)
    if read is not None and read.is_running:
        with qtbot.waitSignal(read.finished, timeout=HANG_MS):
            pass


def test_a_first_run_shows_done_while_its_read_comes(qtbot, make_page):
    """The run bar said 0% after a page's first run: it looked at the run shown, which the read had not drawn yet."""
    page = make_page(SegmentsPage, FAST_SEGMENTS)
    _drawn(qtbot, page)
    assert page.run is None
    qtbot.mouseClick(page.controls.start_button, Qt.MouseButton.LeftButton)
    job = page.job
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        pass
    assert job.state == "done" and page.controls.progress.value() == 1000
    _drawn(qtbot, page)
    assert page.run.run_id == latest_run(page.project, "segments").run_id


def test_a_cancelled_run_says_so_once_the_previous_run_is_drawn_again(qtbot, make_page, segmented, checkpoint_gate):
    """The read after a cancel draws the previous run and its headline; the cancel is said after it, not under it."""
    page = make_page(SegmentsPage, FAST_SEGMENTS, project=segmented)
    _drawn(qtbot, page)
    previous = page.run.run_id
    qtbot.mouseClick(page.controls.start_button, Qt.MouseButton.LeftButton)
    job = page.job
    qtbot.waitUntil(checkpoint_gate.held.is_set, timeout=HANG_MS)
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        qtbot.mouseClick(page.controls.cancel_button, Qt.MouseButton.LeftButton)
        checkpoint_gate.release.set()
    assert job.state == "cancelled"
    _drawn(qtbot, page)
    assert page.run.run_id == previous
    assert page.controls.status.text() == "Cancelled: the previous segmentation is kept."


def test_a_page_out_of_view_draws_its_read_when_it_comes_into_view(qtbot, make_page, segmented):
    """At the end of a 10^7 import every page drew its read back to back (0.3-0.4 s of the window): one out of
    view keeps it until it is shown, or the window is idle (next test)."""
    page = make_page(SegmentsPage)       # the demo project, no segments run
    _drawn(qtbot, page)
    page.hide()
    shown: list = []
    page.state_shown.connect(lambda: shown.append(page.run))
    page.ctx.set_project(segmented)
    read = page.jobs[READ_SLOT]
    with qtbot.waitSignal(read.finished, timeout=HANG_MS):
        pass
    assert read.state == "done" and shown == [] and page.run is None and page.reading
    page.show()
    run = latest_run(segmented, "segments")
    assert [r.run_id for r in shown] == [run.run_id] and not page.reading
    assert page.tiers.cards["heavy"].value.text() == f"{run.metrics['tiers']['heavy']:,}"


def test_pages_out_of_view_draw_their_reads_when_the_window_is_idle_one_a_turn(qtbot, make_page, segmented,
                                                                              monkeypatch):
    """Drawn before they are shown, so that showing one is only its painting (at wide 10^7 its first showing held
    the window up to 150 ms when it drew then); one page a turn of the event loop, not the sum of all."""
    drawer, interval = model_page.idle_draws(), model_page.IDLE_DRAW_MS
    monkeypatch.setattr(model_page, "IDLE_DRAW_MS", 3_600_000)   # the drawer is driven by hand below
    pages = [make_page(SegmentsPage, project=segmented), make_page(DecayPage, project=segmented)]
    shown: list = []
    try:
        for page in pages:
            _drawn(qtbot, page)
            page.hide()
            page.state_shown.connect(lambda page=page: shown.append(page))
        for page in pages:
            page.reload()                       # as a run ends, or data lands
        with qtbot.waitSignals([p.jobs[READ_SLOT].finished for p in pages], timeout=HANG_MS):
            pass
        assert shown == []
        # the drawer waits while any page reads or a table builds in the background (an earlier test's may still be
        # ending)
        def idle() -> bool:
            return JobRunner.unlisted_running() == 0 and building() == 0

        qtbot.waitUntil(idle, timeout=HANG_MS)
        drawer.draw_next()
        assert len(shown) == 1                  # one page a turn
        # the page drawn may start its tables' builds in the background: the drawer waits for them too (in CI the
        # second turn came while the Segments page's table built, and drew nothing)
        qtbot.waitUntil(idle, timeout=HANG_MS)
        drawer.draw_next()
        assert sorted(map(id, shown)) == sorted(map(id, pages)) and not any(p.isVisible() for p in pages)
        assert pages[0].run.run_id == latest_run(segmented, "segments").run_id
    finally:
        drawer.stop()
    monkeypatch.setattr(model_page, "IDLE_DRAW_MS", interval)
    page = pages[0]
    page.reload()
    with qtbot.waitSignal(page.state_shown, timeout=HANG_MS):   # the drawer's own timer
        pass
    assert not page.isVisible()


def test_the_data_page_draws_out_of_view_its_counts_feed_the_status_line(qtbot, make_page):
    page = make_page(DataPage)
    page.hide()
    page.reload()
    with qtbot.waitSignal(page.state_shown, timeout=HANG_MS):
        pass
    assert page.counting is not None   # the count the window's status line waits for is under way


def test_new_data_keeps_what_a_page_shows_until_its_read_comes(qtbot, make_page, segmented):
    page = make_page(SegmentsPage, project=segmented)
    _drawn(qtbot, page)
    run, heavy = page.run, page.tiers.cards["heavy"].value.text()
    page.ctx.notify_data_changed()      # an import landed: the same project, its runs still there
    assert page.jobs[READ_SLOT].is_running and not page.reading
    assert page.run is run and page.tiers.cards["heavy"].value.text() == heavy
    _drawn(qtbot, page)
    assert page.run.run_id == run.run_id


def test_a_page_out_of_view_is_cleared_when_shown_before_another_projects_read(qtbot, make_page, segmented,
                                                                              demo_project):
    page = make_page(SegmentsPage, project=segmented)
    _drawn(qtbot, page)
    heavy = page.tiers.cards["heavy"].value.text()
    page.hide()
    page.ctx.set_project(demo_project)
    # out of view: nothing drawn yet, not even the clearing
    assert page.reading and page.run is None and page.tiers.cards["heavy"].value.text() == heavy
    page.show()                          # before the read came (it comes through the event loop, not run yet)
    assert page.tiers.cards["heavy"].value.text() != heavy
    assert page.controls.status.text() == "Reading the project…"
    _drawn(qtbot, page)
    assert not page.reading and page.run is None   # the demo project has no segments run
