"""The rejected rows of an import: line, reason and the raw text, filterable, paged from SQL."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from engine.ingest.reasons import reject_reason
from engine.read.imports import import_file_name, rejects_paged, rejects_reasons
from gui.context import AppContext
from gui.i18n.engine_text import engine_text, locale_number
from gui.widgets.sql_table_model import SqlTableModel


class RejectsDialog(QDialog):
    def __init__(self, ctx: AppContext, import_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        project = ctx.project
        name = import_file_name(project, import_id)
        self.setWindowTitle(self.tr("Rejected rows of {file}").format(file=name))
        self.resize(900, 550)
        layout = QVBoxLayout(self)
        reasons = rejects_reasons(project, import_id)
        total = sum(n for _, n in reasons)
        why = "; ".join(f"{engine_text(reject_reason(reason))} ({locale_number(n, ',')})" for reason, n in reasons[:6])
        text = self.tr(
            "%Ln row(s) of {file} were not imported. Why: {reasons}. Fix them in the file and import it again, or "
            "leave them out.", "", total).format(file=name, reasons=why) if total else \
            self.tr("Every row of {file} was imported.").format(file=name)
        self.summary = QLabel(text)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter by reason or text…"))
        layout.addWidget(self.filter)
        # the same query as import --rejects-out, so the two always list the same rows
        query = rejects_paged(project, [import_id])
        self.model = SqlTableModel(query, self, headers={"file": "File", "line": "Line", "reason": "Reason",
                                                         "row_text": "Row"})   # translated as columns
        self.model.set_cell_text("reason", lambda reason, _row: engine_text(reject_reason(reason)))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnHidden(0, True)     # one file: its name is in the title
        self.table.setColumnWidth(1, 70)
        self.table.setColumnWidth(2, 260)
        layout.addWidget(self.table, 1)
        self.filter.textChanged.connect(self.model.set_filter_text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def show_rejects(ctx: AppContext, import_id: int, parent: QWidget | None = None) -> RejectsDialog:
    """Open the rejects view of one import (non-modal); returns the dialog."""
    dialog = RejectsDialog(ctx, import_id, parent)
    dialog.show()
    return dialog
