"""Expected against actual shifters per category at the latest backtest cut: paired bars for the
categories the model expected most, so a merchandiser sees where the scores over- or under-promise."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QPalette

from engine.models.migration.results import CategoryCheck
from gui.widgets.charts import color

#: Categories on the chart: more make the names unreadable at a laptop's height.
TOP = 12


class CategoryCheckChart(pg.PlotWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setBackground(self.palette().color(QPalette.ColorRole.Base))
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.showGrid(x=True, y=False, alpha=0.2)
        self.setMinimumHeight(160)
        self.setLabel("bottom", self.tr("customers entering the category"))
        self.getAxis("bottom").enableAutoSIPrefix(False)
        self.legend = self.addLegend(offset=(-10, -10))
        self.expected = pg.BarGraphItem(x0=[], y=[], height=0.38, width=[], brush=color(0), pen=pg.mkPen(None),
                                        name=self.tr("expected (sum of shift probabilities)"))
        self.actual = pg.BarGraphItem(x0=[], y=[], height=0.38, width=[], brush=color(1), pen=pg.mkPen(None),
                                      name=self.tr("actual shifters"))
        self.addItem(self.expected)
        self.addItem(self.actual)
        self.check: CategoryCheck | None = None
        self.show_check(None)

    def show_check(self, check: CategoryCheck | None) -> None:
        self.check = check
        rows = list(reversed(check.rows[:TOP])) if check is not None else []   # the most expected at the top
        if check is None:
            self.setTitle(self.tr("Expected vs actual shifters per category: train the model to see it "
                                  "(older runs did not keep it)"), size="10pt")
        else:
            # short: a chart title does not wrap
            self.setTitle(self.tr("Out of sample, {0} weeks after {1}: {2:,.0f} expected, {3:,} shifted").format(
                check.horizon_weeks, check.cut, check.expected_total, check.actual_total), size="10pt")
        y = np.arange(len(rows), dtype=np.float64)
        self.expected.setOpts(x0=np.zeros(len(rows)), y=y + 0.2, width=[r[1] for r in rows], height=0.38)
        self.actual.setOpts(x0=np.zeros(len(rows)), y=y - 0.2, width=[float(r[2]) for r in rows], height=0.38)
        self.getAxis("left").setTicks([[(float(i), r[0]) for i, r in enumerate(rows)], []])
        top = max([max(r[1], r[2]) for r in rows], default=1.0) or 1.0
        # room on the right for the legend over the shorter bars
        self.setXRange(0, top * 1.25, padding=0)
        self.setYRange(-0.6, max(len(rows), 1) - 0.4, padding=0)

    def bar_values(self) -> list[tuple[str, float, float]]:
        """(category, expected, actual) as drawn, top of the chart first (for tests)."""
        ticks = self.getAxis("left")._tickLevels[0] if self.getAxis("left")._tickLevels else []
        e, a = self.expected.opts["width"], self.actual.opts["width"]
        return [(name, float(e[int(i)]), float(a[int(i)])) for i, name in reversed(ticks)]
