"""Amounts written in several currencies in one file: the main one's are spend, the others' are not.

An Amazon report of several marketplaces (USD, CAD, MXN), a cross-border ERP's orders (币种: USD, EUR, JPY) or a
Shopify export in the buyers' currencies writes a line's amount in the line's own currency. Summed as they are, a
customer's 1,000 JPY weighed as much as another's 1,000 USD: spend, the high-value lists and the spend tiers were
wrong without a word. The app knows no exchange rates (it runs offline), so the lines in a currency other than the
file's main one (the one most sampled lines are in) keep their events, without spend, and the import says how many
and in what.

A currency the mapping gives a rate for (``currency_rates``: typed by the merchandiser) is converted instead, and
the mapping may name the main currency (``main_currency``) instead of the most sampled one. A project's spend is in
one currency: a file imported into a project that has one is read with it as its main (:func:`with_project_currency`).

A line's currency is its currency column's value; in a file without one, the mark written with its amount
(``€12,50``, ``CA$ 15.00``, ``12.50 EUR``: a WooCommerce or ERP export of several stores, a ledger kept by hand),
read only when the amounts carry two marks or more (one mark, or none, is the shop's own money). Marks and
codes of one currency are compared as one (``€`` and ``EUR``, ``US$`` and ``USD``). A sign several currencies write
(:data:`~engine.ingest.currency_codes.SHARED_SIGNS`) is the one of them beside it: ``¥`` alone is the yuan or the yen
of the file (``¥12`` beside ``12元`` is one money), and neither when it has both; ``$`` is the file's or the project's
dollar (a US shop's ``$12.50`` in a project in USD), and none when two dollars are named.

The events pass marks such an amount with :data:`MARK` (an infinite amount, which no readable number is); after the
pass :func:`store` counts them and clears the mark. A line that names no currency is in the file's own (the one most
lines are in), whichever one spend is in.

The sample decides how the pass reads the lines, but a file's first lines can be one market's or one store's alone
(an export sorted by store: its first 5,000 lines in dollars, the rest in euros, summed as dollars without a word
until session 51). So the pass also writes each line's currency in a column of its own (:data:`COLUMN`, in ``events``
for the length of the import, as :mod:`engine.ingest.attributes` does) and :func:`recount` counts them over the whole
file: when its main currency, or the one a line naming none is in, is not the sample's, or the sample saw one mark
and the file holds more, the file is read again with the whole file's (the sample's decision stands otherwise, with
the whole file's currencies named). Where spend is in a named currency (the project's, the mapping's), a file whose
sampled amounts are plain numbers is counted too: its later lines may write marks (``12.50`` on 5,200 lines, then
``€10.00``: the euros were summed as the project's dollars until session 53); a plain number asks only a cast of the
pass (:func:`carried`), but the pass's column costs (``engine.ingest.loader.read_columns``). Elsewhere (a new
project) the pass watches for marks instead: an amount that is no plain number and writes a mark (:func:`written`) is
marked, and a file that has one has its whole file's marks counted (:func:`in_file`) and is read again with them; a
file of plain amounts pays nothing (its dollars and euros after 5,000 plain lines were summed as one money until
session 61).
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import duckdb

from engine.ingest.currency_codes import SAME, SHARED_SIGNS
from engine.ingest.mapping import Mapping
from engine.ingest.parsing import INFINITY, lit, q

#: The amount of a line in another currency, for the length of the pass (a NaN is an amount that reads as no number)
MARK = INFINITY
#: Longer values are no currency's code, symbol or name (a column guessed wrong)
_MAX_LEN = 12
#: Currencies named in a message
SHOWN = 5
#: The events pass's column of each line's currency (in ``events`` for the length of the import only)
COLUMN = "_ingest_currency"


_SAME = "MAP {" + ", ".join(f"{lit(k)}: {lit(v)}" for k, v in SAME.items()) + "}"
#: What an amount's text holds besides its mark: digits, separators, signs, spaces, an accounting negative's brackets
_NOT_MARK = "'[0-9.,\\s()+\\-]'"
#: A mark: letters and currency signs only (``12.5*`` or ``N/A`` is no currency's), as long as a code or a name
_MARK = "'[\\p{L}\\p{Sc}]{1,12}'"


def one_code_sql(value: str) -> str:
    """SQL: an upper-case currency ``value`` as compared (:data:`~engine.ingest.currency_codes.SAME`)."""
    return f"coalesce({_SAME}[{value}], {value})"


def code(col: str) -> str:
    """SQL of a currency column's value as compared: trimmed, upper case, one code per currency, NULL when blank."""
    value = f"nullif(upper(trim(CAST({col} AS VARCHAR))), '')"
    return one_code_sql(value)


def written(col: str) -> str:
    """SQL of the currency an amount's text is written in (``€12,50``: EUR; ``US$ 3``: USD), NULL when it has no
    mark or holds no number (``N/A`` is an amount that reads as no number, not a currency)."""
    text = f"trim(CAST({col} AS VARCHAR))"
    mark = f"upper(regexp_replace({text}, {_NOT_MARK}, '', 'g'))"
    return (f"CASE WHEN regexp_matches({text}, '[0-9]') AND regexp_full_match({mark}, {_MARK}) "
            f"THEN {one_code_sql(mark)} END")


def line_currency(column: str | None, marks: tuple[str, ...]) -> str:
    """SQL of a line's currency: its currency ``column``'s code, else the mark written with its amount in one of the
    money columns ``marks`` (NULL: the line names none)."""
    if column:
        return code(q(column))
    return "coalesce(" + ", ".join(written(q(c)) for c in marks) + ")"


def marks_read(found: tuple[str, ...], main: str | None) -> tuple[str, ...]:
    """The currencies amounts' marks name (``found``, most lines first) when they are read as currencies: two or
    more, or one that is not ``main`` (the mapping's main currency); none otherwise (a shop writing its own money
    with a mark, or none)."""
    if len(found) > 1 or (main is not None and found and found[0] not in mains((main, *found))):
        return found
    return ()


def chosen(found: tuple[str, ...], main: str | None) -> tuple[str, ...]:
    """The currencies ``found`` with the main one first: ``main`` when the mapping names one, else the one most
    sampled lines are in."""
    if not found or main is None:
        return found
    return (main, *(c for c in found if c != main))


def _most_first(rows: list[tuple[str, int]]) -> tuple[str, ...]:
    """The currencies of (code, lines) most lines first (ties by name), ``¥`` counted with the one of the yuan and
    the yen beside it (``¥12`` beside ``12元``: one money). Not ``$``: ``CA$15`` beside ``$12`` is a store's
    Canadian dollars beside its own."""
    counts = dict(rows)
    named = [c for c in SHARED_SIGNS["¥"] if c in counts]
    if "¥" in counts and len(named) == 1:
        counts[named[0]] += counts.pop("¥")
    return tuple(sorted(counts, key=lambda c: (-counts[c], c)))


def _shares_sign(code: str, found: tuple[str, ...]) -> str | None:
    """The sign ``code`` shares with other currencies (:data:`SHARED_SIGNS`), when none of those is in ``found``."""
    for sign, codes in SHARED_SIGNS.items():
        if code in codes and not any(c in found for c in codes if c != code):
            return sign
    return None


def mains(found: tuple[str, ...]) -> tuple[str, ...]:
    """The codes of the main currency ``found[0]``: with its sign when it writes one several currencies share
    (``¥`` for the yuan or the yen, ``$`` for a dollar) and the file's lines are in no other of them. A US shop's
    WooCommerce export writes ``$12.50``: in a project whose spend is in USD it is spend (until session 52 its
    every line counted without)."""
    sign = _shares_sign(found[0], found)
    return (found[0], sign) if sign else (found[0],)


def detect(cur: duckdb.DuckDBPyConnection, table: str, col: str) -> tuple[str, ...]:
    """The currencies of the sampled lines, most lines first (ties by name); none when the column holds something
    else (numbers, dates, long text), so that its amounts are taken as they are."""
    v = code(q(col))
    rows = cur.execute(f"SELECT {v} AS c, count(*) AS n FROM {table} WHERE c IS NOT NULL GROUP BY c").fetchall()
    # a currency's code, symbol or name holds no digit ($, US$, 元, CAD): numbers and dates are something else
    if not rows or any(len(c) > _MAX_LEN or any(ch.isdigit() for ch in c) for c, _n in rows[:50]):
        return ()
    return _most_first(rows)


def other(line: str, found: tuple[str, ...]) -> str:
    """SQL: the line, whose currency is ``line`` (SQL of :func:`code` or :func:`written`), is in another currency
    than the main one of ``found`` (a line without one is in it, unless ``line`` says otherwise)."""
    return f"coalesce({line}, {lit(found[0])}) NOT IN ({', '.join(lit(m) for m in mains(found))})"


def with_project_currency(cur: duckdb.DuckDBPyConnection, mapping: Mapping) -> Mapping:
    """``mapping`` with the project's currency as its main one, unless it names one: the main currency of the
    project's first import that read currencies. An Amazon.ca report imported after an Amazon.com one is in
    another currency than the project's dollars, though alone in its file."""
    if mapping.main_currency is not None:
        return mapping
    main = of_project(cur)
    return replace(mapping, main_currency=main) if main else mapping


def of_project(cur: duckdb.DuckDBPyConnection) -> str | None:
    """The currency the project's spend is in: the main one of its first import that read currencies, None when no
    import did (a file without a currency column or marks says nothing of its money)."""
    rows = cur.execute("""SELECT json_extract_string(mapping_json, '$.detected.currencies[0]') AS c FROM imports
                          WHERE c IS NOT NULL ORDER BY import_id LIMIT 1""").fetchall()
    return rows[0][0] if rows else None


def in_main(line: str, amount: str, found: tuple[str, ...], rates: dict[str, float]) -> str:
    """SQL: the amount of a line whose currency is ``line``, in the main currency of ``found``: a line in another
    currency at its rate (``rates``: one unit in the main currency), marked (:data:`MARK`, its sign kept: a negative
    amount is a refund) when there is none."""
    mark = f"CASE WHEN {amount} < 0 THEN -{MARK} ELSE {MARK} END"
    given = {c: r for c, r in _sign_rates(rates, found).items() if c not in mains(found)}
    if given:
        table = "MAP {" + ", ".join(f"{lit(c)}: CAST({float(r)!r} AS DOUBLE)" for c, r in given.items()) + "}"
        mark = f"coalesce({amount} * {table}[{line}], {mark})"
    return f"CASE WHEN {other(line, found)} AND {amount} IS NOT NULL THEN {mark} ELSE {amount} END"


def applied(found: tuple[str, ...], rates: dict[str, float]) -> dict[str, float]:
    """The rates of ``rates`` the import used: those of the sampled currencies other than the main one."""
    return {c: r for c, r in _sign_rates(rates, found).items() if c in found and c not in mains(found)} if found else {}


def _sign_rates(rates: dict[str, float], found: tuple[str, ...]) -> dict[str, float]:
    """``rates`` with a shared sign's (``¥``, ``$``): the rate given for the one of its currencies named, when the
    file's lines are in no other of them (``--rate JPY=0.0063`` for a file writing ``¥2,000``)."""
    out = dict(rates)
    for sign, codes in SHARED_SIGNS.items():
        named = [c for c in codes if c in rates]
        if sign not in rates and len(named) == 1 and _shares_sign(named[0], found) == sign:
            out[sign] = rates[named[0]]
    return out


def add_column(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute(f"ALTER TABLE events ADD COLUMN IF NOT EXISTS {q(COLUMN)} VARCHAR")


def drop_column(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute(f"ALTER TABLE events DROP COLUMN IF EXISTS {q(COLUMN)}")


def carried(column: str | None, marks: tuple[str, ...], plain: str = "NULL") -> str:
    """SQL of what the events pass writes in :data:`COLUMN`: a line's currency as written (its currency ``column``'s
    value, upper case; or what the amount in one of the money columns ``marks`` holds besides its number, ``''`` for
    none: ``1 234,50``), ``plain`` for an amount that reads as a plain number, for :func:`recount` to read as
    :func:`line_currency` does on the few values it holds (as :func:`written` does on every line, the pass's mark cost
    three times as much: 0.83 against 0.25 CPU s for 10^6 amounts). A plain number asks for nothing more: a file of
    plain amounts pays a cast a line, and its later lines' marks are met (summed as its money until session 53)."""
    if column:
        return f"nullif(upper(trim(CAST({q(column)} AS VARCHAR))), '')"
    texts = [(q(c), f"trim(CAST({q(c)} AS VARCHAR))") for c in marks]
    return "coalesce(" + ", ".join(f"CASE WHEN TRY_CAST({c} AS DOUBLE) IS NOT NULL THEN {plain} "
                                   f"WHEN regexp_matches({t}, '[0-9]') THEN upper(regexp_replace({t}, {_NOT_MARK}, "
                                   "'', 'g')) END" for c, t in texts) + ")"


class Counted(NamedTuple):
    """The currencies of a file's lines (:func:`recount`, :func:`in_file`)."""
    #: the main one first (the mapping's, or the one most lines are in); none when one mark or none is written
    currencies: tuple[str, ...]
    #: the one a line naming none is in
    unnamed: str
    #: the lines name some currency (a column's value, a mark), read as currencies or not
    named: bool


def recount(cur: duckdb.DuckDBPyConnection, import_id: int, marks: bool, main: str | None) -> Counted:
    """The currencies of the import's lines over the whole file (from :data:`COLUMN`), the main one first (``main``,
    the mapping's, or the one most lines are in), and the one a line naming none is in (most lines'); as the sample's
    readings hold them (:func:`chosen`). ``marks``: the currencies are the amounts' marks (:func:`marks_read`). A
    value no currency's code, symbol or name is (a digit in it, too long; for marks, not a mark) never becomes the
    main one."""
    # marks: a line with a plain number holds none (:func:`carried`); an amount that reads as no number is NaN
    plain = " OR (amount IS NOT NULL AND NOT isnan(amount))" if marks else ""
    return _counted(cur, f"SELECT coalesce({q(COLUMN)}, '') AS c, count(*) AS n FROM events "
                         f"WHERE import_id = {int(import_id)} AND ({q(COLUMN)} IS NOT NULL{plain}) GROUP BY c",
                    marks, main)


def in_file(cur: duckdb.DuckDBPyConnection, rel: str, column: str | None, marks: tuple[str, ...], main: str | None
            ) -> Counted:
    """:func:`recount` of a file not imported (or of its sample): the currencies of every line of ``rel`` (its
    currency ``column``, or the marks of its money columns ``marks``), for the mapping dialog's preview to name what
    the import will."""
    return _counted(cur, f"SELECT {carried(column, marks, plain=lit(''))} AS c, count(*) AS n FROM {rel} "
                         "WHERE c IS NOT NULL GROUP BY c", bool(marks) and not column, main)


def _counted(cur: duckdb.DuckDBPyConnection, values: str, marks: bool, main: str | None) -> Counted:
    """:func:`recount` of ``values``, SQL of rows (a currency as written, its lines).

    A line naming none (``''``: an amount without a mark) is in the one most lines are in: the main currency where
    such lines are most of them (``12.50`` on most lines of a US project's file, ``€10.00`` on some: dollars), else the
    most lines' mark (``12,50`` beside ``12,50 €`` on most lines: euros)."""
    mark = f" AND regexp_full_match(c, {_MARK})" if marks else ""
    rows = cur.execute(f"""
        SELECT CASE WHEN c = '' THEN '' ELSE {one_code_sql('c')} END AS currency, sum(n) FROM ({values})
        WHERE c = '' OR (length(c) <= {_MAX_LEN} AND NOT regexp_matches(c, '[0-9]'){mark})
        GROUP BY currency""").fetchall()
    counts = {c: int(n) for c, n in rows}
    plain = counts.pop("", 0)
    found = _most_first(list(counts.items()))
    if marks:
        found = marks_read(found, main)
    first = chosen(found, main)
    unnamed = first[0] if found and plain > sum(counts.values()) else (found[0] if found else "")
    return Counted(first, unnamed, bool(counts))


def store(cur: duckdb.DuckDBPyConnection, import_id: int) -> int:
    """The import's events whose amount is in another currency; their amount becomes NULL (no spend)."""
    n = cur.execute("SELECT count(*) FROM events WHERE import_id = ? AND isinf(amount)", [import_id]).fetchall()[0][0]
    if n:
        cur.execute("UPDATE events SET amount = NULL WHERE import_id = ? AND isinf(amount)", [import_id])
    return int(n)
