"""The builder's gain curve: expected shifters against list size, over everyone who passes the
filters, with the chosen size marked; it follows every change of the builder's settings."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from engine.campaigns.gain import GainCurve
from gui.widgets.chart_theme import ThemedPlotItem, follow_palette
from gui.widgets.charts import color


class GainChart(pg.PlotWidget):
    def __init__(self) -> None:
        super().__init__(plotItem=ThemedPlotItem())
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.showGrid(x=True, y=True, alpha=0.2)
        self.setMinimumHeight(150)
        self.setMaximumHeight(230)
        for side in ("left", "bottom"):
            self.getAxis(side).enableAutoSIPrefix(False)
        self.setLabel("bottom", self.tr("list size (customers, best first, control group included)"))
        self.setLabel("left", self.tr("expected"))
        self.line = self.plot([], [], pen=pg.mkPen(color(0), width=2))
        self.marker = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(color(3), width=1.5,
                                                                          style=pg.QtCore.Qt.PenStyle.DashLine))
        self.point = pg.ScatterPlotItem(size=9, brush=color(3), pen=pg.mkPen(color(3)))
        self.caption = pg.TextItem("", color="#222", anchor=(0, 1))   # ink: follows the palette
        for item in (self.marker, self.point, self.caption):
            self.addItem(item)
        self.curve: GainCurve | None = None
        follow_palette(self)
        self.show_curve(None)

    def show_curve(self, curve: GainCurve | None, noun: str | None = None, lapsing: bool = False) -> None:
        """``lapsing``: the list of a win-back target, the customers likeliest to lapse first (the lowest chances to
        buy again: its curve steepens as it goes, where a list of the likeliest buyers flattens)."""
        self.curve = curve
        noun = noun or self.tr("shifters")
        self.setLabel("bottom", self.tr("list size (customers, the likeliest to lapse first, control group included)")
                      if lapsing else self.tr("list size (customers, best first, control group included)"))
        has = curve is not None and curve.total > 0
        for item in (self.marker, self.point, self.caption):
            item.setVisible(has)
        if not has:
            self.line.setData([], [])
            self.setTitle(self.tr("Expected {0} against list size: no list yet").format(noun), size="9pt")
            return
        x = np.asarray([0, *curve.sizes], np.float64)
        y = np.asarray([0.0, *curve.expected], np.float64)
        self.line.setData(x, y)
        at = self.expected_at(curve.chosen)
        self.marker.setValue(curve.chosen)
        self.point.setData([curve.chosen], [at])
        self.caption.setText(self.tr("top {0:,}: ≈{1:,.1f}").format(curve.chosen, at))
        self.caption.setPos(curve.chosen, at)
        # the curve rises (and flattens, or steepens for a win-back list): in the right half the caption goes
        # below-left of the point, in the left half above-right, so it stays inside the chart
        self.caption.setAnchor((1.05, -0.1) if curve.chosen > curve.total / 2 else (-0.05, 1.1))
        self.setTitle(self.tr("Expected {0} against list size: everyone who passes the filters ({1:,}) "
                              "would bring ≈{2:,.1f}").format(noun, curve.total, curve.expected[-1]), size="9pt")
        self.setXRange(0, curve.total, padding=0.02)
        self.setYRange(0, max(curve.expected[-1], 1e-9), padding=0.08)

    def expected_at(self, size: int) -> float:
        """Expected at a list size, read off the curve (exact at the thinned points)."""
        if self.curve is None or not self.curve.sizes:
            return 0.0
        return float(np.interp(size, [0, *self.curve.sizes], [0.0, *self.curve.expected]))
