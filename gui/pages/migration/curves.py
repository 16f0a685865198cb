"""The backtest, live: each candidate's out-of-sample AUC at every evaluation cut as it completes,
and after the run a dashed line per candidate at its mean, labelled with the spread across cuts."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QWidget

from engine.messages import term
from gui.i18n.engine_text import engine_text, locale_number
from gui.widgets.charts import PLOT_MIN_PX, color, legend_beside, make_plot


# characters of a candidate's name in the legend (a column beside a chart half the page wide)
LEGEND_NAME = 24


class TrainingCurves(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.metric_plot = make_plot(self.tr("Out-of-sample AUC at each evaluation cut (higher is better)"),
                                     left="AUC", bottom=self.tr("evaluation cut (1 = latest)"))
        for side in ("left", "bottom"):
            self.metric_plot.getAxis(side).enableAutoSIPrefix(False)
        # the legend has its own column beside the chart: in two columns under it its rows left the curves 30
        # pixels of a laptop's screen; the title spans both (over the chart's column alone its width held that
        # column wide and pushed the legend's figures past the edge)
        self.legend = legend_beside(self.metric_plot, labelTextSize="8pt", verSpacing=-6,
                                    labelTextColor=self.palette().color(QPalette.ColorRole.Text))
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.points: dict[str, list[float]] = {}
        self.baseline_lines: dict[str, pg.InfiniteLine] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.metric_plot)
        self.reset()

    def reset(self) -> None:
        for item in list(self.curves.values()) + list(self.baseline_lines.values()):
            self.metric_plot.removeItem(item)
        self.curves.clear()
        self.points = {}
        self.means: dict[str, tuple[float, float | None]] = {}
        self.baseline_lines.clear()
        self.redraw()

    def add_cut(self, aucs: dict[str, float]) -> None:
        """One evaluation cut's AUC per candidate (a partial result of the running backtest)."""
        for name, value in aucs.items():
            self.points.setdefault(name, []).append(float(value))

    def set_baselines(self, means: dict[str, tuple[float, float | None]]) -> None:
        """Dashed lines at each candidate's mean AUC in its curve's colour; the mean and its sd across
        cuts go into the legend (labels on the lines overlapped where the means are close)."""
        self.means = dict(means)
        for name, (mean, _sd) in means.items():
            if mean != mean:
                continue
            pen = pg.mkPen(self._color(name), width=1.5, style=pg.QtCore.Qt.PenStyle.DashLine)
            line = pg.InfiniteLine(angle=0, movable=False, pen=pen)
            line.setToolTip(self._caption(name))
            self.metric_plot.addItem(line)
            self.baseline_lines[name] = line
            line.setValue(mean)

    def _names(self) -> list[str]:
        return sorted(set(self.points) | set(self.means))

    def _color(self, name: str) -> str:
        return color(self._names().index(name))

    def _caption(self, name: str, longest: int | None = None) -> str:
        """The candidate's name and its mean ± sd; the name cut to ``longest`` characters in the legend (its second
        column ran past the chart's edge: "Boosted stacker (scores and each customer's" and no figures), whole in
        the line's tooltip and the table beside the chart."""
        mean, sd = self.means.get(name, (float("nan"), None))
        shown = engine_text(term(name))
        if longest is not None and len(shown) > longest:
            shown = shown[:longest - 1].rstrip() + "…"
        if mean != mean:
            return shown
        return f"{shown}  {locale_number(mean, '.3f')}" + (f" ±{locale_number(sd, '.3f')}" if sd is not None else "")

    def load(self, per_cut: dict[str, list[float]], means: dict[str, tuple[float, float | None]]) -> None:
        # the same candidates as drawn (a run's end after its live curves, a reload): their curves, lines and
        # legend entries take the new figures; made again they cost 40-90 ms of the window's thread at each reload
        same = (bool(self.curves) and set(per_cut) == set(self.curves)
                and {n for n, (m, _) in means.items() if m == m} == set(self.baseline_lines))
        if not same:
            self.reset()
        self.points = {n: list(v) for n, v in per_cut.items()}
        if same:
            self.means = dict(means)
            for name, line in self.baseline_lines.items():
                line.setValue(means[name][0])
                line.setToolTip(self._caption(name))
            for name, curve in self.curves.items():
                self.legend.getLabel(curve).setText(self._caption(name, LEGEND_NAME))
        else:
            self.set_baselines(means)
        self.redraw()

    def redraw(self) -> None:
        for name, values in sorted(self.points.items()):
            curve = self.curves.get(name)
            if curve is None:
                c = self._color(name)
                curve = self.metric_plot.plot([], [], pen=pg.mkPen(c, width=2), symbol="o", symbolSize=6,
                                              symbolBrush=c, symbolPen=c, name=self._caption(name, LEGEND_NAME))
                self.curves[name] = curve
            curve.setData(np.arange(1, len(values) + 1, dtype=np.float64), np.asarray(values, np.float64))
        values = [v for vs in self.points.values() for v in vs if v == v]
        values += [line.value() for line in self.baseline_lines.values()]
        if values:
            lo, hi = min(values), max(values)
            pad = max(0.01, (hi - lo) * 0.15)
            self.metric_plot.setYRange(lo - pad, hi + pad)
        n = max((len(v) for v in self.points.values()), default=0)
        if n:
            self.metric_plot.setXRange(0.5, n + 0.5)
            # cuts are whole numbers: no tick at 1.5
            self.metric_plot.getAxis("bottom").setTicks([[(float(i), str(i)) for i in range(1, n + 1)], []])
        self._fit_height()

    def _fit_height(self) -> None:
        """The chart's minimum holds its title, its legend's rows and its axis: squeezed below it, the candidates'
        legend (eight or nine rows) held the chart's height and the axis went past the widget's foot, unseen (the
        Migration page on a laptop's screen, session 43)."""
        item = self.metric_plot.getPlotItem()
        item.layout.invalidate()
        need = int(np.ceil(item.layout.minimumHeight())) + 2 * self.metric_plot.frameWidth()
        self.metric_plot.setMinimumHeight(max(need, PLOT_MIN_PX))
