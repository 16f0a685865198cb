"""python main.py remove-import PROJECT IMPORT: take an import (its id, or its file's name) out of a project."""

from __future__ import annotations

import argparse

from cli.common import CliError, add_common, emit, project_for
from engine.ingest import ImportError_


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("remove-import", help="remove an import's rows from a project (its id in import --json and "
                                             "on the Data page, or its file's name)")
    p.add_argument("project")
    p.add_argument("which", metavar="IMPORT", help="the import's id, or its file's name (the latest import of it)")
    add_common(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, progress, cancel) -> None:
    from engine.ingest.removal import find_import
    from engine.workflows import remove_shop_import

    with project_for(args.project) as project:
        try:
            removed = remove_shop_import(project, find_import(project, args.which), progress=progress, cancel=cancel)
        except ImportError_ as exc:
            raise CliError(str(exc)) from None
    emit(args, {"import_id": removed.import_id, "file_name": removed.file_name, "events_removed": removed.events},
         [str(removed.summary())])
