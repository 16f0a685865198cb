"""The predicted movements as a ranked "from → to" bar chart: expected customers per move."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from gui.i18n.engine_text import locale_number
from gui.widgets.chart_theme import ThemedPlotItem, follow_palette

#: A thin fill so the "from → to" text (in the palette's ink) stays readable on the bar.
BAR = "#0072B255"   # see-through: light on a light background, dark on a dark one


class FlowChart(pg.PlotWidget):
    def __init__(self) -> None:
        super().__init__(plotItem=ThemedPlotItem())
        self.set_title(None)
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.showGrid(x=True, y=False, alpha=0.2)
        self.setLabel("bottom", self.tr("expected customers (sum of shift probabilities)"))
        # no outline: a bar's right edge ran through its label's figures when the label was longer than the bar
        self.bars = pg.BarGraphItem(x0=[], y=[], height=0.7, width=[], brush=BAR, pen=pg.mkPen(None))
        self.addItem(self.bars)
        self.labels: list[pg.TextItem] = []
        self.getAxis("left").setStyle(showValues=False, tickLength=0)   # no marks beside the bars
        self.getAxis("left").setWidth(4)
        follow_palette(self)

    def set_title(self, horizon_weeks: int | None) -> None:
        """The horizon is the run's own (None: no run yet)."""
        # short enough for the chart's width at a 1440-wide window (a title does not wrap)
        when = self.tr("next {0} weeks").format(horizon_weeks) if horizon_weeks else self.tr("next weeks")
        self.setTitle(self.tr("Predicted moves, {0}: bought lately → enters").format(when), size="10pt")

    def set_flows(self, flows: list[tuple[str, str, float, int]], horizon_weeks: int | None = None) -> None:
        self.set_title(horizon_weeks)
        for label in self.labels:
            self.removeItem(label)
        self.labels.clear()
        flows = list(reversed(flows))  # largest at the top
        y = np.arange(len(flows), dtype=np.float64)
        widths = np.array([f[2] for f in flows], dtype=np.float64)
        self.bars.setOpts(x0=np.zeros(len(flows)), y=y, width=widths, height=0.7,
                          brush=BAR, pen=pg.mkPen(None))
        top = float(widths.max()) if len(widths) else 1.0
        for yi, (src, dst, expected, _first) in zip(y, flows):
            text = pg.TextItem(f"{src} → {dst}   {locale_number(expected, ',.1f')}", color="#222", anchor=(0, 0.5))
            # clear of the bar's left edge, which crossed the first letter ("‑STONE FRUIT")
            text.setPos(top * 0.01, yi)
            self.addItem(text)
            self.labels.append(text)
        self.setXRange(0, top * 1.02, padding=0)
        self.setYRange(-0.6, max(len(flows), 1) - 0.4, padding=0)
