"""Import shop exports into a project: all rows of a file land, or none do.

``import_file`` recognises the file (or uses the mapping given), stages it in
DuckDB and writes events, customer attributes and rejected rows in one
transaction. ``inspect_file`` serves the mapping dialog: what the file looks
like and the guessed roles (what a mapping would do: :mod:`engine.ingest.preview`),
without writing anything.
"""

from __future__ import annotations

import codecs
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from engine.ingest import currencies, formats, order_lines, provinces, textprep
from engine.ingest.customer_ids import ids_warning, scientific_ids
from engine.ingest.errors import ImportError_
from engine.ingest.hashing import PREFIX, BackgroundHash, KnownDigest, file_stat, older_digest, older_kind
from engine.ingest.header_words import normalise_header
from engine.ingest.loader import LoadCounts, drop_temps, load, record_import
from engine.ingest.mapping import LIST_REQUIRED, Mapping, load_saved, save_mapping
from engine.ingest.open_files import OpenFiles
from engine.ingest.readers import Source, open_source
from engine.ingest.temp_folders import sweep_stale_temps
from engine.ingest.value_roles import guess_roles_by_values
from engine.ingest.reasons import reject_reason
from engine.ingest.result import ImportResult
from engine.jobs import CancelToken, ProgressCallback, SubProgress, ensure
from engine.messages import Message, msg
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
    #: the file as it was opened, kept open for the mapping dialog's previews (``inspect_file(keep_open=True)``;
    #: whoever takes the inspection closes it); None when it was closed
    files: OpenFiles | None = field(default=None, compare=False, repr=False)


def project_timezone(project: Project) -> str:
    return project.get_meta("timezone", DEFAULT_TZ) or DEFAULT_TZ


def as_mapping(mapping: Mapping | dict | str | None) -> Mapping | None:
    if mapping is None or isinstance(mapping, Mapping):
        return mapping
    try:
        return Mapping.from_json(mapping) if isinstance(mapping, str) else Mapping.from_dict(mapping)
    except (ValueError, TypeError) as exc:
        raise ImportError_(msg("import.bad_mapping", detail=str(exc))) from None


def _codec(encoding: str | None) -> str | None:
    """``encoding`` as Python's codec name (None stays None); an ImportError_ naming it when there is no such codec."""
    if not encoding:
        return None
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise ImportError_(msg("import.unknown_encoding", encoding=encoding)) from None


def inspect_file(project: Project | None, path: str | Path, *, format: str | None = None,
                 encoding: str | None = None, keep_open: bool = False, progress: ProgressCallback | None = None,
                 cancel: CancelToken | None = None) -> FileInspection:
    """Open a file and say how it would be read: format, guessed roles, a sample (its text read in
    ``encoding`` when given, else in the encoding recognised). ``keep_open``: the file stays open in the
    inspection's :attr:`~FileInspection.files`, for the mapping dialog's previews (opening it again would copy
    a file not in UTF-8 whole once more)."""
    progress, cancel = ensure(progress, cancel)
    path = Path(path)
    progress(0, 100, msg("progress.checking", name=path.name))
    source = open_source(path, encoding=_codec(encoding), cancel=cancel)
    try:
        cancel.raise_if_cancelled()
        inspection = _inspect(project, source, format)
        if encoding:
            inspection.guess.encoding = _codec(encoding)
    except BaseException:
        source.close()
        raise
    if keep_open:
        inspection.files = OpenFiles()
        # as opened (a saved mapping's encoding is not this read's)
        inspection.files.adopt(source, _codec(encoding))
    else:
        source.close()
    return inspection


def _inspect(project: Project | None, source: Source, fmt: str | None) -> FileInspection:
    try:
        rec = formats.recognise(source.header, source.sample_rows, fmt)
    except ValueError as exc:
        raise ImportError_(str(exc)) from None
    saved = load_saved(project.cursor(), source.header) if project is not None and fmt is None else None
    guess = saved or rec or Mapping(format="custom",
                                    columns=guess_roles_by_values(source.header, source.sample_rows))
    if not saved:   # a guess, not the merchandiser's own choice
        guess.columns = _address_checked(_time_of_day_checked(dict(guess.columns), source), source)
    header = source.header
    if guess.column_names and not guess.header and len(guess.column_names) == len(header):
        header = list(guess.column_names)   # a headerless format names the columns itself
    return FileInspection(source.path, header, source.sample_rows, source.encoding, source.delimiter,
                          source.has_header, guess, recognised=rec is not None or saved is not None,
                          saved=saved is not None, kind=source.kind)


#: A time of day as exports write it beside a date: 14:32, 2:32:01 PM, 오후 2:32.
_TIME_OF_DAY = re.compile(r"^\s*(오전|오후|午前|午後)?\s*\d{1,2}:\d{2}(:\d{2})?(\.\d+)?\s*([AaPp]\.?[Mm]\.?)?\s*$")


def _address_checked(roles: dict[str, str], source: Source) -> dict[str, str]:
    """The guessed roles less a region read from a whole address whose values do not begin with a Chinese province
    (a street would be every customer's region of their own)."""
    column = roles.get("region")
    if column and normalise_header(column) in {normalise_header(w) for w in provinces.ADDRESS_WORDS}:
        i = source.header.index(column)
        if not provinces.begin_with_provinces([r[i] for r in source.sample_rows if i < len(r)]):
            roles.pop("region")
    return roles


def _time_of_day_checked(roles: dict[str, str], source: Source) -> dict[str, str]:
    """The guessed roles less a time of day whose column holds no times, or whose date column holds times
    already (a Time column that is the whole time, or one beside a full timestamp, is no time of day)."""
    if not roles.get("time_of_day") or not roles.get("ts"):
        roles.pop("time_of_day", None)
        return roles

    def values(column: str) -> list[str]:
        i = source.header.index(column)
        return [r[i] for r in source.sample_rows if i < len(r) and r[i].strip()]

    times, dates = values(roles["time_of_day"]), values(roles["ts"])
    if not times or sum(bool(_TIME_OF_DAY.match(v)) for v in times) < 0.9 * len(times) or any(":" in v for v in dates):
        roles.pop("time_of_day")
    return roles


def _resolve(project: Project, path: Path, fmt: str | None, mapping: Mapping | None,
             tmp_root: Path | None, encoding: str | None = None, with_others: bool = False,
             cancel: CancelToken | None = None) -> tuple[Source, Mapping]:
    """The file opened and its mapping. ``with_others``: other files come in the same import, so a file of order
    lines without buyers or times opens (its orders' file may be among them: :mod:`engine.ingest.order_lines`)."""
    # the import scans a plain UTF-8 file beside its read (see _load_one), not before it
    opened_in = _codec(encoding or (mapping.encoding if mapping is not None else None))
    source = open_source(path, tmp_root=tmp_root, encoding=opened_in, defer_scan=True, cancel=cancel)
    try:
        if mapping is None:
            inspection = _inspect(project, source, fmt)
            if opened_in:
                inspection.guess.encoding = opened_in   # the mapping asked for keeps it
            no_events = inspection.guess.format in formats.NO_EVENT_FORMATS
            lines = order_lines.awaits_orders(inspection.guess)
            if lines and inspection.recognised and not with_others:
                raise ImportError_(msg("import.lines_without_orders", name=path.name))
            if (not inspection.recognised and not (lines and with_others)) or (
                    inspection.guess.missing_required() and not no_events and not (lines and with_others)):
                missing = inspection.guess.missing_required()
                if missing and len(source.header) == 1:
                    # columns aligned by spaces (a printed report) read as one: no mapping can split it
                    raise ImportError_(msg("import.one_column", name=path.name))
                what = (msg("import.no_column." + "_".join(sorted(missing))) if missing else
                        msg("import.not_format", format=fmt) if fmt else msg("import.unrecognised"))
                raise NeedsMapping(msg("import.needs_mapping", name=path.name, what=what), inspection)
            mapping = inspection.guess
        read_in = opened_in or _codec(mapping.encoding)   # a saved mapping's encoding
        if mapping.column_names or mapping.header != source.has_header or read_in != opened_in:
            source.close()
            source = open_source(path, header=mapping.header, column_names=mapping.column_names,
                                 tmp_root=tmp_root, encoding=read_in, defer_scan=True, cancel=cancel)
        waits = with_others and order_lines.awaits_orders(mapping)
        # a named catalog (Shopify's products, RetailRocket's properties) is read by its own columns; a list by its roles
        named = mapping.format in formats.NO_EVENT_FORMATS and mapping.format not in LIST_REQUIRED
        needed = [] if named or waits else mapping.missing_required()
        absent = [c for c in mapping.columns.values() if c and c not in source.header]
        if needed or absent:
            problem = (msg("import.mapping_absent", columns=", ".join(absent)) if absent
                       else msg("import.mapping_missing", roles=", ".join(needed)))
            raise ImportError_(msg("import.file_problem", name=path.name, problem=problem))
        return source, mapping
    except BaseException:
        source.close()
        raise


def import_file(project: Project, path: str | Path, *, format: str | None = None,
                mapping: Mapping | dict | str | None = None, encoding: str | None = None,
                main_currency: str | None = None, rates: dict | None = None, remember: bool = False,
                progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> ImportResult:
    """Import one file. Raises :class:`ImportError_` (or :class:`NeedsMapping`) with a message for the user.

    ``remember`` saves the mapping for files with the same header (the dialog sets it); the rest as
    :func:`import_files` takes them (until session 51 an argument it did not name, ``main_currency`` say, was
    dropped without a word).
    """
    [outcome] = import_files(project, [path], format=format, mapping=mapping, encoding=encoding,
                             main_currency=main_currency, rates=rates, remember=remember,
                             progress=progress, cancel=cancel)
    if outcome.error is not None:
        raise outcome.error
    assert outcome.result is not None
    return outcome.result


@dataclass
class ImportOutcome:
    """One file of an import: its result, or why it stopped the import (then nothing landed)."""

    path: Path
    result: ImportResult | None = None
    error: ImportError_ | None = None
    rolled_back: bool = False       # it would have loaded, but another file of the import failed

    def summary(self) -> Message | str:
        if self.error is not None:
            message = getattr(self.error, "message", str(self.error))
            return message if str(message).startswith(self.path.name) else \
                msg("import.file_problem", name=self.path.name, problem=message)
        if self.rolled_back or self.result is None:
            return msg("import.rolled_back", name=self.path.name)
        return self.result.summary()


def summaries(outcomes: Sequence[ImportOutcome]) -> Message | str:
    """What an import did, file by file, as one line."""
    lines = [o.summary() for o in outcomes]
    if not lines:
        return ""
    line = lines[-1]
    for earlier in reversed(lines[:-1]):  # "a; b; c" as a chain, so each line stays a message
        line = msg("import.files", first=earlier, rest=line)
    return line


BeforeCommit = Callable[[Any, list[ImportOutcome]], None]


def import_files(project: Project, paths: Sequence[str | Path], *, format: str | None = None,
                 mapping: Mapping | dict | str | None = None, mappings: dict[str, Any] | None = None,
                 encoding: str | None = None, main_currency: str | None = None, rates: dict | None = None,
                 remember: bool = False, before_commit: BeforeCommit | None = None,
                 progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> list[ImportOutcome]:
    """Import files as one transaction: all of them land, or none does. The CLI and the GUI call it
    through :func:`engine.workflows.import_shop`, which then groups the products.

    Returns an outcome per file, in order. When any file fails (cannot be read, needs a
    mapping, has no readable row) the project is left as it was and the outcomes say which
    file failed and why. ``mappings`` gives a file (by its path as text) its own mapping,
    ``mapping`` is for every other file. ``encoding`` reads every text file in it (else each
    file's mapping's, else the one recognised). ``main_currency`` and ``rates`` (currency -> one unit of it in the
    main currency) stand for every file's mapping's (:class:`~engine.ingest.mapping.Mapping`: the command line's
    ``--main-currency`` and ``--rate``). ``before_commit(cursor, outcomes)`` runs inside the
    transaction (the CLI writes its rejects file there, so a Ctrl-C then undoes the import too).
    A cancel raises :class:`JobCancelled` and rolls everything back.
    """
    progress, cancel = ensure(progress, cancel)
    paths = [Path(p) for p in paths]
    mappings = mappings or {}
    outcomes = [ImportOutcome(p) for p in paths]
    sweep_stale_temps(beside=project.path.parent)
    opened: list[tuple[ImportOutcome, Source, Mapping]] = []
    try:
        # every file is opened and understood before anything is written
        for outcome in outcomes:
            try:
                chosen = as_mapping(mappings.get(str(outcome.path), mapping))
                source, resolved = _resolve(project, outcome.path, format, chosen, None, encoding,
                                            with_others=len(paths) > 1, cancel=cancel)
                opened.append((outcome, source, _with_money(resolved, main_currency, rates)))
            except ImportError_ as exc:
                outcome.error = exc
        pairing, completed = order_lines.pair([(s, m) for _, s, m in opened])
        opened = [(o, s, completed.get(s.path, m)) for o, s, m in opened]
        for outcome, source, resolved in opened:
            if order_lines.awaits_orders(resolved):   # order lines whose orders' file is not in the import
                outcome.error = _lines_alone(project, source, format, resolved)
            elif resolved.from_orders or any(source is s for s, _ in pairing.orders):
                # an order number whose digits Excel dropped meets no line, or the wrong one
                lost = scientific_ids(source, resolved, ("order_id",))
                if lost is not None:
                    outcome.error = ImportError_(msg("import.file_problem", name=source.path.name, problem=lost))
        if any(o.error for o in outcomes):
            return _failed(outcomes)
        while True:
            cancel.raise_if_cancelled()
            try:
                if not _import_opened(project, opened, pairing, outcomes, remember, before_commit, progress,
                                      cancel):
                    return _failed(outcomes)
                break
            except _NeedsCopy as redo:
                # rolled back: the whole transaction again, that file from its prepared copy
                progress(0, 100, msg("progress.checking", name=redo.source.path.name))
                redo.source.use_prepared_copy(cancel)
    finally:
        for _, source, _ in opened:
            source.close()
    for o in outcomes:
        assert o.result is not None
    progress(100, 100, summaries(outcomes))
    return outcomes


def _with_money(mapping: Mapping, main_currency: str | None, rates: dict | None) -> Mapping:
    """``mapping`` with the main currency and the rates given for the whole import, where given."""
    if main_currency is None and not rates:
        return mapping
    data = json.loads(mapping.to_json())
    if main_currency is not None:
        data["main_currency"] = main_currency
    if rates:
        data["currency_rates"] = {**data.get("currency_rates", {}), **rates}
    try:
        return Mapping.from_dict(data)
    except ValueError as exc:
        raise ImportError_(msg("import.bad_mapping", detail=str(exc))) from None


class _NeedsCopy(Exception):
    """An unchecked file (see :attr:`Source.unchecked`) holds what DuckDB's strict reader cannot take."""

    def __init__(self, source: Source) -> None:
        super().__init__(source.path.name)
        self.source = source


def _lines_alone(project: Project, source: Source, fmt: str | None, mapping: Mapping) -> ImportError_:
    """Why a file of order lines whose orders are not in the import cannot land: a recognised export names its
    orders' file; another asks for its columns (the header words may have missed its buyer)."""
    inspection = _inspect(project, source, fmt)
    if inspection.recognised:
        return ImportError_(msg("import.lines_without_orders", name=source.path.name))
    inspection.guess = mapping
    what = msg("import.no_column." + "_".join(sorted(mapping.missing_required())))
    return NeedsMapping(msg("import.needs_mapping", name=source.path.name, what=what), inspection)


def _import_opened(project: Project, opened: list[tuple[ImportOutcome, Source, Mapping]],
                   pairing: order_lines.Pairing, outcomes: list[ImportOutcome], remember: bool,
                   before_commit: BeforeCommit | None, progress: ProgressCallback, cancel: CancelToken) -> bool:
    """The opened files in one transaction, committed; False (rolled back) when one of them fails. The orders'
    files of order lines are staged first, and land no events of their own."""
    with project.interruptible(cancel) as cur:
        cur.execute("BEGIN TRANSACTION")
        try:
            given = order_lines.stage(cur, pairing) if pairing.orders else {}
            lines_names = ", ".join(p.name for p in pairing.lines)
            for i, (outcome, source, resolved) in enumerate(opened):
                n = len(opened)
                sub = SubProgress(progress, 100 * i / n, 100 * (i + 1) / n, total=100)
                try:
                    if source.path in given:
                        outcome.result = _orders_given(cur, source, pairing.given(resolved), given[source.path],
                                                       lines_names, sub, cancel)
                    else:
                        outcome.result = _load_one(cur, source, resolved, remember, sub, cancel)
                except ImportError_ as exc:
                    outcome.error = exc
                    _rollback(cur)
                    return False
            order_lines.drop(cur)
            if before_commit is not None:
                before_commit(cur, outcomes)
            progress(99, 100, msg("progress.saving"))
            cur.execute("COMMIT")
        except BaseException:
            _rollback(cur)
            raise
    return True


def _failed(outcomes: list[ImportOutcome]) -> list[ImportOutcome]:
    for o in outcomes:
        if o.error is None:
            o.result, o.rolled_back = None, True
    return outcomes


def _load_one(cur, source: Source, mapping: Mapping, remember: bool, progress: ProgressCallback,
              cancel: CancelToken) -> ImportResult:
    """One file inside the import's transaction (the caller commits or rolls back)."""
    path = source.path
    started = time.perf_counter()
    # the digest taken as the file was opened, unless the file changed since (then its bytes now are hashed)
    unchanged = source.digest is not None and source.digest_stat == file_stat(path)
    hasher = (KnownDigest(source.digest) if unchanged else
              BackgroundHash(path, textprep.CleanScan() if source.unchecked else None))
    try:
        progress(2, 100, msg("progress.checking", name=path.name))
        size = path.stat().st_size
        # a file seen before has the same size: then settle it before reading anything (files of
        # this same import are seen too, the cursor being inside its transaction)
        if size <= SYNC_HASH_BYTES or cur.execute("SELECT count(*) FROM imports WHERE file_size = ?",
                                                  [size]).fetchall()[0][0]:
            known = _known_import(cur, path, size, hasher.result(cancel), cancel)
            if known is not None:
                return _already(path, mapping, source, known, progress)
        cancel.raise_if_cancelled()
        import_id = int(cur.execute("SELECT nextval('import_id_seq')").fetchall()[0][0])
        zone = _project_zone(cur, mapping)
        try:
            try:
                counts = load(cur, source, mapping, import_id, zone, progress, cancel)
            except Exception:
                # what the reader made of a file it cannot take says nothing: read its copy instead
                if hasher.needs_copy(cancel):
                    raise _NeedsCopy(source) from None
                raise
            if hasher.needs_copy(cancel):
                raise _NeedsCopy(source)
            if (counts.loaded == 0 and counts.duplicate == 0 and counts.rejected
                    and mapping.format not in formats.NO_EVENT_FORMATS):
                first = cur.execute("SELECT reason FROM rejected_rows WHERE import_id = ? "
                                    "GROUP BY reason ORDER BY count(*) DESC LIMIT 1", [import_id]).fetchall()
                raise ImportError_(msg("import.nothing_readable", name=path.name, rows=counts.rejected,
                                       problem=reject_reason(first[0][0]) if first else msg("import.unknown")))
            warning = ids_warning(source, mapping) or order_lines.order_report_alone(source, mapping)
            record_import(cur, import_id, source, hasher.result(cancel), mapping, counts, started,
                          warning=warning)
            if remember:
                save_mapping(cur, source.header, mapping)
        finally:
            drop_temps(cur)
    finally:
        hasher.stop()
    result = ImportResult(path.name, mapping.format, counts.loaded, counts.rejected, counts.duplicate,
                          import_id=import_id, rows_skipped=counts.skipped, encoding=source.encoding,
                          ts_format=counts.readings.ts.describe() if counts.readings else "",
                          warning=warning, orders_shared=counts.orders_shared,
                          unread_amounts=counts.unread_amounts, amount_example=counts.amount_example,
                          future_events=counts.future_events, future_latest=counts.future_latest,
                          early_events=counts.early_events, early_earliest=counts.early_earliest,
                          money_column=((mapping.column("unit_price") if counts.totals_priced else
                                         mapping.column("amount") or mapping.column("unit_price")) or ""
                                        if counts.unread_amounts else ""),
                          totals_priced=counts.totals_priced, items_unpacked=source.items_unpacked,
                          sheet=source.sheet,
                          price_column=mapping.column("unit_price") or "" if counts.totals_priced else "",
                          amount_column=mapping.column("amount") or "" if counts.orders_shared else "",
                          columns={role: column for role, column in mapping.columns.items() if column},
                          other_currency=counts.other_currency,
                          currencies=list(counts.readings.currencies[:1 + currencies.SHOWN]) if counts.readings else [],
                          rates=currencies.applied(counts.readings.currencies, mapping.currency_rates)
                          if counts.readings else {},
                          **_category_names(counts, mapping))
    if counts.duplicate and not counts.loaded:
        # nothing new is not an error: a re-export of data already imported
        result.message = str(msg("import.all_known.rejects", import_id=import_id) if counts.rejected
                             else msg("import.all_known"))
    elif counts.rejected:
        result.message = str(msg("import.see_rejects", import_id=import_id))
    progress(100, 100, result.summary())
    return result


def _category_names(counts: LoadCounts, mapping: Mapping) -> dict[str, str]:
    """The result's columns of categories written as numbers and of the path naming them, when the read found such."""
    if counts.readings is None or not counts.readings.category_named:
        return {}
    return {"category_names": mapping.column("category_path") or "", "category_ids": mapping.column("category") or ""}


def _orders_given(cur, source: Source, mapping: Mapping, orders: int, lines: str, progress: ProgressCallback,
                  cancel: CancelToken) -> ImportResult:
    """An orders' file whose orders the lines of ``lines`` took (staged already): recorded as an import of no events
    (so the same file is known when it comes again), with its customer column's warning."""
    path, started = source.path, time.perf_counter()
    progress(2, 100, msg("progress.checking", name=path.name))
    hasher = KnownDigest(source.digest) if source.digest is not None and source.digest_stat == file_stat(path) \
        else BackgroundHash(path, textprep.CleanScan() if source.unchecked else None)
    try:
        digest = hasher.result(cancel)
        known = _known_import(cur, path, path.stat().st_size, digest, cancel)
        if known is not None and cur.execute("SELECT rows_loaded FROM imports WHERE import_id = ?",
                                             [known]).fetchall()[0][0]:
            # imported alone before, an event per order: its lines would count each order again
            raise ImportError_(msg("import.orders_imported_alone", name=path.name, import_id=known))
        if known is not None:
            return _already(path, mapping, source, known, progress)
        import_id = int(cur.execute("SELECT nextval('import_id_seq')").fetchall()[0][0])
        warning = ids_warning(source, mapping)
        record_import(cur, import_id, source, digest, mapping, LoadCounts(0, 0, 0, 0, 0, None), started,
                      warning=warning, orders_given=(orders, lines))
    finally:
        hasher.stop()
    result = ImportResult(path.name, mapping.format, 0, 0, import_id=import_id, encoding=source.encoding,
                          warning=warning, orders_given=orders, lines_file=lines,
                          columns={role: column for role, column in mapping.columns.items() if column})
    progress(100, 100, result.summary())
    return result


def _known_import(cur, path: Path, size: int, digest: str, cancel: CancelToken) -> int | None:
    """The import that holds this very file, by digest; imports recorded with an older kind of
    digest (see :mod:`engine.ingest.hashing`) are compared by their own kind when they have the
    file's size."""
    known = cur.execute("SELECT import_id FROM imports WHERE content_hash = ?", [digest]).fetchall()
    if not known:
        older = cur.execute("SELECT content_hash FROM imports WHERE coalesce(file_size, ?) = ? AND "
                            "NOT starts_with(content_hash, ?)", [size, size, PREFIX]).fetchall()
        for kind in sorted({older_kind(h) for (h,) in older}):
            known = cur.execute("SELECT import_id FROM imports WHERE content_hash = ?",
                                [older_digest(path, kind, cancel)]).fetchall()
            if known:
                break
    return int(known[0][0]) if known else None


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
    progress(100, 100, msg("progress.already_imported", name=path.name))
    return ImportResult(path.name, mapping.format, 0, 0, import_id=import_id, already_imported=True,
                        message=str(msg("import.already", name=path.name, import_id=import_id)),
                        encoding=source.encoding)


def _rollback(cur) -> None:
    import duckdb

    try:
        cur.execute("ROLLBACK")
    except duckdb.Error:  # the transaction may already be gone (an interrupted query aborts it)
        pass
    drop_temps(cur)
    order_lines.drop(cur)
