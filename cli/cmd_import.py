"""python main.py import PROJECT FILE... [--format NAME] [--mapping FILE.json] [--main-currency CODE]
    [--rate CODE=VALUE ...] [--rejects-out FILE.csv|.xlsx]

One command is one transaction: every file lands, or (when one cannot be read) none
does and each file's line says why. The rejects file is written inside that
transaction, so a failure or a Ctrl-C while writing it leaves the project unchanged.
"""

from __future__ import annotations

import argparse
import json
from contextlib import contextmanager
from pathlib import Path

from cli.common import CliError, add_common, emit
from engine.ingest import ImportError_
from engine.ingest.formats import FORMAT_NAMES
from engine.ingest.mapping import ROLE_LABELS, ROLES
from engine.ingest.rejects import REJECT_COLUMNS, REJECTS_ORDER, rejects_query
from engine.store import Project, create_project, open_project
from engine.workflows import import_shop

#: formats whose columns are guessed from the header's words, not known by the format
GUESSED = ("generic",)

REJECTS_SUFFIXES = (".csv", ".xlsx")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import shop export files into a project (created if missing); "
                                      "all files land or none does")
    p.add_argument("project")
    p.add_argument("files", nargs="+", help="CSV/TSV/TXT (also .csv.gz or a .zip of one), .xlsx or .parquet")
    p.add_argument("--format", default=None, choices=FORMAT_NAMES, metavar="NAME",
                   help="skip recognition and read the files as this format: " + ", ".join(FORMAT_NAMES))
    p.add_argument("--mapping", default=None, help="a JSON file mapping roles to columns "
                   "(format: see engine/ingest/mapping.py)")
    p.add_argument("--encoding", default=None, metavar="NAME",
                   help="read the text files in this encoding (gb18030, big5, cp932, cp949, cp1252...) instead of "
                        "the one recognised")
    p.add_argument("--main-currency", default=None, metavar="CODE",
                   help="the currency spend is in (USD, EUR, 元...), for files whose amounts are in several; "
                        "default: the one most lines are in")
    p.add_argument("--rate", action="append", default=[], metavar="CODE=VALUE",
                   help="one unit of another currency in the main one (--rate CAD=0.74; again for each): its "
                        "lines' amounts are converted. A currency without a rate: its lines count without spend")
    p.add_argument("--remember", action="store_true", help="save --mapping for files with the same header")
    p.add_argument("--rejects-out", default=None, metavar="FILE.csv",
                   help="write the rejected rows (file, line, reason, row text) of this run to a .csv "
                        "(UTF-8 with BOM, for Excel) or an .xlsx")
    add_common(p)
    p.set_defaults(func=run)


def _rejects_target(value: str | None) -> Path | None:
    if not value:
        return None
    out = Path(value)
    if out.suffix.lower() not in REJECTS_SUFFIXES:
        raise CliError(f"--rejects-out {out.name}: use a .csv or .xlsx file")
    if not out.parent.is_dir():
        raise CliError(f"--rejects-out: folder {out.parent} does not exist")
    return out


def _rates(given: list[str]) -> dict[str, float]:
    """``--rate CODE=VALUE`` options as a currency -> rate object (checked by the mapping)."""
    rates = {}
    for item in given:
        code, sep, value = item.partition("=")
        if not sep or not code.strip():
            raise CliError(f"--rate {item}: write a currency and its rate, as --rate CAD=0.74")
        try:
            rates[code.strip()] = float(value.replace(",", "."))
        except ValueError:
            raise CliError(f"--rate {item}: {value!r} is no number") from None
    return rates


class _InTransaction:
    """The import's own cursor, shaped like the project the export writer expects, so the
    rejects are read (and written) inside the import's transaction."""

    def __init__(self, cur) -> None:
        self._cur = cur

    @contextmanager
    def interruptible(self, cancel):
        if cancel is None:
            yield self._cur
        else:
            with cancel.on_cancel(self._cur.interrupt):
                yield self._cur


def run(args: argparse.Namespace, progress, cancel) -> None:
    mapping = None
    if args.mapping:
        try:
            mapping = json.loads(Path(args.mapping).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CliError(f"Cannot read mapping {args.mapping}: {exc}") from None
    rates = _rates(args.rate)
    rejects_out = _rejects_target(args.rejects_out)
    path = Path(args.project)
    created = not path.exists()
    project: Project = create_project(path) if created else open_project(path)
    landed = False
    written: dict = {"rows": 0}

    def write_rejects(cur, outcomes) -> None:
        from engine.export.writer import write_query

        ids = [o.result.import_id for o in outcomes if not o.result.already_imported]
        sql, params = rejects_query(ids)
        written["path"] = rejects_out
        written["rows"] = write_query(_InTransaction(cur), sql, params, rejects_out, bom=True,
                                      order_by=REJECTS_ORDER, columns=list(REJECT_COLUMNS),
                                      cancel=cancel)

    try:
        try:
            outcomes = import_shop(project, [Path(f) for f in args.files], format=args.format,
                                   mapping=mapping, encoding=args.encoding, main_currency=args.main_currency,
                                   rates=rates, remember=args.remember, progress=progress, cancel=cancel,
                                   before_commit=write_rejects if rejects_out else None)
        except ImportError_ as exc:
            raise CliError(str(exc)) from None
        landed = not any(o.error for o in outcomes)
    finally:
        project.close()
        if not landed and written.get("path"):
            written["path"].unlink(missing_ok=True)     # it lists rows of an import rolled back
        if created and not landed:
            # a project this command made for an import that failed would be an empty leftover
            for leftover in (path, path.with_name(path.name + ".wal")):
                leftover.unlink(missing_ok=True)
    if not landed:
        lines = [str(o.summary()) for o in outcomes]
        failed = sum(1 for o in outcomes if o.error)
        # a file's own message may end its sentence already (its mapping: "… (or pass --mapping FILE.json).")
        raise CliError(("; ".join(lines).rstrip(".") if len(outcomes) > 1 else lines[0]) +
                       (f". Nothing was imported ({failed} of {len(outcomes)} files failed)." if len(outcomes) > 1
                        else ""))
    results = [o.result for o in outcomes]
    summary = {
        "project": str(path),
        "files": [r.to_dict() for r in results],
        "rows_imported": sum(r.rows_loaded for r in results),
        "rows_rejected": sum(r.rows_rejected for r in results),
        "rows_duplicate": sum(r.rows_duplicate for r in results),
        "rejects_out": str(rejects_out) if rejects_out else None,
    }
    lines = [str(r.summary()) for r in results]
    for r in results:
        if r.format in GUESSED and r.columns:
            # guessed from the header's words: the merchandiser sees what was taken for what
            read = [f"{ROLE_LABELS[role].lower()} from {r.columns[role]!r}" for role in ROLES if r.columns.get(role)]
            lines.append(f"{r.file_name}: read " + ", ".join(read)
                         + " (--mapping FILE.json reads other columns)")
    rejected = sum(r.rows_rejected for r in results)
    if rejected:
        lines.append(f"{rejected:,} rows rejected: " + (
            f"{written['rows']:,} written to {rejects_out}" if rejects_out else
            f"they are in the project's rejected_rows table (import "
            f"{', '.join(str(r.import_id) for r in results if r.rows_rejected)}); "
            "add --rejects-out FILE.csv to list them with line and reason"))
    emit(args, summary, lines)
