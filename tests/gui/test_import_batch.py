"""The GUI's import is the engine's one import: several files land together or not at all (#10.3)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QApplication

from engine.store import create_project
from tests.fixtures.ingest.build import write_all
from tests.waits import HANG_MS


@pytest.fixture
def ctx(qtbot, tmp_path):
    from gui.context import AppContext
    from gui.jobs.runner import JobRunner
    from gui.settings import make_settings

    context = AppContext(JobRunner(), make_settings())
    context.set_project(create_project(tmp_path / "p.shiftwise"))
    yield context
    context.runner.cancel_all()
    context.set_project(None)


def _top(name):
    return next((w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()), None)


def test_a_missing_file_stops_the_whole_import_and_says_so(qtbot, ctx, tmp_path):
    from gui.import_flow import start_import

    files = write_all(tmp_path / "files")
    job = start_import(ctx, [files["generic.csv"], tmp_path / "gone.csv"])
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        pass
    box = _top("import_summary")
    assert box is not None
    assert "gone.csv: no such file" in box.text() and "generic.csv: not imported" in box.text()
    assert ctx.project.scalar("SELECT count(*) FROM events") == 0
    box.close()


def test_files_import_together(qtbot, ctx, tmp_path):
    from gui.import_flow import start_import

    files = write_all(tmp_path / "files")
    with qtbot.waitSignal(ctx.data_changed, timeout=HANG_MS):
        start_import(ctx, [files["generic.csv"], files["userbehavior.csv"]])
    assert ctx.project.scalar("SELECT count(*) FROM imports") == 2
