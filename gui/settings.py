"""Persistent user settings: window state, recent projects and files."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 10


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
