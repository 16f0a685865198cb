"""Review product groups: the groups (SQL-paged), the items of the selected one, and rename."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from engine.catalog.derive import group_summary, rename_group
from engine.read.groups import group_items_query, groups_query
from engine.store.errors import ProjectError
from gui.context import AppContext
from gui.i18n.engine_text import engine_text
from gui.widgets.sql_table_view import SqlTableView
from gui.widgets.splitter import weighted_splitter


class GroupsDialog(QDialog):
    #: A group was renamed: (old name, new name).
    renamed = Signal(str, str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Product groups"))
        self.resize(1000, 600)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self.tr(
            "{summary} Select a group to see its items; rename it to give it your own name (or a name another "
            "group has, to merge them). For many changes at once: export the catalog, edit it, import it back."
        ).format(summary=engine_text(group_summary(ctx.project).sentence())))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.groups = SqlTableView(self.tr("Filter groups…"))
        self.items = SqlTableView(self.tr("Filter the group's items…"))
        split = weighted_splitter(Qt.Orientation.Horizontal, (self.groups, 2), (self.items, 3))
        layout.addWidget(split, 1)
        row = QHBoxLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("New name for the selected group"))
        self.rename_button = QPushButton(self.tr("Rename"))
        self.rename_button.setEnabled(False)
        row.addWidget(self.name_edit, 1)
        row.addWidget(self.rename_button)
        layout.addLayout(row)
        #: why a rename did not happen (a job is using the shop's data)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._group: str | None = None
        self.groups.row_selected.connect(self._on_group)
        self.rename_button.clicked.connect(self._rename)
        self.name_edit.returnPressed.connect(self._rename)
        self._load()

    def _load(self) -> None:
        self.groups.set_query(groups_query(self.ctx.project))
        self._on_group({})

    def _on_group(self, row: dict) -> None:
        self._group = row.get("group")
        self.rename_button.setEnabled(self._group is not None)
        if self._group is None:
            self.items.set_query(None)
            return
        self.name_edit.setText(self._group)
        self.items.set_query(group_items_query(self.ctx.project, self._group))

    def _rename(self) -> None:
        new = self.name_edit.text().strip()
        if self._group is None or not new or new == self._group:
            return
        old = self._group
        try:
            rename_group(self.ctx.project, old, new)
        except ProjectError as exc:
            self.note.setText(engine_text(exc))
            self.note.show()
            return
        self.note.hide()
        self._load()
        self.renamed.emit(old, new)


def show_groups(ctx: AppContext, parent: QWidget | None = None) -> GroupsDialog:
    dialog = GroupsDialog(ctx, parent)
    dialog.show()
    return dialog
