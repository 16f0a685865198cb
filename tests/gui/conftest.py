"""GUI tests run offscreen, with pytest-qt's qtbot."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture
def main_window(qtbot, _isolated_home):
    from gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    yield window
    if window.ctx.project is not None or window.runner.running():
        window.close()
