"""Persistent user settings: window state, recent projects and files, and the preferences of
Edit ▸ Settings (language, theme, the models' defaults, DuckDB's limits)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QSettings

from engine.models.defaults import PERIODS, UserDefaults
from engine.store.connection import DuckDBLimits
from engine.store.errors import ProjectError

MAX_RECENT = 10

#: Read at start by the translators (gui/i18n): "system", "en" or "zh_CN".
LANGUAGE_KEY = "ui/language"
LANGUAGES = ("system", "en", "zh_CN")
THEME_KEY = "ui/theme"
THEMES = ("system", "light", "dark")
PERIOD_KEY = "models/period"
LOOKBACK_KEY = "models/lookback_weeks"
HORIZON_KEY = "models/horizon_weeks"
MEMORY_KEY = "duckdb/memory_limit"      # "" = automatic
THREADS_KEY = "duckdb/threads"          # 0 = automatic


def make_settings() -> QSettings:
    """Native settings normally; an INI file under SHIFTWISE_HOME when set (tests, portable use)."""
    home = os.environ.get("SHIFTWISE_HOME")
    if home:
        return QSettings(str(Path(home) / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings("Shiftwise", "Shiftwise")


def recent(settings: QSettings, key: str) -> list[str]:
    value = settings.value(key, [])
    if isinstance(value, str):
        value = [value] if value else []
    return [v for v in (value or []) if v]


def push_recent(settings: QSettings, key: str, path: str | Path) -> list[str]:
    path = str(Path(path).resolve())
    items = [p for p in recent(settings, key) if p != path]
    items.insert(0, path)
    items = items[:MAX_RECENT]
    settings.setValue(key, items)
    return items


@dataclass(frozen=True)
class Preferences:
    language: str = "system"
    theme: str = "system"
    defaults: UserDefaults = field(default_factory=UserDefaults)
    limits: DuckDBLimits = field(default_factory=DuckDBLimits)


def load_preferences(settings: QSettings) -> Preferences:
    """The saved preferences; a value that is missing or no longer valid (edited by hand, from
    a bigger machine) reads as its default."""
    base = Preferences()
    language = str(settings.value(LANGUAGE_KEY, base.language))
    theme = str(settings.value(THEME_KEY, base.theme))
    period = str(settings.value(PERIOD_KEY, base.defaults.period))
    defaults = UserDefaults(period if period in PERIODS else base.defaults.period,
                            _int(settings.value(LOOKBACK_KEY), base.defaults.lookback_weeks),
                            _int(settings.value(HORIZON_KEY), base.defaults.horizon_weeks))
    try:
        defaults.validated()
    except ProjectError:
        defaults = base.defaults
    limits = DuckDBLimits(str(settings.value(MEMORY_KEY, "") or "").strip() or None,
                          _int(settings.value(THREADS_KEY), 0) or None)
    try:
        limits.validated()
    except ProjectError:
        limits = base.limits
    return Preferences(language if language in LANGUAGES else base.language,
                       theme if theme in THEMES else base.theme, defaults, limits)


def save_preferences(settings: QSettings, prefs: Preferences) -> None:
    settings.setValue(LANGUAGE_KEY, prefs.language)
    settings.setValue(THEME_KEY, prefs.theme)
    settings.setValue(PERIOD_KEY, prefs.defaults.period)
    settings.setValue(LOOKBACK_KEY, int(prefs.defaults.lookback_weeks))
    settings.setValue(HORIZON_KEY, int(prefs.defaults.horizon_weeks))
    settings.setValue(MEMORY_KEY, prefs.limits.memory_limit or "")
    settings.setValue(THREADS_KEY, int(prefs.limits.threads or 0))
    settings.sync()


def _int(value: object, default: int) -> int:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
