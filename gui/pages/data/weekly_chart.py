"""Events per week, one line per event type."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget

from engine.read.overview import WeeklyEvents
from gui.widgets.charts import color, make_plot


#: Up to this many periods each one's count is marked on its line.
FEW_PERIODS = 12


class WeeklyEventsChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = make_plot(self.tr("Events per week"), dates=True)
        self.plot.addLegend(offset=(-10, 10))
        self.curves: dict[str, pg.PlotDataItem] = {}    # by event type
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def set_weekly(self, weekly: WeeklyEvents, kinds: list[str]) -> None:
        for curve in self.curves.values():
            self.plot.removeItem(curve)
        self.curves.clear()
        # a few weeks' export: a line between two or three points hides where the counts are, so they are marked
        marks = ({"symbol": "o", "symbolSize": 7} if len(weekly.week_start) <= FEW_PERIODS else {})
        for i, kind in enumerate(kinds):
            self.curves[kind] = self.plot.plot(
                weekly.week_start, weekly.counts[kind], name=QCoreApplication.translate("events", kind),
                pen=pg.mkPen(color(i), width=2), **({**marks, "symbolBrush": color(i)} if marks else {}))
