"""The Migration page driven with qtbot: train with live curves, pause/resume/cancel, the card, flows, customers."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from engine.store.runs import latest_run  # noqa: E402
from gui.pages.migration.page import MigrationPage  # noqa: E402

SMALL = {"hidden": 16, "head": 16, "train_cuts": 3, "patience": 1, "threads": 1}


@pytest.fixture
def page(make_page):
    return make_page(MigrationPage, SMALL)


def test_train_shows_curves_card_flows_and_customers(qtbot, page):
    assert "No migration model" in page.card.verdict.text()
    page.epochs.setValue(2)
    qtbot.mouseClick(page.train_button, Qt.MouseButton.LeftButton)
    job = page.job
    assert job is not None and not page.train_button.isEnabled()
    partials = []
    job.partial.connect(partials.append)
    with qtbot.waitSignal(job.finished, timeout=120_000):
        pass
    assert job.state == "done", job.error
    assert partials    # the curves were drawn live
    assert page.train_button.isEnabled() and not page.cancel_button.isEnabled()
    run = latest_run(page.project, "migration")
    assert run is not None and page.card.table.rowCount() == 5
    assert "LSTM" in page.card.verdict.text() and "baseline" in page.card.verdict.text()
    assert len(page.curves.epochs) == run.metrics["epochs"] and len(page.curves.baseline_lines) == 4
    assert len(page.flows.labels) > 0 and "→" in page.flows.labels[0].toPlainText()
    # choosing a target category lists its customers, best first, with a reason
    index = page.target.findData("Baby food")
    assert index >= 0
    page.target.setCurrentIndex(index)
    model = page.customers.model
    assert model.rowCount() > 0
    first = [model.index(0, c).data() for c in range(model.columnCount())]
    assert first[3]  # the reason
    page.grab().save("/tmp/migration_page.png")


def test_pause_resume_cancel_keeps_previous_state(qtbot, page, checkpoint_gate):
    page.epochs.setValue(50)
    qtbot.mouseClick(page.train_button, Qt.MouseButton.LeftButton)
    job = page.job
    qtbot.waitUntil(checkpoint_gate.held.is_set, timeout=60_000)   # mid-run, after a partial result
    qtbot.mouseClick(page.pause_button, Qt.MouseButton.LeftButton)
    assert job.paused and page.pause_button.text() == "Resume"
    qtbot.mouseClick(page.pause_button, Qt.MouseButton.LeftButton)
    assert not job.paused
    with qtbot.waitSignal(job.finished, timeout=60_000):
        qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
        checkpoint_gate.release.set()
    assert job.state == "cancelled"
    assert "Cancelled" in page.status.text()
    assert latest_run(page.project, "migration") is None
    assert page.train_button.isEnabled()
