"""The Segments page driven with qtbot: train with live charts, click tiers, clusters, movements, members."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QPoint, Qt  # noqa: E402

from engine.models.segments.partials import SegmentsPartial  # noqa: E402
from engine.store.runs import latest_run  # noqa: E402
from gui.pages.segments.page import SegmentsPage  # noqa: E402
from tests.waits import HANG_MS  # noqa: E402

FAST = {"k_min": 5, "k_max": 7}


@pytest.fixture
def page(make_page):
    return make_page(SegmentsPage, FAST)


def _click_chart(qtbot, chart, row, part):
    view = chart.plot
    pos = view.mapFromScene(chart.scene_pos_of(row, part))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(int(pos.x()), int(pos.y())))


def test_train_then_click_through_tiers_clusters_movements_and_a_member(qtbot, page):
    assert "No segmentation yet" in page.controls.status.text()
    qtbot.mouseClick(page.controls.start_button, Qt.MouseButton.LeftButton)
    job = page.job
    assert job is not None and not page.controls.start_button.isEnabled() and page.controls.cancel_button.isEnabled()
    stages = []
    job.partial.connect(lambda p: stages.append(p.stage))
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        pass
    assert job.state == "done", job.error
    assert {"tiers", "movements", "k_search", "profiles"} <= set(stages)
    run = latest_run(page.project, "segments")
    assert run is not None and page.controls.start_button.isEnabled()

    # the k-quality chart shows the rule's three criteria per candidate, its thresholds and the pick
    kq = page.k_quality
    assert [len(c.getData()[0]) for c in kq.curves] == [3, 3, 3]          # k = 5, 6, 7
    assert kq.chosen_line.isVisible() and kq.chosen_line.value() == run.metrics["k"]
    assert (kq.stability_line.value(), kq.share_line.value()) == (0.8, 0.03)
    # the rule is said by its chart and its tab, not in the status line (a second line of it on a laptop)
    assert run.metrics["k_rule"] in kq.plot.toolTip() and "fewest clusters" not in page.controls.status.text()
    assert page.cluster_side.tabToolTip(1) == run.metrics["k_rule"]
    # named in a key under the chart, not by a legend laid over its lines
    assert kq.plot.getPlotItem().legend is None
    assert all(name in kq.key.text() for name in ("silhouette", "agreement across seeds", "smallest cluster"))
    page.cluster_side.setCurrentWidget(kq)   # its tab, laid out once shown
    page.grab()
    assert kq.isVisible() and kq.key.geometry().top() >= kq.plot.geometry().bottom()
    page.cluster_side.setCurrentWidget(page.cluster_list)

    # the cards: counts as in the run, shares of revenue, a trend
    heavy = page.tiers.cards["heavy"]
    assert heavy.value.text() == f"{run.metrics['tiers']['heavy']:,}"
    assert "of revenue" in heavy.detail.text() and "weeks ago" in heavy.trend.text()
    # a throttled partial redraw still pending when the run's results load must not paint over them
    page._on_partial(SegmentsPartial("tiers", {"light": 1, "medium": 1, "heavy": 1}))
    page.reload()
    page._redraw.flush()   # a redraw still pending would run now
    assert heavy.value.text() == f"{run.metrics['tiers']['heavy']:,}" and "of revenue" in heavy.detail.text()

    # a tier card opens its members
    qtbot.mouseClick(page.tiers.cards["medium"], Qt.MouseButton.LeftButton)
    assert page.members_title.text().startswith("<b>Medium tier")
    assert page.members.model.rowCount() == run.metrics["tiers"]["medium"]

    # a cluster (list and chart) opens its members
    assert page.cluster_list.count() == run.metrics["k"]
    assert page.cluster_list.wordWrap() and not page.cluster_list.horizontalScrollBar().isVisible()   # names wrap
    item = page.cluster_list.item(1)
    qtbot.mouseClick(page.cluster_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.cluster_list.visualItemRect(item).center())
    label = item.text().splitlines()[0]
    assert label in page.members_title.text()
    cluster_rows = page.members.model.rowCount()
    assert cluster_rows == page._clusters[1]["size"]
    _click_chart(qtbot, page.profiles, 0, 0)
    assert page._clusters[0]["label"] in page.members_title.text()

    # a movement opens the customers who made it: heavy a quarter ago, heavy now
    _click_chart(qtbot, page.movements, 3, 2)
    assert "From heavy to heavy" in page.members_title.text()
    assert page.members.model.rowCount() > 0

    # a member shows their history: timeline and events
    page.members.table.selectRow(0)
    customer = page.members.model.row_values(0)[0]
    assert page.history.customer_id == customer and customer in page.history.heading.text()
    assert page.history.events.model.rowCount() > 0
    assert page.history.bars.opts["height"].sum() > 0
    page.grab().save(os.path.join(os.environ["SHIFTWISE_HOME"], "segments_page.png"))


def test_pause_then_cancel_keeps_the_previous_segmentation(qtbot, page, checkpoint_gate):
    page.extra_params = {"k_min": 2, "k_max": 10}
    qtbot.mouseClick(page.controls.start_button, Qt.MouseButton.LeftButton)
    job = page.job
    qtbot.waitUntil(checkpoint_gate.held.is_set, timeout=HANG_MS)   # mid-run, after a partial result
    qtbot.mouseClick(page.controls.pause_button, Qt.MouseButton.LeftButton)
    assert job.paused and page.controls.pause_button.text() == "Resume" and "Paused" in page.controls.status.text()
    checkpoint_gate.release.set()
    qtbot.waitUntil(checkpoint_gate.parked.is_set, timeout=HANG_MS)  # held at its next checkpoint
    assert job.is_running and job.paused
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        qtbot.mouseClick(page.controls.cancel_button, Qt.MouseButton.LeftButton)
    assert job.state == "cancelled"
    assert "Cancelled" in page.controls.status.text()
    assert latest_run(page.project, "segments") is None
    assert page.controls.start_button.isEnabled()


def test_a_shop_without_categories_shows_tiers_and_says_why_there_are_no_clusters(qtbot, tmp_path):
    from datetime import datetime, timedelta

    from PySide6.QtCore import QSettings

    from engine.models.segments.service import train_segments
    from engine.store import create_project
    from gui.context import AppContext
    from gui.jobs.runner import JobRunner

    project = create_project(tmp_path / "ledger.shiftwise")
    rows = [(f"{c:05d}", datetime(2026, 1, 5) + timedelta(days=(7 * c + 11 * i) % 150), "purchase",
             f"o{c}-{i}", None, float(10 + c)) for c in range(40) for i in range(1 + c % 5)]
    project.cursor().executemany(
        "INSERT INTO events (customer_id, ts, event_type, order_id, category, amount, import_id) "
        "VALUES (?, ?, ?, ?, ?, ?, 1)", rows)
    run = train_segments(project)
    ctx = AppContext(JobRunner(), QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    page = SegmentsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    ctx.set_project(project)
    try:
        # the reason in the headline; the chart, which cannot wrap it, says it short (the sentence ran off it)
        assert "tiers only" in page.controls.status.text() and "not clustered" in page.controls.status.text()
        assert page.profiles.empty.toPlainText() == "No interest clusters: no purchase has a category"
        assert page.cluster_list.count() == 0 and not page.cluster_side.isVisible()
        assert page.tiers.cards["heavy"].value.text() == f"{run.metrics['tiers']['heavy']:,}"
        qtbot.mouseClick(page.tiers.cards["light"], Qt.MouseButton.LeftButton)
        assert page.members.model.rowCount() == run.metrics["tiers"]["light"]
        assert page.members.model.row_values(0)[2] is None            # no interest cluster
    finally:
        ctx.set_project(None)
