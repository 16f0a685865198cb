"""The engine and the command line never import Qt: checked in the source, and by importing
every engine and cli module in a Python where Qt cannot be imported."""

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import cli
import engine

QT_IMPORT = re.compile(r"^\s*(from|import)\s+(PySide6|PyQt5|PyQt6|pyqtgraph|superqt|qtpy|shiboken6)\b", re.M)

BLOCKER = r"""
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {'PySide6', 'PyQt5', 'PyQt6', 'pyqtgraph', 'superqt', 'qtpy', 'shiboken6'}:
            raise ImportError(f'Qt is not installed here ({name})')
sys.meta_path.insert(0, Block())
import importlib, pkgutil, engine, cli
for package in (engine, cli):
    for m in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):
        importlib.import_module(m.name)
print('ok')
"""


def test_no_engine_or_cli_source_imports_qt():
    offenders = [str(p.relative_to(Path(engine.__file__).parent.parent))
                 for package in (engine, cli) for p in Path(package.__file__).parent.rglob("*.py")
                 if QT_IMPORT.search(p.read_text("utf-8"))]
    assert offenders == []


def test_every_engine_and_cli_module_imports_without_qt():
    assert list(pkgutil.walk_packages(engine.__path__, "engine."))
    assert list(pkgutil.walk_packages(cli.__path__, "cli."))
    result = subprocess.run([sys.executable, "-c", BLOCKER], capture_output=True, text=True,
                            cwd=Path(engine.__file__).parent.parent)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("ok")


def test_engine_tests_pass_where_qt_cannot_be_imported():
    """A sample of the engine's own tests, run in a Python where every Qt import fails."""
    root = Path(engine.__file__).parent.parent
    sample = ["tests/engine/test_jobs.py", "tests/engine/test_store.py", "tests/engine/test_paged_query.py",
              "tests/engine/test_export_writer.py"]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:pytest-qt", "-p", "tests.qt_blocker",
         "-p", "no:cacheprovider", *sample],
        capture_output=True, text=True, cwd=root)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "failed" not in result.stdout
