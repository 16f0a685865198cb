"""SQL expressions that turn the raw text of a column into ids, numbers and timestamps.

Every decision that depends on a whole column (day/month order, decimal comma,
unix seconds or milliseconds) is taken once, over the whole column, by
:func:`detect_ts_format` and :func:`detect_decimal_comma`; the expressions then
parse each value the same way, so a column never mixes interpretations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

import duckdb


def q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def lit(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


#: What pads a cell beyond spaces: a tab (Douyin, Kuaishou and JD put one before a long number so that Excel
#: keeps its digits), line ends and the full-width space (U+3000). DuckDB's one-argument trim() takes only
#: spaces ('\tbuyerA' stayed a customer of its own); with these characters it costs three times as much
#: (1.9 against 0.7 CPU s on 10^7 values), so only columns whose sample shows them pay for it.
PADDING = " \t\r\n\u3000"


def trimmed(col: str, padded: bool = False) -> str:
    """SQL of ``col`` without spaces at either end, or without any :data:`PADDING` when ``padded``."""
    return f"trim({col}, {lit(PADDING)})" if padded else f"trim({col})"


def text_expr(col: str, clean: bool = False, padded: bool = False) -> str:
    """Trimmed text, empty as NULL; ``clean`` columns (no padding seen) skip the trim; ``padded`` ones (a tab
    or a full-width space seen) lose those too."""
    return f"nullif({col}, '')" if clean else f"nullif({trimmed(col, padded)}, '')"


def id_expr(col: str, clean: bool = False, padded: bool = False) -> str:
    """An id as text: spreadsheet guards ``="123"`` and ``'123`` removed (``12.0``: :func:`whole_number_folded`).

    ``clean`` columns (no padding or guard seen in the sample) are taken as they are:
    building trimmed copies of every string is a large share of an import's time. ``padded`` columns
    (a tab or a full-width space seen) lose those too.
    """
    if clean:
        return f"nullif({col}, '')"
    v = trimmed(col, padded)
    # the regexes run only on the few values that start with a guard character
    return (f"nullif(CASE WHEN starts_with({v}, '=') OR starts_with({v}, '''') THEN "
            f"regexp_replace(regexp_replace({v}, '^=\"(.*)\"$', '\\1'), '^''', '') "
            f"ELSE {v} END, '')")


_NUMBER_JUNK = "'[^0-9,.eE+-]'"
#: a currency's code or word (EUR, SEK, KES, RM): its E is no exponent
_CURRENCY_WORD = "'[A-Za-z]{2,}'"
#: An amount no readable number is: a line's amount marked for the length of the events pass
#: (:func:`number_expr`'s ``marked``, ``engine.ingest.currencies.MARK``)
INFINITY = "CAST('infinity' AS DOUBLE)"


def number_expr(col: str, decimal_comma: bool, marked: str | None = None) -> str:
    """A number from text with currency signs or codes, spaces, thousands separators or a decimal comma.

    ``marked``: SQL of a condition on a text that is no plain number; where it holds the amount is infinite, its
    sign kept (``engine.ingest.currencies.MARK``): a currency's mark the events pass watches for. Asked only of texts
    that do not read as plain numbers, so a file of plain amounts pays nothing for it."""
    cleaned = f"regexp_replace(regexp_replace(trim({col}), {_CURRENCY_WORD}, '', 'g'), {_NUMBER_JUNK}, '', 'g')"
    if decimal_comma:
        cleaned = f"replace(replace({cleaned}, '.', ''), ',', '.')"
    else:
        cleaned = f"replace({cleaned}, ',', '')"
    # accounting negatives: (12.50); an empty text casts to NULL
    sign = f"CASE WHEN trim({col}) LIKE '(%)' THEN -1 ELSE 1 END"
    slow = f"({sign} * TRY_CAST({cleaned} AS DOUBLE))"
    if marked is not None:
        # a decimal-comma column's every text comes here: its plain numbers (12,50; 1.234,50) are kept from the
        # condition by a cast first (a conjunction asks its later terms only of the rows the earlier ones kept)
        plain = f"TRY_CAST(replace(replace({col}, '.', ''), ',', '.') AS DOUBLE) IS NULL AND " if decimal_comma else ""
        slow = (f"CASE WHEN {plain}({marked}) "
                f"THEN CASE WHEN {slow} < 0 THEN -{INFINITY} ELSE {INFINITY} END ELSE {slow} END")
    if decimal_comma:   # a decimal-comma column must not read 1.234 as 1.234
        return slow
    # plain numbers (most rows) skip the clean-up. The clean-up sits in a CASE: DuckDB computes an
    # expression that occurs twice in a statement once, for every row, unless it is inside a CASE,
    # and a clean-up of every row cost more than all the rest of the column
    return f"coalesce(TRY_CAST({col} AS DOUBLE), CASE WHEN {col} IS NOT NULL THEN {slow} END)"


def detect_clean(cur: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> tuple[set[str], set[str]]:
    """(clean, padded): columns whose sampled values have no surrounding :data:`PADDING` and no ``=``/``'``
    guard, and columns where some sampled value has padding other than spaces (see :func:`trimmed`)."""
    if not columns:
        return set(), set()
    checks = ", ".join(f"count_if({q(c)} <> {trimmed(q(c), True)} OR starts_with({q(c)}, '=') "
                       f"OR starts_with({q(c)}, '''')), count_if(trim({q(c)}) <> {trimmed(q(c), True)})"
                       for c in columns)
    counts = cur.execute(f"SELECT {checks} FROM {table}").fetchall()[0]
    return ({c for c, n in zip(columns, counts[0::2]) if n == 0},
            {c for c, n in zip(columns, counts[1::2]) if n})   # count_if of no rows is NULL


#: The roles whose values are ids (:func:`id_expr`): a whole number written as a decimal is read as the number.
ID_ROLES = ("customer_id", "order_id", "item_id")
#: A whole number written as a decimal: what a spreadsheet or pandas writes for a number column with blanks.
_DECIMAL_WHOLE = "'[0-9]+\\.0+'"


def whole_number_folded(value: str) -> str:
    """An id written as a whole number with decimals (``12900.0``) as the number (``12900``): pandas writes a column
    of customer numbers with a blank as floats, and a shop's other exports (and its spreadsheets, whose number
    cells :mod:`engine.ingest.xlsx` reads as whole numbers) write the same customer as ``12900``. Other ids keep
    theirs (``12.5``, ``2017.01``, ``A12.0``)."""
    return (f"CASE WHEN contains({value}, '.') AND regexp_full_match({value}, {_DECIMAL_WHOLE}) "
            f"THEN split_part({value}, '.', 1) ELSE {value} END")


def detect_decimal_ids(cur: duckdb.DuckDBPyConnection, table: str, col: str) -> bool:
    """True when some sampled value of ``col`` is a whole number written as a decimal (a column of ids without one
    pays nothing)."""
    v = f"trim(CAST({q(col)} AS VARCHAR))"
    return bool(cur.execute(f"SELECT count_if(regexp_full_match({v}, {_DECIMAL_WHOLE})) FROM {table}"
                            ).fetchall()[0][0])


def email_folded(value: str) -> str:
    """An id that is an e-mail address in lower case: a shop's customers type theirs as they like (Anna.Li@QQ.com on
    one order, anna.li@qq.com on the next) and mail systems read them without case. Other ids keep theirs."""
    return f"CASE WHEN contains({value}, '@') THEN lower({value}) ELSE {value} END"


def phone_folded(value: str) -> str:
    """An id that is a phone number in one form: a Chinese mobile as its 11 digits (+86 138-1234-5678, 0086
    13812345678 and 138 1234 5678 are 13812345678), another number with its country code as + and digits
    (+44 20 7946 0958 is +442079460958). Exports of one shop's platforms write a number each their own way.
    Other ids keep theirs: a customer number with a dash (2017-0001) is no phone, and a number without its
    country code cannot be told from one (415-555-0100)."""
    digits = f"regexp_replace({value}, '[^0-9+]', '', 'g')"
    return (f"CASE WHEN regexp_full_match({value}, '[+(]?[0-9][0-9 ()./-]{{5,24}}') THEN ("
            f"CASE WHEN regexp_full_match({digits}, '(\\+?86|0086)?1[3-9][0-9]{{9}}') THEN right({digits}, 11) "
            f"WHEN regexp_full_match({digits}, '\\+[1-9][0-9]{{7,14}}') THEN {digits} "
            f"ELSE {value} END) ELSE {value} END")


def detect_phones(cur: duckdb.DuckDBPyConnection, table: str, col: str) -> bool:
    """True when some sampled value of ``col`` is a phone number not in :func:`phone_folded`'s form (a column of
    ids in one form, or of no phones, pays nothing)."""
    v = f"CAST({q(col)} AS VARCHAR)"
    return bool(cur.execute(f"SELECT count_if({v} <> {phone_folded(v)}) FROM {table}").fetchall()[0][0])


def detect_emails(cur: duckdb.DuckDBPyConnection, table: str, col: str) -> bool:
    """True when some sampled value of ``col`` is an e-mail address (a column of ids without one pays nothing)."""
    return bool(cur.execute(f"SELECT count_if(contains({q(col)}, '@')) FROM {table}").fetchall()[0][0])


def numbered_categories(cur: duckdb.DuckDBPyConnection, table: str, col: str | None) -> bool:
    """True when every sampled category (not blank) is a number: an id (REES46's category_id, 2053013555631882655)
    that a path beside it names where it can (its category_code, ``electronics.smartphone``)."""
    if not col:
        return False
    rows, numbers = cur.execute(f"""
        SELECT count(*), count_if(regexp_matches(v, '^[0-9]+$'))
        FROM (SELECT trim({q(col)}) AS v FROM {table} WHERE nullif(trim({q(col)}), '') IS NOT NULL
              LIMIT {SAMPLE_ROWS})""").fetchall()[0]
    return bool(rows) and numbers == rows


def detect_decimal_comma(cur: duckdb.DuckDBPyConnection, table: str, col: str) -> bool:
    """True when the column writes decimals with a comma (``1.234,50`` or ``12,5``), or groups thousands with
    dots and has no decimals (Indonesia's and Vietnam's ``Rp 1.250.000``, ``75.500 ₫``: read as 1.25 and NULL).

    Dots are a thousands separator when a value has two of them, or when the values name the rupiah or the dong
    (Rp, IDR, ₫, VND) and every dot is followed by a group of three digits (no 0.500). Without either, a dot
    before three digits stays a decimal point: an ERP's quantities and prices of three decimals (1.000, 12.500)."""
    comma, dot, thousands, grouped, dotted, zero, marked = cur.execute(f"""
        SELECT coalesce(count_if(regexp_matches(v, ',[0-9]{{1,2}}$') OR regexp_matches(v, '\\.[0-9]{{3}},')), 0),
               coalesce(count_if(regexp_matches(v, '\\.[0-9]{{1,2}}$') OR regexp_matches(v, ',[0-9]{{3}}\\.')), 0),
               coalesce(count_if(regexp_matches(v, '[0-9]\\.[0-9]{{3}}\\.[0-9]{{3}}')), 0),
               coalesce(count_if(regexp_matches(v, '^[^0-9]*[1-9][0-9]{{0,2}}(\\.[0-9]{{3}})+[^0-9.,]*$')), 0),
               coalesce(count_if(contains(v, '.')), 0),
               coalesce(count_if(regexp_matches(v, '^[^0-9]*0\\.')), 0),
               coalesce(count_if(regexp_matches(v, '(?i)(^rp|idr|vnd|₫|đ)')), 0)
        FROM (SELECT trim({q(col)}) AS v FROM {table} WHERE {q(col)} IS NOT NULL AND trim({q(col)}) <> ''
              LIMIT {SAMPLE_ROWS})""").fetchall()[0]
    if comma != dot:
        return comma > dot
    return bool(thousands) or bool(marked and grouped == dotted and not zero)


# Text formats tried on the whole column; day-first and month-first families compete. A two-digit year comes
# before its four-digit form: DuckDB's %Y reads the 17 of Excel's 1/22/17 as the year 17, %y fails on 2017.
# Month names (Lazada's 08 Jan 2017 11:55, eBay's Jan-22-17) are read in English.
_ISO_LIKE = ["%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d", "%Y.%m.%d %H:%M:%S", "%Y.%m.%d %H:%M", "%Y.%m.%d",
             "%Y%m%d %H:%M:%S", "%Y%m%d", "%Y-%m-%d %H:%M", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日",
             "%d %b %Y %H:%M:%S", "%d %b %Y %H:%M", "%d %b %Y", "%d %B %Y", "%d-%b-%y", "%d-%b-%Y %H:%M:%S",
             "%d-%b-%Y", "%b-%d-%y", "%b %d, %Y %I:%M:%S %p", "%b %d, %Y %H:%M:%S", "%b %d, %Y", "%B %d, %Y"]
_DAY_FIRST = ["%d/%m/%y %I:%M:%S %p", "%d/%m/%Y %I:%M:%S %p", "%d/%m/%y %I:%M %p", "%d/%m/%Y %I:%M %p",
              "%d/%m/%y %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%d/%m/%y %H:%M", "%d/%m/%Y %H:%M", "%d/%m/%y", "%d/%m/%Y",
              "%d.%m.%y %H:%M:%S", "%d.%m.%Y %H:%M:%S", "%d.%m.%y %H:%M", "%d.%m.%Y %H:%M", "%d.%m.%y", "%d.%m.%Y",
              "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y"]
_MONTH_FIRST = ["%m/%d/%y %I:%M:%S %p", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%y %I:%M %p", "%m/%d/%Y %I:%M %p",
                "%m/%d/%y %H:%M:%S", "%m/%d/%Y %H:%M:%S", "%m/%d/%y %H:%M", "%m/%d/%Y %H:%M", "%m/%d/%y", "%m/%d/%Y",
                "%m-%d-%Y %H:%M:%S", "%m-%d-%Y"]
# Month names in Spanish, Portuguese, French, German, Italian and Indonesian (Mercado Libre's "15 de marzo de 2024
# 14:32 hs.", a French ledger's "15 mars 2024", Tokopedia's "5 Des 2024"): written as their numbers, with the words
# between dropped, then read day first. Full names before abbreviations, so "marzo" is not read as "mar" + "zo".
# Korean dates name no month but mark their parts (2024년 1월 5일, and Excel's 2024. 1. 5. 오후 2:32), as Chinese and
# Japanese ones do (2024年6月27日 6:53, 2024年1月5日 下午2:32, 午後): the marks dropped and 오전/오후, 上午/下午 and
# 午前/午後 read as am/pm, they are read year first.
_MONTH_WORDS = (
    ("enero", 1), ("febrero", 2), ("marzo", 3), ("abril", 4), ("mayo", 5), ("junio", 6), ("julio", 7), ("agosto", 8),
    ("septiembre", 9), ("setiembre", 9), ("octubre", 10), ("noviembre", 11), ("diciembre", 12),
    ("janeiro", 1), ("fevereiro", 2), ("março", 3), ("maio", 5), ("junho", 6), ("julho", 7), ("setembro", 9),
    ("outubro", 10), ("novembro", 11), ("dezembro", 12),
    ("janvier", 1), ("février", 2), ("mars", 3), ("avril", 4), ("juin", 6), ("juillet", 7), ("août", 8),
    ("septembre", 9), ("octobre", 10), ("novembre", 11), ("décembre", 12),
    ("januar", 1), ("februar", 2), ("märz", 3), ("juni", 6), ("juli", 7), ("oktober", 10), ("dezember", 12),
    ("gennaio", 1), ("febbraio", 2), ("aprile", 4), ("maggio", 5), ("giugno", 6), ("luglio", 7), ("settembre", 9),
    ("ottobre", 10), ("dicembre", 12),
    ("januari", 1), ("februari", 2), ("maret", 3), ("mei", 5), ("agustus", 8), ("desember", 12),
    ("april", 4), ("mai", 5), ("august", 8), ("september", 9), ("november", 11),
    ("ene", 1), ("fev", 2), ("mär", 3), ("abr", 4), ("ago", 8), ("set", 9), ("sept", 9), ("okt", 10), ("out", 10),
    ("dic", 12), ("dez", 12), ("agt", 8), ("des", 12),
    ("년", 0), ("월", 0), ("일", 0), ("오전", "am"), ("오후", "pm"),
    ("年", 0), ("月", 0), ("日", 0), ("上午", "am"), ("下午", "pm"), ("午前", "am"), ("午後", "pm"),
)
_MONTH_WORD_FORMATS = ["%d %m %Y %H:%M:%S", "%d %m %Y %H:%M", "%d %m %Y", "%d %m %y",
                       "%Y %m %d %H:%M:%S", "%Y %m %d %H:%M", "%Y %m %d", "%Y %m %d %p %I:%M:%S", "%Y %m %d %p %I:%M"]
#: the words between a date's parts and after its time
_BETWEEN_WORDS = ("de", "del", "à", "às", "a", "las", "um", "hs", "h", "uhr")
_OFFSET_RE = "'(Z|[+-][0-9]{2}:?[0-9]{2}| UTC| GMT)$'"
NUMERIC_UNITS = ("unix_s", "unix_ms", "unix_us", "excel")
#: the years a text reading of a time column may give (a format that gives others does not read the value)
MIN_YEAR, MAX_YEAR = 1900, 2199
SAMPLE_ROWS = 5_000


@dataclass(frozen=True)
class TsFormat:
    """How a time column is written: ``iso``, a list of strptime formats, or a numeric unit."""

    kind: str                      # iso, strptime, month_words (strptime after them), unix_s, unix_ms, unix_us,
                                   # excel, mmdd
    formats: tuple[str, ...] = ()
    parsed: int = 0                # values of the column this reading parses
    offsets: bool = True           # some values carry a zone offset (seen in the sample)
    buddhist: bool = False         # years of the Buddhist era (Thailand's: 2567 is 2024), read after 543 years off
    short_buddhist: bool = False   # the same in two digits after the day and month (05/01/67 is 2024-01-05)

    def describe(self) -> str:
        if self.kind == "month_words":
            text = "month names, " + ", ".join(self.formats)
        else:
            text = self.kind if self.kind != "strptime" else ", ".join(self.formats)
        return text + (", Buddhist era" if self.buddhist or self.short_buddhist else "")


#: A year of the Buddhist era a shop's export can hold (CE 1857-2256), as a whole number in the text.
_BUDDHIST_YEAR = "'(^|[^0-9])(2[4-7][0-9]{2})([^0-9]|$)'"


def buddhist_to_common(v: str) -> str:
    """``v`` with its Buddhist-era year written as the common era's (2567 -> 2024): Thai Excel writes dates so.
    The year is rewritten before any format reads it, as the two eras' leap years differ (29/02/2567 is a day)."""
    year = f"regexp_extract({v}, {_BUDDHIST_YEAR}, 2)"
    return (f"CASE WHEN {year} <> '' THEN replace({v}, {year}, CAST(CAST({year} AS INTEGER) - 543 AS VARCHAR)) "
            f"ELSE {v} END")


#: Events before this are far likelier a time column read wrong than a shop's history (Amazon opened in July
#: 1995): the import says so (engine/ingest/loader.py, ``out_of_range``) and a reading is judged by it.
EARLIEST_PLAUSIBLE = dt.datetime(1995, 1, 1)
#: A date with its day and month first and a two-digit year (05/01/67 10:00): the three parts around the year.
_SHORT_YEAR_DATE = "'^([0-9]{1,2}[/.-][0-9]{1,2}[/.-])([0-9]{2})([^0-9].*)?$'"


def short_buddhist_to_common(v: str) -> str:
    """``v`` with the two-digit Buddhist-era year after its day and month written as the common era's four digits
    (05/01/67 -> 05/01/2024, as 2567 - 543): Thai Excel's short dates. A reading of %y took 67 as 2067 and 69 as
    1969; the four digits are read as the long form is (:func:`buddhist_to_common`), leap days included."""
    def part(i: int) -> str:
        return f"regexp_extract({v}, {_SHORT_YEAR_DATE}, {i})"

    return (f"CASE WHEN regexp_matches({v}, {_SHORT_YEAR_DATE}) THEN {part(1)} || "
            f"CAST(1957 + CAST({part(2)} AS INTEGER) AS VARCHAR) || {part(3)} ELSE {v} END")


def plausible_range(project_tz: str = "UTC") -> tuple[dt.datetime, dt.datetime]:
    """The times a shop's export can hold: from :data:`EARLIEST_PLAUSIBLE` to the day after today in the
    project's zone (a day's grace for zones ahead of it); an event outside is a time column read wrong."""
    today = dt.datetime.now(ZoneInfo(project_tz)).replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
    return EARLIEST_PLAUSIBLE, today + dt.timedelta(days=2)


def _month_words(v: str) -> str:
    """``v`` with its month names as numbers and the words around them (de, à, hs., Uhr) dropped."""
    text = f"regexp_replace(lower({v}), '[.,]', ' ', 'g')"   # a German date's dots, a ledger's commas
    for word, number in sorted(_MONTH_WORDS, key=lambda w: -len(w[0])):
        # a Korean mark (년, 월, 일) is dropped (0), not written as a number
        text = f"replace({text}, {lit(word)}, {lit(f' {number} ' if number else ' ')})"
    between = ", ".join(lit(w) for w in _BETWEEN_WORDS)
    return f"array_to_string(list_filter(string_split({text}, ' '), lambda w: w <> '' AND w NOT IN ({between})), ' ')"


def _has_offset(v: str) -> str:
    # cheap for the common 19-character 'YYYY-MM-DD HH:MM:SS': the regex only sees the tail
    return f"(length({v}) > 16 AND regexp_matches({v}[17:], {_OFFSET_RE}))"


def _iso(v: str) -> str:
    return (f"CASE WHEN {_has_offset(v)} THEN NULL "
            f"ELSE TRY_CAST(replace({v}, 'T', ' ') AS TIMESTAMP) END")


def _iso_tz(v: str, project_tz: str) -> str:
    return (f"CASE WHEN {_has_offset(v)} THEN "
            f"timezone({lit(project_tz)}, coalesce(TRY_CAST({v} AS TIMESTAMPTZ), "
            f"try_strptime({v}, ['%Y-%m-%d %H:%M:%S %z', '%Y-%m-%d %H:%M %z', '%Y-%m-%dT%H:%M:%S%z']))) END")


def _numeric(v: str, kind: str) -> str:
    n = f"TRY_CAST({v} AS DOUBLE)"
    if kind == "excel":
        return (f"CASE WHEN {n} BETWEEN 20000 AND 80000 THEN TIMESTAMP '1899-12-30' + "
                f"to_microseconds(CAST(round({n} * 86400000000) AS BIGINT)) END")
    scale = {"unix_s": 1_000_000, "unix_ms": 1_000, "unix_us": 1}[kind]
    lo, hi = {"unix_s": (5e8, 5e9), "unix_ms": (5e11, 5e12), "unix_us": (5e14, 5e15)}[kind]
    return (f"CASE WHEN {n} BETWEEN {lo} AND {hi} THEN "
            f"make_timestamp(CAST(round({n} * {scale}) AS BIGINT)) END")


def detect_ts_format(cur: duckdb.DuckDBPyConnection, table: str, col: str, full: str | None = None) -> TsFormat:
    """The reading of a time column that parses most of its values.

    Readings are tried on ``table`` (a sample); day-first against month-first is
    settled on ``full`` (the whole file), since one 31/12 far down decides them all.
    When some sampled value is left unread, the readings are tried again on the years taken as the Buddhist
    era's (:func:`buddhist_to_common`): they win only by reading more.
    """
    best, rows = _detect_ts_format(cur, table, col, full, f"trim({q(col)})")
    if rows and best.parsed < rows:
        era, _ = _detect_ts_format(cur, table, col, full, buddhist_to_common(f"trim({q(col)})"))
        if era.parsed > best.parsed:
            return replace(era, buddhist=True)
    if best.kind == "strptime" and any("%y" in f for f in best.formats):
        # two-digit years read as the 1900s from 69 and the 2000s below: taken as the Buddhist era's, they win by
        # reading as many values and putting more of them between 1995 and today (05/01/24 stays 2024)
        era, _ = _detect_ts_format(cur, table, col, full, short_buddhist_to_common(f"trim({q(col)})"))
        era = replace(era, short_buddhist=True)
        if era.parsed >= best.parsed and _plausible_count(cur, table, col, era) > _plausible_count(cur, table, col,
                                                                                                 best):
            return era
    return best


def _plausible_count(cur: duckdb.DuckDBPyConnection, table: str, col: str, fmt: TsFormat) -> int:
    """Sampled values of ``col`` that ``fmt`` reads as a time in :func:`plausible_range`."""
    earliest, latest = plausible_range()
    return cur.execute(f"SELECT count_if({ts_expr(q(col), fmt, 'UTC')} BETWEEN ? AND ?) FROM "
                       f"(SELECT {q(col)} FROM {table} WHERE nullif(trim({q(col)}), '') IS NOT NULL "
                       f"LIMIT {SAMPLE_ROWS})", [earliest, latest]).fetchall()[0][0]


def _detect_ts_format(cur: duckdb.DuckDBPyConnection, table: str, col: str, full: str | None,
                      v: str) -> tuple[TsFormat, int]:
    """:func:`detect_ts_format` with the column's values as ``v`` (SQL of ``col``); the reading and the sampled
    values' count."""
    # DuckDB's cast reads 22/01/17 as the year 22 too
    checks: dict[str, str] = {"iso": f"year({_iso(v)}) BETWEEN {MIN_YEAR} AND {MAX_YEAR} "
                                      f"OR regexp_matches({v}, {_OFFSET_RE}) "
                                      f"AND {_iso_tz(v, 'UTC')} IS NOT NULL"}
    checks["offsets"] = _has_offset(v)
    for kind in NUMERIC_UNITS:
        checks[kind] = f"regexp_matches({v}, '^[0-9]+(\\.[0-9]+)?$') AND {_numeric(v, kind)} IS NOT NULL"
    families = {"iso_like": _ISO_LIKE, "day_first": _DAY_FIRST, "month_first": _MONTH_FIRST,
                "month_words": _MONTH_WORD_FORMATS}
    for fam, fmts in families.items():
        text = _month_words(v) if fam == "month_words" else v
        # a family reads the values its formats read together (a value two of them read counts once)
        checks[fam] = _plausible(text, fmts)
        for i, fmt in enumerate(fmts):
            checks[f"{fam}:{i}"] = _plausible(text, [fmt])
    sample = f"(SELECT {q(col)} FROM {table} WHERE nullif({v}, '') IS NOT NULL LIMIT {SAMPLE_ROWS})"
    # most exports write ISO times: when ISO reads every sampled value no other reading can read
    # more (a reading must read strictly more to win), so the thirty other tries are skipped
    rows, iso, offsets = cur.execute(f"SELECT count(*), coalesce(count_if({checks['iso']}), 0), "
                                     f"coalesce(count_if({checks['offsets']}), 0) FROM {sample}").fetchall()[0]
    if rows and iso == rows:
        return TsFormat("iso", parsed=iso, offsets=offsets > 0), rows
    select = ", ".join(f"coalesce(count_if({expr}), 0)" for expr in checks.values())
    # every reading is tried on a sample; day-first against month-first is then settled on the whole column
    counts = dict(zip(checks, cur.execute(f"SELECT {select} FROM {sample}").fetchall()[0]))
    best = TsFormat("iso", parsed=counts["iso"], offsets=counts["offsets"] > 0)
    for kind in NUMERIC_UNITS:
        if counts[kind] > best.parsed:
            best = TsFormat(kind, parsed=counts[kind])
    found = {}
    for fam, fmts in families.items():
        used = tuple(f for i, f in enumerate(fmts) if counts[f"{fam}:{i}"] > 0)
        if used:
            found[fam] = TsFormat("month_words" if fam == "month_words" else "strptime", used, counts[fam])
    if "day_first" in found and "month_first" in found:
        # 03/04/2024 is ambiguous; 31/12 or 12/31 anywhere in the column settles it for every row
        day, month = cur.execute(
            f"SELECT coalesce(count_if({_plausible(v, found['day_first'].formats)}), 0), "
            f"coalesce(count_if({_plausible(v, found['month_first'].formats)}), 0) "
            f"FROM {full or table} WHERE nullif({v}, '') IS NOT NULL").fetchall()[0]
        # a tie (no day past the 12th) goes to day first, unless the clock has AM and PM: that is America's
        twelve = any("%p" in f for f in found["month_first"].formats + found["day_first"].formats)
        loser = "month_first" if day > month or (day == month and not twelve) else "day_first"
        found.pop(loser)
    for fam in families:
        # ties go to the earlier family
        if fam in found and found[fam].parsed > best.parsed:
            best = found[fam]
    return best, rows


def _fmt_list(formats: tuple[str, ...]) -> str:
    return "[" + ", ".join(lit(f) for f in formats) + "]"


def _plausible(v: str, formats) -> str:
    """``formats`` read ``v`` as a time in a year a shop's export can hold: %Y/%m/%d reads 22/01/17 as the
    year 22, which no reading should count."""
    return f"year(try_strptime({v}, {_fmt_list(tuple(formats))})) BETWEEN {MIN_YEAR} AND {MAX_YEAR}"


def ts_expr(col: str, fmt: TsFormat, project_tz: str, source_tz: str | None = None,
            year: int | None = None) -> str:
    """A TIMESTAMP in the project's zone from the raw text of ``col`` read as ``fmt``.

    Values with their own offset are converted; numeric epochs are UTC; naive
    text is in ``source_tz`` (the project's zone when not given).
    """
    v = f"trim({col})"
    if fmt.buddhist:
        v = buddhist_to_common(v)
    if fmt.short_buddhist:
        v = short_buddhist_to_common(v)
    if fmt.kind in ("unix_s", "unix_ms", "unix_us"):
        return f"timezone({lit(project_tz)}, timezone('UTC', {_numeric(v, fmt.kind)}))"
    if fmt.kind == "excel":
        naive = _numeric(v, "excel")
    elif fmt.kind == "mmdd":
        naive = (f"try_strptime({int(year or 2015)}::VARCHAR || lpad({v}, 4, '0'), '%Y%m%d')")
    elif fmt.kind in ("strptime", "month_words"):
        fmts = "[" + ", ".join(lit(f) for f in fmt.formats) + "]"
        naive = f"try_strptime({_month_words(v) if fmt.kind == 'month_words' else v}, {fmts})"
    elif not fmt.offsets:
        # the common case, kept to one cast per row: no value in the sample had an offset
        naive = f"TRY_CAST({v if fmt.buddhist else col} AS TIMESTAMP)"
    else:
        naive = _iso(v)
    if source_tz and source_tz != project_tz:
        naive = f"timezone({lit(project_tz)}, timezone({lit(source_tz)}, {naive}))"
    if fmt.kind in ("strptime", "month_words"):
        # a column that mostly uses one layout may still hold ISO values with offsets
        return f"coalesce({naive}, {_iso(v)}, {_iso_tz(v, project_tz)})"
    if fmt.kind == "iso" and fmt.offsets:
        return f"coalesce({naive}, {_iso_tz(v, project_tz)})"
    return naive
