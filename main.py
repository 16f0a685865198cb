"""Shiftwise: no arguments (or one project file) opens the GUI; a sub-command runs the command line."""

from __future__ import annotations

import sys
from pathlib import Path


def project_to_open(argv: list[str]) -> str | None:
    """A single existing project file (a double-click, "Open with…") opens in the GUI."""
    from engine.store import PROJECT_SUFFIX

    if len(argv) == 1 and argv[0].endswith(PROJECT_SUFFIX) and Path(argv[0]).is_file():
        return argv[0]
    return None


def run(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    project = project_to_open(argv)
    if argv and project is None:
        from cli.app import main as cli_main

        return cli_main(argv)
    from gui.app import main as gui_main

    return gui_main(project)


if __name__ == "__main__":
    sys.exit(run())
