"""Saved campaigns: their table, export and close buttons, and what each one did."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from engine.campaigns import Uplift
from engine.read.paged_query import PagedQuery
from gui.i18n import values
from gui.i18n.engine_text import engine_text
from gui.pages.campaigns.uplift_chart import ShiftCurves, UpliftBars
from gui.widgets.sql_table_view import SqlTableView
from gui.widgets.splitter import weighted_splitter

class SavedCampaigns(QWidget):
    #: The selected campaign changed (its id, or None).
    selected = Signal(object)
    export_requested = Signal(int)
    status_requested = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = SqlTableView(self.tr("Filter saved campaigns: name, category, status…"))
        values.translate_columns(self.table.model, status=values.campaign_value, category=values.campaign_category)
        self.table.row_selected.connect(self._on_row)
        self.export_button = QPushButton(self.tr("Export again…"))
        self.export_button.setToolTip(self.tr("Write the saved list, as it was built, to CSV or Excel, with the "
                                              "attributes ticked in the builder"))
        self.close_button = QPushButton(self.tr("Close campaign"))
        self.close_button.setToolTip(self.tr("A closed campaign no longer keeps its customers out of new lists"))
        for b in (self.export_button, self.close_button):
            b.setEnabled(False)
        self.export_button.clicked.connect(lambda: self._current is not None and self.export_requested.emit(
            self._current))
        self.close_button.clicked.connect(self._toggle_status)
        self.summary = QLabel(self.tr("Select a saved campaign to see whether its customers shifted."))
        self.summary.setWordWrap(True)
        self.summary.setMinimumHeight(44)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.curves = ShiftCurves()
        self.bars = UpliftBars()
        self._current: int | None = None
        self._status: str | None = None
        self._all: list[Uplift] = []

        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        top = QWidget()
        tv = QVBoxLayout(top)
        tv.setContentsMargins(0, 0, 0, 0)
        tv.addWidget(self.table, 1)
        tv.addLayout(buttons)
        charts = weighted_splitter(Qt.Orientation.Horizontal, (self.curves.plot, 1), (self.bars.plot, 1))
        bottom = QWidget()
        bv = QVBoxLayout(bottom)
        bv.setContentsMargins(0, 0, 0, 0)
        bv.addWidget(self.summary)
        bv.addWidget(charts, 1)
        split = weighted_splitter(Qt.Orientation.Vertical, (top, 1), (bottom, 2))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    @property
    def current(self) -> int | None:
        """The id of the saved campaign selected (None: none)."""
        return self._current

    @property
    def shown(self) -> bool:
        """A project's saved campaigns are listed (False: none since the project opened)."""
        return self.table.model.query is not None

    def set_list(self, query: PagedQuery | None) -> None:
        """List the saved campaigns of ``query`` (:func:`~engine.read.campaigns.saved_campaigns_query`, read ahead
        by the page's read), or none; nothing selected."""
        self._current = None
        self.table.set_query(query)
        self.show_uplift(None)

    def refresh(self) -> None:
        self.table.refresh()
        self.table.table.resizeColumnsToContents()

    def select_campaign(self, campaign_id: int) -> None:
        model = self.table.model
        for row in range(model.rowCount()):
            values = model.row_values(row)
            if values is not None and values[0] == campaign_id:
                self.table.table.selectRow(row)
                return

    def _on_row(self, row: dict) -> None:
        self._current = row.get("id")
        self._status = row.get("status")
        for b in (self.export_button, self.close_button):
            b.setEnabled(self._current is not None)
        self.close_button.setText(self.tr("Reopen campaign") if self._status == "closed" else self.tr("Close campaign"))
        self.selected.emit(self._current)
        self.bars.show(self._all, self._current)

    def _toggle_status(self) -> None:
        if self._current is not None:
            self.status_requested.emit(self._current, "active" if self._status == "closed" else "closed")

    def show_uplift(self, u: Uplift | None) -> None:
        self.curves.show(u)
        if u is None:
            self.summary.setText(self.tr("Select a saved campaign to see whether its customers shifted."))
        else:
            self.summary.setText(f"<b>{html.escape(u.name)}</b> — {html.escape(engine_text(u.describe()))}")

    def show_all(self, uplifts: list[Uplift]) -> None:
        self._all = list(uplifts)
        self.bars.show(self._all, self._current)
