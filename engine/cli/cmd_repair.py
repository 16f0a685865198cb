"""python main.py repair PROJECT: set a damaged journal aside and open the project at its last checkpoint."""

from __future__ import annotations

import argparse

from engine.cli.common import add_common, emit


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("repair", help="set a damaged journal (.wal) aside and open the project as last saved")
    p.add_argument("project")
    add_common(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, progress, cancel) -> None:
    from engine.store.repair import repair_project

    report = repair_project(args.project)
    emit(args, report.to_dict(), report.lines())
