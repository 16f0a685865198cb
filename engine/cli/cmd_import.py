"""python main.py import PROJECT FILE... [--format NAME] [--mapping FILE.json] [--rejects-out FILE.csv]"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from engine.cli.common import CliError, add_common, emit
from engine.ingest import ImportError_, import_files
from engine.ingest.formats import FORMAT_NAMES
from engine.store import Project, create_project, open_project


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import shop export files into a project (created if missing)")
    p.add_argument("project")
    p.add_argument("files", nargs="+")
    p.add_argument("--format", default=None, choices=FORMAT_NAMES, metavar="NAME",
                   help="skip recognition and read the files as this format: " + ", ".join(FORMAT_NAMES))
    p.add_argument("--mapping", default=None, help="a JSON file mapping roles to columns "
                   "(format: see engine/ingest/mapping.py)")
    p.add_argument("--remember", action="store_true", help="save --mapping for files with the same header")
    p.add_argument("--rejects-out", default=None, metavar="FILE.csv",
                   help="write the rejected rows (file, line, reason, raw text) of this run to a CSV or .xlsx")
    add_common(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, progress, cancel) -> None:
    mapping = None
    if args.mapping:
        try:
            mapping = json.loads(Path(args.mapping).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CliError(f"Cannot read mapping {args.mapping}: {exc}") from None
    path = Path(args.project)
    created = not path.exists()
    project: Project = create_project(path) if created else open_project(path)
    landed = False
    try:
        try:
            results = import_files(project, [Path(f) for f in args.files], format=args.format,
                                   mapping=mapping, remember=args.remember, progress=progress, cancel=cancel)
        except ImportError_ as exc:
            raise CliError(str(exc)) from None
        ids = [r.import_id for r in results if r.import_id is not None and not r.already_imported]
        rejects_written = 0
        if args.rejects_out and ids:
            from engine.export.writer import write_query

            marks = ", ".join("?" for _ in ids)
            rejects_written = write_query(
                project, f"SELECT i.file_name, r.line_no, r.reason, r.raw FROM rejected_rows r "
                         f"JOIN imports i USING (import_id) WHERE r.import_id IN ({marks})", ids,
                args.rejects_out, order_by="file_name, line_no")
        landed = True
    finally:
        project.close()
        if created and not landed:
            # a project this command made for an import that failed would be an empty leftover
            for leftover in (path, path.with_name(path.name + ".wal")):
                leftover.unlink(missing_ok=True)
    summary = {
        "project": str(path),
        "files": [r.to_dict() for r in results],
        "rows_imported": sum(r.rows_loaded for r in results),
        "rows_rejected": sum(r.rows_rejected for r in results),
        "rows_duplicate": sum(r.rows_duplicate for r in results),
        "rejects_out": args.rejects_out if args.rejects_out else None,
    }
    lines = [r.summary() for r in results]
    rejected = sum(r.rows_rejected for r in results)
    if rejected:
        lines.append(f"{rejected:,} rows rejected: " + (
            f"{rejects_written:,} written to {args.rejects_out}" if args.rejects_out else
            f"they are in the project's rejected_rows table (import {', '.join(map(str, ids))}); "
            "add --rejects-out FILE.csv to list them with line and reason"))
    emit(args, summary, lines)
