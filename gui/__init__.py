"""The PySide6 + pyqtgraph desktop app: thin views over engine services."""

from gui.pyside_source_scan import scan_without_keeping_sources

# before any other module is imported under PySide6's import hook
scan_without_keeping_sources()
