from PySide6.QtCore import Qt

from engine.ingest import import_file
from engine.store import create_project
from gui.dialogs.rejects_dialog import RejectsDialog

CSV = """customer_id,ts,event_type,category,quantity,amount
C1,2026-01-05 10:00,purchase,Dairy,1,3.50
C2,not a date,purchase,Dairy,1,3.50
C3,2026-01-06 11:00,view,Coffee,,
,2026-01-07 12:00,purchase,Coffee,1,9.00
C4,2026-01-08 09:30,purchase,Coffee,2,18.00
"""


def test_data_page_shows_health_imports_and_rejects(qtbot, main_window, tmp_path):
    path = tmp_path / "small.csv"
    path.write_text(CSV, encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    result = import_file(project, path)
    assert result.rows_loaded == 3 and result.rows_rejected == 2
    main_window.ctx.set_project(project)
    page = main_window.pages["data"]
    assert page.cards["customers"].value.text() == "3"
    assert page.cards["rejected"].value.text() == "2"
    assert page.events.model.rowCount() == 3
    assert not page.rejects_button.isEnabled()
    page.imports.table.selectRow(0)
    assert page.rejects_button.isEnabled()
    qtbot.mouseClick(page.rejects_button, Qt.MouseButton.LeftButton)
    dialogs = [w for w in page.findChildren(RejectsDialog)]
    assert dialogs and dialogs[0].isVisible()
    dialogs[0].close()
    # sorting the events by clicking a header is SQL: the most expensive line comes first
    header = page.events.table.horizontalHeader()
    column = page.events.model.query.columns.index("amount")
    header.setSortIndicator(column, Qt.SortOrder.DescendingOrder)
    assert page.events.model.index(0, column).data(Qt.ItemDataRole.UserRole) == 18.0


def test_a_few_weeks_counts_are_marked_on_their_line(qtbot):
    """Two weeks drew one sloping line and no point at either week: the counts were nowhere to be seen."""
    import numpy as np

    from engine.read.overview import WeeklyEvents
    from gui.pages.data.weekly_chart import FEW_PERIODS, WeeklyEventsChart

    chart = WeeklyEventsChart()
    qtbot.addWidget(chart)
    few = WeeklyEvents(np.array([0.0, 604800.0]), {"purchase": np.array([3800, 26200])})
    chart.set_weekly(few, ["purchase"])
    assert chart.curves["purchase"].opts["symbol"] == "o"
    many = WeeklyEvents(np.arange(FEW_PERIODS + 1) * 604800.0, {"purchase": np.ones(FEW_PERIODS + 1)})
    chart.set_weekly(many, ["purchase"])
    assert chart.curves["purchase"].opts["symbol"] is None
