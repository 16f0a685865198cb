"""GUI tests run offscreen, with pytest-qt's qtbot."""

from __future__ import annotations

import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from tests.waits import HANG_MS  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def _english(qapp):
    """The English catalogs, as the app installs them at start (they hold the English plural forms),
    and a CJK font when the system has none (so Chinese data and the zh_CN tests draw characters)."""
    from gui.i18n.fonts import ensure_cjk_font
    from gui.i18n.translators import install_language

    install_language("en")
    ensure_cjk_font()
    yield


@pytest.fixture(autouse=True)
def _synchronous_tables(monkeypatch):
    """Tables wait for their queries in tests, however long a loaded machine makes them (a budget
    of seconds sent a slow query to the background, and the next assertion saw no rows yet), so
    assertions see rows without polling. test_sql_table_model.py drives the asynchronous path on its own."""
    monkeypatch.setattr("gui.widgets.sql_table_model.SYNC_BUDGET_S", None)


@pytest.fixture(autouse=True)
def _synchronous_page_reads(monkeypatch):
    """Pages read what they show on the window's thread in tests, as the tables do, so that what a reload draws is
    there for the next assertion without a wait. test_page_reads.py drives the reads as jobs on its own."""
    monkeypatch.setattr("gui.pages.model_page.READ_IN_BACKGROUND", False)


@pytest.fixture
def make_page(qtbot, request, tmp_path):
    """Open a page (any page on the model-page base) on a project, by default a copy of the demo
    project; its jobs still running at the end are cancelled and the project is closed."""
    from PySide6.QtCore import QSettings

    from gui.context import AppContext
    from gui.jobs.runner import JobRunner

    pages = []

    def make(page_class, extra_params=None, project=None):
        ctx = AppContext(JobRunner(), QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
        page = page_class(ctx)
        if extra_params is not None:
            page.extra_params = dict(extra_params)
        qtbot.addWidget(page)
        page.resize(1400, 900)
        page.show()
        ctx.set_project(project if project is not None else request.getfixturevalue("demo_project"))
        pages.append(page)
        return page

    yield make
    for page in pages:
        # (pages not yet on the model-page base have only page.job)
        for job in [*getattr(page, "jobs", {}).values(), page.job]:
            if job is not None:
                job.cancel()
        qtbot.waitUntil(lambda: page.job is None, timeout=HANG_MS)
        page.ctx.set_project(None)


@pytest.fixture
def main_window(qtbot, _isolated_home):
    from gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    yield window
    if window.ctx.project is not None or window.runner.running():
        window.close()


class CheckpointGate:
    """Holds a page's job at its first cancel checkpoint after it reported a partial result,
    until the test sets ``release``: what the test clicks meanwhile lands while the job is
    certainly mid-run (a progress signal arrives on the GUI thread late, maybe after the job
    ended). ``parked`` is set when such a job then waits at a checkpoint while paused."""

    def __init__(self) -> None:
        self.held = threading.Event()
        self.release = threading.Event()
        self.parked = threading.Event()
        self._reported: list = []   # tokens of jobs that reported a partial result

    def install(self, monkeypatch) -> None:
        from engine.jobs import CancelToken
        from gui.jobs.runner import _JobWorker

        report, check = _JobWorker._report, CancelToken.raise_if_cancelled

        def reporting(worker, done, total, message="", partial=None):
            if partial is not None and worker._token not in self._reported:
                self._reported.append(worker._token)
            report(worker, done, total, message, partial)

        def checking(token):
            if token in self._reported:
                if not self.held.is_set():
                    self.held.set()
                    self.release.wait()
                if token.paused:
                    self.parked.set()
            check(token)

        monkeypatch.setattr(_JobWorker, "_report", reporting)
        monkeypatch.setattr(CancelToken, "raise_if_cancelled", checking)


@pytest.fixture
def checkpoint_gate(make_page, monkeypatch):
    """(After make_page, so the job is released before make_page cancels it at the end.)"""
    gate = CheckpointGate()
    gate.install(monkeypatch)
    yield gate
    gate.release.set()
