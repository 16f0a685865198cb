"""Events per week, one line per event type."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from engine.read.overview import WeeklyEvents
from gui.widgets.charts import color, legend_beside, make_plot


#: Up to this many periods each one's count is marked on its line.
FEW_PERIODS = 12


class WeeklyEventsChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = make_plot(self.tr("Events per week"), dates=True)
        # small and tight: six entries beside a chart 190 pixels high on a laptop's screen
        legend_beside(self.plot, labelTextSize="8pt", verSpacing=-6,
                      labelTextColor=self.palette().color(QPalette.ColorRole.Text))
        self.curves: dict[str, pg.PlotDataItem] = {}    # by event type, over the periods the data covers whole
        self.partial_curves: list[pg.PlotDataItem] = []  # the first or last period's dashed ends, their legend line
        # with nothing to draw pyqtgraph still labels its default range ("00.100…" on the date axis): a new
        # project's chart gives way to a sentence until a file is imported, as the Runs page's does
        self.no_events = self.tr("No events yet: import a shop's export (File ▸ Import, or drop the file on the "
                                 "window).")
        self.empty = QLabel(self.no_events)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        layout.addWidget(self.empty)
        self.empty.setVisible(False)

    def set_counting(self) -> None:
        """The events are being counted (the Data page's job): a sentence until they are, not the last project's."""
        self.plot.setVisible(False)
        self.empty.setText(self.tr("Counting the events…"))
        self.empty.setVisible(True)

    def set_weekly(self, weekly: WeeklyEvents, kinds: list[str]) -> None:
        self.empty.setText(self.no_events)
        for curve in [*self.curves.values(), *self.partial_curves]:
            self.plot.removeItem(curve)
        self.curves.clear()
        self.partial_curves.clear()
        n = len(weekly.week_start)
        self.plot.setVisible(n > 0)
        self.empty.setVisible(n == 0)
        # a few weeks' export: a line between two or three points hides where the counts are, so they are marked
        marks = {"symbol": "o", "symbolSize": 7} if n <= FEW_PERIODS else {}
        # a first or last period the data covers in part is drawn dashed: its count is no slump nor surge
        lo = 1 if weekly.partial[0] and n > 1 else 0
        hi = n - 2 if weekly.partial[1] and n > 1 else n - 1
        ends = [(a, b) for a, b, partial in ((0, lo, lo == 1), (hi, n - 1, hi == n - 2)) if partial]
        for i, kind in enumerate(kinds):
            x, y = weekly.week_start, weekly.counts[kind]
            style = {**marks, "symbolBrush": color(i)} if marks else {}
            name = QCoreApplication.translate("events", kind)
            whole = (lo, hi) if lo <= hi else (0, n - 1)
            pen = pg.mkPen(color(i), width=2) if lo <= hi else pg.mkPen(color(i), width=2, style=Qt.PenStyle.DashLine)
            self.curves[kind] = self.plot.plot(x[whole[0]:whole[1] + 1], y[whole[0]:whole[1] + 1], name=name,
                                               pen=pen, **style)
            for a, b in ends if lo <= hi else []:
                self.partial_curves.append(self.plot.plot(
                    x[a:b + 1], y[a:b + 1], pen=pg.mkPen(color(i), width=2, style=Qt.PenStyle.DashLine), **style))
        if ends:
            # one legend line says what the dashes are
            self.partial_curves.append(self.plot.plot(
                [], [], name=self.tr("dashed: a period<br>the data covers in part"),
                pen=pg.mkPen("#888", width=2, style=Qt.PenStyle.DashLine)))
