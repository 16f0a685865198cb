from PySide6.QtCore import Qt

from engine.ingest import import_file
from engine.store import create_project
from gui.dialogs.rejects_dialog import RejectsDialog
from tests.waits import wait_for_data_figures

CSV = """customer_id,ts,event_type,category,quantity,amount
C1,2026-01-05 10:00,purchase,Dairy,1,3.50
C2,not a date,purchase,Dairy,1,3.50
C3,2026-01-06 11:00,view,Coffee,,
,2026-01-07 12:00,purchase,Coffee,1,9.00
C4,2026-01-08 09:30,purchase,Coffee,2,18.00
"""


def test_a_period_the_data_covers_in_part_is_drawn_dashed(qtbot):
    """The first week of an export that starts on a Sunday holds one day: drawn as the solid line, it read as a slump."""
    import numpy as np

    from engine.read.overview import WeeklyEvents
    from gui.pages.data.weekly_chart import WeeklyEventsChart

    chart = WeeklyEventsChart()
    qtbot.addWidget(chart)
    weeks = np.arange(20) * 604800.0
    counts = np.full(20, 30000.0)
    counts[0] = 4000.0
    chart.set_weekly(WeeklyEvents(weeks, {"purchase": counts}, "week", (True, False)), ["purchase"])
    solid_x, _ = chart.curves["purchase"].getData()
    assert list(solid_x) == list(weeks[1:])
    [dashed, legend] = chart.partial_curves
    assert list(dashed.getData()[0]) == list(weeks[:2])
    assert dashed.opts["pen"].style() == Qt.PenStyle.DashLine and legend.name().startswith("dashed:")
    chart.set_weekly(WeeklyEvents(weeks, {"purchase": counts}, "week"), ["purchase"])
    assert len(chart.curves["purchase"].getData()[0]) == 20 and not chart.partial_curves


def test_a_new_projects_chart_says_how_to_begin(qtbot, main_window, tmp_path):
    """With no events the chart gives way to a sentence (its date axis read 00.100, 00.200, ... over nothing);
    the first import brings the chart back."""
    path = tmp_path / "small.csv"
    path.write_text(CSV, encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    main_window.ctx.set_project(project)
    page = main_window.pages["data"]
    chart = page.chart
    # counted as a job: a sentence meanwhile, not the last project's chart
    assert chart.plot.isHidden() and chart.empty.text() == "Counting the events…"
    wait_for_data_figures(qtbot, page)
    assert chart.plot.isHidden() and not chart.empty.isHidden()
    assert chart.empty.text().startswith("No events yet: import a shop's export")
    import_file(project, path)
    main_window.ctx.set_project(project)
    wait_for_data_figures(qtbot, page)
    assert not chart.plot.isHidden() and chart.empty.isHidden()


def test_data_page_shows_health_imports_and_rejects(qtbot, main_window, tmp_path):
    path = tmp_path / "small.csv"
    path.write_text(CSV, encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    result = import_file(project, path)
    assert result.rows_loaded == 3 and result.rows_rejected == 2
    main_window.ctx.set_project(project)
    page = main_window.pages["data"]
    assert page.cards["customers"].value.text() == "…" and main_window.project_label.text() == "p · counting…"
    wait_for_data_figures(qtbot, page)
    assert page.cards["customers"].value.text() == "3"
    assert main_window.project_label.text() == "p · 3 customers · 3 events"
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


def test_an_import_keeps_what_it_said_of_its_data(qtbot, main_window, tmp_path):
    """Masked customer ids and order totals shared out over their lines were said once, at the import; the
    Data page says them again for the selected import, with the columns it read, and counts the rows left out
    (cancelled orders)."""
    from engine.ingest.customer_ids import MASK

    lines = ["订单编号,手机,下单时间,商品编号,订购数量,应付金额,订单状态"]
    for o in range(8):
        n = 1 if o % 2 else 3
        for i in range(n):
            lines.append(f"{100 + o},13{o % 3}****567{o % 3},2017-01-{o + 1:02d} 10:00:00,S{i},1,{30 * n},已完成")
    lines.append("200,139****0000,2017-01-20 10:00:00,S1,1,10,已取消")
    path = tmp_path / "pdd.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    result = import_file(project, path)
    assert result.orders_shared == 4 and result.warning is not None and result.rows_skipped == 1
    main_window.ctx.set_project(project)
    page = main_window.pages["data"]
    assert page.import_notes.isHidden()
    column = page.imports.model.query.columns.index("left out")
    assert page.imports.model.index(0, column).data(Qt.ItemDataRole.UserRole) == 1
    # the encoding it was read in: a file whose names look wrong can be imported again in another
    encoding = page.imports.model.query.columns.index("encoding")
    assert page.imports.model.index(0, encoding).data(Qt.ItemDataRole.UserRole) == "utf-8"
    page.imports.table.selectRow(0)
    text = page.import_notes.text()
    # which column was read as what: guessed from the header's words, the merchandiser sees the guess
    assert text.startswith("Read: Customer from 手机, Time from 下单时间, Order from 订单编号, Item id from 商品编号, "
                           "Quantity from 订购数量, Line amount from 应付金额, Order status from 订单状态.")
    assert not page.import_notes.isHidden() and MASK.search(text)
    assert "The customer column (手机) holds masked ids" in text
    assert "应付金额 held each order's total on every line: shared out over the lines of 4 orders." in text


def test_amounts_that_are_no_number_are_said_again_for_their_import(qtbot, main_window, tmp_path):
    """A ledger's N/A and 免费 in its amount column: the lines land without spend, and the Data page says so for
    the selected import, with one of them as written (the import said it once; before session 35 nobody did)."""
    path = tmp_path / "ledger.csv"
    path.write_text("customer_id,ts,order_id,item_id,amount\nc1,2024-01-05,o1,i1,12.50\nc1,2024-02-05,o2,i2,N/A\n"
                    "c2,2024-01-07,o3,i1,免费\n", encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    result = import_file(project, path)
    assert result.unread_amounts == 2
    main_window.ctx.set_project(project)
    page = main_window.pages["data"]
    page.imports.table.selectRow(0)
    text = page.import_notes.text()
    assert not page.import_notes.isHidden()
    assert f"Amount holds no number on 2 lines (such as '{result.amount_example}'): they count without spend" in text


def test_lines_in_another_currency_are_said_again_for_their_import(qtbot, main_window, tmp_path):
    """An Amazon report of three marketplaces: the lines in CAD and MXN land without spend, and the Data page says
    so for the selected import, as the import did (until session 47 their amounts were summed with the dollars)."""
    from tests.engine.ingest.test_currencies import AMAZON

    path = tmp_path / "amazon_orders.txt"
    path.write_text(AMAZON, encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    assert import_file(project, path).other_currency == 2
    main_window.ctx.set_project(project)
    page = main_window.pages["data"]
    page.imports.table.selectRow(0)
    assert not page.import_notes.isHidden()
    assert ("2 lines are in another currency than USD (such as CAD, MXN): they count without spend (no exchange rate "
            "was given)." in page.import_notes.text())
    # the revenue is said in the currency it is in
    wait_for_data_figures(qtbot, page)
    assert page.cards["orders"].detail.text() == "revenue 45 USD"


def test_an_order_report_read_with_its_lines_says_what_it_gave(qtbot, main_window, tmp_path):
    """Taobao's order report lands no events of its own: its row says 0, and its note says whose lines took its
    orders' buyers and times, with the buyers' province from their addresses."""
    from engine.ingest import import_files
    from tests.engine.ingest.test_order_lines import taobao_pair

    orders, lines = taobao_pair(tmp_path)
    project = create_project(tmp_path / "p.shiftwise")
    import_files(project, [orders, lines])
    main_window.ctx.set_project(project)
    page = main_window.pages["data"]
    page.imports.table.selectRow(0)
    assert not page.import_notes.isHidden()
    assert page.import_notes.text() == (
        "Read: Customer from 买家会员名, Time from 订单付款时间, Order from 订单编号, Region from 收货地址. "
        f"The buyers and times of 3 orders, read with the lines of {lines.name}.")
    page.grab().save(str(tmp_path / "data_page_order_report.png"))


def test_an_import_can_be_removed_from_the_data_page(qtbot, main_window, tmp_path):
    """Remove import… asks first, then takes the import's rows out as a job and the page shows the project without
    them; an import a later overlapping export skipped rows against says why it cannot go, and stays."""
    from PySide6.QtWidgets import QMessageBox

    from tests.waits import HANG_MS

    first, second = tmp_path / "jan.csv", tmp_path / "jan_feb.csv"
    first.write_text("customer_id,ts,amount\nC1,2026-01-05 10:00,3.5\nC2,2026-01-06 10:00,4\n", encoding="utf-8")
    second.write_text("customer_id,ts,amount\nC1,2026-01-05 10:00,3.5\nC3,2026-02-06 10:00,5\n", encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    import_file(project, first)
    import_file(project, second)
    main_window.ctx.set_project(project)
    page = main_window.pages["data"]
    assert not page.remove_button.isEnabled()
    page.imports.table.selectRow(0)          # jan.csv, whose row jan_feb.csv skipped as already there
    assert page.remove_button.isEnabled()
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    box = page.findChild(QMessageBox, "remove_import_box")
    assert "jan.csv cannot be removed before jan_feb.csv" in box.text()
    box.button(QMessageBox.StandardButton.Ok).click()
    page.imports.table.selectRow(1)          # jan_feb.csv
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    box = [b for b in page.findChildren(QMessageBox, "remove_import_box") if b.isVisible()][0]
    assert box.text().startswith("Remove jan_feb.csv and its 1 event from the project?")
    with qtbot.waitSignal(main_window.ctx.data_changed, timeout=HANG_MS):
        box.button(QMessageBox.StandardButton.Yes).click()
    wait_for_data_figures(qtbot, page)
    assert page.imports.model.rowCount() == 1 and page.cards["customers"].value.text() == "2"
    assert project.scalar("SELECT count(*) FROM events") == 2
