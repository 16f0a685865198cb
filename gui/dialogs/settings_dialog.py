"""Edit ▸ Settings: language, theme, the models' defaults (period, L, H) and DuckDB's limits.

What each setting affects is said beside it: the language applies at the next start (every
window takes its text when it is built; gui/i18n/translators.py installs the catalogs), the theme
at once, L and H to every run started afterwards (a page's own fields still win), the period to
the Data page's chart, memory and threads to every project opened afterwards.
"""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QApplication, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox,
                               QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget)

from engine.models.defaults import MAX_HORIZON_WEEKS, MAX_LOOKBACK_WEEKS, UserDefaults
from engine.store.connection import (MIN_MEMORY_BYTES, DuckDBLimits, default_memory_limit, default_threads,
                                     format_bytes, max_threads, set_limits, total_memory_bytes)
from engine.store.errors import ProjectError
from gui.context import AppContext
from gui.i18n.engine_text import engine_text
from gui.settings import Preferences, load_preferences, save_preferences
from gui.theme import apply_theme, set_tone
from gui.widgets.fit_label import FitLabel


def apply_preferences(app: QApplication, prefs: Preferences) -> None:
    """What takes effect in this process: the theme now, DuckDB's limits for the next connections."""
    apply_theme(app, prefs.theme)
    set_limits(prefs.limits)


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(560)

        self.language = QComboBox()
        # the language's own name, so a user who reads only that language finds it
        for code, name in (("system", self.tr("System")), ("en", "English"), ("zh_CN", "简体中文")):
            self.language.addItem(name, code)
        self.theme = QComboBox()
        for code, name in (("system", self.tr("System")), ("light", self.tr("Light")), ("dark", self.tr("Dark"))):
            self.theme.addItem(name, code)
        look = QGroupBox(self.tr("Appearance"))
        form = QFormLayout(look)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(_note(self.tr("Applies at the next start of Shiftwise. “System” follows the computer's "
                                  "language: Chinese for a Chinese system, English otherwise.")))
        form.addRow(self.tr("Theme"), self.theme)

        self.period = QComboBox()
        for code, name in (("day", self.tr("Day")), ("week", self.tr("Week")), ("month", self.tr("Month"))):
            self.period.addItem(name, code)
        self.lookback = _weeks(MAX_LOOKBACK_WEEKS, self.tr(" weeks"))
        self.horizon = _weeks(MAX_HORIZON_WEEKS, self.tr(" weeks"))
        self.lookback.setToolTip(self.tr("L: a shift is a purchase in a category the customer did not buy "
                                         "in the last L weeks"))
        self.horizon.setToolTip(self.tr("H: the models predict what happens in the next H weeks"))
        models = QGroupBox(self.tr("Periods and model defaults"))
        form = QFormLayout(models)
        form.addRow(self.tr("Period length"), self.period)
        form.addRow(_note(self.tr("The Data page counts events per period. The models always count "
                                      "in weeks.")))
        form.addRow(self.tr("Look-back L"), self.lookback)
        form.addRow(self.tr("Horizon H"), self.horizon)
        form.addRow(_note(self.tr("L and H apply to every training started afterwards, Train all "
                                      "included; a page's own Horizon field still wins.")))

        self.memory = QLineEdit()
        self.memory.setPlaceholderText(self.tr("automatic ({size})").format(size=default_memory_limit()))
        self.threads = QSpinBox()
        self.threads.setRange(0, max_threads())
        self.threads.setSpecialValueText(self.tr("automatic ({n})").format(n=default_threads()))
        engine = QGroupBox(self.tr("Database engine (DuckDB)"))
        form = QFormLayout(engine)
        form.addRow(self.tr("Memory limit"), self.memory)
        form.addRow(self.tr("Threads"), self.threads)
        form.addRow(_note(self.tr("Memory between {low} and {high}, like 2GB or 512MB; threads between "
                                      "1 and {cores}. They apply to projects opened from now on: reopen "
                                      "the open project to use them.").format(
            low=format_bytes(MIN_MEMORY_BYTES), high=format_bytes(total_memory_bytes()), cores=max_threads())))
        self.in_use = _note("")
        if ctx.project is not None:
            memory, threads = ctx.project.cursor().execute(
                "SELECT current_setting('memory_limit'), current_setting('threads')").fetchall()[0]
            self.in_use.setText(self.tr("The open project uses: memory limit {memory}, threads {threads}.").format(
                memory=memory, threads=threads))
            form.addRow(self.in_use)

        self.error = QLabel("")
        self.error.setObjectName("settingsError")
        self.error.setWordWrap(True)
        set_tone(self.error, "bad")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (look, models, engine, self.error, self.buttons):
            layout.addWidget(widget)
        self.show_preferences(load_preferences(ctx.settings))

    def show_preferences(self, prefs: Preferences) -> None:
        for combo, value in ((self.language, prefs.language), (self.theme, prefs.theme),
                             (self.period, prefs.defaults.period)):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        self.lookback.setValue(int(prefs.defaults.lookback_weeks))
        self.horizon.setValue(int(prefs.defaults.horizon_weeks))
        self.memory.setText(prefs.limits.memory_limit or "")
        self.threads.setValue(int(prefs.limits.threads or 0))

    def preferences(self) -> Preferences:
        """The preferences the fields hold; ValueError with a message for the user when one is wrong."""
        defaults = UserDefaults(self.period.currentData(), self.lookback.value(), self.horizon.value())
        try:
            defaults.validated()
        except ProjectError as exc:
            raise ValueError(engine_text(exc)) from None
        memory = self.memory.text().strip() or None
        limits = DuckDBLimits(memory, self.threads.value() or None)
        try:
            limits.validated()
        except ProjectError:
            raise ValueError(self.tr(
                "The memory limit must be a size between {low} and {high} (this machine's memory), like 2GB "
                "or 512MB; “{value}” is not.").format(
                low=format_bytes(MIN_MEMORY_BYTES), high=format_bytes(total_memory_bytes()), value=memory or "")
            ) from None
        return Preferences(self.language.currentData(), self.theme.currentData(), defaults, limits)

    def accept(self) -> None:
        try:
            prefs = self.preferences()
        except ValueError as exc:
            # nothing is saved: the dialog stays open with the user's input and the reason
            self.error.setText(str(exc))
            self.error.show()
            return
        self.error.hide()
        save_preferences(self.ctx.settings, prefs)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_preferences(app, prefs)
        else:
            set_limits(prefs.limits)
        self.ctx.notify_settings_changed()
        super().accept()


def _weeks(top: int, suffix: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(1, top)
    box.setSuffix(suffix)
    return box


def _note(text: str) -> QLabel:
    # keeps the height its wrapped lines need: a longer translation must not be squeezed to one line
    label = FitLabel(text)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)   # muted, legible, light or dark
    return label
