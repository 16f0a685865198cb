"""PySide6 asks of every module imported after it whether it uses PySide6; the window answers from the
file's bytes so that no module's source stays in memory (``linecache`` had kept ~130 MB of them)."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path

import pytest
import shibokensupport.feature as feature  # PySide6's own (the pinned version has it)

import gui  # noqa: F401  (the app's package: wraps the hook on import)
from gui.pyside_source_scan import scan_without_keeping_sources


def test_a_module_imported_under_pyside_is_classified_and_its_source_is_not_kept(tmp_path: Path,
                                                                                monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "sw_scan_plain.py").write_text("VALUE = 1\n" * 2000, encoding="utf-8")
    (tmp_path / "sw_scan_qt.py").write_text("from PySide6 import QtCore  # noqa\nVALUE = 2\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        # an import statement's way in (PySide6 hooks builtins.__import__, not importlib.import_module)
        plain = __import__("sw_scan_plain")
        qt = __import__("sw_scan_qt")
        assert (plain.VALUE, qt.VALUE) == (1, 2)
        # PySide6's own answers: -1 "ignore this module", 0 "uses PySide6, no feature switched on"
        assert feature.pyside_feature_dict["sw_scan_plain"] == -1
        assert feature.pyside_feature_dict["sw_scan_qt"] == 0
        assert plain.__file__ not in linecache.cache and qt.__file__ not in linecache.cache
    finally:
        for name in ("sw_scan_plain", "sw_scan_qt"):
            sys.modules.pop(name, None)
            feature.pyside_feature_dict.pop(name, None)


def test_the_hook_is_wrapped_once():
    assert hasattr(feature._mod_uses_pyside, "__wrapped__")
    assert scan_without_keeping_sources() is False
    assert not hasattr(feature._mod_uses_pyside.__wrapped__, "__wrapped__")
