"""How the number of interest clusters was chosen: the silhouette of each candidate k."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from gui.widgets.charts import make_plot


class KQualityPlot(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QVBoxLayout

        self.plot = make_plot("Cluster quality", left="silhouette", bottom="number of clusters")
        self.plot.setMinimumHeight(130)
        self.plot.setMaximumHeight(170)
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setToolTip("Silhouette of each candidate number of clusters, on a sample of at most "
                             "5,000 customers: higher means better separated. The best one is used.")
        self.curve = self.plot.plot([], [], pen=pg.mkPen("#4E79A7", width=2), symbol="o", symbolSize=6,
                                    symbolBrush="#4E79A7")
        self.best = self.plot.plot([], [], pen=None, symbol="o", symbolSize=12, symbolBrush="#E15759")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def set_scores(self, scores: list) -> None:
        """``scores``: [[k, silhouette], ...] so far; the best is marked."""
        if not scores:
            self.curve.setData([], [])
            self.best.setData([], [])
            return
        data = np.array(sorted((float(k), float(s)) for k, s in scores), dtype=np.float64)
        self.curve.setData(data[:, 0], data[:, 1])
        i = int(np.argmax(data[:, 1]))
        self.best.setData(data[i:i + 1, 0], data[i:i + 1, 1])
