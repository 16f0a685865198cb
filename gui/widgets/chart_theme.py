"""Charts follow the application's palette: background, axes, titles, legends, and the neutral
ink (greys) that chart code draws its labels and guide lines in.

A chart built by :func:`gui.widgets.charts.make_plot` follows the palette by itself; a chart
that builds its own ``pg.PlotWidget`` passes ``plotItem=ThemedPlotItem()`` and calls
:func:`follow_palette` once. Series colours stay as the chart chose them. Chart code keeps
writing its greys for a light background ("#222" for text, "#999" for a guide, "w" for a
separator); on any palette they are drawn at the same place between the palette's text colour
(black's place) and its base colour (white's place), so they keep their contrast in dark mode.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPalette, QPen
from PySide6.QtWidgets import QApplication, QWidget

#: A colour whose channels differ by at most this much is a grey (neutral ink).
_GREY_SPREAD = 12


@dataclass(frozen=True)
class ChartColours:
    background: QColor
    foreground: QColor

    def ink(self, colour: QColor) -> QColor:
        """Where a grey meant for a white background falls on this one (others unchanged)."""
        if not is_grey(colour):
            return QColor(colour)
        t = colour.red() / 255.0            # 0: black → the text colour, 1: white → the background
        fg, bg = self.foreground, self.background
        out = QColor(round(fg.red() + (bg.red() - fg.red()) * t), round(fg.green() + (bg.green() - fg.green()) * t),
                     round(fg.blue() + (bg.blue() - fg.blue()) * t))
        out.setAlpha(colour.alpha())
        return out


def colours(widget: QWidget | None = None) -> ChartColours:
    palette = widget.palette() if widget is not None else QApplication.palette()
    return ChartColours(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text))


def is_grey(colour: QColor) -> bool:
    rgb = (colour.red(), colour.green(), colour.blue())
    return max(rgb) - min(rgb) <= _GREY_SPREAD


def set_defaults(palette: QPalette | None = None) -> None:
    """pyqtgraph's defaults for what is made from now on (titles, axes and legends not styled
    here): the palette's, or the application's when it runs, else white and dark grey."""
    if palette is None:
        if QApplication.instance() is None:
            pg.setConfigOptions(background="w", foreground="#333")
            return
        palette = QApplication.palette()
    pg.setConfigOptions(background=palette.color(QPalette.ColorRole.Base),
                        foreground=palette.color(QPalette.ColorRole.Text))


class ThemedPlotItem(pg.PlotItem):
    """A PlotItem whose items, when added, draw their greys in the palette's ink."""

    def addItem(self, item: Any, *args: Any, **kwargs: Any) -> None:
        super().addItem(item, *args, **kwargs)
        widget = self.getViewWidget()
        c = colours(widget if isinstance(widget, QWidget) else None)
        _recolour(item, c)
        if self.legend is not None:     # a named item got a legend entry
            _legend_colour(self.legend, c.foreground)


def follow_palette(plot: pg.PlotWidget) -> pg.PlotWidget:
    """Style ``plot`` from its palette now and whenever the palette changes (theme switch)."""
    style(plot)
    watcher = _PaletteWatcher(plot)
    plot.installEventFilter(watcher)
    plot._palette_watcher = watcher     # lives as long as the plot
    return plot


def ink(item: Any, widget: QWidget | None) -> None:
    """Draw ``item``'s greys in ``widget``'s palette now: for a pen set after the item was added
    (a separator drawn "w" on a light chart is the background colour on a dark one). The pen it
    has now is the one meant for a light background: the one remembered at adding is forgotten."""
    item.__dict__.pop("_theme_greys", None)
    _recolour(item, colours(widget))


def style(plot: pg.PlotWidget) -> None:
    item = plot.getPlotItem()
    if item is None:        # a closed PlotWidget drops its PlotItem
        return
    c = colours(plot)
    plot.setBackground(c.background)
    for name in ("left", "bottom", "right", "top"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(c.foreground))     # the grid takes the axis pen's colour
        axis.setTextPen(pg.mkPen(c.foreground))
    title = item.titleLabel
    title.opts["color"] = c.foreground.name()
    title.setText(title.text)
    legend = item.legend
    if legend is not None:
        _legend_colour(legend, c.foreground)
    for child in list(item.items):
        _recolour(child, c)


class _PaletteWatcher(QObject):
    def __init__(self, plot: pg.PlotWidget) -> None:
        super().__init__(plot)
        self._plot = plot

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            style(self._plot)
        return False


def _legend_colour(legend: pg.LegendItem, colour: QColor) -> None:
    """Legend text in ``colour``, the entries already there too (a label keeps the colour its text
    was rendered with until the text is set again)."""
    legend.setLabelTextColor(colour)
    for _sample, label in legend.items:
        label.setText(label.text, color=colour)


def _ink_colour(item: Any, key: str, current: QColor, c: ChartColours) -> QColor:
    """The original grey of ``item``'s ``key`` (remembered the first time) drawn in this palette."""
    originals = item.__dict__.setdefault("_theme_greys", {})
    if key not in originals:
        originals[key] = QColor(current) if is_grey(current) else None
    original = originals[key]
    return current if original is None else c.ink(original)


def _pen_with(pen: Any, colour: QColor) -> QPen:
    out = QPen(pg.mkPen(pen))
    out.setColor(colour)
    return out


def _recolour(item: Any, c: ChartColours) -> None:
    if isinstance(item, pg.TextItem):
        item.setColor(_ink_colour(item, "text", QColor(item.color), c))
    elif isinstance(item, pg.InfiniteLine):
        item.setPen(_pen_with(item.pen, _ink_colour(item, "pen", item.pen.color(), c)))
        if getattr(item, "label", None) is not None:
            _recolour(item.label, c)
    elif isinstance(item, pg.PlotDataItem):
        pen = item.opts.get("pen")
        if pen is not None:
            pen = pg.mkPen(pen)
            item.setPen(_pen_with(pen, _ink_colour(item, "pen", pen.color(), c)))
    elif isinstance(item, (pg.ErrorBarItem, pg.BarGraphItem)):
        pen = item.opts.get("pen")
        if pen is not None:
            pen = pg.mkPen(pen)
            item.setOpts(pen=_pen_with(pen, _ink_colour(item, "pen", pen.color(), c)))
