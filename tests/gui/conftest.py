"""GUI tests run offscreen, with pytest-qt's qtbot."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _synchronous_tables(monkeypatch):
    """Tables wait for their queries in tests, so assertions see rows without polling.
    test_sql_table_model.py drives the asynchronous path on its own."""
    monkeypatch.setattr("gui.widgets.sql_table_model.SYNC_BUDGET_S", 30.0)


@pytest.fixture
def main_window(qtbot, _isolated_home):
    from gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    yield window
    if window.ctx.project is not None or window.runner.running():
        window.close()
