"""How the number of interest clusters was chosen: per candidate k, the three criteria of the rule
(silhouette, agreement across seeds, smallest cluster's share), the two thresholds, and the pick."""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gui.widgets.charts import make_plot

SERIES = ((QT_TRANSLATE_NOOP("KQualityPlot", "silhouette"), "#4E79A7"),
          (QT_TRANSLATE_NOOP("KQualityPlot", "agreement across seeds"), "#59A14F"),
          (QT_TRANSLATE_NOOP("KQualityPlot", "smallest cluster"), "#F28E2B"))


class KQualityPlot(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # (the ticks are the numbers of clusters tried, which the title names: the axis's own title took the key's
        # room on a laptop's screen)
        self.plot = make_plot(self.tr("How k was chosen"), left=self.tr("score"))
        self.plot.setMinimumHeight(110)
        self.plot.setMaximumHeight(200)
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.curves = [self.plot.plot([], [], pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=5,
                                      symbolBrush=colour) for _name, colour in SERIES]
        # the key under the chart, wrapped to its width: a legend on the chart (240 pixels wide on a laptop) lay over
        # the agreement across seeds, near 1, and the names over the other lines
        self.key = QLabel(" ".join(f'<span style="color:{colour}">●</span>&nbsp;{html.escape(self.tr(name))}'
                                   for name, colour in SERIES))
        self.key.setWordWrap(True)
        self.key.setTextFormat(Qt.TextFormat.RichText)
        # the thresholds a usable k must pass: agreement across seeds and the smallest cluster's share
        self.stability_line = pg.InfiniteLine(angle=0, pen=pg.mkPen("#59A14F", style=Qt.PenStyle.DashLine))
        self.share_line = pg.InfiniteLine(angle=0, pen=pg.mkPen("#F28E2B", style=Qt.PenStyle.DashLine))
        self.chosen_line = pg.InfiniteLine(angle=90, pen=pg.mkPen("#E15759", width=2))
        for line in (self.stability_line, self.share_line, self.chosen_line):
            line.setVisible(False)
            self.plot.addItem(line)
        self.rule = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.plot)
        layout.addWidget(self.key)

    def set_scores(self, scores: list, chosen: int | None = None, rule: str = "",
                   thresholds: tuple[float, float] | None = None) -> None:
        """``scores``: [[k, silhouette, agreement, smallest share], ...] so far (older runs: [[k, silhouette]]);
        ``chosen`` the picked k, ``thresholds`` (agreement, share) a usable k must reach."""
        rows = sorted(tuple(float(v) for v in s) for s in scores)
        for i, curve in enumerate(self.curves):
            pts = [(r[0], r[i + 1]) for r in rows if len(r) > i + 1]
            data = np.array(pts, dtype=np.float64).reshape(len(pts), 2)
            curve.setData(data[:, 0], data[:, 1])
        for line, value in zip((self.stability_line, self.share_line), thresholds or (None, None)):
            line.setVisible(value is not None and bool(rows))
            if value is not None:
                line.setValue(float(value))
        self.chosen_line.setVisible(chosen is not None and bool(rows))
        if chosen is not None:
            self.chosen_line.setValue(float(chosen))
        self.rule = rule
        self.plot.setToolTip(
            (rule + "\n\n" if rule else "") + self.tr(
                "Per candidate number of clusters: the silhouette (on at most 5,000 customers; higher is better "
                "separated), the agreement (adjusted Rand) between k-means runs from different seeds, and the "
                "smallest cluster's share of customers. Dashed: the thresholds a usable k must reach; red: the k "
                "used."))
