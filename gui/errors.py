"""Logging to a file, and an unhandled exception anywhere becomes a dialog plus a log entry."""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from engine.paths import log_dir
from engine.store.errors import ProjectError
from gui.i18n.engine_text import engine_text

log = logging.getLogger("shiftwise")


def setup_logging() -> Path:
    path = log_dir() / "shiftwise.log"
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, RotatingFileHandler)]:
        if Path(old.baseFilename) != path:
            root.removeHandler(old)
            old.close()
    if not any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    return path


def user_message(exc: BaseException) -> str:
    """The message a user reads: our own errors as they are, others with their type."""
    text = engine_text(exc).strip() or type(exc).__name__
    if isinstance(exc, (ProjectError, OSError)):
        return text
    return f"{type(exc).__name__}: {text}"


def show_error(title: str, exc: BaseException, parent=None) -> None:
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    box = QMessageBox(QMessageBox.Icon.Critical, title, user_message(exc), parent=parent)
    box.setDetailedText(details)
    box.setInformativeText(QCoreApplication.translate("errors", "Details are in the log: {path}").format(
        path=log_dir() / "shiftwise.log"))
    box.exec()


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    log.error("Unhandled exception:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
    if QApplication.instance() is not None and not isinstance(exc, KeyboardInterrupt):
        show_error(QCoreApplication.translate("errors", "Something went wrong"), exc.with_traceback(tb), QApplication.activeWindow())
    else:
        sys.__excepthook__(kind, exc, tb)


def install_excepthook() -> None:
    sys.excepthook = _excepthook
