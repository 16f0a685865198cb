"""Edit ▸ Settings: every setting round-trips through QSettings, bad input is refused with a
message, the dark theme darkens the charts, runs and Train all start from the user's L and H."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from engine.store.connection import DuckDBLimits, current_limits, set_limits
from gui.context import AppContext
from gui.jobs.runner import JobRunner
from gui.settings import (HORIZON_KEY, LANGUAGE_KEY, LOOKBACK_KEY, MEMORY_KEY, PERIOD_KEY, THEME_KEY, THREADS_KEY,
                          load_preferences, make_settings)
from gui.theme import apply_theme
from tests.waits import HANG_MS, wait_for_data_figures


@pytest.fixture
def restore(qapp):
    """Theme and DuckDB limits are the process's: put them back."""
    limits = current_limits()
    yield
    apply_theme(qapp, "system")
    set_limits(limits)


@pytest.fixture
def ctx(qapp, restore):
    return AppContext(JobRunner(), make_settings())


def open_dialog(qtbot, ctx):
    from gui.dialogs.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def pick(combo, code):
    combo.setCurrentIndex(combo.findData(code))


def test_every_setting_round_trips_through_qsettings(qtbot, ctx, _isolated_home):
    dialog = open_dialog(qtbot, ctx)
    pick(dialog.language, "zh_CN")
    pick(dialog.theme, "dark")
    pick(dialog.period, "month")
    dialog.lookback.setValue(10)
    dialog.horizon.setValue(6)
    dialog.memory.setText("1GB")
    dialog.threads.setValue(1)
    with qtbot.waitSignal(ctx.settings_changed):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert not dialog.isVisible()

    fresh = QSettings(str(_isolated_home / "settings.ini"), QSettings.Format.IniFormat)
    assert {k: str(fresh.value(k)) for k in (LANGUAGE_KEY, THEME_KEY, PERIOD_KEY, LOOKBACK_KEY, HORIZON_KEY,
                                              MEMORY_KEY, THREADS_KEY)} == {
        LANGUAGE_KEY: "zh_CN", THEME_KEY: "dark", PERIOD_KEY: "month", LOOKBACK_KEY: "10", HORIZON_KEY: "6",
        MEMORY_KEY: "1GB", THREADS_KEY: "1"}
    prefs = load_preferences(fresh)
    assert (prefs.language, prefs.theme, prefs.defaults.period) == ("zh_CN", "dark", "month")
    assert (prefs.defaults.lookback_weeks, prefs.defaults.horizon_weeks) == (10, 6)
    assert prefs.limits == DuckDBLimits("1GB", 1) == current_limits()

    again = open_dialog(qtbot, AppContext(JobRunner(), fresh))
    assert [again.language.currentData(), again.theme.currentData(), again.period.currentData()] == [
        "zh_CN", "dark", "month"]
    assert (again.lookback.value(), again.horizon.value(), again.memory.text(), again.threads.value()) == (
        10, 6, "1GB", 1)

    # back to automatic limits: stored as empty / 0
    again.memory.clear()
    again.threads.setValue(0)
    again.accept()
    assert load_preferences(fresh).limits == DuckDBLimits() == current_limits()


@pytest.mark.parametrize("memory", ["lots", "100MB", "9999TB", "4 GB of RAM"])
def test_a_bad_memory_limit_is_refused_with_a_message(qtbot, ctx, memory):
    dialog = open_dialog(qtbot, ctx)
    pick(dialog.theme, "dark")
    dialog.memory.setText(memory)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert "between 256 MB and" in dialog.error.text() and memory in dialog.error.text()
    assert dialog.memory.text() == memory   # the input stays for the user to fix
    assert ctx.settings.value(MEMORY_KEY) is None and ctx.settings.value(THEME_KEY) is None
    assert QApplication.palette().color(QApplication.palette().ColorRole.Base).lightness() > 128


def test_hand_edited_settings_read_as_defaults(ctx):
    for key, value in ((LANGUAGE_KEY, "klingon"), (THEME_KEY, "neon"), (PERIOD_KEY, "year"),
                       (LOOKBACK_KEY, "x"), (HORIZON_KEY, "999"), (MEMORY_KEY, "lots"), (THREADS_KEY, "-3")):
        ctx.settings.setValue(key, value)
    prefs = load_preferences(ctx.settings)
    assert (prefs.language, prefs.theme, prefs.defaults.period) == ("system", "system", "week")
    assert (prefs.defaults.lookback_weeks, prefs.defaults.horizon_weeks) == (8, 4)
    assert prefs.limits == DuckDBLimits()


def dark(colour: QColor) -> bool:
    return colour.lightness() < 80


def test_dark_theme_darkens_the_charts_and_follows_back(qtbot, qapp, restore):
    import pyqtgraph as pg

    from gui.widgets.charts import make_plot

    plot = make_plot("A chart", left="customers")
    qtbot.addWidget(plot)
    label = pg.TextItem("label", color="#222")
    plot.addItem(label)
    guide = pg.InfiniteLine(angle=0, pen=pg.mkPen("#999"))
    plot.addItem(guide)
    series = plot.plot([0, 1], [0, 1], pen=pg.mkPen("#0072B2"))
    assert not dark(plot.backgroundBrush().color())

    from gui.theme import dark_palette
    from gui.widgets.stat_card import StatCard

    card = StatCard("caption")      # muted text by a style sheet: `color: palette(mid)`
    qtbot.addWidget(card)
    card.show()

    apply_theme(qapp, "dark")
    assert dark(plot.backgroundBrush().color())
    assert card.caption.palette().color(card.caption.foregroundRole()) == dark_palette().color(
        dark_palette().ColorRole.Mid)
    assert plot.getAxis("left").textPen().color().lightness() > 180
    assert plot.getAxis("bottom").pen().color().lightness() > 180
    assert QColor(label.color).lightness() > 180                 # dark ink became light
    assert 60 < guide.pen.color().lightness() < 180              # a mid grey stays mid
    assert plot.getPlotItem().titleLabel.opts["color"] == plot.getAxis("left").textPen().color().name()
    assert series.opts["pen"].color().name() == "#0072b2"        # series keep their colour
    # a chart made while dark is dark too, and so is what is added to it later
    late = make_plot("Later")
    qtbot.addWidget(late)
    assert dark(late.backgroundBrush().color())
    text = pg.TextItem("late", color="#222")
    late.addItem(text)
    assert QColor(text.color).lightness() > 180

    apply_theme(qapp, "light")
    assert plot.backgroundBrush().color() == QColor("white")
    assert QColor(label.color).name() == "#222222"
    assert guide.pen.color().name() == "#999999"


def test_dark_main_window_screenshots(qtbot, main_window, demo_project, restore, tmp_path):
    """Looked at by a person: the dialog and the Data page in dark mode."""
    apply_theme(QApplication.instance(), "dark")
    main_window.ctx.set_project(demo_project)
    main_window.resize(1280, 820)
    chart = main_window.pages["data"].chart.plot
    assert dark(chart.backgroundBrush().color())
    qtbot.wait_exposed(main_window)
    main_window.grab().save(str(tmp_path / "data_dark.png"))
    dialog = open_dialog(qtbot, main_window.ctx)
    dialog.memory.setText("lots")
    dialog.accept()
    dialog.adjustSize()
    dialog.grab().save(str(tmp_path / "settings_dark.png"))
    assert (tmp_path / "data_dark.png").stat().st_size > 10_000


def test_period_setting_recounts_the_data_chart(qtbot, main_window, demo_project, restore):
    main_window.ctx.set_project(demo_project)
    data = main_window.pages["data"]
    wait_for_data_figures(qtbot, data)
    weeks = len(next(iter(data.chart.curves.values())).xData)
    main_window.ctx.settings.setValue(PERIOD_KEY, "month")
    main_window.ctx.notify_settings_changed()
    wait_for_data_figures(qtbot, data)
    assert len(next(iter(data.chart.curves.values())).xData) < weeks
    assert "month" in data.chart.plot.getPlotItem().titleLabel.text


def test_a_run_starts_from_the_users_defaults(qtbot, make_page, monkeypatch, restore):
    from gui.pages.migration.page import MigrationPage

    given = []

    def fake_train(project, *, as_of=None, params=None, progress=None, cancel=None):
        given.append(params)
        return SimpleNamespace(message="trained by the test", kind="nothing")

    monkeypatch.setattr("gui.pages.model_page.lazy", lambda name, **kw: fake_train)
    page = make_page(MigrationPage)
    page.ctx.settings.setValue(LOOKBACK_KEY, 5)
    page.ctx.settings.setValue(HORIZON_KEY, 2)
    job = page.start()
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        pass
    assert given[0]["lookback"] == 5 and given[0]["horizon_weeks"] == 2
    assert page.started_params.lookback == 5 and page.started_params.horizon_weeks == 2

    assert given == [{"horizon_weeks": 2, "lookback": 5, "eval_cuts": 2}]


def test_the_decay_backtest_starts_from_the_users_horizon(qtbot, make_page, monkeypatch, restore):
    from gui.pages.decay.page import DecayPage

    given = []

    def fake_backtest(project, *, as_of=None, params=None, progress=None, cancel=None):
        given.append(params)
        return SimpleNamespace(message="backtested by the test", kind="nothing")

    monkeypatch.setattr("engine.models.registry.lazy", lambda name, **kw: fake_backtest)
    page = make_page(DecayPage)
    page.ctx.settings.setValue(HORIZON_KEY, 3)
    job = page.start_backtest()
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        pass
    assert given == [{"horizon_weeks": 3}]


def test_train_all_starts_from_the_users_defaults(qtbot, main_window, demo_project, monkeypatch, restore):
    from engine.models.train_all import TrainAllResult

    given = []

    def fake_all(project, *, params=None, progress=None, cancel=None, **kw):
        given.append(params)
        return TrainAllResult()

    monkeypatch.setattr("engine.models.train_all.train_all", fake_all)
    main_window.ctx.set_project(demo_project)
    main_window.ctx.settings.setValue(LOOKBACK_KEY, 5)
    main_window.ctx.settings.setValue(HORIZON_KEY, 2)
    job = main_window.train_all()
    with qtbot.waitSignal(job.finished, timeout=HANG_MS):
        pass
    assert given[0]["migration"] == {"horizon_weeks": 2, "lookback": 5}
    assert given[0]["decay"] == {"horizon_weeks": 2} and given[0]["segments"] == {}

    assert main_window.settings_action.shortcut().toString() == "Ctrl+,"
    assert main_window.settings_action in main_window.menuBar().actions()[1].menu().actions()


def test_toned_text_check_boxes_and_bar_separators_follow_the_theme(qtbot, qapp, restore):
    """Text that says good/bad/take care, a check box's outline and a stacked bar's separators are
    legible on the dark palette and go back on the light one."""
    import numpy as np
    from PySide6.QtWidgets import QCheckBox, QLabel

    from gui.pages.segments.stacked_bars import StackedBars
    from gui.theme import TONES, dark_palette, set_tone

    label = QLabel("verdict")
    qtbot.addWidget(label)
    set_tone(label, "good", "font-weight: bold;")
    box = QCheckBox("")
    qtbot.addWidget(box)
    box.resize(box.sizeHint())
    bars = StackedBars("mix")
    qtbot.addWidget(bars)
    bars.set_data(["a"], ["x", "y"], np.array([[0.5, 0.5]]))

    apply_theme(qapp, "dark")
    assert TONES["good"][1] in label.styleSheet() and "font-weight: bold;" in label.styleSheet()
    assert dark(bars._bars[0].opts["pen"].color())                   # separators: the dark background
    image = box.grab().toImage()     # a check box without text: its indicator fills the widget
    lightest = max(image.pixelColor(x, y).lightness() for x in range(image.width()) for y in range(image.height()))
    assert lightest > dark_palette().color(dark_palette().ColorRole.Window).lightness() + 40   # Fusion alone: +2

    apply_theme(qapp, "light")
    assert TONES["good"][0] in label.styleSheet()
    assert bars._bars[0].opts["pen"].color() == QColor("white")
    set_tone(label, None)
    assert label.styleSheet() == ""
