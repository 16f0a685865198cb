"""python main.py imports PROJECT: the project's imports (their ids for remove-import), as the Data page lists them."""

from __future__ import annotations

import argparse

from cli.common import add_common, emit, project_for


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("imports", help="list the project's imports: id, file, rows, rejected, encoding…")
    p.add_argument("project")
    add_common(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, progress, cancel) -> None:
    from engine.read.imports import imports_list

    with project_for(args.project) as project:
        rows = imports_list(project)
    lines = [f"{r['id']:>4}  {r['file']}  {r['format']}  {r['rows']:,} rows, {r['rejected']:,} rejected, "
             f"{r['duplicates']:,} duplicates, {r['left out']:,} left out  {r['encoding'] or ''}  "
             f"{r['imported']:%Y-%m-%d %H:%M}" for r in rows]
    emit(args, {"imports": rows}, lines or ["No imports yet"])
