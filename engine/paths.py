"""Where projects, logs and generated demo data live: the platform's user folders."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Shiftwise"


def data_dir() -> Path:
    """Projects and the generated demo shop. SHIFTWISE_HOME overrides (tests, portable use)."""
    override = os.environ.get("SHIFTWISE_HOME")
    base = Path(override) / "data" if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    base.mkdir(parents=True, exist_ok=True)
    return base


def log_dir() -> Path:
    override = os.environ.get("SHIFTWISE_HOME")
    base = Path(override) / "logs" if override else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    base.mkdir(parents=True, exist_ok=True)
    return base


def projects_dir() -> Path:
    path = data_dir() / "projects"
    path.mkdir(parents=True, exist_ok=True)
    return path


def demo_project_path() -> Path:
    return projects_dir() / "Demo shop.shiftwise"
