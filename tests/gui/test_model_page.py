"""The model-page base: a known condition is a message on the page, and a model that needs
categories says in words why its page is empty on a shop without them."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import datetime, timedelta  # noqa: E402

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QVBoxLayout  # noqa: E402

from engine.store import create_project  # noqa: E402
from gui.pages.decay.page import DecayPage  # noqa: E402
from gui.pages.model_page import ModelPage  # noqa: E402
from gui.pages.segments.page import SegmentsPage  # noqa: E402
from tests.waits import HANG_MS  # noqa: E402


def test_a_known_condition_is_a_message_on_the_page_not_a_dialog(qtbot, make_page):
    page = make_page(SegmentsPage, {"k_min": 5, "k_max": 6})
    failed = []
    page.ctx.runner.job_failed.connect(lambda job, exc: failed.append(exc))
    page.controls.as_of.setText("2000-01-01")
    qtbot.mouseClick(page.controls.start_button, Qt.MouseButton.LeftButton)
    job = page.job
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        pass
    assert job.state == "failed" and failed == []
    assert page.controls.status.text() == str(job.error) and "No customer has events" in str(job.error)
    assert page.controls.start_button.isEnabled()


class CategoryModelPage(ModelPage):
    model = "decay"       # its spec needs categories

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(self.controls)
        layout.addWidget(self.controls.status)
        self.reload()


def _shop_without_categories(tmp_path):
    project = create_project(tmp_path / "ledger.shiftwise")
    rows = [(f"{c:05d}", datetime(2026, 1, 5) + timedelta(days=(7 * c + 11 * i) % 150), "purchase",
             f"o{c}-{i}", None, float(10 + c)) for c in range(10) for i in range(3)]
    project.cursor().executemany(
        "INSERT INTO events (customer_id, ts, event_type, order_id, category, amount, import_id) "
        "VALUES (?, ?, ?, ?, ?, ?, 1)", rows)
    return project


def test_a_model_that_needs_categories_says_why_the_page_is_empty(make_page, tmp_path):
    page = make_page(CategoryModelPage, project=_shop_without_categories(tmp_path))
    text = page.controls.status.text()
    assert text.startswith("Decay learns per category") and "no item ids" in text and "Customers page" in text
    assert not page.controls.start_button.isEnabled()


def test_the_decay_page_says_why_it_is_empty_on_a_shop_without_categories(make_page, tmp_path):
    page = make_page(DecayPage, project=_shop_without_categories(tmp_path))
    text = page.controls.status.text()
    assert text.startswith("Decay learns per category") and "Customers page" in text
    assert not page.controls.start_button.isEnabled() and not page.backtest_button.isEnabled()
    assert not page.chart.categories
