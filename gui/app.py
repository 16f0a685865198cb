"""Start the desktop app."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtWidgets import QApplication

from gui.errors import install_excepthook, setup_logging

#: Set to "0" to open a newly built demo shop untrained (the first start trains it otherwise).
FIRST_RUN_TRAIN_ENV = "SHIFTWISE_FIRST_RUN_TRAIN"
#: Set to a JSON path: tour every page once the start-up jobs are done, write a report, exit (packaging test).
SELF_CHECK_ENV = "SHIFTWISE_SELF_CHECK"
HEAVY_MODULES = ("torch", "sklearn")


def main(project: str | None = None) -> int:
    setup_logging()
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Shiftwise")
    app.setOrganizationName("Shiftwise")
    install_excepthook()
    from engine.store.connection import reserve_for_window
    from gui.dialogs.settings_dialog import apply_preferences
    from gui.settings import load_preferences, make_settings

    from gui.i18n.fonts import ensure_cjk_font
    from gui.i18n.translators import install_language, resolve_language

    prefs = load_preferences(make_settings())
    # the language before the first widget takes its text (a change in Settings applies at the next start)
    install_language(resolve_language(prefs.language))
    ensure_cjk_font()
    # the theme before the first widget, DuckDB's limits before the first project opens (its default cap
    # leaves the window its share of the process's budget)
    reserve_for_window()
    apply_preferences(app, prefs)
    from PySide6.QtGui import QIcon

    from resources import resource_path

    app.setWindowIcon(QIcon(str(resource_path("icons", "shiftwise.svg"))))
    from gui.main_window import MainWindow

    window = MainWindow()
    window.show()
    app.processEvents()
    first_window = {"window_shown_epoch": time.time(),
                    "heavy_modules_at_window": [m for m in HEAVY_MODULES if m in sys.modules]}
    checker = None
    if os.environ.get(SELF_CHECK_ENV):
        from pathlib import Path

        from gui.self_check import SelfCheck

        checker = SelfCheck(window, Path(os.environ[SELF_CHECK_ENV]), first_window)
    if project is not None:
        window.open_project_path(project)
    else:
        window.open_startup_project(train_new_demo=os.environ.get(FIRST_RUN_TRAIN_ENV, "1") != "0")
    warm_up = window.warm_up_models()
    window.show_tour_once()
    if checker is not None:
        checker.start(warm_up)
    return app.exec()
