"""One customer's interest curves per category, purchases marked, with the decay point ahead.

The selected category is drawn bold with its stop level (dashed) and decay point
(a vertical line); the customer's other categories are thin lines for context.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from engine.models.decay.queries import Curve, epoch
from gui.i18n.engine_text import locale_number
from gui.pages.decay.half_life_chart import describe_days
from gui.widgets.charts import color, make_plot

#: The decay point and stop level: dark, so they never look like one of the category curves.
MARK = "#222222"


class InterestChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(self.tr("<b>Interest over time</b> — click a customer in the list"))
        self.heading.setWordWrap(True)
        self.plot = make_plot(dates=True, left=self.tr("purchase-equivalents"))
        self.legend = self.plot.addLegend(offset=(-5, 5), labelTextSize="8pt")
        self.today = pg.InfiniteLine(angle=90, pen=pg.mkPen("#777", style=Qt.PenStyle.DotLine),
                                     label=self.tr("as of"), labelOpts={"position": 0.95, "color": "#555"})
        self.point = pg.InfiniteLine(angle=90, pen=pg.mkPen(MARK, width=1.5),
                                     label=self.tr("decay point"), labelOpts={"position": 0.85, "color": MARK})
        self.stop = pg.InfiniteLine(angle=0, pen=pg.mkPen(MARK, style=Qt.PenStyle.DashLine),
                                    label=self.tr("stop level"), labelOpts={"position": 0.05, "color": MARK})
        for item in (self.today, self.point, self.stop):
            item.setVisible(False)
            self.plot.addItem(item)
        self.empty = pg.TextItem("", color="#777", anchor=(0.5, 0.5))
        self.plot.addItem(self.empty)
        self.curves: list[Curve] = []
        self._items: list[pg.GraphicsObject] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.plot, 1)

    def _axes(self, visible: bool) -> None:
        for name in ("left", "bottom"):
            self.plot.getAxis(name).setStyle(showValues=visible)
        self.plot.showGrid(x=False, y=visible, alpha=0.2)

    def show_customer(self, customer_id: str | None, curves: list[Curve], focus: str | None,
                      as_of: datetime | None, horizon_weeks: int = 4) -> None:
        """``horizon_weeks``: the run's lapse horizon, the weeks its lapse risk is over (a setting: it said "the next
        4 weeks" whatever the run's was)."""
        for item in self._items:
            self.plot.removeItem(item)
        self._items.clear()
        self.legend.clear()
        self.curves = curves
        for item in (self.today, self.point, self.stop):
            item.setVisible(False)
        if customer_id is None or not curves:
            self.heading.setText(self.tr("<b>Interest over time</b> — click a customer in the list"))
            self._axes(False)
            self.empty.setText(self.tr("A customer's interest in each category, day by day, appears here"))
            self.empty.setPos(0.5, 0.5)
            self.plot.setXRange(0, 1, padding=0)
            self.plot.setYRange(0, 1, padding=0)
            return
        self._axes(True)
        self.empty.setText("")
        focus_curve = next((c for c in curves if c.category == focus), curves[0])
        for i, c in enumerate(curves):
            bold = c is focus_curve
            pen = pg.mkPen(color(i), width=2.5 if bold else 1.0)
            if not bold:
                pen.setStyle(Qt.PenStyle.DashDotLine)  # context, not the subject
            line = self.plot.plot(c.days, c.interest, pen=pen, name=self.tr("{category} ({half_life})").format(
                category=c.category, half_life=describe_days(c.half_life_days)))
            self._items.append(line)
            if c.purchases.size:
                dots = pg.ScatterPlotItem(c.purchases, c.purchase_levels, symbol="o", size=9 if bold else 6,
                                          brush=color(i), pen=pg.mkPen("w"))
                self.plot.addItem(dots)
                self._items.append(dots)
        if as_of is not None:
            self.today.setValue(epoch(as_of))
            self.today.setVisible(True)
        if focus_curve.stop_level is not None:
            self.stop.setValue(focus_curve.stop_level)
            self.stop.setVisible(True)
        if focus_curve.decay_point is not None:
            self.point.setValue(epoch(focus_curve.decay_point))
            self.point.setVisible(True)
        # clauses joined by " · ": each one a whole phrase for the translators
        parts = [self.tr("<b>{customer}</b> in <b>{category}</b>: interest halves every {half_life}").format(
            customer=customer_id, category=focus_curve.category, half_life=describe_days(focus_curve.half_life_days))]
        if focus_curve.lapse_probability is not None:
            parts.append(self.tr("lapse risk {risk} in the next {weeks} weeks").format(
                risk=locale_number(focus_curve.lapse_probability, ".0%"), weeks=horizon_weeks))
        if focus_curve.decay_point is not None:
            passed = as_of is not None and focus_curve.decay_point < as_of
            day = QLocale().toString(QDate(focus_curve.decay_point.year, focus_curve.decay_point.month,
                                           focus_curve.decay_point.day), QLocale.FormatType.ShortFormat)
            parts.append((self.tr("fell below their stop level on {date}") if passed else
                          self.tr("falls below their stop level around {date}")).format(date=day))
        parts.append(self.tr("dots: purchases"))
        self.heading.setText(" · ".join(parts))
        # scaled to the chosen category: a customer's stronger interests may run off the top
        peak = float(np.max(focus_curve.interest))
        self.plot.setYRange(0, peak * 1.3 if peak > 0 else 1, padding=0)
        self.plot.setXRange(float(min(c.days[0] for c in curves)), float(max(c.days[-1] for c in curves)), padding=0.01)
