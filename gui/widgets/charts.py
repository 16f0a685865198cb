"""pyqtgraph defaults shared by every chart: colours that follow the theme, date axes, a palette."""

from __future__ import annotations

import pyqtgraph as pg

from gui.widgets.chart_theme import ThemedPlotItem, follow_palette, set_defaults

#: Colour-blind-safe palette (Okabe–Ito), in a fixed order so a series keeps its colour.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

pg.setConfigOptions(antialias=True)
set_defaults()


def make_plot(title: str = "", *, dates: bool = False, left: str = "", bottom: str = "") -> pg.PlotWidget:
    axis = {"bottom": pg.DateAxisItem(orientation="bottom")} if dates else {}
    plot = pg.PlotWidget(plotItem=ThemedPlotItem(axisItems=axis))
    if title:
        plot.setTitle(title, size="10pt")
    if left:
        plot.setLabel("left", left)
    if bottom:
        plot.setLabel("bottom", bottom)
    plot.showGrid(x=False, y=True, alpha=0.2)
    plot.setMenuEnabled(False)
    plot.setMinimumHeight(160)
    return follow_palette(plot)


def color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]
