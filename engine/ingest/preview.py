"""What a mapping would make of a file, for the mapping dialog: its first rows as they would be
imported and the lines that would be rejected, without writing anything."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from engine.ingest import currencies, order_totals
from engine.ingest.errors import ImportError_
from engine.ingest.loader import REJECTS, event_select, sample_readings, unguarded
from engine.ingest.mapping import LIST_REQUIRED, LIST_ROLES, Mapping
from engine.ingest.parsing import ID_ROLES, id_expr, q, text_expr
from engine.ingest.customer_ids import ids_warning
from engine.ingest.open_files import OpenFiles
from engine.ingest.readers import Source, open_source
from engine.ingest.service import DEFAULT_TZ, as_mapping, project_timezone
from engine.jobs import CancelToken, JobCancelled, ProgressCallback
from engine.messages import Message, msg
from engine.store.project import Project


@dataclass
class MappingPreview:
    """What a mapping would make of a file, for the mapping dialog."""

    rows: list[tuple]       # canonical rows of the first ``limit`` rows
    rejects: list[tuple]    # (line, reason, raw) of those rows that would be rejected
    #: (line, reason, raw) of the lines anywhere in the file that are rejected before any row is
    #: read (e.g. a line over the row limit): whatever the mapping, they will not be imported
    unread: list[tuple] = field(default_factory=list)
    #: what the import would warn of (masked or one customer id: :mod:`engine.ingest.customer_ids`), or None
    warning: Message | None = None
    #: the currencies the rows' amounts are in, the main one first, when there are several (engine/ingest/currencies)
    currencies: tuple[str, ...] = ()
    #: the roles of the rows' values, for a list's (:data:`~engine.ingest.mapping.LIST_REQUIRED`); empty: the events'
    #: canonical columns (customer, time, event, order, item, item name, category, quantity, amount)
    roles: tuple[str, ...] = ()


def _list_preview(cur, source, mapping: Mapping, rel: str) -> MappingPreview:
    """A product list's or a customer list's first rows, their values trimmed (the import then folds e-mails and
    phone numbers as the events' are): the rows with the list's key (an item, a customer); the others are passed over,
    as the import passes them."""
    roles = tuple(r for r in LIST_ROLES[mapping.format] if mapping.column(r))
    key = LIST_REQUIRED[mapping.format][0]
    values = ", ".join((id_expr if r in ID_ROLES else text_expr)(q(mapping.column(r))) for r in roles)
    rows = cur.execute(f"SELECT * FROM (SELECT {values} FROM {rel}) WHERE #{roles.index(key) + 1} IS NOT NULL"
                       ).fetchall()
    return MappingPreview(rows, [], [(r.line, r.reason, r.raw) for r in source.line_rejects], roles=roles)


def _file_currencies(cur, source: Source, mapping: Mapping, marks: tuple[str, ...], files: OpenFiles | None,
                     cancel: CancelToken | None) -> currencies.Counted:
    """The currencies of every line of the file (:func:`currencies.in_file`), read once per open file and reading
    of them: the dialog previews again on every change of a column. A file sorted by store or market has its
    others after the first rows; the whole file's 10^7 lines read in seconds, which ``cancel`` stops."""
    import duckdb

    column = mapping.column("currency") or None
    rel = f"({unguarded(source, source.relation(sample=True))})"

    def read() -> tuple[tuple[str, ...], str]:
        if cancel is None:
            return currencies.in_file(cur, rel, column, marks, mapping.main_currency)
        cancel.raise_if_cancelled()
        with cancel.on_cancel(cur.interrupt):
            try:
                return currencies.in_file(cur, rel, column, marks, mapping.main_currency)
            except duckdb.Error as exc:
                if cancel.cancelled:
                    raise JobCancelled() from exc
                raise

    key = (column, marks, mapping.main_currency)
    return files.found(key, read) if files is not None else read()


def preview_mapping(project: Project | None, path: str | Path, mapping: Mapping | dict, *,
                    limit: int = 200, files: OpenFiles | None = None, progress: ProgressCallback | None = None,
                    cancel: CancelToken | None = None) -> MappingPreview:
    """What ``mapping`` would make of the file's first ``limit`` rows, and which of the file's
    lines are rejected before they are read, without writing anything. ``files`` keeps the file
    open for the next preview (the caller closes it); opening it may copy it whole, which ``cancel`` stops
    (``progress`` is taken as a job's and not used: the copy's length is not known before it ends)."""
    import duckdb

    from engine.store.connection import connect

    mapping = as_mapping(mapping)
    path = Path(path)
    missing = mapping.missing_required()
    if missing:
        raise ImportError_(msg("import.choose_columns", roles=", ".join(missing)))
    source = (files.source(path, mapping, cancel) if files is not None else
              open_source(path, header=mapping.header, column_names=mapping.column_names, encoding=mapping.encoding,
                          cancel=cancel))
    con = connect()
    try:
        cur = con.cursor()
        cur.execute("SET SESSION preserve_insertion_order = true")
        is_csv = source.kind != "parquet"
        rel = f"({unguarded(source, source.relation(rejects=REJECTS if is_csv else None))} LIMIT {int(limit)})"
        tz = project_timezone(project) if project is not None else DEFAULT_TZ
        if order_totals.priced_lines(source, mapping):   # as the import reads such a file (engine/ingest/loader)
            mapping = order_totals.without_total(mapping)
        if project is not None:
            mapping = currencies.with_project_currency(project.cursor(), mapping)
        if mapping.format in LIST_REQUIRED:
            return _list_preview(cur, source, mapping, rel)
        readings = sample_readings(cur, mapping, rel, rel)
        if readings.currency_carried:
            # the rows read with the whole file's currencies, and all of them named, as the import reads and names them
            found = _file_currencies(cur, source, mapping, readings.currency_marks, files, cancel)
            readings = replace(readings, currencies=found.currencies, currency_unnamed=found.unnamed)
        cur.execute(f"CREATE TEMP TABLE _preview AS {event_select(source, mapping, readings, rel, tz)}")
        base = cur.execute("SELECT coalesce(min(rowid), 0) FROM _preview").fetchall()[0][0]
        # an amount that reads as no number (NaN in the pass) or in another currency (infinite) is stored as none
        good = cur.execute("SELECT customer_id, CAST(ts AS VARCHAR), event_type, order_id, item_id, item_name, "
                           "category, quantity, CASE WHEN NOT (isnan(amount) OR isinf(amount)) THEN amount END "
                           "FROM _preview WHERE event_type NOT LIKE '~%' ORDER BY rowid").fetchall()
        bad = cur.execute(f"SELECT rowid - {int(base)} + {source.first_data_line()}, substr(event_type, 2), "
                          f"item_name FROM _preview WHERE event_type LIKE '~%' "
                          f"AND event_type NOT IN ('~skip', '~header') ORDER BY rowid").fetchall()
        if is_csv:
            bad += [(line, "too many fields" if "MANY" in kind else "too few fields", raw) for line, kind, raw in
                    cur.execute(f"SELECT DISTINCT line, error_type, csv_line FROM {REJECTS}_errors ORDER BY line").fetchall()]
        unread = [(r.line, r.reason, r.raw) for r in source.line_rejects]
        return MappingPreview(good, sorted(bad, key=lambda r: r[0]), unread, ids_warning(source, mapping),
                              readings.currencies)
    except duckdb.Error as exc:
        raise ImportError_(msg("import.file_problem", name=path.name, problem=str(exc).splitlines()[0])) from None
    finally:
        con.close()
        if files is None:
            source.close()
