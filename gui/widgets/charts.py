"""pyqtgraph defaults shared by every chart: colours that follow the theme, date axes, a palette."""

from __future__ import annotations

import pyqtgraph as pg
from pyqtgraph.graphicsItems.DateAxisItem import adjustTimestampToPreferredUtcOffset, utcfromtimestamp
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QSizePolicy

from gui.widgets.chart_theme import ThemedPlotItem, follow_palette, set_defaults

#: Colour-blind-safe palette (Okabe–Ito), in a fixed order so a series keeps its colour.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

pg.setConfigOptions(antialias=True)
set_defaults()


class LocaleDateAxisItem(pg.DateAxisItem):
    """A date axis whose month and weekday names are the interface language's (pyqtgraph writes
    them with strftime, in English whatever the language)."""

    #: pyqtgraph's formats that hold names -> QLocale's patterns
    NAMED = {"%b": "MMM", "%a %d": "ddd d"}

    def tickStrings(self, values, scale, spacing):
        spec = next((s for s in self.zoomLevel.tickSpecs if s.spacing == spacing), None)
        pattern = self.NAMED.get(spec.format) if spec is not None else None
        if pattern is None:
            return super().tickStrings(values, scale, spacing)
        locale = QLocale()
        out = []
        for v in values:
            try:
                d = utcfromtimestamp(adjustTimestampToPreferredUtcOffset(v, self.utcOffset))
            except (OverflowError, ValueError, OSError):
                out.append("")
                continue
            out.append(locale.toString(QDate(d.year, d.month, d.day), pattern))
        return out


#: A chart's height at the least (its own minimum may be more: a legend's rows beside it).
PLOT_MIN_PX = 160


def make_plot(title: str = "", *, dates: bool = False, left: str = "", bottom: str = "") -> pg.PlotWidget:
    axis = {"bottom": LocaleDateAxisItem(orientation="bottom")} if dates else {}
    plot = pg.PlotWidget(plotItem=ThemedPlotItem(axisItems=axis))
    if title:
        plot.setTitle(title, size="10pt")
    if left:
        plot.setLabel("left", left)
    if bottom:
        plot.setLabel("bottom", bottom)
    plot.showGrid(x=False, y=True, alpha=0.2)
    plot.setMenuEnabled(False)
    plot.setMinimumHeight(PLOT_MIN_PX)
    return follow_palette(plot)


def span_title(item: pg.PlotItem, first_column: int, columns: int) -> None:
    """Lays the plot's title over ``columns`` of its layout from ``first_column``: over the chart's column alone
    a title is cut to that column's width (the Segments page's cluster mix, beside long cluster names) or holds
    the column wide (the Migration page's curves, beside their legend)."""
    item.layout.removeItem(item.titleLabel)
    item.layout.addItem(item.titleLabel, 0, first_column, 1, columns)


def legend_beside(plot: pg.PlotWidget, **options) -> pg.LegendItem:
    """A legend in its own column right of the chart, under the title laid over both; curves plotted with a name
    join it. Over the curves a legend hid them: the Migration page's eight long candidate names, the Data page's
    event types at 10^7 events (whose entries also ran past the chart's foot on a laptop's screen)."""
    legend = pg.LegendItem(colCount=1, **options)
    # its own height, at the top of the column: stretched to the chart's, two entries stood 90 pixels apart, each
    # label above its line
    legend.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    item = plot.getPlotItem()
    item.legend = legend
    item.layout.addItem(legend, 2, 3)
    item.layout.setAlignment(legend, Qt.AlignmentFlag.AlignTop)
    item.layout.setColumnSpacing(2, 8)   # clear of the chart's right edge
    span_title(item, 1, 3)
    return legend


def color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]
