"""The Data page says where the categories come from: derived product groups (reviewed and
renamed in a dialog), products still to group, or no item ids at all."""

from __future__ import annotations

from PySide6.QtCore import Qt

from engine.workflows import import_shop, import_shop_file
from engine.store import create_project
from gui.dialogs.groups_dialog import GroupsDialog
from tests.engine.test_derived_groups import EN_MODS, EN_NOUNS, planted, write_orders
from tests.waits import HANG_MS


def _orders(tmp_path):
    names, truth = planted(EN_NOUNS[:20], EN_MODS, " ")
    path = tmp_path / "orders.csv"
    write_orders(path, names, truth)
    return path


def test_derived_groups_are_announced_reviewed_and_renamed(qtbot, main_window, tmp_path):
    project = create_project(tmp_path / "p.shiftwise")
    import_shop(project, [_orders(tmp_path)])
    main_window.ctx.set_project(project)
    page = main_window.pages["data"]
    groups = project.scalar("SELECT count(DISTINCT category) FROM item_catalog")
    items = project.scalar("SELECT count(*) FROM item_catalog")
    assert page.groups_note.text() == (f"No category column: {items:,} products grouped into {groups} groups "
                                       f"by their names and baskets.")
    assert not page.groups_button.isHidden() and page.derive_button.isHidden()
    qtbot.mouseClick(page.groups_button, Qt.MouseButton.LeftButton)
    dialog = page.findChildren(GroupsDialog)[0]
    assert dialog.isVisible() and dialog.groups.model.rowCount() == groups
    dialog.groups.table.selectRow(0)
    old = dialog.name_edit.text()
    n = project.scalar("SELECT count(*) FROM item_catalog WHERE category = ?", [old])
    assert dialog.items.model.rowCount() == n
    dialog.name_edit.setText("Breakfast")
    with qtbot.waitSignal(main_window.ctx.data_changed):
        qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    assert project.scalar("SELECT count(DISTINCT item_id) FROM events WHERE category = 'Breakfast'") == n
    assert project.scalar("SELECT count(*) FROM events WHERE category = ?", [old]) == 0
    names = {dialog.groups.model.index(r, 0).data() for r in range(dialog.groups.model.rowCount())}
    assert "Breakfast" in names and old not in names
    dialog.close()


def test_products_not_yet_grouped_can_be_grouped_from_the_page(qtbot, main_window, tmp_path):
    project = create_project(tmp_path / "p.shiftwise")
    import_shop_file(project, _orders(tmp_path))
    # as after a grouping cancelled at the end of the import: the events landed, without groups
    project.cursor().execute("DELETE FROM item_catalog WHERE source = 'derived'")
    project.cursor().execute("UPDATE events SET category = NULL")
    main_window.ctx.set_project(project)
    page = main_window.pages["data"]
    assert "not grouped yet" in page.groups_note.text() and not page.derive_button.isHidden()
    with qtbot.waitSignal(main_window.ctx.data_changed, timeout=HANG_MS):
        qtbot.mouseClick(page.derive_button, Qt.MouseButton.LeftButton)
    assert page.groups_note.text().startswith("No category column:")
    assert "grouped into" in page.groups_note.text() and page.derive_button.isHidden()


def test_a_ledger_without_items_says_why_there_are_no_groups(main_window, tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text("customer_id,date,quantity,amount\nC1,2026-01-05,1,3.5\nC2,2026-01-06,2,7\n", encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    import_shop(project, [path])
    main_window.ctx.set_project(project)
    page = main_window.pages["data"]
    assert "no item ids" in page.groups_note.text()
    assert page.groups_button.isHidden() and page.derive_button.isHidden()
