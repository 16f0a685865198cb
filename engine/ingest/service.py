"""Import shop exports into a project: all rows of a file land, or none do.

``import_file`` recognises the file (or uses the mapping given), stages it in
DuckDB and writes events, customer attributes and rejected rows in one
transaction. ``inspect_file`` and ``preview_mapping`` serve the mapping dialog:
what the file looks like, the guessed roles, and what a mapping would do,
without writing anything.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from engine.ingest import formats
from engine.ingest.errors import ImportError_
from engine.ingest.hashing import BackgroundHash
from engine.ingest.loader import REJECTS, drop_temps, event_select, load, record_import, sample_readings
from engine.ingest.mapping import Mapping, guess_roles, load_saved, save_mapping
from engine.ingest.readers import Source, open_source
from engine.ingest.rejects import NotUtf8
from engine.ingest.result import ImportResult
from engine.jobs import CancelToken, ProgressCallback, SubProgress, ensure
from engine.store.project import Project

DEFAULT_TZ = "UTC"
#: Files up to this size are hashed before the import starts; larger ones while it runs.
SYNC_HASH_BYTES = 64 * 1024 * 1024


class NeedsMapping(ImportError_):
    """The file's format is not recognised or lacks a customer/time column: ask the user."""

    def __init__(self, message: str, inspection: "FileInspection") -> None:
        super().__init__(message)
        self.inspection = inspection


@dataclass
class FileInspection:
    """A file as the mapping dialog shows it."""

    path: Path
    header: list[str]
    sample_rows: list[list[str]]
    encoding: str
    delimiter: str
    has_header: bool
    guess: Mapping
    recognised: bool
    saved: bool = False
    kind: str = "csv"
    notes: list[str] = field(default_factory=list)


def project_timezone(project: Project) -> str:
    return project.get_meta("timezone", DEFAULT_TZ) or DEFAULT_TZ


def _as_mapping(mapping: Mapping | dict | str | None) -> Mapping | None:
    if mapping is None or isinstance(mapping, Mapping):
        return mapping
    try:
        return Mapping.from_json(mapping) if isinstance(mapping, str) else Mapping.from_dict(mapping)
    except (ValueError, TypeError) as exc:
        raise ImportError_(f"The mapping is not valid: {exc}") from None


def inspect_file(project: Project | None, path: str | Path, *, format: str | None = None) -> FileInspection:
    """Open a file and say how it would be read: format, guessed roles, a sample."""
    path = Path(path)
    source = open_source(path)
    try:
        return _inspect(project, source, format)
    finally:
        source.close()


def _inspect(project: Project | None, source: Source, fmt: str | None) -> FileInspection:
    try:
        rec = formats.recognise(source.header, source.sample_rows, fmt)
    except ValueError as exc:
        raise ImportError_(str(exc)) from None
    saved = load_saved(project.cursor(), source.header) if project is not None and fmt is None else None
    guess = saved or rec or Mapping(format="custom", columns=guess_roles(source.header))
    header = source.header
    if guess.column_names and not guess.header and len(guess.column_names) == len(header):
        header = list(guess.column_names)   # a headerless format names the columns itself
    return FileInspection(source.path, header, source.sample_rows, source.encoding, source.delimiter,
                          source.has_header, guess, recognised=rec is not None or saved is not None,
                          saved=saved is not None, kind=source.kind)


def _resolve(project: Project, path: Path, fmt: str | None, mapping: Mapping | None,
             tmp_root: Path | None, encoding: str | None = None) -> tuple[Source, Mapping]:
    source = open_source(path, tmp_root=tmp_root, encoding=encoding)
    try:
        if mapping is None:
            inspection = _inspect(project, source, fmt)
            catalog = inspection.guess.format in formats.CATALOG_FORMATS
            if not inspection.recognised or (inspection.guess.missing_required() and not catalog):
                missing = inspection.guess.missing_required()
                roles = " and ".join("the customer" if m == "customer_id" else "the time" for m in missing)
                what = (f"no column for {roles}" if missing else
                        f"it does not look like a {fmt} export" if fmt else "the format is not recognised")
                raise NeedsMapping(f"{path.name}: {what}. Choose the columns in the mapping dialog "
                                   f"(or pass --mapping FILE.json).", inspection)
            mapping = inspection.guess
        if mapping.column_names or mapping.header != source.has_header:
            source.close()
            source = open_source(path, header=mapping.header, column_names=mapping.column_names,
                                 tmp_root=tmp_root, encoding=encoding)
        needed = [] if mapping.format in formats.CATALOG_FORMATS else mapping.missing_required()
        absent = [c for c in mapping.columns.values() if c and c not in source.header]
        if needed or absent:
            problem = (f"the mapping names columns the file does not have: {', '.join(absent)}" if absent
                       else f"the mapping has no column for {', '.join(needed)}")
            raise ImportError_(f"{path.name}: {problem}")
        return source, mapping
    except BaseException:
        source.close()
        raise


def import_file(project: Project, path: str | Path, *, format: str | None = None,
                mapping: Mapping | dict | str | None = None, remember: bool = False,
                progress: ProgressCallback | None = None, cancel: CancelToken | None = None,
                **_: Any) -> ImportResult:
    """Import one file. Raises :class:`ImportError_` (or :class:`NeedsMapping`) with a message for the user.

    ``remember`` saves the mapping for files with the same header (the dialog sets it).
    """
    try:
        return _import_file(project, path, format=format, mapping=mapping, remember=remember,
                            progress=progress, cancel=cancel)
    except NotUtf8:
        # the first bytes were plain ASCII, later ones are not UTF-8: a Windows/Latin-1 export
        return _import_file(project, path, format=format, mapping=mapping, remember=remember,
                            progress=progress, cancel=cancel, encoding="cp1252")


def _import_file(project: Project, path: str | Path, *, format: str | None, mapping, remember: bool,
                 progress: ProgressCallback | None, cancel: CancelToken | None,
                 encoding: str | None = None) -> ImportResult:
    progress, cancel = ensure(progress, cancel)
    path = Path(path)
    started = time.perf_counter()
    mapping = _as_mapping(mapping)
    source, mapping = _resolve(project, path, format, mapping, project.path.parent, encoding)
    hasher = BackgroundHash(path)
    try:
        progress(2, 100, f"Checking {path.name}")
        size = path.stat().st_size
        if size <= SYNC_HASH_BYTES or project.scalar("SELECT count(*) FROM imports WHERE file_size = ?", [size]):
            # small, or maybe imported before: settle it before reading anything
            known = project.scalar("SELECT import_id FROM imports WHERE content_hash = ?", [hasher.result(cancel)])
            if known is not None:
                return _already(path, mapping, source, int(known), progress)
        cancel.raise_if_cancelled()
        with project.interruptible(cancel) as cur:
            cur.execute("BEGIN TRANSACTION")
            try:
                import_id = int(cur.execute("SELECT nextval('import_id_seq')").fetchall()[0][0])
                zone = _project_zone(cur, mapping)
                counts = load(cur, source, mapping, import_id, zone, progress, cancel)
                if counts.loaded == 0 and counts.rejected and mapping.format not in formats.CATALOG_FORMATS:
                    first = cur.execute("SELECT reason FROM rejected_rows WHERE import_id = ? "
                                        "GROUP BY reason ORDER BY count(*) DESC LIMIT 1", [import_id]).fetchall()
                    raise ImportError_(f"{path.name}: none of its {counts.rejected:,} rows could be read "
                                       f"(most common problem: {first[0][0] if first else 'unknown'})")
                digest = hasher.result(cancel)
                known = cur.execute("SELECT import_id FROM imports WHERE content_hash = ?", [digest]).fetchall()
                if known:
                    cur.execute("ROLLBACK")
                    drop_temps(cur)
                    return _already(path, mapping, source, int(known[0][0]), progress)
                record_import(cur, import_id, source, digest, mapping, counts, started)
                if remember:
                    save_mapping(cur, source.header, mapping)
                drop_temps(cur)
                progress(98, 100, "Saving")
                cur.execute("COMMIT")
            except BaseException:
                _rollback(cur)
                raise
    finally:
        hasher.stop()
        source.close()
    result = ImportResult(path.name, mapping.format, counts.loaded, counts.rejected, counts.duplicate,
                          import_id=import_id, rows_skipped=counts.skipped, encoding=source.encoding,
                          ts_format=counts.readings.ts.describe() if counts.readings else "")
    if counts.duplicate and not counts.loaded:
        result.message = "every row was already in the project; nothing added"
    elif counts.rejected:
        result.message = f"see the rejected rows of import {import_id}"
    progress(100, 100, result.summary())
    return result


def _project_zone(cur, mapping: Mapping) -> str:
    """The project's time zone; a new project takes the zone of its first export that names one
    (a Taobao shop's times stay Beijing times), else UTC."""
    row = cur.execute("SELECT value FROM meta WHERE key = 'timezone'").fetchall()
    if row and row[0][0]:
        return row[0][0]
    if mapping.timezone and not cur.execute("SELECT EXISTS (SELECT 1 FROM events)").fetchall()[0][0]:
        cur.execute("INSERT INTO meta VALUES ('timezone', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [mapping.timezone])
        return mapping.timezone
    return DEFAULT_TZ


def _already(path: Path, mapping: Mapping, source: Source, import_id: int, progress) -> ImportResult:
    progress(100, 100, f"{path.name} was already imported")
    return ImportResult(path.name, mapping.format, 0, 0, import_id=import_id, already_imported=True,
                        message=f"{path.name} was already imported; nothing changed", encoding=source.encoding)


def _rollback(cur) -> None:
    import duckdb

    try:
        cur.execute("ROLLBACK")
    except duckdb.Error:  # the transaction may already be gone (an interrupted query aborts it)
        pass
    drop_temps(cur)


def import_files(project: Project, paths: Sequence[str | Path], *, progress: ProgressCallback | None = None,
                 cancel: CancelToken | None = None, **kw: Any) -> list[ImportResult]:
    """Import several files, each in its own transaction (in any order: a catalog imported after
    the events still gives them their categories)."""
    progress, cancel = ensure(progress, cancel)
    results = []
    n = len(paths)
    for i, path in enumerate(paths):
        sub = SubProgress(progress, i, i + 1, total=n)
        results.append(import_file(project, path, progress=sub, cancel=cancel, **kw))
    _group_products(project, results, progress, cancel)
    return results


def _group_products(project: Project, results: list, progress: ProgressCallback, cancel: CancelToken) -> None:
    from engine.catalog.derive import group_after_import  # (imports the ingest package itself)

    group_after_import(project, results, progress, cancel)


def preview_mapping(project: Project | None, path: str | Path, mapping: Mapping | dict, *,
                    limit: int = 200) -> tuple[list[tuple], list[tuple]]:
    """What ``mapping`` would make of the file's first ``limit`` rows, without writing anything.

    Returns (canonical rows, rejected rows as (line, reason, raw)).
    """
    import duckdb

    mapping = _as_mapping(mapping)
    path = Path(path)
    missing = mapping.missing_required()
    if missing:
        raise ImportError_(f"Choose a column for: {', '.join(missing)}")
    source = open_source(path, header=mapping.header, column_names=mapping.column_names)
    con = duckdb.connect()
    try:
        cur = con.cursor()
        cur.execute("SET SESSION preserve_insertion_order = true")
        is_csv = source.kind != "parquet"
        rel = f"(SELECT * FROM {source.relation(rejects=REJECTS if is_csv else None)} LIMIT {int(limit)})"
        tz = project_timezone(project) if project is not None else DEFAULT_TZ
        readings = sample_readings(cur, mapping, rel, rel)
        cur.execute(f"CREATE TEMP TABLE _preview AS {event_select(source, mapping, readings, rel, tz)}")
        base = cur.execute("SELECT coalesce(min(rowid), 0) FROM _preview").fetchall()[0][0]
        good = cur.execute("SELECT customer_id, CAST(ts AS VARCHAR), event_type, order_id, item_id, item_name, "
                           "category, quantity, amount FROM _preview WHERE event_type NOT LIKE '~%' "
                           "ORDER BY rowid").fetchall()
        bad = cur.execute(f"SELECT rowid - {int(base)} + {source.first_data_line()}, substr(event_type, 2), "
                          f"item_name FROM _preview WHERE event_type LIKE '~%' "
                          f"AND event_type NOT IN ('~skip', '~header') ORDER BY rowid").fetchall()
        if is_csv:
            bad += [(line, "too many fields" if "MANY" in kind else "too few fields", raw) for line, kind, raw in
                    cur.execute(f"SELECT DISTINCT line, error_type, csv_line FROM {REJECTS}_errors ORDER BY line").fetchall()]
        return good, sorted(bad, key=lambda r: r[0])
    except duckdb.Error as exc:
        raise ImportError_(f"{path.name}: {str(exc).splitlines()[0]}") from None
    finally:
        con.close()
        source.close()


@dataclass
class ImportOutcome:
    """One file of a batch: its result, or the error that stopped it (the others still run)."""

    path: Path
    result: ImportResult | None = None
    error: ImportError_ | None = None


def import_each(project: Project, paths: Sequence[str | Path], *, mappings: dict[str, Any] | None = None,
                remember: bool = False, progress: ProgressCallback | None = None,
                cancel: CancelToken | None = None) -> list[ImportOutcome]:
    """Import files one by one; a file that fails (or needs a mapping) does not stop the others."""
    progress, cancel = ensure(progress, cancel)
    mappings = mappings or {}
    outcomes = []
    n = len(paths)
    for i, path in enumerate(paths):
        path = Path(path)
        sub = SubProgress(progress, i, i + 1, total=n)
        try:
            result = import_file(project, path, mapping=mappings.get(str(path)), remember=remember,
                                 progress=sub, cancel=cancel)
            outcomes.append(ImportOutcome(path, result=result))
        except ImportError_ as exc:
            outcomes.append(ImportOutcome(path, error=exc))
    _group_products(project, [o.result for o in outcomes], progress, cancel)
    return outcomes
