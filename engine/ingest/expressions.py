"""The SELECT that turns one staged file (text columns) into canonical events and reasons.

Built once per file from its mapping and the column-wide readings (time format,
decimal comma); DuckDB then evaluates it over every row in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.ingest import attributes as attrs
from engine.ingest import currencies
from engine.ingest.mapping import COMMON_EVENT_VALUES, COMMON_STATUS_VALUES, EVENT_TYPES, Mapping
from engine.ingest.order_lines import FOUND, NO_ORDER
from engine.ingest.provinces import province_of
from engine.ingest.parsing import (ID_ROLES, TsFormat, email_folded, id_expr, lit, number_expr, phone_folded, q,
                                   text_expr, trimmed, ts_expr, whole_number_folded)


@dataclass
class Readings:
    """What was decided about the file's columns as a whole."""

    ts: TsFormat
    decimal_comma: dict[str, bool]
    clean: frozenset[str] = frozenset()     # columns taken without trimming
    padded: frozenset[str] = frozenset()    # columns trimmed of tabs and full-width spaces too (parsing.trimmed)
    emails: frozenset[str] = frozenset()    # customer columns holding e-mail addresses: read without case
    phones: frozenset[str] = frozenset()    # customer columns holding phone numbers in several forms: read in one
    decimal_ids: frozenset[str] = frozenset()   # id columns holding whole numbers written as decimals (12900.0)
    provinces: frozenset[str] = frozenset()     # region columns whose values begin with a Chinese province
    currencies: tuple[str, ...] = ()            # the sampled lines' currencies, most lines first (currencies.py)
    currency_marks: tuple[str, ...] = ()        # without a currency column, the money columns, whose marks are
                                                # read as currencies when ``currencies`` holds some
    currency_unnamed: str = ""    # the currency of a line that names none: the one most lines are in
    category_named: bool = False  # categories written as numbers beside a path naming them (parsing.numbered_categories)
    currency_carried: bool = False  # the pass writes each line's currency, for the whole file's count (currencies)
    currency_watched: bool = False  # not carried, the sampled amounts plain: the pass marks an amount written with a
                                    # currency's mark (an infinite amount), to be read again if it meets one (loader)


def _case(value: str, table: dict[str, str], default: str) -> str:
    if not table:
        return default
    whens = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in table.items())
    return f"CASE {value} {whens} ELSE {default} END"


def event_expr(mapping: Mapping, text: str | None = None, padded: frozenset[str] = frozenset()) -> tuple[str, str]:
    """(canonical event type or 'skip' or NULL, raw event text) for the mapping; the raw text from
    the column ``text`` when given (else the mapped column); ``padded``: :attr:`Readings.padded`."""
    col = mapping.column("event_type")
    if not col:
        return lit(mapping.default_event_type), "NULL"
    raw = f"lower({trimmed(q(col), col in padded)})"
    given = f"lower({trimmed(text, col in padded)})" if text else raw
    values = {e: e for e in EVENT_TYPES} | COMMON_EVENT_VALUES | {
        k: v for k, v in mapping.event_type_values.items() if k != "*"}
    unknown = lit(mapping.event_type_values["*"]) if "*" in mapping.event_type_values else "NULL"
    # most exports write the canonical names as they are: those rows are taken as they are, without
    # a lowered, trimmed copy of every value (the expression 1.1 -> 0.4 CPU s on 10^7 rows,
    # tests/bench/bench_event_expression.py); other spellings go through the whole table as before
    same = [k for k, v in values.items() if k == v and k and k == k.strip().lower()]
    fast = f"WHEN {q(col)} IN ({', '.join(lit(k) for k in same)}) THEN {q(col)} " if same else ""
    return f"CASE {fast}WHEN nullif({raw}, '') IS NULL THEN {lit(mapping.default_event_type)} ELSE " \
           f"{_case(raw, values, unknown)} END", given


def status_expr(mapping: Mapping, padded: frozenset[str] = frozenset()) -> str:
    col = mapping.column("status")
    if not col:
        return "NULL"
    table = COMMON_STATUS_VALUES | mapping.status_values
    # a lookup, not a CASE: a status the table does not name (Completed) went through every WHEN of it
    # (1.98 against 1.32 s on 10^7 values, one thread, with 84 statuses)
    pairs = ", ".join(f"{lit(k)}: {lit(v)}" for k, v in table.items())
    return f"MAP {{{pairs}}}[lower({trimmed(q(col), col in padded)})]"


#: event_type of rows that are not events: '~' + why (removed before the import commits).
MARK = "~"
NOT_REJECTS = ("skip", "header", "dup")
#: SQL: a marked row that goes to ``rejected_rows`` (with its line).
REJECTED = (f"(event_type LIKE '{MARK}%' AND event_type NOT IN ("
            + ", ".join(f"'{MARK}{n}'" for n in NOT_REJECTS) + "))")


#: The name a date and its time of day take together where the time reading is detected (loader.read_columns).
TS_TEXT = "__ts_text"


def ts_source(mapping: Mapping) -> str:
    """SQL of the time column's text; with a time of day in its own column, the date and the time joined."""
    ts = q(mapping.column("ts"))
    if not mapping.column("time_of_day"):
        return ts
    return f"nullif(concat_ws(' ', nullif(trim({ts}), ''), nullif(trim({q(mapping.column('time_of_day'))}), '')), '')"


#: What the events pass writes for money that is written but reads as no number (see canonical_select).
UNREAD_AMOUNT = "'NaN'::DOUBLE"


def canonical_select(mapping: Mapping, readings: Readings, project_tz: str, source: str,
                     raw_columns: list[str], header_names: list[str] | None = None, delimiter: str = ",",
                     attributes: bool = False, separate: bool = False, currency: bool = False) -> str:
    """SELECT the ten canonical event columns from ``source`` in one streaming pass.

    Every input row comes out, so the result can be appended to ``events`` as it
    is read (memory stays flat): a row that is not an event has ``event_type``
    '~' + its reason ('~skip' left out by the format, '~header' a repeated
    header line, '~no customer id'... a rejected row, whose text is in
    ``item_name``); the loader moves those out before committing.

    ``attributes`` adds the mapped attributes' trimmed values, on rows with a customer and a
    readable time (the rows the customer's latest value is taken from), so the one read of the
    file serves the customer attributes too: joined in one column (:data:`attributes.COLUMN`), or
    a column each when ``separate`` (see :mod:`engine.ingest.attributes`).

    ``currency`` adds each line's currency (:data:`currencies.COLUMN`) when
    :attr:`Readings.currency_carried`, for :func:`currencies.recount`, and marks an amount written with a currency's
    mark when :attr:`Readings.currency_watched` (the events pass's; a preview reads amounts as they are).
    """
    c = mapping.column
    col = {r: (q(c(r)) if c(r) else None) for r in ("customer_id", "ts", "order_id", "item_id",
                                                  "item_name", "category", "category_path",
                                                  "quantity", "amount", "unit_price", "currency")}
    col["ts"] = ts_source(mapping)

    def num(role: str) -> str:
        if not col[role]:
            return "NULL"
        # a money column's text that is no plain number, with a mark, when the pass watches for marks
        watched = (role in ("amount", "unit_price") and currency and readings.currency_watched)
        return number_expr(col[role], readings.decimal_comma.get(role, False),
                           marked=f"{currencies.written(col[role])} IS NOT NULL" if watched else None)

    def cleaned(role: str, expr=id_expr) -> str:
        """The role's text: trimmed unless the sample showed it clean (see :class:`Readings`); an id written as a
        decimal whole number as the number (before an e-mail's or a phone's folding: 13812345678.0 is a mobile)."""
        if not col[role]:
            return "NULL"
        text = expr(col[role], c(role) in readings.clean, c(role) in readings.padded)
        return whole_number_folded(text) if c(role) in readings.decimal_ids and role in ID_ROLES else text

    ts = ts_expr(col["ts"], readings.ts, project_tz, mapping.timezone, mapping.year)
    # an export without item ids (a Thai shop's, a ledger's) knows its products by name: the name is the id, so
    # its products can be grouped into categories (they could not, with no ids) and counted as items
    item_id = cleaned("item_id") if col["item_id"] or not col["item_name"] else cleaned("item_name", text_expr)
    if col["item_id"] and col["item_name"]:
        # a line without an id (Shopify's custom item, a product sold without a SKU) is known by its name: it had no
        # product, no group, no category. (coalesce reads the name only on the lines without an id.)
        item_id = f"coalesce({item_id}, {cleaned('item_name', text_expr)})"
    customer = cleaned("customer_id")
    if c("customer_id") in readings.emails:
        customer = email_folded(customer)
    if c("customer_id") in readings.phones:
        customer = phone_folded(customer)
    event, raw_event = event_expr(mapping, "event_text", readings.padded)
    # the raw texts a reason quotes are worked on in the reasons only, on the rows that get one (a
    # blank time never reads as a time, so 'no time' is asked of rows without a time only)
    raw_ts, raw_qty = text_expr("ts_text"), text_expr("qty_text")
    qty_raw = num("quantity")
    amount = (f"coalesce({num('amount')}, {num('unit_price')} * coalesce({qty_raw}, 1))"
              if col["unit_price"] else num("amount"))
    money = [col[r] for r in ("amount", "unit_price") if col[r]]
    if money:
        # money that is written but reads as no number (N/A, 免费) is NaN for the length of the pass, to be counted
        # and said after it, then NULL (engine/ingest/loader: unread_amounts); a blank one is NULL. Asked only of
        # rows with no amount (coalesce goes on for those alone): a clean file pays nothing
        written = " OR ".join(f"({t} IS NOT NULL AND trim({t}) <> '')" for t in money)
        amount = f"coalesce({amount}, CASE WHEN {written} THEN {UNREAD_AMOUNT} END)"
    named = bool(col["currency"] or readings.currency_marks)
    line = currencies.line_currency(c("currency"), readings.currency_marks) if named else "NULL"
    if money and readings.currencies and named:
        # a line in another currency: at the rate the mapping gives, else no spend (marked for the length of the
        # pass, counted and cleared after it)
        amount = currencies.in_main(f"coalesce({line}, {lit(readings.currency_unnamed or readings.currencies[0])})",
                                    amount, readings.currencies, mapping.currency_rates)
    carried = currency and money and named and readings.currency_carried
    raws = "".join(f", {q(name)} AS __r{i}" for i, name in enumerate(raw_columns))
    raw_text = f"concat_ws({lit(delimiter)}, " + ", ".join(
        f"coalesce(__r{i}, '')" for i in range(len(raw_columns))) + ")" if raw_columns else "''"
    header_check = ""
    if header_names:
        # every row is checked: contains() is cheap and lets only header-like values reach trim()
        checks = [f"contains(__r{i}, {lit(h)}) AND trim(__r{i}) = {lit(h)}"
                  for i, h in enumerate(header_names[:3]) if i < len(raw_columns)]
        header_check = f"WHEN {' AND '.join(checks)} THEN 'header'" if checks else ""
    quote = lit("'")
    roles = attrs.roles(mapping) if attributes else []

    def attribute(role: str) -> str:
        text = text_expr(q(c(role)), c(role) in readings.clean, c(role) in readings.padded)
        # an address (Taobao's 收货地址) or a province written short (浙江) as the province's name (engine/ingest/provinces)
        return province_of(text) if role == "region" and c(role) in readings.provinces else text

    attr_values = "".join(f", {attribute(r)} AS __a{i}" for i, r in enumerate(roles))
    attr_out = attrs.pass_columns([f"__a{i}" for i in range(len(roles))],
                                  "customer_id IS NOT NULL AND ts IS NOT NULL AND reason IS DISTINCT FROM 'header'",
                                  separate) if roles else ""
    return f"""
    WITH p AS (
        SELECT {customer} AS customer_id,
               {ts} AS ts,
               {event} AS ev,
               {status_expr(mapping, readings.padded)} AS st,
               {cleaned('order_id')} AS order_id,
               {item_id} AS item_id,
               {cleaned('item_name', text_expr)} AS item_name,
               {cleaned('category')} AS category,
               {cleaned('category_path', text_expr)} AS category_path,
               {qty_raw} AS qty,
               {amount} AS amount,
               {q(c('event_type')) if c('event_type') else 'NULL'} AS event_text,
               {col['ts']} AS ts_text,
               {col['quantity'] or 'NULL'} AS qty_text,
               {q(FOUND) if mapping.from_orders else 'true'} AS order_found{raws}{attr_values}{
               f", {currencies.carried(c('currency'), readings.currency_marks)} AS __cur" if carried else ""}
        FROM {source}),
    r AS (
        SELECT *,
           -- a ledger without event types or statuses writes a return as a negative amount: a
           -- purchase of it counted the return as the customer buying again
           st = 'refund' OR ev = 'refund' OR qty < 0 OR amount < 0 AS is_refund,
           -- a row its status or type leaves out is left out, whatever else it lacks: a closed order that was
           -- never paid has no payment time (Taobao's, Youzan's), and was rejected for it
           CASE {header_check}
                WHEN st = 'skip' OR ev = 'skip' THEN 'skip'
                WHEN order_found IS NULL THEN {lit(NO_ORDER)}
                WHEN customer_id IS NULL THEN 'no customer id'
                WHEN ts IS NULL AND {raw_ts} IS NULL THEN 'no time'
                WHEN ts IS NULL THEN 'unreadable time ' || {quote} || left({raw_ts}, 40) || {quote}
                WHEN ev IS NULL THEN 'unknown event type ' || {quote} || left({raw_event}, 40) || {quote}
                WHEN qty IS NULL AND {raw_qty} IS NOT NULL
                     THEN 'unreadable quantity ' || {quote} || left({raw_qty}, 40) || {quote}
           END AS reason
        FROM p)
    SELECT coalesce(customer_id, '') AS customer_id,
           coalesce(ts, TIMESTAMP '1970-01-01') AS ts,
           CASE WHEN reason IS NOT NULL THEN {lit(MARK)} || reason
                WHEN is_refund THEN 'refund' ELSE ev END AS event_type,
           order_id, item_id,
           CASE WHEN reason IS NULL OR reason IN ('skip', 'header') THEN item_name
                ELSE left({raw_text}, 500) END AS item_name,
           category, category_path,
           CASE WHEN is_refund THEN -abs(coalesce(qty, 1)) ELSE coalesce(qty, 1) END AS quantity,
           CASE WHEN is_refund THEN -abs(amount) ELSE amount END AS amount{attr_out}{
           f", __cur AS {q(currencies.COLUMN)}" if carried else ""}
    FROM r"""
