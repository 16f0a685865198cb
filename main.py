"""Shiftwise: no arguments opens the GUI; a sub-command runs the command line."""

from __future__ import annotations

import sys


def run(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv:
        from cli.app import main as cli_main

        return cli_main(argv)
    from gui.app import main as gui_main

    return gui_main()


if __name__ == "__main__":
    sys.exit(run())
