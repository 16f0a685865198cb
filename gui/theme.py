"""The application's theme: the system's look, or Fusion with a light or a dark palette.

Widgets and charts (gui/widgets/chart_theme.py) read their colours from the palette, so
switching the theme re-colours the open window at once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from gui.widgets.chart_theme import set_defaults

THEMES = ("system", "light", "dark")

#: The style and palette the application started with: what "system" goes back to.
_system: tuple[str, QPalette] | None = None


def apply_theme(app: QApplication, name: str) -> None:
    global _system
    if name not in THEMES:
        raise ValueError(f"unknown theme {name!r}")
    if _system is None:
        _system = (app.style().name(), QPalette(app.palette()))
    if name == "system":
        style, palette = _system
        app.setStyle(QStyleFactory.create(style) or style)
    else:
        app.setStyle("Fusion")
        palette = dark_palette() if name == "dark" else light_palette()
    set_defaults(palette)
    app.setPalette(palette)
    # Qt posts the palette change to every widget: deliver it now, so the window (and a test)
    # sees the new colours when this returns
    app.sendPostedEvents(None, QEvent.Type.ApplicationPaletteChange)
    # style sheets resolve `palette(...)` when a widget is polished (setStyle did, with the old
    # palette): polish those widgets again
    for widget in app.allWidgets():
        if widget.styleSheet():
            widget.style().unpolish(widget)
            widget.style().polish(widget)


def light_palette() -> QPalette:
    style = QStyleFactory.create("Fusion")
    return QPalette(style.standardPalette())


def dark_palette() -> QPalette:
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    window, base, text = QColor(45, 45, 48), QColor(30, 30, 32), QColor(230, 230, 230)
    for r, c in ((role.Window, window), (role.WindowText, text), (role.Base, base),
                 (role.AlternateBase, QColor(40, 40, 43)), (role.ToolTipBase, QColor(60, 60, 64)),
                 (role.ToolTipText, text), (role.PlaceholderText, QColor(140, 140, 140)), (role.Text, text),
                 (role.Button, QColor(55, 55, 58)), (role.ButtonText, text), (role.BrightText, QColor(255, 90, 90)),
                 (role.Light, QColor(75, 75, 80)), (role.Midlight, QColor(62, 62, 66)),
                 # Mid is the app's muted text (captions: `color: palette(mid)`): a mid grey, legible
                 (role.Mid, QColor(140, 140, 146)),
                 (role.Dark, QColor(25, 25, 27)), (role.Shadow, QColor(0, 0, 0)),
                 (role.Highlight, QColor(42, 130, 218)), (role.HighlightedText, QColor(255, 255, 255)),
                 (role.Link, QColor(90, 160, 240)), (role.LinkVisited, QColor(170, 130, 230))):
        p.setColor(r, c)
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor(120, 120, 120))
    p.setColor(group.Disabled, role.Highlight, QColor(80, 80, 80))
    return p
