"""Charts of what campaigns did: one campaign's shift curves, and every campaign's uplift with its CI."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication

from engine.campaigns import Uplift
from gui.widgets.charts import color, make_plot


class ShiftCurves:
    """Cumulative share of target and control who shifted, week by week after the campaign date."""

    def __init__(self) -> None:
        self.plot = make_plot(
            QCoreApplication.translate("UpliftChart", "Shifted into the category since the campaign"),
            left=QCoreApplication.translate("UpliftChart", "% of group"),
            bottom=QCoreApplication.translate("UpliftChart", "weeks after the campaign date"))
        self.plot.addLegend(offset=(10, 10))
        self.target = self.plot.plot([], [], name=QCoreApplication.translate("UpliftChart", "target"),
                                     pen=pg.mkPen(color(0), width=2),
                                     symbol="o", symbolSize=6, symbolBrush=color(0))
        self.control = self.plot.plot([], [], name=QCoreApplication.translate("UpliftChart", "control (no message)"),
                                      pen=pg.mkPen(color(1), width=2),
                                      symbol="s", symbolSize=6, symbolBrush=color(1))
        self.plot.getAxis("bottom").setTickSpacing(1, 1)
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        self.empty = _placeholder(self.plot, QCoreApplication.translate(
            "UpliftChart", "Results appear here once orders after the campaign date are imported"))
        self.window = pg.InfiniteLine(angle=90, pen=pg.mkPen("#999", style=pg.QtCore.Qt.PenStyle.DashLine))
        self.plot.addItem(self.window)
        self.window.hide()

    def show(self, u: Uplift | None) -> None:
        self.plot.setTitle(QCoreApplication.translate("UpliftChart", "Bought anything since the campaign")
                           if u is not None and u.buys_anything else
                           QCoreApplication.translate("UpliftChart", "Shifted into the category since the campaign"),
                           size="10pt")
        if u is None or not u.weekly or u.weeks_observed <= 0:
            self.target.setData([], [])
            self.control.setData([], [])
            self.window.hide()
            self.plot.setXRange(0, u.horizon_weeks if u else 4, padding=0.05)
            self.plot.setYRange(0, 10, padding=0)
            self.empty.setVisible(True)
            return
        self.empty.setVisible(False)
        self.plot.enableAutoRange(axis="y")
        observed = [w for w in u.weekly if w[0] <= np.ceil(u.weeks_observed)] if u.weeks_observed > 0 else []
        x = np.array([0.0] + [float(w[0]) for w in observed])
        for curve, k in ((self.target, 1), (self.control, 2)):
            y = [0.0] + [100.0 * (w[k] or 0.0) for w in observed]
            curve.setData(x, np.array(y)) if (u.n_target if k == 1 else u.n_control) else curve.setData([], [])
        self.plot.setXRange(0, u.horizon_weeks, padding=0.05)
        if u.status == "partial":
            self.window.setValue(u.weeks_observed)  # data ends here: the rest of the window is not seen yet
            self.window.show()
        else:
            self.window.hide()


class UpliftBars:
    """Every measured campaign's uplift (points) with its 95% confidence interval (bars)."""

    def __init__(self) -> None:
        self.plot = make_plot(QCoreApplication.translate("UpliftChart", "Uplift per campaign, with 95% CI"),
                              left=QCoreApplication.translate("UpliftChart", "uplift (points)"))
        for side in ("left", "bottom"):
            self.plot.getAxis(side).enableAutoSIPrefix(False)
        self.plot.addLine(y=0, pen=pg.mkPen("#999"))
        self.points = pg.ScatterPlotItem(size=9, brush=pg.mkBrush(color(2)), pen=None)
        self.bars = pg.ErrorBarItem(beam=0.25, pen=pg.mkPen(color(2), width=1.5))
        self.plot.addItem(self.bars)
        self.plot.addItem(self.points)
        self.empty = _placeholder(self.plot, QCoreApplication.translate("UpliftChart", "No campaign has results yet"))

    def show(self, uplifts: list[Uplift], selected: int | None = None) -> None:
        measured = [u for u in reversed(uplifts) if u.uplift is not None and u.status != "waiting"]
        axis = self.plot.getAxis("bottom")
        if not measured:
            self.points.setData([], [])
            self.bars.setData(x=np.array([]), y=np.array([]), top=np.array([]), bottom=np.array([]))
            axis.setTicks([[]])
            self.plot.setYRange(-10, 10, padding=0)
            self.empty.setVisible(True)
            return
        self.empty.setVisible(False)
        self.plot.enableAutoRange(axis="y")
        x = np.arange(len(measured), dtype=float)
        y = np.array([100 * u.uplift for u in measured])
        lo = np.array([100 * u.ci_low for u in measured])
        hi = np.array([100 * u.ci_high for u in measured])
        self.bars.setData(x=x, y=y, top=hi - y, bottom=y - lo)
        brushes = [pg.mkBrush(color(3) if u.campaign_id == selected else color(2)) for u in measured]
        self.points.setData(x=x, y=y, brush=brushes)
        axis.setTicks([[(float(i), _short(f"#{u.campaign_id} {u.category}")) for i, u in enumerate(measured)]])
        self.plot.setXRange(-0.6, len(measured) - 0.4, padding=0)


def _placeholder(plot: pg.PlotWidget, text: str) -> pg.TextItem:
    """A note in the middle of an empty chart, so it never looks broken."""
    item = pg.TextItem(text, color="#888", anchor=(0.5, 0.5))
    plot.addItem(item, ignoreBounds=True)
    vb = plot.getViewBox()

    def centre() -> None:
        (x0, x1), (y0, y1) = vb.viewRange()
        item.setPos((x0 + x1) / 2, (y0 + y1) / 2)

    vb.sigRangeChanged.connect(centre)
    centre()
    return item


def _short(text: str, n: int = 16) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
