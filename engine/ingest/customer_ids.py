"""What the first rows say of the customer column, said before anyone trusts a customer's history.

Masked ids (138****5678, 张**, a***@qq.com): Pinduoduo, Douyin and other platforms export a buyer's phone
number or name with a run of asterisks in it; mapped as the customer, every buyer whose masked id is the same
is counted as one customer. One id on every row: a column guessed from its header that is no buyer at all (a
fee of 0.00, a shop's name) makes the whole file one customer. Judged on the rows read to recognise the file,
which costs the import nothing; the import says it, the mapping dialog says it while the column can still be
changed, and the Data page says it again for the import (engine/read/imports.py).
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


def customer_warning(source: Source, mapping: Mapping) -> Message | None:
    """The warning the customer column's ids in the file's first rows call for, else None."""
    column = mapping.column("customer_id")
    if not column or column not in source.header:
        return None
    i = source.header.index(column)
    ids = [row[i].strip() for row in source.sample_rows if i < len(row) and row[i].strip()]
    if not ids:
        return None
    masked = [v for v in ids if MASK.search(v)]
    if len(masked) >= MIN_SHARE * len(ids):
        return msg("import.masked_ids", column=column, example=masked[0], share=len(masked) / len(ids))
    if len(ids) >= MIN_ROWS_ONE_ID and len(set(ids)) == 1:
        return msg("import.one_customer", column=column, example=ids[0], rows=len(ids))
    return None
