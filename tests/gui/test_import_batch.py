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


def test_masked_customer_ids_are_a_warning_the_merchandiser_reads(qtbot, ctx, tmp_path):
    """A Pinduoduo export keyed by masked phone numbers lands, and a warning box says buyers may be merged."""
    from PySide6.QtWidgets import QMessageBox

    from gui.import_flow import start_import

    path = tmp_path / "pdd.csv"
    path.write_text("订单号,手机,订单成交时间,商品,订单状态\n1,138****5678,2017-01-03 10:00:00,牛奶,已签收\n"
                    "2,139****1234,2017-01-04 10:00:00,面包,已签收\n", encoding="utf-8")
    job = start_import(ctx, [path])
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        pass
    box = _top("import_summary")
    assert box is not None and box.icon() == QMessageBox.Icon.Warning
    assert "2 rows imported" in box.text() and "masked ids (138****5678, 100% of the first rows)" in box.text()
    box.close()


def test_taobaos_order_report_and_its_lines_dropped_together_land_as_lines(qtbot, ctx, tmp_path):
    """The seller centre's two reports: the lines take their orders' buyers and times; the order report lands no
    events of its own, and the status bar says what it gave."""
    from gui.import_flow import start_import
    from tests.engine.ingest.test_order_lines import taobao_pair

    orders, lines = taobao_pair(tmp_path)
    said = []
    ctx.status_message.connect(said.append)
    with qtbot.waitSignals([ctx.data_changed, ctx.status_message], timeout=HANG_MS):
        start_import(ctx, [lines, orders])
    assert ctx.project.scalar("SELECT count(*) FROM events") == 4
    assert ctx.project.scalar("SELECT count(DISTINCT customer_id) FROM events") == 2
    assert f"{orders.name}: taobao_seller, the buyers and times of 3 orders, read with the lines of {lines.name}" \
        in said[-1] and "4 rows imported" in said[-1]


def test_taobaos_order_lines_alone_say_to_bring_the_order_report(qtbot, ctx, tmp_path):
    """No mapping dialog (no column of the file is the buyer): a box names the report to import with them."""
    from gui.import_flow import start_import
    from tests.engine.ingest.test_order_lines import taobao_pair

    _, lines = taobao_pair(tmp_path)
    job = start_import(ctx, [lines])
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        pass
    assert _top("mapping_dialog") is None
    box = _top("import_summary")
    assert box is not None and "订单报表, ExportOrderList" in box.text()
    assert ctx.project.scalar("SELECT count(*) FROM imports") == 0
    box.close()


def test_the_order_report_added_from_the_box_lands_the_lines(qtbot, ctx, tmp_path, monkeypatch):
    """The box of lines without their orders offers to add the order report: chosen there, both files are imported."""
    from PySide6.QtWidgets import QPushButton

    import gui.import_flow as flow
    from tests.engine.ingest.test_order_lines import taobao_pair

    orders, lines = taobao_pair(tmp_path)
    asked = []
    monkeypatch.setattr(flow, "choose_files", lambda parent, title, folder: asked.append(folder) or [str(orders)])
    job = flow.start_import(ctx, [lines])
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        pass
    box = _top("import_summary")
    add = box.findChild(QPushButton, "add_order_report")
    assert add is not None and add.text() == "Add the order report…"
    with qtbot.waitSignal(ctx.data_changed, timeout=HANG_MS):
        add.click()
    assert asked == [lines.parent]
    assert ctx.project.scalar("SELECT count(*) FROM events") == 4
    assert ctx.project.scalar("SELECT count(*) FROM imports") == 2
