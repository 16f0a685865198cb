"""Parse the command line and run one command."""

from __future__ import annotations

import argparse
from importlib import import_module

from cli.common import EXIT_CODES_HELP, run_command
from engine.about import APP_VERSION

#: One module per command; each has register(subparsers).
COMMAND_MODULES = ("cli.cmd_import", "cli.cmd_train", "cli.cmd_export",
                   "cli.cmd_campaign", "cli.cmd_repair", "cli.cmd_imports",
                   "cli.cmd_remove_import")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shiftwise", description="Shiftwise: customer interest tiers, decay and migration.",
        epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"Shiftwise {APP_VERSION}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        import_module(name).register(sub)
    for command in sub.choices.values():
        command.epilog = EXIT_CODES_HELP
        command.formatter_class = argparse.RawDescriptionHelpFormatter
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    return run_command(args.func, args)
