"""Parse the command line and run one command."""

from __future__ import annotations

import argparse
from importlib import import_module

from engine.about import APP_VERSION
from engine.cli.common import run_command

#: One module per command; each has register(subparsers).
COMMAND_MODULES = ("engine.cli.cmd_import", "engine.cli.cmd_train", "engine.cli.cmd_export",
                   "engine.cli.cmd_campaign")
COMMANDS = ("import", "train", "backtest", "export", "campaign")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shiftwise", description="Shiftwise: customer interest tiers, decay and migration.")
    parser.add_argument("--version", action="version", version=f"shiftwise {APP_VERSION}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        import_module(name).register(sub)
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    return run_command(args.func, args)
