"""Metrics over runs: the metric chosen in the combo, one line per model, by when the run started."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from engine.messages import term
from engine.read.runs import MetricSeries
from gui.i18n.engine_text import engine_text
from gui.i18n.values import metric_name
from gui.widgets.charts import color, make_plot

# The date axis spans at least this long (seconds), so close runs read as times of day, not seconds.
MIN_SPAN_S = 2 * 3600


class MetricsChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.metric = QComboBox()
        self.metric.setToolTip(self.tr("The metric to follow over the runs; one line per model that reports it"))
        # the combo shows each metric's name; its item data is the key the history is kept by
        self.metric.currentIndexChanged.connect(lambda _i: self._draw(self.current_metric()))
        self.plot = make_plot(self.tr("Metrics over runs"), dates=True)
        self.plot.getAxis("left").enableAutoSIPrefix(False)    # an AUC of 0.9 reads 0.9, not 900 × 0.001
        self.legend = self.plot.addLegend(offset=(-10, 10))
        self._history: dict[str, list[MetricSeries]] = {}
        self.lines: dict[str, pg.PlotDataItem] = {}    # by model kind
        # with nothing to draw pyqtgraph still labels its default range ("00.100…" on the date axis):
        # the chart gives way to a sentence until a run has measured something
        self.empty = QLabel(self.tr("No runs with metrics yet: train or backtest a model to follow its "
                                    "figures here."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Metric")))
        bar.addWidget(self.metric, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.empty, 1)
        self.plot.setVisible(False)

    def set_history(self, history: dict[str, list[MetricSeries]], chosen: str | None = None) -> None:
        """Show ``history`` (by metric key, one series per model); keep the metric shown when it is still there."""
        keep = self.current_metric()
        self._history = history
        self.metric.blockSignals(True)
        self.metric.clear()
        for key in history:
            self.metric.addItem(metric_name(key), key)
        pick = keep if keep in history else chosen
        if pick in history:
            self.metric.setCurrentIndex(self.metric.findData(pick))
        self.metric.blockSignals(False)
        self._draw(self.current_metric())

    def current_metric(self) -> str:
        """The key of the metric shown ("" when there is none)."""
        return self.metric.currentData() or ""

    def current_key(self) -> str | None:
        return self.metric.currentData()

    def _draw(self, key: str | None) -> None:
        for line in self.lines.values():
            self.plot.removeItem(line)
        self.lines.clear()
        self.legend.clear()
        for i, s in enumerate(self._history.get(key, [])):
            pen = pg.mkPen(color(i), width=2)
            self.lines[s.kind] = self.plot.plot(list(s.started), list(s.values), name=engine_text(term(s.kind)), pen=pen,
                                                symbol="o", symbolSize=6, symbolBrush=color(i), symbolPen=pen)
        self.plot.setLabel("left", metric_name(key) if key else "")
        xs = {x for s in self._history.get(key, []) for x in s.started}
        self.plot.setVisible(bool(xs))
        self.empty.setVisible(not xs)
        if xs and max(xs) - min(xs) < MIN_SPAN_S:
            # runs seconds apart would label the date axis in seconds and milliseconds ("35.225"):
            # widen it around them so it reads in hours and minutes (one run alone spans no time at all)
            middle = (max(xs) + min(xs)) / 2
            self.plot.setXRange(middle - MIN_SPAN_S / 2, middle + MIN_SPAN_S / 2, padding=0.05)
        else:
            self.plot.enableAutoRange(axis="x")
