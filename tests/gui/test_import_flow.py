"""The import flow and the mapping dialog, driven like a user would."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from engine.store import create_project
from tests.fixtures.ingest.build import write_all
from tests.waits import HANG_MS, HANG_S, wait_for_preview


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


@pytest.fixture
def files(tmp_path):
    return write_all(tmp_path / "files")


def _top(name):
    return next((w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()), None)


def test_recognised_file_imports_and_notifies(qtbot, ctx, files):
    from gui.import_flow import start_import

    with qtbot.waitSignal(ctx.data_changed, timeout=HANG_MS):
        job = start_import(ctx, [files["generic.csv"]])
    assert job.state == "done"
    assert ctx.project.scalar("SELECT count(*) FROM events") == 5


def test_mapping_dialog_corrects_roles_and_remembers(qtbot, ctx, files, tmp_path):
    from gui.import_flow import start_import

    job = start_import(ctx, [files["unknown_columns.csv"]])
    qtbot.waitUntil(lambda: _top("mapping_dialog") is not None, timeout=HANG_MS)
    dialog = _top("mapping_dialog")
    wait_for_preview(qtbot, dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()                       # no customer chosen yet
    assert dialog.role_combos["ts"].currentText() == "zeitpunkt"   # found by its values
    dialog.role_combos["customer_id"].setCurrentText("wer")
    dialog.role_combos["item_id"].setCurrentText("artikel")
    wait_for_preview(qtbot, dialog)
    assert ok.isEnabled()
    assert dialog.result_table.rowCount() == 2
    assert dialog.result_table.item(0, 0).text() == "K1"
    dialog.grab().save(str(tmp_path / "mapping.png"))
    with qtbot.waitSignal(ctx.data_changed, timeout=HANG_MS):
        ok.click()
    assert ctx.project.scalar("SELECT count(*) FROM events") == 2
    assert ctx.project.scalar("SELECT count(*) FROM saved_mappings") == 1
    assert job.state == "done"


def test_mapping_dialog_shows_would_be_rejects(qtbot, ctx, files, tmp_path):
    from engine.ingest import inspect_file
    from gui.dialogs.mapping_dialog import MappingDialog

    dialog = MappingDialog(inspect_file(ctx.project, files["bad_rows.csv"]), ctx.project, ctx.runner)
    qtbot.addWidget(dialog)
    wait_for_preview(qtbot, dialog)
    assert dialog.result_table.rowCount() == 2
    assert dialog.rejects_table.rowCount() == 4
    reasons = [dialog.rejects_table.item(r, 1).text().split(" '")[0] for r in range(4)]
    assert reasons == ["no customer id", "unreadable time", "unreadable quantity", "too many fields"]


def test_mapping_dialog_warns_of_masked_customer_ids_while_the_column_can_change(qtbot, ctx, tmp_path):
    from engine.ingest import inspect_file
    from gui.dialogs.mapping_dialog import MappingDialog

    path = tmp_path / "pdd.csv"
    path.write_text("订单号,手机,买家编号,订单成交时间,商品\n1,138****5678,B1,2017-01-03 10:00:00,牛奶\n"
                    "2,139****1234,B2,2017-01-04 10:00:00,面包\n", encoding="utf-8")
    inspection = inspect_file(ctx.project, path)
    dialog = MappingDialog(inspection, ctx.project, ctx.runner)
    qtbot.addWidget(dialog)
    wait_for_preview(qtbot, dialog)
    customer = dialog.role_combos["customer_id"]
    customer.setCurrentIndex(customer.findData("手机"))
    wait_for_preview(qtbot, dialog)
    assert "holds masked ids (138****5678" in dialog.status.text()
    customer.setCurrentIndex(customer.findData("买家编号"))
    wait_for_preview(qtbot, dialog)
    assert "masked" not in dialog.status.text() and "2 would be imported" in dialog.status.text()


def test_mapping_dialog_shows_the_lines_rejected_before_reading(qtbot, ctx, tmp_path):
    """A line over the row limit is rejected before any row is read: the preview said nothing of it."""
    from engine.ingest import inspect_file
    from engine.ingest.textprep import MAX_LINE_BYTES
    from gui.dialogs.mapping_dialog import MappingDialog

    path = tmp_path / "long_line.csv"
    path.write_text("kunde,zeitpunkt,artikel\nK1,2024-01-05 10:00,A1\nK2,2024-01-05 11:00," + "x" * (MAX_LINE_BYTES + 10)
                    + "\nK3,2024-01-05 12:00,A3\n", encoding="utf-8")
    dialog = MappingDialog(inspect_file(ctx.project, path), ctx.project, ctx.runner)
    qtbot.addWidget(dialog)
    wait_for_preview(qtbot, dialog)
    dialog.role_combos["customer_id"].setCurrentText("kunde")
    dialog.role_combos["ts"].setCurrentText("zeitpunkt")
    wait_for_preview(qtbot, dialog)
    assert dialog.result_table.rowCount() == 2
    assert dialog.tabs.tabText(1) == "Rows that would be rejected (1)"
    assert dialog.rejects_table.item(0, 0).text() == "3"
    assert dialog.rejects_table.item(0, 1).text() == "row longer than 1 MB (the most one row may hold)"
    assert "1 line of the file cannot be read and will be rejected (row longer than 1 MB" in dialog.status.text()


def test_rejects_dialog_lists_rows(qtbot, ctx, files):
    from engine.ingest import import_file
    from gui.dialogs.rejects_dialog import show_rejects

    result = import_file(ctx.project, files["bad_rows.csv"])
    dialog = show_rejects(ctx, result.import_id)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 4
    dialog.filter.setText("quantity")
    assert dialog.model.rowCount() == 1
    assert "4 rows" in dialog.summary.text()


def test_cancel_from_the_gui_leaves_the_project_unchanged(qtbot, ctx, tmp_path, monkeypatch):
    import threading

    import duckdb

    from gui.import_flow import start_import
    from tests.cancel_points import hook_the_read, sql_hook

    big = tmp_path / "big.csv"
    duckdb.connect().execute(f"""
        COPY (SELECT 'C' || (i % 5000) AS customer_id, TIMESTAMP '2025-01-01' + to_seconds(i) AS ts,
                     'purchase' AS event_type, 'O' || i AS order_id FROM range(600000) r(i)) TO '{big}' (HEADER)""")
    # the job holds inside its read statement until the GUI has cancelled: the cancel lands mid-read
    reading, cancelled = threading.Event(), threading.Event()

    def hold_the_read():
        reading.set()
        cancelled.wait(60)

    statements = hook_the_read(monkeypatch, "hold_the_read")
    with sql_hook(ctx.project.cursor(), hold_the_read, "hold_the_read"):
        job = start_import(ctx, [big])
        qtbot.waitUntil(reading.is_set, timeout=HANG_MS)
        with qtbot.waitSignal(job.finished, timeout=HANG_MS):
            job.cancel()            # what the jobs panel's Cancel button does
            cancelled.set()
    assert len(statements) == 1
    assert job.state == "cancelled"
    assert ctx.project.scalar("SELECT count(*) FROM events") == 0
    assert ctx.project.scalar("SELECT count(*) FROM imports") == 0


def test_mapping_dialog_reads_the_file_again_in_the_encoding_chosen(qtbot, ctx, tmp_path):
    """Two lines of Hebrew in cp1255 read as well as Cyrillic: the encoding chosen shows the names as written, and
    the import reads them so."""
    from engine.ingest import import_file, inspect_file
    from gui.dialogs.mapping_dialog import MappingDialog

    path = tmp_path / "ledger.csv"
    path.write_bytes("לקוח,תאריך,מוצר\nc1,2024-01-05,תה ירוק\nc2,2024-01-06,קפה\n".encode("cp1255"))
    dialog = MappingDialog(inspect_file(ctx.project, path), ctx.project, ctx.runner)
    qtbot.addWidget(dialog)
    wait_for_preview(qtbot, dialog)
    assert dialog.file_table.horizontalHeaderItem(0).text() != "לקוח"
    dialog.encoding_combo.setCurrentIndex(dialog.encoding_combo.findData("cp1255"))
    # read again as a job (the window stays live); the choice and Import wait for it
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not dialog.encoding_combo.isEnabled() and not ok.isEnabled()
    with qtbot.waitSignal(dialog.reading.finished, timeout=HANG_MS):
        pass
    assert dialog.encoding_combo.isEnabled()
    assert [dialog.file_table.horizontalHeaderItem(c).text() for c in range(3)] == ["לקוח", "תאריך", "מוצר"]
    dialog.role_combos["customer_id"].setCurrentIndex(dialog.role_combos["customer_id"].findData("לקוח"))
    dialog.role_combos["ts"].setCurrentIndex(dialog.role_combos["ts"].findData("תאריך"))
    dialog.role_combos["item_name"].setCurrentIndex(dialog.role_combos["item_name"].findData("מוצר"))
    wait_for_preview(qtbot, dialog)
    assert dialog.result_table.item(0, 5).text() == "תה ירוק"
    mapping = dialog.mapping()
    assert mapping.encoding == "cp1255"
    import_file(ctx.project, path, mapping=mapping)
    assert {r[0] for r in ctx.project.query("SELECT item_name FROM events WHERE customer_id IN ('c1', 'c2')")} == {
        "תה ירוק", "קפה"}


def test_the_mapping_dialog_closed_while_it_reads_the_file_again_hears_nothing_of_it(qtbot, ctx, tmp_path):
    from engine.ingest import inspect_file
    from gui.dialogs.mapping_dialog import MappingDialog

    path = tmp_path / "ledger.csv"
    path.write_bytes("לקוח,תאריך,מוצר\nc1,2024-01-05,תה ירוק\n".encode("cp1255"))
    first = inspect_file(ctx.project, path)
    dialog = MappingDialog(first, ctx.project, ctx.runner)
    qtbot.addWidget(dialog)
    wait_for_preview(qtbot, dialog)
    dialog.encoding_combo.setCurrentIndex(dialog.encoding_combo.findData("cp1255"))
    job = dialog.reading
    dialog.reject()
    assert dialog.reading is None
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        pass
    assert dialog.inspection is first   # cancelled, or read and not heard: the closed dialog is left as it was


def test_a_recognised_file_can_be_imported_through_the_mapping_dialog(qtbot, ctx, tmp_path):
    """File ▸ Import and choose columns: a file the import reads without asking (its header's words known) opens
    the mapping dialog all the same, here to read its names in the encoding they were written in."""
    from gui.import_flow import choose_columns

    path = tmp_path / "ledger.csv"
    path.write_bytes("customer,date,item,amount\nc1,2024-01-05,תה ירוק,12\nc2,2024-01-06,קפה,8\n".encode("cp1255"))
    job = choose_columns(ctx, path)
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        pass
    dialog = [w for w in QApplication.topLevelWidgets() if w.objectName() == "mapping_dialog" and w.isVisible()][0]
    assert dialog.role_combos["customer_id"].currentData() == "customer"   # the guess, as for any file
    dialog.encoding_combo.setCurrentIndex(dialog.encoding_combo.findData("cp1255"))
    with qtbot.waitSignal(dialog.reading.finished, timeout=HANG_MS):
        pass
    wait_for_preview(qtbot, dialog)
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    with qtbot.waitSignal(ctx.data_changed, timeout=HANG_MS):
        dialog.accept()
    assert {r[0] for r in ctx.project.query("SELECT item_name FROM events WHERE customer_id IN ('c1', 'c2')")} == {
        "תה ירוק", "קפה"}


def test_an_import_started_while_a_model_trains_waits_for_it_and_says_so(qtbot, ctx, files, monkeypatch):
    """The jobs panel shows the import waiting (not mixing its rows into the run), and Cancel ends the wait."""
    import threading

    from engine.models import registry
    from gui.import_flow import start_import
    from gui.jobs.panel import JobsPanel

    release = threading.Event()

    def train(project, *, as_of=None, params=None, progress=None, cancel=None):
        progress(1, 10, "training")
        while not release.is_set():
            cancel.raise_if_cancelled()
            release.wait(0.05)   # the worker's own pace; the test waits on the jobs' signals
        return "trained"

    monkeypatch.setattr(registry.ModelSpec, "train_fn", lambda self: train)
    panel = JobsPanel(ctx.runner)
    qtbot.addWidget(panel)
    run = ctx.runner.start("Train segments", registry.lazy("segments"), ctx.project)
    with qtbot.waitSignal(run.progress, timeout=HANG_MS):
        pass
    waiting = lambda p: getattr(p.message, "id", None) == "progress.waiting.models"  # noqa: E731
    first = start_import(ctx, [files["generic.csv"]])
    # the worker's reports reach the window's thread only in the wait's event loop: none is missed
    with qtbot.waitSignal(first.progress, timeout=HANG_MS, check_params_cb=waiting):
        pass
    row = next(r for r in panel.rows if r.job is first)
    assert "Waiting for the models being trained to finish" in row.message.text()
    # Cancel ends the wait: the project is unchanged and the run goes on
    with qtbot.waitSignal(first.cancelled, timeout=HANG_MS):
        first.cancel()
    assert ctx.project.scalar("SELECT count(*) FROM events") == 0 and run.is_running
    again = start_import(ctx, [files["generic.csv"]])
    with qtbot.waitSignal(again.progress, timeout=HANG_MS, check_params_cb=waiting):
        pass
    # both ends waited for: the run's own end reaches the window in no set order with the import's
    with qtbot.waitSignals([ctx.data_changed, run.finished], timeout=HANG_MS):
        release.set()
    assert run.state == "done" and again.state == "done"
    assert ctx.project.scalar("SELECT count(*) FROM events") == 5


def test_the_mapping_dialog_offers_the_currency_and_previews_other_currencies_without_spend(qtbot, ctx, tmp_path):
    """An Amazon report of three marketplaces: its currency column is guessed as the currency, and the preview's
    amounts are those the import will keep (the Canadian and Mexican lines without spend)."""
    from engine.ingest import inspect_file
    from gui.dialogs.mapping_dialog import MappingDialog
    from tests.engine.ingest.test_currencies import AMAZON

    path = tmp_path / "amazon_orders.txt"
    path.write_text(AMAZON, encoding="utf-8")
    dialog = MappingDialog(inspect_file(ctx.project, path), ctx.project, ctx.runner)
    qtbot.addWidget(dialog)
    wait_for_preview(qtbot, dialog)
    assert dialog.role_combos["currency"].currentData() == "currency"
    amounts = [dialog.result_table.item(r, 8).text() for r in range(dialog.result_table.rowCount())]
    assert amounts == ["10.0", "", "20.0", "", "5.0", "10.0"]
    dialog.grab().save(str(tmp_path / "mapping_currency.png"))


def test_the_mapping_dialog_takes_the_main_currency_and_the_rates_of_the_others(qtbot, ctx, tmp_path):
    """A cross-border seller counts the Canadian lines' spend at the rate they type (the app knows none): the
    dialog lists the file's currencies, previews the converted amounts, and the import keeps them and says so."""
    from engine.ingest import inspect_file
    from engine.read.imports import import_notes
    from gui.dialogs.mapping_dialog import MappingDialog
    from gui.import_flow import start_import
    from tests.engine.ingest.test_currencies import AMAZON

    path = tmp_path / "amazon_orders.txt"
    path.write_text(AMAZON, encoding="utf-8")
    dialog = MappingDialog(inspect_file(ctx.project, path), ctx.project, ctx.runner)
    qtbot.addWidget(dialog)
    wait_for_preview(qtbot, dialog)
    rates = dialog.currency_rates
    assert not rates.isHidden()
    assert [rates.main_box.itemText(i) for i in range(rates.main_box.count())] == ["USD", "CAD", "MXN"]
    assert rates.spins["USD"].isHidden() and not rates.spins["CAD"].isHidden()
    rates.spins["CAD"].setValue(0.74)
    wait_for_preview(qtbot, dialog)

    def amounts():
        return [dialog.result_table.item(r, 8).text() for r in range(dialog.result_table.rowCount())]

    assert amounts() == ["10.0", "9.99", "20.0", "", "5.0", "10.0"]
    # spend in Canadian dollars: the US lines need a rate now, the Canadian ones are spend as written
    rates.main_box.setCurrentIndex(rates.main_box.findData("CAD"))
    wait_for_preview(qtbot, dialog)
    assert amounts() == ["", "13.5", "", "", "", ""]
    assert rates.spins["CAD"].isHidden() and not rates.spins["USD"].isHidden()
    rates.spins["USD"].setValue(1.35)
    wait_for_preview(qtbot, dialog)
    assert amounts() == ["13.5", "13.5", "27.0", "", "6.75", "13.5"]
    mapping = dialog.mapping()
    assert (mapping.main_currency, mapping.currency_rates) == ("CAD", {"USD": 1.35})
    with qtbot.waitSignal(ctx.data_changed, timeout=HANG_MS):
        job = start_import(ctx, [path], mappings={str(path): mapping})
    assert job.state == "done"
    result = job.result[0].result
    assert result.rates == {"USD": 1.35} and result.other_currency == 1
    assert ctx.project.scalar("SELECT sum(amount) FROM events") == pytest.approx(13.5 + 13.5 + 27 + 6.75 + 13.5)
    notes = [str(n) for n in import_notes(ctx.project, result.import_id)]
    assert "amounts in other currencies converted to CAD at the rates given (1 USD = 1.35 CAD)" in notes
    dialog.grab().save(str(tmp_path / "mapping_rates.png"))


def test_the_mapping_dialog_offers_a_rate_for_a_currency_met_after_the_first_rows(qtbot, ctx, tmp_path):
    """An export sorted by store, its Canadian lines after 5,200 US ones: the dialog offers their rate, as the import
    reads them (until session 52 it listed the first rows' currencies alone, and hid the box for one)."""
    from engine.ingest import inspect_file
    from gui.dialogs.mapping_dialog import MappingDialog
    from tests.engine.ingest.test_currencies import _sorted_by_store

    path = tmp_path / "orders.csv"
    path.write_text(_sorted_by_store(["USD"] * 5200, ["CAD"] * 300, True), encoding="utf-8")
    dialog = MappingDialog(inspect_file(ctx.project, path), ctx.project, ctx.runner)
    qtbot.addWidget(dialog)
    wait_for_preview(qtbot, dialog)
    rates = dialog.currency_rates
    assert dialog.role_combos["currency"].currentData() == "currency"
    assert not rates.isHidden()
    assert [rates.main_box.itemText(i) for i in range(rates.main_box.count())] == ["USD", "CAD"]
    assert not rates.spins["CAD"].isHidden() and rates.spins["USD"].isHidden()
    dialog.grab().save(str(tmp_path / "mapping_later_currency.png"))


def test_the_mapping_dialog_offers_a_rate_for_marks_after_plain_amounts_in_a_project_with_a_currency(qtbot, ctx,
                                                                                                      tmp_path):
    """A US project's export sorted by store, 5,200 plain amounts then 800 written ``€10.00``: the dialog offers the
    euros' rate, as the import reads them (until session 53 both summed them as dollars)."""
    from engine.ingest import import_file, inspect_file
    from gui.dialogs.mapping_dialog import MappingDialog
    from tests.engine.ingest.test_currencies import _sorted_by_store

    shopify = tmp_path / "shopify.csv"
    shopify.write_text("customer_id,ts,category,amount,currency\nc1,2024-01-02 10:00:00,Tea,10.00,USD\n"
                       "c2,2024-01-03 10:00:00,Tea,12.00,CAD\nc3,2024-01-04 10:00:00,Tea,9.00,USD\n", encoding="utf-8")
    import_file(ctx.project, shopify)
    path = tmp_path / "orders.csv"
    path.write_text(_sorted_by_store(["12.50"] * 5200, ["€10.00"] * 800, False), encoding="utf-8")
    dialog = MappingDialog(inspect_file(ctx.project, path), ctx.project, ctx.runner)
    qtbot.addWidget(dialog)
    wait_for_preview(qtbot, dialog)
    rates = dialog.currency_rates
    assert not rates.isHidden()
    assert [rates.main_box.itemText(i) for i in range(rates.main_box.count())] == ["USD", "EUR"]
    assert not rates.spins["EUR"].isHidden()
    assert {dialog.result_table.item(r, 8).text() for r in range(dialog.result_table.rowCount())} == {"12.5"}
    dialog.grab().save(str(tmp_path / "mapping_marks_after_plain.png"))


def test_an_export_of_a_row_per_order_with_its_items_in_one_cell_lands_as_its_items(qtbot, ctx, tmp_path):
    """WooCommerce's order export plugin packs an order's items in line_items: the import (and the dialog's
    columns) read a line per item, and the status bar says so."""
    from engine.ingest import inspect_file
    from gui.dialogs.mapping_dialog import MappingDialog
    from gui.import_flow import start_import
    from tests.engine.ingest.test_packed_items import WOO

    path = tmp_path / "orders.csv"
    path.write_text(WOO, encoding="utf-8")
    dialog = MappingDialog(inspect_file(ctx.project, path), ctx.project, ctx.runner)
    qtbot.addWidget(dialog)
    wait_for_preview(qtbot, dialog)
    assert dialog.role_combos["item_name"].currentData() == "Item Name"
    assert dialog.result_table.rowCount() == 3
    with qtbot.waitSignal(ctx.data_changed, timeout=HANG_MS):
        job = start_import(ctx, [path])
    assert job.state == "done"
    assert ctx.project.scalar("SELECT count(DISTINCT item_id) FROM events") == 3
    assert "line_items packed each order's items in one cell" in str(job.result[0].result.summary())


def test_the_currency_choice_goes_when_the_files_currencies_change(qtbot):
    """Spend in CAD chosen, then another column mapped as the currency (EUR, GBP): the choice no longer holds, and
    the mapping names none (the box shows the most frequent), rather than a currency the box does not list."""
    from gui.dialogs.currency_rates import CurrencyRates

    box = CurrencyRates()
    qtbot.addWidget(box)
    box.set_found(("USD", "CAD"))
    box.main_box.setCurrentIndex(box.main_box.findData("CAD"))
    assert box.main_currency() == "CAD"
    box.set_found(("EUR", "GBP"))
    assert box.main_currency() is None and box.main_box.currentData() == "EUR"
    box.spins["GBP"].setValue(1.17)
    assert box.rates() == {"GBP": 1.17}


def test_the_mapping_dialog_reads_a_file_as_a_product_list_when_told(qtbot, ctx, files, tmp_path):
    """A product list whose words no format knows: told so, the dialog asks for its item and category and the
    import gives the items their categories."""
    from engine.ingest import import_file
    from gui.import_flow import start_import

    import_file(ctx.project, files["unknown_columns.csv"], mapping={
        "format": "custom", "columns": {"customer_id": "wer", "ts": "zeitpunkt", "item_id": "artikel"}})
    path = tmp_path / "stammdaten.csv"
    path.write_text("nummer,bezeichnung,gruppe\nA1,Tee,Getränke\nA2,Tasse,Küche\n", encoding="utf-8")
    job = start_import(ctx, [path])
    qtbot.waitUntil(lambda: _top("mapping_dialog") is not None, timeout=HANG_MS)
    dialog = _top("mapping_dialog")
    wait_for_preview(qtbot, dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("product_catalog"))
    wait_for_preview(qtbot, dialog)
    assert not ok.isEnabled() and not dialog.role_combos["ts"].isEnabled()
    assert "Item id" in dialog.status.text()
    dialog.role_combos["item_id"].setCurrentText("nummer")
    dialog.role_combos["category"].setCurrentText("gruppe")
    wait_for_preview(qtbot, dialog)
    assert ok.isEnabled() and dialog.result_table.rowCount() == 2
    assert [dialog.result_table.horizontalHeaderItem(i).text() for i in range(3)] == ["Item id", "Item name", "Category"]
    dialog.grab().save(str(tmp_path / "product_list.png"))
    with qtbot.waitSignal(ctx.data_changed, timeout=HANG_MS):
        ok.click()
    assert job.state == "done"
    assert ctx.project.query("SELECT item_id, category FROM events ORDER BY item_id") == [("A1", "Getränke"),
                                                                                         ("A2", "Küche")]


def test_the_mapping_dialog_reads_a_list_of_customers_and_remembers_it(qtbot, ctx, tmp_path):
    """A list of customers in words no format knows: told so, the dialog takes a customer and an attribute, the
    import gives the customers their values, and the next file with that header is read as such without asking."""
    from engine.features.current_attributes import CURRENT_BY_CUSTOMER
    from engine.ingest import inspect_file
    from gui.import_flow import start_import

    path = tmp_path / "kartei.csv"
    path.write_text("wer,stufe\nK1,gold\nK2,silber\n", encoding="utf-8")
    job = start_import(ctx, [path])
    qtbot.waitUntil(lambda: _top("mapping_dialog") is not None, timeout=HANG_MS)
    dialog = _top("mapping_dialog")
    wait_for_preview(qtbot, dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("customer_list"))
    dialog.role_combos["customer_id"].setCurrentText("wer")
    wait_for_preview(qtbot, dialog)
    assert not ok.isEnabled() and "an attribute" in dialog.status.text()
    dialog.role_combos["member_level"].setCurrentText("stufe")
    wait_for_preview(qtbot, dialog)
    assert ok.isEnabled() and dialog.result_table.rowCount() == 2
    with qtbot.waitSignal(ctx.data_changed, timeout=HANG_MS):
        ok.click()
    assert job.state == "done"
    assert ctx.project.query(f"SELECT customer_id, member_level FROM {CURRENT_BY_CUSTOMER} ORDER BY 1") == [
        ("K1", "gold"), ("K2", "silber")]
    again = tmp_path / "kartei_2.csv"
    again.write_text("wer,stufe\nK3,gold\n", encoding="utf-8")
    inspection = inspect_file(ctx.project, again)
    assert inspection.saved and inspection.guess.format == "customer_list"


def _held_previews(ctx, tmp_path, monkeypatch):
    """A GBK file inspected with its copy kept open, as File ▸ Import and choose columns does, and the dialog's
    previews recorded: the first holds until ``hold`` is set (``held`` is set as it starts)."""
    import threading

    from engine.ingest import inspect_file
    from gui.dialogs import mapping_dialog
    from tests.engine.ingest.test_encoding_detection import _text

    path = tmp_path / "taobao.csv"
    path.write_bytes(_text("gb18030").encode("gb18030"))
    inspection = inspect_file(ctx.project, path, keep_open=True)
    threads, hold, held = [], threading.Event(), threading.Event()
    real = mapping_dialog.preview_mapping

    def preview(*args, **kwargs):
        threads.append(threading.current_thread())
        if not held.is_set():
            held.set()
            hold.wait(HANG_S)
        return real(*args, **kwargs)

    monkeypatch.setattr(mapping_dialog, "preview_mapping", preview)
    return path, inspection, threads, hold, held


def test_the_mapping_dialog_previews_off_the_windows_thread_on_the_file_inspected(qtbot, ctx, tmp_path,
                                                                                  monkeypatch):
    """Opening a file may copy it whole (a GBK file, items packed in a cell) and a preview at 10^7 lines held the
    window 0.5 s: the dialog previews as a job, on the file its inspection opened (no second copy), and a change
    made while a preview runs is previewed once it ends, its stale rows never shown."""
    import threading

    from engine.ingest import open_files
    from gui.dialogs import mapping_dialog
    from tests.engine.ingest.test_encoding_detection import ROWS

    path, inspection, threads, hold, held = _held_previews(ctx, tmp_path, monkeypatch)
    monkeypatch.setattr(open_files, "open_source", lambda *a, **k: pytest.fail("the file was opened again"))
    dialog = mapping_dialog.MappingDialog(inspection, ctx.project, ctx.runner)
    qtbot.addWidget(dialog)
    customer = dialog.role_combos["customer_id"]
    assert customer.currentData() == "买家会员名" and dialog.previewing is not None
    qtbot.waitUntil(held.is_set, timeout=HANG_MS)
    # the file is open already, but the first preview may read all of it (its currencies): said while it runs
    assert dialog.status.text() == "Reading taobao.csv…"
    dialog.role_combos["amount"].setCurrentIndex(0)   # while the first preview runs
    fills = []
    fill = mapping_dialog._fill
    monkeypatch.setattr(mapping_dialog, "_fill", lambda table, *a: (fills.append(table), fill(table, *a)))
    with qtbot.waitSignal(dialog.previewed, timeout=HANG_MS):
        hold.set()
    assert len(threads) == 2 and threading.main_thread() not in threads
    assert fills.count(dialog.result_table) == 1   # the first preview's rows, read with the amount, not shown
    assert dialog.result_table.rowCount() == ROWS and dialog.result_table.item(0, 8).text() == ""
    assert "40 would be imported" in dialog.status.text()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    copy = dialog.files.source(path, dialog.mapping()).read_path
    dialog.reject()
    assert not copy.exists()


def test_the_mapping_dialog_closed_while_it_previews_hears_nothing_and_closes_the_file_after(qtbot, ctx, tmp_path,
                                                                                            monkeypatch):
    from gui.dialogs import mapping_dialog

    path, inspection, _, hold, held = _held_previews(ctx, tmp_path, monkeypatch)
    copy = inspection.files.source(path, inspection.guess).read_path
    dialog = mapping_dialog.MappingDialog(inspection, ctx.project, ctx.runner)
    qtbot.addWidget(dialog)
    job = dialog.previewing
    qtbot.waitUntil(held.is_set, timeout=HANG_MS)
    status = dialog.status.text()
    dialog.reject()
    assert dialog.previewing is None and copy.exists()   # the job still reads it
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        hold.set()
    assert not copy.exists() and dialog.status.text() == status and dialog.result_table.rowCount() == 0
