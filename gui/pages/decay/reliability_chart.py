"""Reliability diagram of the shipped lapse probability: predicted against observed lapse rate per bin,
at the latest evaluation cut (out of sample). Points on the diagonal are honest probabilities."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gui.widgets.charts import make_plot

POINT = "#0072B2"


class ReliabilityChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = make_plot(self.tr("Are the lapse probabilities honest?"),
                              bottom=self.tr("predicted lapse probability"), left=self.tr("observed lapse rate"))
        self.plot.getViewBox().setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setXRange(0, 1, padding=0.02)
        self.plot.setYRange(0, 1, padding=0.02)
        self.plot.addItem(pg.PlotDataItem([0, 1], [0, 1], pen=pg.mkPen("#999", style=pg.QtCore.Qt.PenStyle.DashLine)))
        self.points = pg.PlotDataItem([], [], pen=pg.mkPen(POINT, width=2), symbol="o", symbolBrush=POINT,
                                      symbolPen=None)
        self.plot.addItem(self.points)
        self.bins: list[dict] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.setMinimumHeight(160)

    def set_bins(self, bins: list[dict], title: str = "") -> None:
        self.bins = list(bins)
        self.points.setData(np.array([b["predicted"] for b in bins], float), np.array([b["observed"] for b in bins],
                                                                                          float))
        if title:
            self.plot.setTitle(title)
