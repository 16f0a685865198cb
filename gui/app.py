"""Start the desktop app."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from gui.errors import install_excepthook, setup_logging


def main() -> int:
    setup_logging()
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Shiftwise")
    app.setOrganizationName("Shiftwise")
    install_excepthook()
    from PySide6.QtGui import QIcon

    from resources import resource_path

    app.setWindowIcon(QIcon(str(resource_path("icons", "shiftwise.svg"))))
    from gui.main_window import MainWindow

    window = MainWindow()
    window.show()
    window.open_startup_project()
    window.warm_up_models()
    return app.exec()
