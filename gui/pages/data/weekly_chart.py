"""Events per week, one line per event type."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

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
        # with nothing to draw pyqtgraph still labels its default range ("00.100…" on the date axis): a new
        # project's chart gives way to a sentence until a file is imported, as the Runs page's does
        self.empty = QLabel(self.tr("No events yet: import a shop's export (File ▸ Import, or drop the file on "
                                    "the window)."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        layout.addWidget(self.empty)
        self.empty.setVisible(False)

    def set_weekly(self, weekly: WeeklyEvents, kinds: list[str]) -> None:
        for curve in self.curves.values():
            self.plot.removeItem(curve)
        self.curves.clear()
        # a few weeks' export: a line between two or three points hides where the counts are, so they are marked
        marks = ({"symbol": "o", "symbolSize": 7} if len(weekly.week_start) <= FEW_PERIODS else {})
        self.plot.setVisible(len(weekly.week_start) > 0)
        self.empty.setVisible(len(weekly.week_start) == 0)
        for i, kind in enumerate(kinds):
            self.curves[kind] = self.plot.plot(
                weekly.week_start, weekly.counts[kind], name=QCoreApplication.translate("events", kind),
                pen=pg.mkPen(color(i), width=2), **({**marks, "symbolBrush": color(i)} if marks else {}))
