"""python main.py export PROJECT NAME --out FILE.csv|.parquet|.xlsx (NAME: an export of engine.models.registry)"""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.common import CliError, add_common, emit, project_for
from engine.export import ExportError, write_query
from engine.models import registry


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export the latest results of a model")
    p.add_argument("project")
    p.add_argument("table", choices=sorted(registry.exports()))
    p.add_argument("--out", required=True, help="FILE.csv, FILE.parquet or FILE.xlsx")
    add_common(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, progress, cancel) -> None:
    out = Path(args.out)
    with project_for(args.project) as project:
        sql, params = registry.export_fn(args.table)(project)
        try:
            rows = write_query(project, sql, params, out, progress=progress, cancel=cancel)
        except ExportError as exc:
            raise CliError(str(exc)) from None
    emit(args, {"table": args.table, "out": str(out), "rows_written": rows},
         [f"Wrote {rows:,} rows to {out}"])
