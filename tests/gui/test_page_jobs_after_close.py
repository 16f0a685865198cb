"""A page's job result that arrives after the page was deleted (closing the window, a test's
teardown) goes to its ``on_stale`` handler, never to widgets that no longer exist. Seen once in a
fresh-clone CI run: the campaign preview's result reached a deleted QLabel."""

from __future__ import annotations

import threading

from PySide6.QtCore import QSettings

from gui.context import AppContext
from gui.jobs.runner import JobRunner
from gui.pages.campaigns.page import CampaignsPage
from tests.waits import HANG_MS, HANG_S


def test_a_result_arriving_after_the_page_is_deleted_goes_to_on_stale(qtbot, tmp_path):
    ctx = AppContext(JobRunner(), QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    page = CampaignsPage(ctx)   # not given to qtbot: the test deletes it itself
    gate = threading.Event()

    def slow(*, progress, cancel):
        gate.wait(HANG_S)
        return "made"

    got: dict[str, str] = {}
    job = page.run_job("probe", slow, on_result=lambda v: got.setdefault("result", v),
                       on_stale=lambda v: got.setdefault("stale", v))
    with qtbot.waitSignal(page.destroyed, timeout=HANG_MS):
        page.deleteLater()
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        gate.set()
    assert got == {"stale": "made"}
