"""The application's theme: the system's look, or Fusion with a light or a dark palette.

Widgets and charts (gui/widgets/chart_theme.py) read their colours from the palette, so
switching the theme re-colours the open window at once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory, QWidget

from engine import collector
from gui.widgets.chart_theme import set_defaults

THEMES = ("system", "light", "dark")

#: The style and palette the application started with: what "system" goes back to.
_system: tuple[str, QPalette] | None = None
#: The Fusion style in use (the application owns it and deletes it when another replaces it;
#: kept here so Python does not delete it first).
_fusion: QProxyStyle | None = None

#: Text that says good, bad or take care, as (on a light background, on a dark one): the light
#: ones are dark enough on white, the dark ones light enough on the dark palette's window.
TONES = {"good": ("#1b5e20", "#81c784"), "bad": ("#b71c1c", "#ef9a9a"), "warn": ("#a15c00", "#ffb74d")}


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
        global _fusion
        # a new one each time: setStyle deletes the style it replaces
        _fusion = _OutlinedIndicators(QStyleFactory.create("Fusion"))
        app.setStyle(_fusion)
        palette = dark_palette() if name == "dark" else light_palette()
    set_defaults(palette)
    app.setPalette(palette)
    # Qt posts the palette change to every widget: deliver it now, so the window (and a test)
    # sees the new colours when this returns
    app.sendPostedEvents(None, QEvent.Type.ApplicationPaletteChange)
    # style sheets resolve `palette(...)` when a widget is polished (setStyle did, with the old
    # palette): polish those widgets again
    # with the collector off: the loop wraps every widget, and a collection it set off could delete a
    # widget of the list (a closed window's cycle) before the loop reaches it: a crash seen in a test run
    # (the pause is shared: a background warm-up ending meanwhile does not switch it back on)
    with collector.paused():
        for widget in app.allWidgets():
            if widget.styleSheet():
                widget.style().unpolish(widget)
                widget.style().polish(widget)


def is_dark(palette: QPalette | None = None) -> bool:
    window = (palette or QApplication.palette()).color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def tone_colour(kind: str, palette: QPalette | None = None) -> str:
    """The colour of ``kind`` (good, bad, warn; muted: the palette's caption grey) on this palette."""
    palette = palette or QApplication.palette()
    if kind == "muted":
        return palette.color(QPalette.ColorRole.Mid).name()
    return TONES[kind][1 if is_dark(palette) else 0]


def verdict_tone(outcome: str | None) -> str:
    """The tone of a verdict's outcome (engine.evaluation.verdict): the house model beats the best alternative
    (good), ties it (warn: as good as something simpler or another learned model, not worse) or loses (bad)."""
    return {"beats": "good", "ties": "warn"}.get(outcome or "", "bad")


def set_tone(label: QWidget, kind: str | None, extra: str = "") -> None:
    """Colour ``label``'s text by ``kind`` (None: the palette's text), with ``extra`` style sheet
    declarations; re-coloured when the theme changes."""
    label.setProperty("shiftwiseTone", kind)
    label.setProperty("shiftwiseToneExtra", extra)
    if label.property("shiftwiseToneKept") is None:
        keeper = _ToneKeeper(label)
        label.installEventFilter(keeper)
        label.setProperty("shiftwiseToneKept", True)
    _apply_tone(label)


def _apply_tone(label: QWidget) -> None:
    kind, extra = label.property("shiftwiseTone"), label.property("shiftwiseToneExtra") or ""
    sheet = (f"color: {tone_colour(kind)}; " if kind else "") + extra
    if label.styleSheet() != sheet:     # a style sheet change is itself a palette change: stop there
        label.setStyleSheet(sheet)


class _ToneKeeper(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange) and \
                isinstance(watched, QWidget):
            _apply_tone(watched)
        return False


class _OutlinedIndicators(QProxyStyle):
    """Fusion, with check box and radio button outlines drawn in the palette's mid grey on a dark
    palette: Fusion draws them a shade darker than the window, which a dark window hides."""

    def drawPrimitive(self, element, option, painter: QPainter, widget=None) -> None:  # noqa: N802 (Qt's name)
        super().drawPrimitive(element, option, painter, widget)
        kinds = (QStyle.PrimitiveElement.PE_IndicatorCheckBox, QStyle.PrimitiveElement.PE_IndicatorRadioButton)
        if element not in kinds or not is_dark(option.palette):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        box = QRectF(option.rect).adjusted(0.5, 0.5, -1.5, -1.5)
        if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            painter.drawEllipse(box)
        else:
            painter.drawRoundedRect(box, 1.5, 1.5)
        painter.restore()


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
