"""The time column found by its values when no header names it.

Header words (:mod:`engine.ingest.header_words`) know what platforms and ledgers call an order's time. A file can
call it anything else: H&M's transactions ``t_dat``, a shop's own ``Tag``, a column left unnamed by a report. Such a
file asked for a mapping though its dates were plain to see. When no header names the time, the columns no role took
are read as the import reads a time column (:func:`~engine.ingest.parsing.detect_ts_format`, on the file's sampled
rows): the first (leftmost) whose every sampled value reads as a time between 1995 and tomorrow is the time.

Numbers alone (an epoch, an Excel serial) are not taken this way: a price, a quantity or an id reads as one too.
A header that names another time (``Ship Date``, ``Updated``, the time's veto words) is passed over, and a file
with no item, order, amount, quantity or event column is not read this way (a member list's birthdays and sign-up
days are no purchases). The import then says which column it read the time from, as for every role, and a mapping
chooses another.
"""

from __future__ import annotations

import re

from engine.ingest.header_words import guess_roles, vetoed_for
from engine.ingest.parsing import NUMERIC_UNITS, detect_ts_format, plausible_range, q, ts_expr

#: a value that could be a date written as text: digits around a separator, or a month's name with a number
_DATE_LIKE = re.compile(r"\d[-/.年년]\s*\d|\d\s+[^\W\d_]{3,}|[^\W\d_]{3,}[\s,.-]+\d")


#: roles that say a file's rows are purchases or events: a list of customers and their birthdays or sign-up days
#: (a member list) is no history of purchases, whatever its dates (engine.ingest.customer_list)
_BOUGHT = ("order_id", "item_id", "item_name", "category", "quantity", "amount", "unit_price", "event_type")


def guess_roles_by_values(header: list[str], sample: list[list[str]]) -> dict[str, str]:
    """:func:`~engine.ingest.header_words.guess_roles`, with the time found by its values when no header names it."""
    roles = guess_roles(header)
    if "ts" not in roles and any(r in roles for r in _BOUGHT):
        column = time_by_values(header, sample, set(roles.values()))
        if column is not None:
            roles["ts"] = column
    return roles


def time_by_values(header: list[str], sample: list[list[str]], taken: set[str]) -> str | None:
    """The first column not in ``taken`` whose every sampled value (not blank) reads as a plausible time written as
    text; None when there is none."""
    candidates = []
    for i, name in enumerate(header):
        if name in taken or vetoed_for("ts", name):
            continue
        values = [r[i].strip() for r in sample if i < len(r) and r[i].strip()]
        if values and all(_DATE_LIKE.search(v) for v in values):
            candidates.append((name, values))
    if not candidates:
        return None
    earliest, latest = plausible_range()
    from engine.store.connection import connect   # as engine.ingest.preview: offline, the app's settings

    con = connect()
    try:
        for name, values in candidates:
            con.execute("CREATE OR REPLACE TABLE s (v VARCHAR)")
            con.executemany("INSERT INTO s VALUES (?)", [[v] for v in values])
            fmt = detect_ts_format(con, "s", "v")
            if fmt.kind in NUMERIC_UNITS:
                continue
            read = con.execute(f"SELECT count_if({ts_expr(q('v'), fmt, 'UTC')} BETWEEN ? AND ?) FROM s",
                               [earliest, latest]).fetchall()[0][0]
            if read == len(values):
                return name
    finally:
        con.close()
    return None
