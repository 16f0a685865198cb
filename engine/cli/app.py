"""Parse the command line and run one command."""

from __future__ import annotations

import argparse
from importlib import import_module

from engine.cli.common import EXIT_CODES_HELP, run_command

#: One module per command; each has register(subparsers).
COMMAND_MODULES = ("engine.cli.cmd_import", "engine.cli.cmd_train", "engine.cli.cmd_export",
                   "engine.cli.cmd_campaign", "engine.cli.cmd_repair")
COMMANDS = ("import", "train", "backtest", "export", "campaign", "repair")


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        return package_version("shiftwise")
    except PackageNotFoundError:
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shiftwise", description="Shiftwise: customer interest tiers, decay and migration.",
        epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"Shiftwise {version()}")
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
