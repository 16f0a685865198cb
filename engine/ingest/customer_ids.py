"""What the first rows say of the customer column (and the other ids), said before anyone trusts a customer's history.

Masked ids (138****5678, 张**, a***@qq.com): Pinduoduo, Douyin and other platforms export a buyer's phone
number or name with a run of asterisks in it; mapped as the customer, every buyer whose masked id is the same
is counted as one customer. One id on every row: a column guessed from its header that is no buyer at all (a
fee of 0.00, a shop's name) makes the whole file one customer. Judged on the rows read to recognise the file,
which costs the import nothing; the import says it, the mapping dialog says it while the column can still be
changed, and the Data page says it again for the import (engine/read/imports.py). Ids Excel wrote in scientific
notation (a CSV opened and saved in Excel: ``3.90012E+17``) are said the same way: their digits are lost.
"""

from __future__ import annotations

import re

from engine.ingest.mapping import Mapping
from engine.ingest.readers import Source
from engine.messages import Message, msg

#: Two or more asterisks in a row (ASCII or full-width): a mask, not a character of an id.
MASK = re.compile(r"[*＊]{2,}")
#: The share of sampled ids that must be masked for the warning (a few odd ids are not a masked column).
MIN_SHARE = 0.5
#: Sampled rows needed before one id on all of them is told (a small file may be one customer's).
MIN_ROWS_ONE_ID = 20


#: A number as Excel writes it in scientific notation when it saves a CSV (``3.90012E+17``): its last digits are gone.
SCIENTIFIC = re.compile(r"^-?\d(\.\d+)?[eE]\+\d+$")
#: The id columns whose digits matter: two ids that differ in their last digits must stay two.
ID_ROLES = ("customer_id", "order_id", "item_id")


def ids_warning(source: Source, mapping: Mapping) -> Message | None:
    """The warning the id columns' first rows call for: the customer column's (:func:`customer_warning`), else an
    id column Excel wrote in scientific notation (:func:`scientific_ids`)."""
    return customer_warning(source, mapping) or scientific_ids(source, mapping)


def scientific_ids(source: Source, mapping: Mapping, roles: tuple[str, ...] = ID_ROLES) -> Message | None:
    """An id column of ``roles`` whose first rows are numbers Excel wrote in scientific notation (a Taobao order
    number, 18 digits, saved as ``3.90012E+17``): different ids read as one, and no reading can give them back."""
    for role in roles:
        ids = _sampled(source, mapping.column(role))
        written = [v for v in ids if SCIENTIFIC.match(v)]
        if ids and len(written) >= MIN_SHARE * len(ids):
            return msg("import.scientific_ids", column=mapping.column(role), example=written[0])
    return None


def _sampled(source: Source, column: str | None) -> list[str]:
    """The column's values in the file's first rows, trimmed, blanks left out (none for a column not in the file)."""
    if not column or column not in source.header:
        return []
    i = source.header.index(column)
    return [row[i].strip() for row in source.sample_rows if i < len(row) and row[i].strip()]


def customer_warning(source: Source, mapping: Mapping) -> Message | None:
    """The warning the customer column's ids in the file's first rows call for, else None."""
    column = mapping.column("customer_id")
    ids = _sampled(source, column)
    if not ids:
        return None
    masked = [v for v in ids if MASK.search(v)]
    if len(masked) >= MIN_SHARE * len(ids):
        return msg("import.masked_ids", column=column, example=masked[0], share=len(masked) / len(ids))
    if len(ids) >= MIN_ROWS_ONE_ID and len(set(ids)) == 1:
        return msg("import.one_customer", column=column, example=ids[0], rows=len(ids))
    return None
