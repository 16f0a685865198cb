"""The Data page: the project's imports, its health, where its categories come from (with the
review of derived product groups), and every event (SQL-paged)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from engine.catalog.derive import derive_groups, group_summary
from engine.read.overview import data_health, events_per_week
from engine.read.events import events_query
from engine.read.imports import imports_query
from engine.store import Project
from gui.i18n.engine_text import engine_text
from gui.pages.base import Page
from gui.widgets.charts import color, make_plot
from gui.widgets.sql_table_view import SqlTableView
from gui.widgets.stat_card import StatCard

EVENT_ORDER = ("view", "cart", "favourite", "purchase", "refund")


class DataPage(Page):
    title = "Data"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.cards = {key: StatCard(caption) for key, caption in (
            ("span", "Date range"), ("customers", "Customers"), ("orders", "Orders"),
            ("categories", "Categories"), ("events", "Events"), ("rejected", "Rows rejected"))}
        cards = QHBoxLayout()
        for card in self.cards.values():
            cards.addWidget(card)

        self.chart = make_plot("Events per week", dates=True)
        self.chart.addLegend(offset=(-10, 10))
        self._curves: dict[str, pg.PlotDataItem] = {}

        self.imports = SqlTableView("Filter imports…")
        self.imports.table.setMaximumHeight(160)
        self.rejects_button = QPushButton("Rejected rows…")
        self.rejects_button.setEnabled(False)
        self.rejects_button.setToolTip("Show the rows of the selected import that were not loaded, with why")
        self.rejects_button.clicked.connect(self._show_rejects)
        self.import_button = QPushButton("Import files…")
        self.import_button.clicked.connect(lambda: self.ctx.request_import())
        self.imports.row_selected.connect(self._on_import_selected)
        self._selected_import: int | None = None
        imports_box = QGroupBox("Imports")
        ib = QVBoxLayout(imports_box)
        ib.addWidget(self.imports)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.rejects_button)
        buttons.addStretch(1)
        ib.addLayout(buttons)
        ib.addStretch(1)

        # what the project's categories are: the file's, a catalog's, or groups derived here
        self.groups_note = QLabel("")
        self.groups_note.setObjectName("groups_note")
        self.groups_note.setWordWrap(True)
        self.groups_button = QPushButton("Review groups…")
        self.groups_button.setToolTip("The product groups and their items; rename a group")
        self.groups_button.clicked.connect(self._show_groups)
        self.derive_button = QPushButton("Group products")
        self.derive_button.setToolTip("Group the products by their names and what is bought together")
        self.derive_button.clicked.connect(self._derive_groups)
        self.derive_job = None
        self.groups_row = QWidget()
        gr = QHBoxLayout(self.groups_row)
        gr.setContentsMargins(0, 0, 0, 0)
        gr.addWidget(self.groups_note, 1)
        gr.addWidget(self.derive_button)
        gr.addWidget(self.groups_button)

        self.events = SqlTableView("Filter events: customer, item, category… (every word must match)")
        events_box = QGroupBox("Events")
        QVBoxLayout(events_box).addWidget(self.events)

        self.empty = QLabel("No project is open. Use File ▸ New project, or File ▸ Open project.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        top = QWidget()
        tl = QGridLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addLayout(cards, 0, 0, 1, 2)
        tl.addWidget(self.groups_row, 1, 0, 1, 2)
        tl.addWidget(self.chart, 2, 0)
        tl.addWidget(imports_box, 2, 1)
        tl.setColumnStretch(0, 3)
        tl.setColumnStretch(1, 2)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(events_box)
        split.setStretchFactor(1, 1)
        self.content = split
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(split)
        self.on_project_changed(None)

    def on_project_changed(self, project: Project | None) -> None:
        self.empty.setVisible(project is None)
        self.content.setVisible(project is not None)
        if project is None:
            self.imports.set_query(None)
            self.events.set_query(None)
            return
        self._update_health(project)
        self._update_groups(project)
        self.imports.set_query(imports_query(project))
        self.events.set_query(events_query(project))
        self._on_import_selected({})

    def _update_health(self, project: Project) -> None:
        h = data_health(project)
        span = (f"{h.first_event:%d %b %Y} – {h.last_event:%d %b %Y}" if h.first_event else "no events")
        days = (h.last_event - h.first_event).days + 1 if h.first_event else 0
        self.cards["span"].set(span, f"{days:,} days" if days else "")
        self.cards["customers"].set(f"{h.customers:,}")
        self.cards["orders"].set(f"{h.orders:,}", f"revenue {h.revenue:,.0f}")
        self.cards["categories"].set(f"{h.categories:,}")
        self.cards["events"].set(f"{h.events:,}", f"{h.purchases:,} purchases, {h.refunds:,} refunds")
        self.cards["rejected"].set(f"{h.rows_rejected:,}", f"in {h.imports} import(s)")
        weekly = events_per_week(project)
        for curve in self._curves.values():
            self.chart.removeItem(curve)
        self._curves.clear()
        kinds = [k for k in EVENT_ORDER if k in weekly.counts] + sorted(set(weekly.counts) - set(EVENT_ORDER))
        for i, kind in enumerate(kinds):
            self._curves[kind] = self.chart.plot(
                weekly.week_start, weekly.counts[kind], name=kind, pen=pg.mkPen(color(i), width=2))

    def _update_groups(self, project: Project) -> None:
        summary = group_summary(project)
        text = engine_text(summary.sentence())
        self.groups_note.setText(text)
        self.groups_row.setVisible(bool(text))
        self.groups_button.setVisible(summary.state in ("derived", "catalog"))
        self.derive_button.setVisible(summary.state == "pending")

    def _derive_groups(self) -> None:
        project = self.ctx.project
        if project is None:
            return
        self.derive_button.setEnabled(False)
        job = self.ctx.runner.start("Group products", derive_groups, project)
        job.returned.connect(lambda _summary: self.ctx.notify_data_changed())
        job.finished.connect(lambda: self.derive_button.setEnabled(True))
        self.derive_job = job

    def _show_groups(self) -> None:
        from gui.dialogs.groups_dialog import show_groups

        dialog = show_groups(self.ctx, self)
        dialog.renamed.connect(lambda _old, _new: self.ctx.notify_data_changed())

    def _on_import_selected(self, row: dict) -> None:
        self._selected_import = row.get("id")
        has_rejects = bool(row.get("rejected"))
        self.rejects_button.setEnabled(self._selected_import is not None and has_rejects)

    def _show_rejects(self) -> None:
        if self._selected_import is None:
            return
        from gui.dialogs.rejects_dialog import show_rejects

        show_rejects(self.ctx, int(self._selected_import), self)
