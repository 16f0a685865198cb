"""Customer ids a platform masked before exporting them (138****5678, 张**, a***@qq.com).

Pinduoduo, Douyin and other platforms export a buyer's phone number or name with a run of
asterisks in it. Mapped as the customer, every buyer whose masked id is the same is counted as
one customer: a merchandiser must hear that before trusting any customer's history. Judged on
the rows read to recognise the file, which costs the import nothing.
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


def masked_warning(source: Source, mapping: Mapping) -> Message | None:
    """The warning when most customer ids in the file's first rows are masked, else None."""
    column = mapping.column("customer_id")
    if not column or column not in source.header:
        return None
    i = source.header.index(column)
    ids = [row[i].strip() for row in source.sample_rows if i < len(row) and row[i].strip()]
    masked = [v for v in ids if MASK.search(v)]
    if not ids or len(masked) < MIN_SHARE * len(ids):
        return None
    return msg("import.masked_ids", column=column, example=masked[0], share=len(masked) / len(ids))
