"""A laptop's screen (1366 x 768, less a taskbar and the window's title): every list keeps rows to read.

On a trained grocery shop at that size the Decay page's at-risk list showed one row under an empty
chart, the Segments page's customer list two, and the Migration page's AUC chart 30 pixels between its
title and its legend; the jobs dock kept the height two finished jobs had given it. Measured on the
demo as imported (no run: no verdict, no cards' figures), the test passed while the trained demo
showed two rows in both lists (session 43), and the first start's "Getting started" panel left the
Decay list one: the lists are measured on a trained project too, with and without the panel.
"""

from __future__ import annotations

import shutil
import threading

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QScrollArea

import pytest

from gui.widgets.sql_table_view import SqlTableView
from tests.waits import HANG_MS, HANG_S

LAPTOP = (1366, 700)
#: Rows every list on a page shows at the laptop's size, at the least.
ROWS = 5
#: Rows of a clicked customer's events on the Segments page, under its cards and charts, at the least.
HISTORY_ROWS = 2


def _visible_rows(table) -> int:
    return table.viewport().height() // max(table.verticalHeader().defaultSectionSize(), 1)


def _imports_rows(data) -> int:
    view = next(v for v in data.findChildren(SqlTableView) if v.filter_edit.placeholderText() == "Filter imports…")
    return _visible_rows(view.table)


def _settled(window) -> None:
    """The window laid out as the user sees it: the layout requests its pages posted as they were filled (a row
    hidden, a chart shown) handled first. Measured before them, the Data page's imports list had one row or two as
    its figures (a job's) had landed or not."""
    QCoreApplication.processEvents()
    window.grab()


@pytest.fixture(scope="module")
def trained_demo_file(tmp_path_factory, demo_project_file):
    """The demo project with every model trained (as the first start leaves it), built once; copied by each test."""
    from engine.jobs import CancelToken
    from engine.models.train_all import train_all
    from engine.store import open_project

    path = tmp_path_factory.mktemp("trained_demo") / "demo.shiftwise"
    shutil.copy(demo_project_file, path)
    with open_project(path) as project:
        result = train_all(project, progress=lambda *a, **k: None, cancel=CancelToken())
    assert not result.skipped, result.skipped
    return path


def _rows_on_each_page(window) -> dict:
    """Rows in view of each list in view, page by page: {(page, the list's filter text): rows}."""
    seen = {}
    for key, page in window.pages.items():
        window.nav.setCurrentRow(list(window.pages).index(key))
        _settled(window)
        for view in page.findChildren(SqlTableView):
            if view.isVisibleTo(window) and view.table.isVisibleTo(window):
                seen[(key, view.filter_edit.placeholderText())] = _visible_rows(view.table)
    return seen


def test_every_list_shows_rows_on_a_laptop_screen(qtbot, main_window, demo_project_file, tmp_path, monkeypatch):
    from gui.pages.data import page as data_page

    # the Data page's figures are a job's: held until the page was measured while they are counted
    counted, counting = threading.Event(), data_page.data_counts

    def held(*args, **kwargs):
        counted.wait(HANG_S)
        return counting(*args, **kwargs)

    monkeypatch.setattr(data_page, "data_counts", held)
    path = tmp_path / "demo.shiftwise"
    shutil.copy(demo_project_file, path)
    main_window.resize(*LAPTOP)
    main_window.open_project_path(path)
    qtbot.waitExposed(main_window)
    data = main_window.pages["data"]
    try:
        _settled(main_window)
        while_counted = _imports_rows(data)   # "Counting the events…" in the chart's place
    finally:
        with qtbot.waitSignal(data.health_read, timeout=HANG_MS):
            counted.set()
    assert while_counted >= 2, while_counted
    main_window.jobs_dock.show()
    seen = _rows_on_each_page(main_window)
    assert len({key for key, _ in seen}) >= 4, seen   # lists on the Data, Customers, Segments, Decay pages at least
    # the Data page's imports sit beside its chart: a shop's few imports, two rows in view (one before)
    imports = seen.pop(("data", "Filter imports…"))
    assert imports >= 2, imports
    assert all(rows >= ROWS for rows in seen.values()), seen
    # the campaign builder's form is read without scrolling sideways (its target list held it 14 px too wide)
    main_window.nav.setCurrentRow(list(main_window.pages).index("campaigns"))
    main_window.grab()
    scroll = main_window.pages["campaigns"].findChild(QScrollArea)
    assert scroll.widget().isAncestorOf(main_window.pages["campaigns"].form)
    assert not scroll.horizontalScrollBar().isVisible()


@pytest.mark.parametrize("size, tour", [(LAPTOP, False), ((1280, 820), True)],
                         ids=["laptop", "first-start-with-getting-started"])
def test_a_trained_projects_lists_show_rows(qtbot, main_window, trained_demo_file, tmp_path, size, tour):
    """Every model's figures, verdicts and titles in place (a trained shop's pages are taller than an imported
    one's); at the first start's window size, with the "Getting started" panel over the pages, too."""
    path = tmp_path / "demo.shiftwise"
    shutil.copy(trained_demo_file, path)
    main_window.resize(*size)
    main_window.open_project_path(path)
    qtbot.waitExposed(main_window)
    main_window.jobs_dock.show()
    if tour:
        main_window.show_tour()
    seen = _rows_on_each_page(main_window)
    assert {key for key, _ in seen} >= {"data", "customers", "segments", "decay", "migration", "campaigns"}, seen
    assert seen.pop(("data", "Filter imports…")) >= 1
    seen.pop(("segments", "Filter events: type, category or item…"))   # no customer's yet: measured below
    assert all(rows >= ROWS for rows in seen.values()), seen
    # a customer clicked on the Segments page: their events under the page's charts (none in view under the
    # first start's panel, one at the laptop's size before they became a tab beside the weeks' chart)
    segments = main_window.pages["segments"]
    main_window.nav.setCurrentRow(list(main_window.pages).index("segments"))
    segments.members.table.selectRow(0)
    assert segments.history.customer_id is not None
    segments.history.tabs.setCurrentWidget(segments.history.events)
    _settled(main_window)
    assert main_window.height() == size[1]   # the page's minimum within the window: it pushed the window taller
    assert _visible_rows(segments.history.events.table) >= HISTORY_ROWS
    # the room is not taken from a chart below what it draws: the cluster mix's key under its axis, not over it
    mix = segments.profiles
    assert mix.legend.geometry().top() >= mix.plot.geometry().bottom(), (mix.legend.geometry(), mix.plot.geometry())
    assert mix.legend.height() >= mix.legend.heightForWidth(mix.legend.width())
    # the AUC chart's axis inside the chart: its legend's nine rows held the chart taller than its room and the axis
    # was drawn past its foot, unseen
    main_window.nav.setCurrentRow(list(main_window.pages).index("migration"))
    _settled(main_window)
    auc = main_window.pages["migration"].curves.metric_plot
    assert auc.getPlotItem().getAxis("bottom").sceneBoundingRect().bottom() <= auc.viewport().height()
    # a customer clicked on the Decay page: their curves with their dates (under the list they had 90 pixels and
    # their dates were cut off)
    decay = main_window.pages["decay"]
    main_window.nav.setCurrentRow(list(main_window.pages).index("decay"))
    decay.at_risk.table.selectRow(0)
    _settled(main_window)
    curves = decay.curves.plot
    assert decay.curves.isVisible() and decay.curves.curves
    assert curves.getPlotItem().getAxis("bottom").sceneBoundingRect().bottom() <= curves.viewport().height()
    assert curves.getPlotItem().getViewBox().sceneBoundingRect().height() >= 120
    assert _visible_rows(decay.at_risk.table) >= ROWS


def test_the_auc_chart_keeps_its_height_beside_its_legend(qtbot):
    from gui.pages.migration.curves import TrainingCurves

    curves = TrainingCurves()
    qtbot.addWidget(curves)
    curves.resize(700, 230)   # the tab's room at the laptop's size
    curves.show()
    qtbot.waitExposed(curves)
    means = {f"Candidate {c} (scores and each customer's ranks)": (0.80 + 0.01 * i, 0.001)
             for i, c in enumerate("ABCDEFGHI")}
    curves.load({n: [m, m] for n, (m, _) in means.items()}, means)
    for _ in range(3):   # the graphics layout places the legend on posted layout requests
        QCoreApplication.processEvents()
    curves.grab()
    view = curves.metric_plot.getViewBox().sceneBoundingRect()
    assert view.height() >= 120, view   # two columns of legend under it left 30 pixels
    assert curves.legend.sceneBoundingRect().right() <= curves.metric_plot.width()


def test_the_jobs_dock_is_as_high_as_its_rows(qtbot, main_window, monkeypatch):
    from gui.jobs import panel as panel_module

    monkeypatch.setattr(panel_module, "LINGER_MS", 0)
    main_window.resize(*LAPTOP)
    qtbot.waitExposed(main_window)
    main_window.grab()
    idle = main_window.jobs_dock.height()
    gate = threading.Event()
    try:
        jobs = [main_window.runner.start(f"job {i}", lambda progress, cancel: gate.wait(HANG_S)) for i in range(2)]
        main_window.grab()
        rows = main_window.jobs_panel.rows
        assert len(rows) == 2 and main_window.jobs_dock.height() > idle + rows[0].height() // 2
        assert all(row.visibleRegion().boundingRect().height() == row.height() for row in rows)   # both in view
    finally:
        gate.set()
    panel = main_window.jobs_panel
    # a row leaves in a turn of the event loop after its job's end; nothing runs between the check and the wait
    while panel.rows:
        with qtbot.waitSignal(panel.rows_changed, timeout=HANG_MS):
            pass
    assert all(not job.is_running for job in jobs)
    QCoreApplication.processEvents()   # the window lays its docks out again on a posted layout request
    main_window.grab()
    assert main_window.jobs_dock.height() == idle
