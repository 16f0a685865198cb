"""The model card: every candidate side by side (mean ± sd over the out-of-sample cuts), what ships and why,
what the run used, and a plain verdict."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFormLayout, QHeaderView, QLabel, QScrollArea, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from engine.models.migration.results import METRIC_COLUMNS, ModelCard
from gui.i18n.engine_text import engine_text
from gui.theme import set_tone, verdict_tone

HEADERS = ("", "AUC", "Precision@5", "Recall@10", "NDCG@10")   # metric names: the same in every language


class ModelCardView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.verdict = QLabel(self.tr("No migration model yet. Press Train to build one."))
        self.verdict.setWordWrap(True)
        self.verdict.setObjectName("verdict")
        # the page shows the verdict as a banner above everything; this widget owns its text
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(170)
        self.table.setWordWrap(True)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.facts = QFormLayout()
        inner = QWidget()
        il = QVBoxLayout(inner)
        il.setContentsMargins(0, 0, 0, 0)
        il.addWidget(self.table)
        il.addLayout(self.facts)
        il.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def show_card(self, card: ModelCard | None, empty: str | None = None) -> None:
        """``empty``: what the card says when there is no model (by default, to press Train)."""
        while self.facts.rowCount():
            self.facts.removeRow(0)
        if card is None:
            self.table.setRowCount(0)
            self.verdict.setText(empty or self.tr("No migration model yet. Press Train to build one."))
            set_tone(self.verdict, None)
            return
        self.verdict.setText(engine_text(card.verdict))
        set_tone(self.verdict, verdict_tone(card.outcome), "font-weight: bold; padding: 4px;")
        self.table.setRowCount(len(card.rows))
        best = {m: max((r.get(m, float("nan")) for _, r in card.rows if r.get(m) == r.get(m)), default=None)
                for m in METRIC_COLUMNS}
        for i, ((name, metrics), spread) in enumerate(zip(card.rows, card.spreads)):
            self.table.setItem(i, 0, QTableWidgetItem(engine_text(name)))
            for j, m in enumerate(METRIC_COLUMNS, start=1):
                value = metrics.get(m, float("nan"))
                sd = spread.get(m)
                # the spread on a second line: narrow figures leave the candidate's name room to be read
                text = "—" if value != value else f"{value:.3f}" + (f"\n±{sd:.3f}" if sd is not None else "")
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if value == best[m]:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        # every candidate in view: the card scrolls as a whole, not a table inside it
        self.table.setMinimumHeight(self.table.horizontalHeader().height() + 4
                                    + sum(self.table.rowHeight(i) for i in range(self.table.rowCount())))
        for caption, value in card.facts:
            label = QLabel(engine_text(value))
            label.setWordWrap(True)
            self.facts.addRow(engine_text(caption) + ":", label)
