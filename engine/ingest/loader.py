"""Load one opened file through its mapping into the project, inside one transaction.

The file is read once by DuckDB's reader and every row is appended straight to
``events`` as it is parsed (memory stays flat whatever the file's size). Rows
that are not events carry a marker event type ('~' + why: rejected, left out by
the format, a repeated header, already in the project); after the pass they are
copied to ``rejected_rows`` and deleted. The pass does not keep file order (on two
threads an ordered append cost a sixth more CPU, one thread copying the reader's small
batches into row groups while the other waited), so the rows of ``events`` come in blocks
of the file; when some row is rejected the file is read once more, in order, to give each
rejected row its line (see :func:`_number_rejects`).
Column-wide readings (time format, decimal comma, padding) come from a sample
read first. Customer attributes come from the same read: one statement writes one
table, so ``events`` carries them in a column of its own for the length of the pass
(see :mod:`engine.ingest.attributes`). Anything raised (a cancel included) rolls back,
so the project is as it was.

Files that need a whole-file step first (Shopify's order fields filled down an
order, catalogs) are staged as text in a temp table.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, replace

import duckdb

from engine.ingest import attributes, catalog, currencies, customer_list, long_records, order_lines, order_totals
from engine.ingest.errors import ImportError_
from engine.ingest.expressions import (MARK, REJECTED, TS_TEXT, UNREAD_AMOUNT, Readings, canonical_select,
                                       ts_source)
from engine.ingest.formats import CATALOG_FORMATS, NO_EVENT_FORMATS
from engine.ingest.mapping import ATTRIBUTE_ROLES, Mapping
from engine.ingest.parsing import (ID_ROLES, INFINITY as MARKED, TsFormat, detect_clean, detect_decimal_comma,
                                   detect_decimal_ids, detect_emails, detect_phones, detect_ts_format, lit,
                                   number_expr, numbered_categories, plausible_range, q)
from engine.ingest.provinces import detect_provinces
from engine.ingest.readers import Source
from engine.ingest.rejects import (drop_totals_rows, fix_line_numbers, store_line_rejects, store_reader_rejects,
                                   store_row_rejects)
from engine.jobs import CancelToken, ProgressCallback
from engine.messages import Message, msg

ORDER_LEVEL_ROLES = ("customer_id", "ts", "time_of_day", "currency", "status", "region", "channel", "member_level")
RAW, SAMPLE, REJECTS = "_ingest_raw", "_ingest_sample", "_ingest_rej"
#: The staged lines of a file of order lines joined to their orders (a temp view over RAW).
JOINED = "_ingest_joined"
#: The ordered re-read of a file with rejected rows: each row's mark and raw text, its rowid its position.
LINES = "_ingest_lines"
#: Reader rejects of that re-read (the same as the first read's, which are the ones kept).
LINES_REJECTS = "_ingest_lines_rej"
#: Reader rejects of the attributes' re-read (see :mod:`engine.ingest.attributes`), dropped too.
ATTRIBUTE_REJECTS = "_ingest_attr_rej"
SAMPLE_ROWS = 5000


@dataclass
class LoadCounts:
    loaded: int
    rejected: int
    duplicate: int
    skipped: int
    header_repeats: int
    readings: Readings | None
    orders_shared: int = 0         # orders whose total was on each of their lines (engine/ingest/order_totals)
    unread_amounts: int = 0        # events whose amount was written but reads as no number (N/A): no spend
    amount_example: str = ""       # one such amount as written
    future_events: int = 0         # events dated after the import's day (a time column read wrong): said, kept
    future_latest: str = ""        # the latest such date (YYYY-MM-DD)
    early_events: int = 0          # events dated before 1995 (the same): said, kept
    early_earliest: str = ""       # the earliest such date
    other_currency: int = 0        # events whose amount is in another currency than the file's main one: no spend
    totals_priced: str = ""        # the column of orders' totals read instead as the lines' prices (order_totals)


def forced_ts(mapping: Mapping) -> TsFormat | None:
    f = mapping.ts_format
    if not f:
        return None
    if f in ("iso", "unix_s", "unix_ms", "unix_us", "excel", "mmdd"):
        return TsFormat(f)
    # the same layout with a two-digit year first: %Y reads Excel's 1/22/17 as the year 17 (see parsing)
    return TsFormat("strptime", (f.replace("%Y", "%y"), f) if "%Y" in f else (f,))


def read_columns(cur: duckdb.DuckDBPyConnection, mapping: Mapping, sample: str, full: str) -> Readings:
    if mapping.column("time_of_day"):
        # the date and its time of day read as one text, as the events pass reads them (expressions.ts_source)
        both = f"(SELECT {ts_source(mapping)} AS {q(TS_TEXT)} FROM {{}})"
        ts = forced_ts(mapping) or detect_ts_format(cur, both.format(sample), TS_TEXT, full=both.format(full))
    else:
        ts = forced_ts(mapping) or detect_ts_format(cur, sample, mapping.column("ts"), full=full)
    commas = {r: detect_decimal_comma(cur, sample, mapping.column(r))
              for r in ("quantity", "amount", "unit_price") if mapping.column(r)}
    text_roles = ("customer_id", "order_id", "item_id", "category", "item_name", "category_path") + ATTRIBUTE_ROLES
    text_roles += ("event_type", "status")
    clean, padded = detect_clean(cur, sample, list(dict.fromkeys(mapping.column(r) for r in text_roles
                                                                 if mapping.column(r))))
    customer = mapping.column("customer_id")
    emails = frozenset({customer} if customer and detect_emails(cur, sample, customer) else ())
    phones = frozenset({customer} if customer and detect_phones(cur, sample, customer) else ())
    decimal_ids = frozenset(c for c in dict.fromkeys(mapping.column(r) for r in ID_ROLES if mapping.column(r))
                            if detect_decimal_ids(cur, sample, c))
    region = mapping.column("region")
    provinces = frozenset({region} if region and detect_provinces(cur, sample, region) else ())
    money = [mapping.column(r) for r in ("amount", "unit_price") if mapping.column(r)]
    read, unnamed, marks, carried, sampled, watched = (), "", (), False, False, False
    if money and mapping.column("currency"):
        found = currencies.detect(cur, sample, mapping.column("currency"))
        # a line that names no currency is in the file's own (the most sampled), whichever the spend is in
        read, unnamed = currencies.chosen(found, mapping.main_currency), found[0] if found else ""
        carried = sampled = bool(found)   # a column of currencies: the whole file's are counted as it is read
    elif money:
        # one mark sampled, or none, is the shop's own money, unless the rest of the file writes others (counted as it
        # is read). A file of plain amounts is looked over for marks where spend is in a named currency (the project's):
        # a US project's file, 5,200 lines of 12.50 then 800 of €10.00, summed its euros as dollars until session 53.
        # Elsewhere it is not: the column cost a plain file's pass up to 4.8 CPU s at wide 10^7 (median 3.95, 6 pairs:
        # tests/bench/results/import_plain_marks_carried_s53.json). There the pass watches for a mark instead, at the
        # price of a cast on the amounts that are no plain numbers, and the file is read again if it meets one (load)
        marks = tuple(money)
        read, unnamed, sampled = currencies.in_file(cur, sample, None, marks, mapping.main_currency)
        carried = sampled or mapping.main_currency is not None
        watched = not carried
    named = bool(mapping.column("category_path")) and numbered_categories(cur, sample, mapping.column("category"))
    return Readings(ts, commas, frozenset(clean), frozenset(padded), emails, phones, decimal_ids, provinces,
                    read, marks, unnamed, named, carried, watched)


def stage_text(cur: duckdb.DuckDBPyConnection, source: Source, mapping: Mapping) -> str:
    """The whole file as a temp text table (in file order); Shopify's order fields filled down; order lines with
    their orders' columns (:mod:`engine.ingest.order_lines`)."""
    rejects = REJECTS if source.kind != "parquet" else None
    cur.execute(f"CREATE TEMP TABLE {RAW} AS SELECT * FROM {source.relation(rejects=rejects)}")
    if source.guard:
        cur.execute(f"CREATE TEMP TABLE {RAW}_f AS {unguarded(source, RAW)} ORDER BY rowid")
        cur.execute(f"DROP TABLE {RAW}")
        cur.execute(f"ALTER TABLE {RAW}_f RENAME TO {RAW}")
    if mapping.from_orders:
        # a view: the events pass reads the join as it goes (a table of it, sorted back into file order, cost a
        # sixth of the pair's import at 10^6 lines); the rejects' re-read sorts it (staged_rel)
        cur.execute(f"CREATE TEMP VIEW {JOINED} AS {order_lines.joined_select(mapping, RAW)}")
    if mapping.fill_by_order and mapping.column("order_id"):
        order = q(mapping.column("order_id"))
        cols = [mapping.column(r) for r in ORDER_LEVEL_ROLES if mapping.column(r)]
        repl = ", ".join(f"coalesce(nullif(trim({q(c)}), ''), max(nullif(trim({q(c)}), '')) "
                         f"OVER (PARTITION BY {order})) AS {q(c)}" for c in dict.fromkeys(cols))
        cur.execute(f"CREATE TEMP TABLE {RAW}_f AS SELECT * REPLACE ({repl}) FROM {RAW} ORDER BY rowid")
        cur.execute(f"DROP TABLE {RAW}")
        cur.execute(f"ALTER TABLE {RAW}_f RENAME TO {RAW}")
    return staged_rel(source, mapping)


def unguarded(source: Source, rel: str) -> str:
    """SELECT of ``rel``'s rows with :attr:`Source.guard` (WeChat Pay's "`" before every value) taken off each."""
    if not source.guard:
        return f"SELECT * FROM {rel}"
    bare = ", ".join(f"ltrim({q(c)}, {lit(source.guard)}) AS {q(c)}" for c in source.header)
    return f"SELECT * REPLACE ({bare}) FROM {rel}"


def staged_rel(source: Source, mapping: Mapping, ordered: bool = False) -> str:
    """The staged file as the reads after :func:`stage_text` take it: its text table, or the view of its lines joined
    to their orders (in file order when ``ordered``)."""
    if not mapping.from_orders:
        return RAW
    return f"(SELECT * FROM {JOINED} ORDER BY {order_lines.POSITION})" if ordered else JOINED


def staged(source: Source, mapping: Mapping) -> bool:
    """The file is read from a text copy (:func:`stage_text`): its mapping asks for one, or its values need a guard
    taken off."""
    return mapping.staged or bool(source.guard)


def sample_readings(cur: duckdb.DuckDBPyConnection, mapping: Mapping, sample_rel: str, full_rel: str) -> Readings:
    """Decide the column readings from the first rows (day/month order from the whole file)."""
    cur.execute(f"CREATE TEMP TABLE {SAMPLE} AS SELECT * FROM {sample_rel} LIMIT {SAMPLE_ROWS}")
    return read_columns(cur, mapping, SAMPLE, full_rel)


def event_select(source: Source, mapping: Mapping, readings: Readings, rel: str, project_tz: str,
                 attributes: bool = False, separate: bool = False, currency: bool = False) -> str:
    return canonical_select(mapping, readings, project_tz, rel, source.header,
                            source.header if source.has_header else None,
                            source.delimiter if source.kind != "parquet" else ",", attributes, separate, currency)


def run_with_progress(cur: duckdb.DuckDBPyConnection, sql: str, params: list, progress: ProgressCallback,
                      start: float, stop: float, message: Message | str) -> None:
    """Run one long statement, reporting DuckDB's own progress of it from a helper thread."""
    finished = threading.Event()

    def poll() -> None:
        last = -1.0
        while not finished.wait(0.25):
            try:
                pct = cur.query_progress()
            except duckdb.Error:
                return
            if pct is not None and pct > last:
                last = pct
                progress(start + (stop - start) * min(pct, 100.0) / 100.0, 100, message)

    watcher = threading.Thread(target=poll, name="import-progress", daemon=True)
    watcher.start()
    try:
        cur.execute(sql, params)
    finally:
        finished.set()
        watcher.join()


def _name_numbered_categories(cur: duckdb.DuckDBPyConnection, import_id: int) -> None:
    """Categories written as numbers, named by the path their rows give most (REES46's category_code for its
    category_id; of two as often, the first in order): every row of the category takes that one name, also a row
    whose path is blank, so a category is never split between its name and its number. A category no row names keeps
    its number. Two numbers of one name become one category."""
    cur.execute("""
        UPDATE events e SET category = n.name FROM (
            SELECT id, first(path ORDER BY rows DESC, path) AS name FROM (
                SELECT category AS id, category_path AS path, count(*) AS rows FROM events
                WHERE import_id = ? AND category IS NOT NULL AND nullif(trim(category_path), '') IS NOT NULL
                GROUP BY ALL)
            GROUP BY id) n
        WHERE e.import_id = ? AND e.category = n.id""", [import_id, import_id])


def load(cur: duckdb.DuckDBPyConnection, source: Source, mapping: Mapping, import_id: int,
         project_tz: str, progress: ProgressCallback, cancel: CancelToken) -> LoadCounts:
    """Everything between BEGIN and COMMIT for one file (the caller owns the transaction)."""
    drop_temps(cur)
    # staged tables and the rejects' re-read keep file order (their rowids are positions);
    # the events pass sets its own
    cur.execute("SET SESSION preserve_insertion_order = true")
    cur.execute("SET SESSION enable_progress_bar = true")
    cur.execute("SET SESSION enable_progress_bar_print = false")
    progress(5, 100, msg("progress.reading", name=source.path.name))
    is_csv = source.kind != "parquet"
    if mapping.format in NO_EVENT_FORMATS:
        stage_text(cur, source, mapping)
        reader_lines = store_reader_rejects(cur, REJECTS, import_id) if is_csv else []
        reader_lines += store_line_rejects(cur, source.line_rejects, import_id)
        if mapping.format in CATALOG_FORMATS:
            progress(70, 100, msg("progress.item_categories"))
            loaded = catalog.load_catalog(cur, mapping, RAW, import_id)
        else:
            progress(70, 100, msg("progress.attributes"))
            loaded = customer_list.load_customer_list(cur, mapping, RAW, import_id)
        return LoadCounts(loaded, len(reader_lines), 0, 0, 0, None)
    mapping = currencies.with_project_currency(cur, mapping)
    # an order's total on its every line beside the lines' unit prices: the lines' own amounts are their prices
    priced = mapping.column("amount") if order_totals.priced_lines(source, mapping) else ""
    if priced:
        mapping = order_totals.without_total(mapping)
    roles = attributes.roles(mapping)
    if roles:
        attributes.add_column(cur)
    readings = _read_events(cur, source, mapping, import_id, project_tz, progress)
    cancel.raise_if_cancelled()
    if is_csv and _blank_long_records(cur, source):
        # read again without them: the reader resumed inside such a row (see long_records)
        cur.execute("DELETE FROM events WHERE import_id = ?", [import_id])
        drop_temps(cur)
        readings = _read_events(cur, source, mapping, import_id, project_tz, progress)
        cancel.raise_if_cancelled()
    if readings.currency_watched and _marks_met(cur, import_id):
        # the sampled amounts were plain numbers and a later line writes a mark (5,000 lines of 12.50, then $12.50
        # and €10.00): the whole file's marks decide, as when the sample holds them (summed as one money until
        # session 61). One mark is the shop's own money; two or more are currencies
        counted = currencies.in_file(cur, _whole_file(source, mapping), None, readings.currency_marks,
                                     mapping.main_currency)
        cur.execute("DELETE FROM events WHERE import_id = ?", [import_id])
        drop_temps(cur)
        readings = _read_events(cur, source, mapping, import_id, project_tz, progress, counted)
        cancel.raise_if_cancelled()
    if readings.currency_carried:
        counted = currencies.recount(cur, import_id, bool(readings.currency_marks), mapping.main_currency)
        if _read_otherwise(readings, counted.currencies, counted.unnamed):
            # the file's first lines are not its money (one store's, one market's): read again with the whole file's
            cur.execute("DELETE FROM events WHERE import_id = ?", [import_id])
            drop_temps(cur)
            readings = _read_events(cur, source, mapping, import_id, project_tz, progress, counted)
            cancel.raise_if_cancelled()
        readings = replace(readings, currencies=counted.currencies)   # the whole file's, named by the import
        currencies.drop_column(cur)
    if roles:
        # before the rows that are not events go: a skipped or repeated row still has the
        # customer's attributes
        def reread() -> str:
            rel = staged_rel(source, mapping) if staged(source, mapping) else _rows(source, ATTRIBUTE_REJECTS)
            return event_select(source, mapping, readings, rel, project_tz, attributes=True, separate=True)

        attributes.store(cur, roles, import_id, progress, reread)
        attributes.drop_column(cur)
    if readings.category_named:
        _name_numbered_categories(cur, import_id)
    reader_lines = (store_reader_rejects(cur, REJECTS, import_id)
                    if is_csv else [])
    reader_lines = sorted(reader_lines + store_line_rejects(cur, source.line_rejects, import_id))
    # counted over the few distinct event types, not over every row (0.21-0.28 -> 0.05-0.07 CPU s at 10^7 rows),
    # with the events dated out of range (no statement after the pass changes a time or deletes an event)
    earliest_plausible, tomorrow = plausible_range(project_tz)
    total, good, skipped, repeats, dups, marked, *dates = cur.execute(f"""
        WITH g AS (SELECT event_type, count(*) AS n,
                          count(*) FILTER (WHERE ts >= $tomorrow) AS future,
                          max(ts) FILTER (WHERE ts >= $tomorrow) AS latest,
                          count(*) FILTER (WHERE ts < $earliest) AS early,
                          min(ts) FILTER (WHERE ts < $earliest) AS earliest
                   FROM events WHERE import_id = $import_id GROUP BY event_type)
        SELECT coalesce(sum(n), 0), coalesce(sum(n) FILTER (WHERE event_type NOT LIKE '{MARK}%'), 0),
               coalesce(sum(n) FILTER (WHERE event_type = '{MARK}skip'), 0),
               coalesce(sum(n) FILTER (WHERE event_type = '{MARK}header'), 0),
               coalesce(sum(n) FILTER (WHERE event_type = '{MARK}dup'), 0),
               coalesce(sum(n) FILTER (WHERE {REJECTED}), 0),
               {", ".join(f"{agg}({c}) FILTER (WHERE event_type NOT LIKE '{MARK}%')"
                          for agg, c in (("sum", "future"), ("max", "latest"), ("sum", "early"), ("min", "earliest")))}
        FROM g""", {"import_id": import_id, "tomorrow": tomorrow, "earliest": earliest_plausible}).fetchall()[0]
    if total - repeats == 0 and not reader_lines:
        raise ImportError_(msg("import.no_data_rows", name=source.path.name))
    unread, example = unread_amounts(cur, source, mapping, readings, import_id)
    other_currency = currencies.store(cur, import_id) if readings.currencies else 0
    progress(80, 100, msg("progress.checking_rows"))
    first = source.first_data_line()
    if marked:
        _number_rejects(cur, source, mapping, readings, project_tz, progress, int(marked))
        cancel.raise_if_cancelled()
    rejected = store_row_rejects(cur, import_id, LINES if marked else None, first)
    if good < total:
        cur.execute(f"DELETE FROM events WHERE import_id = ? AND event_type LIKE '{MARK}%'", [import_id])
    shared = order_totals.share_out(cur, import_id) if order_totals.repeated_in_sample(source, mapping) else 0
    if rejected > len(reader_lines) and is_csv:
        fix_line_numbers(cur, import_id, source.read_path, source.delimiter, first,
                         reader_lines, source.has_header, source.skip)
    if rejected and is_csv:
        totals = drop_totals_rows(cur, import_id, source.delimiter)
        rejected, skipped = rejected - totals, skipped + totals
    cancel.raise_if_cancelled()
    catalog.apply_catalog(cur, import_id)
    return LoadCounts(int(good), int(rejected), int(dups), int(skipped), int(repeats), readings, shared,
                      unread, example, *out_of_range(*dates), other_currency, priced)


def out_of_range(future: int | None, latest, early: int | None, earliest) -> tuple[int, str, int, str]:
    """The import's events dated after the day it runs (in the project's time zone, a day's grace) and the latest
    such date; those dated before 1995 (:func:`~engine.ingest.parsing.plausible_range`) and the earliest. A time
    column read wrong puts a shop's history where every model's "as of the end of the data" follows it: a till's
    clock never set (1970), a year keyed wrong (2067), a reading chosen by hand that does not fit. The events are
    kept (a mapping can read the file again), and said."""
    future, early = int(future or 0), int(early or 0)
    return future, f"{latest:%Y-%m-%d}" if future else "", early, f"{earliest:%Y-%m-%d}" if early else ""


def unread_amounts(cur: duckdb.DuckDBPyConnection, source: Source, mapping: Mapping, readings: Readings,
                   import_id: int) -> tuple[int, str]:
    """The import's events whose amount is written but reads as no number (``N/A``, ``免费``: NaN from the pass),
    and one such amount as the file writes it; their amount becomes NULL (no spend, as a blank one). Said by the
    import and the Data page: until session 35 such spend went missing without a word."""
    if not (mapping.column("amount") or mapping.column("unit_price")):
        return 0, ""
    kept, marked = cur.execute(f"SELECT count(*) FILTER (WHERE event_type NOT LIKE '{MARK}%'), count(*) FROM events "
                               "WHERE import_id = ? AND isnan(amount)", [import_id]).fetchall()[0]
    if not marked:
        return 0, ""
    cur.execute("UPDATE events SET amount = NULL WHERE import_id = ? AND isnan(amount)", [import_id])
    if not kept:
        return 0, ""
    # the file's own text (the events no longer hold it): the first such value the reader meets, where it stops
    rel = _whole_file(source, mapping)
    cases = []
    for role in ("amount", "unit_price"):
        if mapping.column(role):
            t = f"nullif(trim(CAST({q(mapping.column(role))} AS VARCHAR)), '')"
            cases.append((f"{t} IS NOT NULL AND {number_expr(t, readings.decimal_comma.get(role, False))} IS NULL", t))
    which = "CASE " + " ".join(f"WHEN {cond} THEN {t}" for cond, t in cases) + " END"
    first = cur.execute(f"SELECT {which} AS v FROM {rel} WHERE v IS NOT NULL LIMIT 1").fetchall()
    return int(kept), (first[0][0] or "")[:40] if first else ""


def _read_events(cur: duckdb.DuckDBPyConnection, source: Source, mapping: Mapping, import_id: int,
                 project_tz: str, progress: ProgressCallback,
                 counted: currencies.Counted | None = None) -> Readings:
    """Append the file's rows to ``events`` (marked where not events), with their attribute values
    when the mapping has attributes (the columns are there already), and each line's currency when the sample
    names some; the column readings used. ``counted``: the whole file's currencies and the one a line naming none is
    in (:func:`currencies.recount`), read instead of the sample's."""
    is_csv = source.kind != "parquet"
    if staged(source, mapping):
        rel = plain_rel = stage_text(cur, source, mapping)
    else:
        rel = _rows(source, REJECTS)
        plain_rel = source.relation(sample=True) if is_csv else rel
    readings = sample_readings(cur, mapping, plain_rel, plain_rel)
    if counted is not None:
        readings = replace(readings, currencies=counted.currencies, currency_unnamed=counted.unnamed,
                           currency_watched=False)
    if readings.currency_carried:
        currencies.add_column(cur)
    select = event_select(source, mapping, readings, rel, project_tz, attributes=True, currency=True)
    if cur.execute("SELECT EXISTS (SELECT 1 FROM events)").fetchall()[0][0]:
        # rows already in the project (an overlapping file) are marked, not added again
        # (an amount that reads as no number is NaN in the pass, NULL once stored)
        key = " AND ".join(f"e.{k} IS NOT DISTINCT FROM {v}" for k, v in
                           (("order_id", "c.order_id"), ("item_id", "c.item_id"), ("quantity", "c.quantity"),
                            ("amount", f"nullif(c.amount, {UNREAD_AMOUNT})")))
        select = f"""
            SELECT * REPLACE (CASE WHEN c.event_type NOT LIKE '{MARK}%' AND EXISTS (
                SELECT 1 FROM events e WHERE e.import_id <> {import_id} AND e.customer_id = c.customer_id
                AND e.ts = c.ts AND e.event_type = c.event_type AND {key})
                THEN '{MARK}dup' ELSE c.event_type END AS event_type)
            FROM ({select}) c"""
    # in any order: each thread appends whole row groups of its own (see the module's note)
    cur.execute("SET SESSION preserve_insertion_order = false")
    run_with_progress(cur, f"INSERT INTO events BY NAME SELECT *, ? AS import_id FROM ({select})", [import_id],
                      progress, 5, 75, msg("progress.reading", name=source.path.name))
    # (not restored on failure: the import rolls back and the next load sets it again)
    cur.execute("SET SESSION preserve_insertion_order = true")
    return readings


def _marks_met(cur: duckdb.DuckDBPyConnection, import_id: int) -> bool:
    """The watching pass (:attr:`Readings.currency_watched`) met an amount written with a currency's mark."""
    # compared, not isinf(): the row groups' bounds answer for a file of plain amounts (0.08 CPU s -> 0 at 10^7)
    return bool(cur.execute(f"SELECT EXISTS (SELECT 1 FROM events WHERE import_id = ? "
                            f"AND amount IN ({MARKED}, -{MARKED}))", [import_id]).fetchall()[0][0])


def _whole_file(source: Source, mapping: Mapping) -> str:
    """The file's rows, every one, as a read after the events pass takes them (its staged table, or the file)."""
    return staged_rel(source, mapping) if staged(source, mapping) else source.relation(sample=True)


def _read_otherwise(readings: Readings, found: tuple[str, ...], unnamed: str) -> bool:
    """The pass would read the lines' amounts otherwise with the whole file's currencies (``found``, the main one
    first, and ``unnamed``, the one of a line naming none; :func:`currencies.recount`) than with the sample's: another
    main one, another for the lines naming none, or currencies where the sample read none."""
    if not found:
        return bool(readings.currencies)
    if not readings.currencies:
        return True
    return (found[0], unnamed) != (readings.currencies[0], readings.currency_unnamed or readings.currencies[0])


def _rows(source: Source, rejects: str) -> str:
    """The file's rows as the events pass reads them (the reader's rejects kept in ``rejects``)."""
    return source.relation(rejects=rejects) if source.kind != "parquet" else source.relation()


def _number_rejects(cur: duckdb.DuckDBPyConnection, source: Source, mapping: Mapping, readings: Readings,
                    project_tz: str, progress: ProgressCallback, marked: int) -> None:
    """Read the file again in file order into :data:`LINES`: each row's reject mark and raw text,
    its rowid its position among the rows read (the events pass's rows are in no order).

    The same reader and the same expressions as the events pass, so the same rows are rejected
    for the same reasons; only the columns a reject needs are kept. Rows already in the project
    are not looked up: a rejected row is never a duplicate.
    """
    rel = (staged_rel(source, mapping, ordered=True) if staged(source, mapping)
           else _rows(source, LINES_REJECTS))
    select = event_select(source, mapping, readings, rel, project_tz)
    run_with_progress(cur, f"""
        CREATE TEMP TABLE {LINES} AS
        SELECT CASE WHEN {REJECTED} THEN event_type END AS mark, CASE WHEN {REJECTED} THEN item_name END AS raw
        FROM ({select})""", [], progress, 80, 90, msg("progress.checking_rows"))
    again = cur.execute(f"SELECT count(mark) FROM {LINES}").fetchall()[0][0]
    if again != marked:   # the same rows read the same way: never expected
        raise RuntimeError(f"the ordered re-read rejected {again} rows, the events pass {marked}")


def _blank_long_records(cur: duckdb.DuckDBPyConnection, source: Source) -> bool:
    """Rows the reader found over its size limit, blanked in a copy of the file and listed as
    rejected (``source`` then reads the copy); False when there were none."""
    errors = cur.execute(f"SELECT DISTINCT line, byte_position FROM {REJECTS}_errors "
                         f"WHERE error_type IN {long_records.ERROR_TYPES}").fetchall()
    records = long_records.find(source.read_path, [(int(a), int(b)) for a, b in errors], source.delimiter)
    if not records:
        return False
    out = source.work_dir() / f"{source.path.stem}.rows-blanked.csv"
    long_records.blank(source.read_path, out, records)
    if source.read_path.parent == source.work_dir() and source.read_path != source.path:
        source.read_path.unlink()   # an earlier prepared copy: the blanked one replaces it
    source.read_path = out
    source.line_rejects = sorted([*source.line_rejects,
                                  *(long_records.reject(r) for r in records)],
                                 key=lambda r: r.line)
    return True


def drop_temps(cur: duckdb.DuckDBPyConnection) -> None:
    try:
        cur.execute(f"DROP VIEW IF EXISTS {JOINED}")
    except duckdb.Error:
        pass
    for t in (RAW, f"{RAW}_f", SAMPLE, LINES, f"{REJECTS}_errors", f"{REJECTS}_scans",
              f"{LINES_REJECTS}_errors", f"{LINES_REJECTS}_scans", f"{ATTRIBUTE_REJECTS}_errors",
              f"{ATTRIBUTE_REJECTS}_scans", *attributes.TEMPS):
        try:
            cur.execute(f"DROP TABLE IF EXISTS {t}")
        except duckdb.Error:
            pass


def record_import(cur: duckdb.DuckDBPyConnection, import_id: int, source: Source, digest: str,
                  mapping: Mapping, counts: LoadCounts, started: float, warning: Message | None = None,
                  orders_given: tuple[int, str] | None = None) -> None:
    """The import's row in ``imports``; what the read found (``detected``) is kept with its mapping, for the
    Data page to say later what the import said (engine/read/imports.py). ``orders_given``: an orders' file's
    orders and the files of lines that took them (:mod:`engine.ingest.order_lines`)."""
    saved = json.loads(mapping.to_json())
    if orders_given is not None:
        saved["detected"] = {"orders_given": orders_given[0], "lines_file": orders_given[1],
                             "warning": {"id": warning.id, "params": dict(warning.params)} if warning else None}
    if counts.readings is not None:
        saved["detected"] = {"ts_format": counts.readings.ts.describe(),
                             "decimal_comma": counts.readings.decimal_comma,
                             "rows_skipped": counts.skipped, "header_repeats": counts.header_repeats,
                             "orders_shared": counts.orders_shared, "totals_priced": counts.totals_priced,
                             "items_unpacked": source.items_unpacked, "sheet": source.sheet,
                             "unread_amounts": counts.unread_amounts, "amount_example": counts.amount_example,
                             "future_events": counts.future_events, "future_latest": counts.future_latest,
                             "early_events": counts.early_events, "early_earliest": counts.early_earliest,
                             "other_currency": counts.other_currency,
                             "currencies": list(counts.readings.currencies[:1 + currencies.SHOWN]),
                             "rates": currencies.applied(counts.readings.currencies, mapping.currency_rates),
                             "warning": {"id": warning.id, "params": dict(warning.params)} if warning else None}
    cur.execute(
        "INSERT INTO imports (import_id, file_name, file_path, file_size, content_hash, format, mapping_json, "
        "encoding, rows_loaded, rows_rejected, rows_duplicate, duration_s) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [import_id, source.path.name, str(source.path.resolve()), source.path.stat().st_size, digest,
         mapping.format, json.dumps(saved, ensure_ascii=False), source.encoding, counts.loaded,
         counts.rejected, counts.duplicate, time.perf_counter() - started])
