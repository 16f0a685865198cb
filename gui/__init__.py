"""The PySide6 + pyqtgraph desktop app: thin views over engine services."""
