"""A pytest plugin (-p tests.qt_blocker) that makes every Qt import fail, as on a machine
without Qt: the engine's tests must still pass."""

import importlib.abc
import sys

QT_PACKAGES = {"PySide6", "PyQt5", "PyQt6", "pyqtgraph", "superqt", "qtpy", "shiboken6", "pytestqt"}


class _BlockQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in QT_PACKAGES:
            raise ImportError(f"Qt is not installed here ({name})")
        return None


sys.meta_path.insert(0, _BlockQt())
