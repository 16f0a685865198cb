"""What an import reports back to the CLI and the GUI."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from engine.ingest.mapping import LIST_REQUIRED
from engine.messages import Message, msg


def unread_amounts_message(rows: int, column: str, example: str) -> Message:
    """``rows`` lines whose ``column`` holds no number (``example`` as written, or none found): they have no spend."""
    return Message.plural("import.result.unread_amounts" if example else "import.result.unread_amounts.bare", rows,
                          rows=rows, column=column, example=example)


def other_currency_message(rows: int, currencies: list[str], rates: dict | None = None) -> Message:
    """``rows`` lines whose amount is in another currency than the main one (``currencies[0]``; the others sampled
    after it) and has no rate (``rates``): they count without spend (engine/ingest/currencies.py)."""
    main, others = (currencies[0] if currencies else ""), [c for c in currencies[1:] if c not in (rates or {})]
    return Message.plural("import.result.other_currency" if others else "import.result.other_currency.bare", rows,
                          rows=rows, currency=main, others=", ".join(others))


def converted_message(currencies: list[str], rates: dict) -> Message:
    """The amounts in other currencies converted to the main one (``currencies[0]``) at the ``rates`` given."""
    return msg("import.result.converted", currency=currencies[0] if currencies else "",
               rates=", ".join(f"1 {c} = {r:g} {currencies[0] if currencies else ''}" for c, r in rates.items()))


def currency_notes(other_currency: int, currencies: list[str], rates: dict) -> list[Message]:
    """What the import did with the amounts in other currencies: converted at the rates given, or without spend."""
    notes = [converted_message(currencies, rates)] if rates else []
    if other_currency:
        notes.append(other_currency_message(other_currency, currencies, rates))
    return notes


def orders_given_message(orders: int, lines: str) -> Message:
    """An orders' file's import: the orders whose buyers and times the order lines of ``lines`` took."""
    return Message.plural("import.result.orders_given", orders, orders=orders, lines=lines)


def date_notes(future: int, latest: str, early: int, earliest: str) -> list[Message]:
    """Events dated after the import's day (the latest on ``latest``) or before 1995 (the earliest on
    ``earliest``): the time column read wrong (engine/ingest/loader.py, ``out_of_range``)."""
    notes = [Message.plural("import.result.future", future, rows=future, latest=latest)] if future else []
    if early:
        notes.append(Message.plural("import.result.early", early, rows=early, earliest=earliest))
    return notes


@dataclass
class ImportResult:
    file_name: str
    format: str
    rows_loaded: int
    rows_rejected: int
    rows_duplicate: int = 0
    import_id: int | None = None
    already_imported: bool = False
    message: str = ""
    rows_skipped: int = 0          # rows the format leaves out by design (cancelled orders, GA4 page events)
    encoding: str = ""
    ts_format: str = ""
    groups: str = ""               # what grouping the products after the import did (engine/catalog)
    groups_message: Any = None     # the same as a Message, for the GUI to translate (not in to_dict)
    warning: Any = None            # a Message a merchandiser must read before trusting the data (masked ids)
    orders_shared: int = 0         # orders whose total was on each line, shared out over the lines
    totals_priced: str = ""        # the column of orders' totals on each line, read from the lines' prices instead
    price_column: str = ""         # the lines' unit prices it was read from
    items_unpacked: str = ""       # the column that packed each order's items, read as a line per item
    sheet: str = ""                # a workbook's sheet read when not the first (the first a cover)
    amount_column: str = ""        # the column those totals were in
    unread_amounts: int = 0        # lines whose amount was written but is no number (N/A): they have no spend
    amount_example: str = ""       # one such amount as the file writes it
    money_column: str = ""         # the column it was in
    future_events: int = 0         # lines dated after the day of the import (a time column read wrong)
    future_latest: str = ""        # the latest such date (YYYY-MM-DD)
    early_events: int = 0          # lines dated before 1995 (the same)
    early_earliest: str = ""       # the earliest such date
    columns: dict | None = None    # role -> the file's column it was read from (a guess for a generic file)
    other_currency: int = 0        # lines whose amount is in another currency than the file's main one: no spend
    currencies: list | None = None  # the main currency, then others the sampled lines are in
    rates: dict | None = None      # the rates the amounts in other currencies were converted at (the mapping's)
    orders_given: int = 0          # an orders' file: the orders whose buyers and times the lines of lines_file took
    lines_file: str = ""
    category_names: str = ""       # the path column that names categories written as numbers (REES46's category_code)
    category_ids: str = ""         # the category column of those numbers

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("groups_message")
        d["warning"] = str(self.warning) if self.warning is not None else None
        return d

    def summary(self) -> Message:
        """One line for a status bar or a terminal (str() of it is English)."""
        if self.already_imported:
            return msg("import.result.already", name=self.file_name, import_id=self.import_id)
        # a list's rows are its products or customers (engine.ingest.mapping.LIST_REQUIRED)
        rows = "import.result.listed." + self.format if self.format in LIST_REQUIRED else "import.result.rows"
        parts: list[Message] = [orders_given_message(self.orders_given, self.lines_file) if self.orders_given else
                                Message.plural(rows, self.rows_loaded, rows=self.rows_loaded)]
        if self.sheet:
            parts.append(msg("import.result.sheet", sheet=self.sheet))
        if self.items_unpacked:
            parts.append(msg("import.result.unpacked", column=self.items_unpacked))
        if self.rows_rejected:
            parts.append(msg("import.result.rejected", rows=self.rows_rejected))
        if self.rows_duplicate:
            parts.append(msg("import.result.duplicate", rows=self.rows_duplicate))
        if self.rows_skipped:
            parts.append(msg("import.result.skipped", rows=self.rows_skipped))
        if self.orders_shared:
            parts.append(msg("import.result.shared", orders=self.orders_shared, column=self.amount_column))
        if self.totals_priced:
            parts.append(msg("import.result.priced", column=self.totals_priced, price=self.price_column))
        if self.category_names:
            parts.append(msg("import.result.category_names", names=self.category_names, ids=self.category_ids))
        if self.unread_amounts:
            parts.append(unread_amounts_message(self.unread_amounts, self.money_column, self.amount_example))
        parts += currency_notes(self.other_currency, self.currencies or [], self.rates or {})
        parts += date_notes(self.future_events, self.future_latest, self.early_events, self.early_earliest)
        line = msg("import.result", name=self.file_name, format=self.format, parts=parts)
        if self.groups:
            line = msg("import.result.groups", result=line, groups=self.groups_message or self.groups)
        return msg("import.result.warning", result=line, warning=self.warning) if self.warning is not None else line
