"""The demo shop's rows as CSV text, column by column with pyarrow (no Python loop per row)."""

from __future__ import annotations


import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .plan import _PURCHASE, _START_EPOCH, _Tables


def _to_csv(tb: _Tables, ids: list[str], cust: np.ndarray, ts: np.ndarray, etype: np.ndarray,
            onum: np.ndarray, itm: np.ndarray, q: np.ndarray, cts: np.ndarray,
            age: np.ndarray, region: np.ndarray, channel: np.ndarray) -> pa.Buffer:
    """The rows as CSV text (one Arrow buffer), quoting only the fields that need it."""
    if cust.size == 0:
        return pa.py_buffer(b"")
    cust_a = pa.array(cust)
    itm_a = pa.array(itm)
    browsing = etype < _PURCHASE
    order_id = pc.binary_join_element_wise(
        "O", pc.utf8_lpad(pc.cast(pa.array(onum, mask=onum < 0), pa.string()), width=7, padding="0"), "")
    a = np.abs(cts)
    amount = pc.binary_join_element_wise(
        pc.if_else(pa.array(cts < 0), "-", ""),
        pc.cast(pa.array(a // 100, mask=browsing), pa.string()), ".",
        pc.utf8_lpad(pc.cast(pa.array(a % 100), pa.string()), width=2, padding="0"), "")
    columns = [
        pc.take(pa.array(ids), cust_a),
        pc.cast(pa.array(_START_EPOCH + ts, type=pa.timestamp("s")), pa.string()),
        pc.take(tb.event_type, pa.array(etype)),
        order_id,
        pc.take(tb.item_id, itm_a),
        pc.take(tb.item_name_csv, itm_a),
        pc.take(tb.item_category, itm_a),
        pc.take(tb.item_path, itm_a),
        pc.cast(pa.array(q, mask=browsing), pa.string()),
        amount,
        pc.take(tb.age, pa.array(age[cust])),
        pc.take(tb.region, pa.array(region[cust])),
        pc.take(tb.channel, pa.array(channel[cust])),
    ]
    lines = pc.binary_join_element_wise(*columns, ",", null_handling="replace", null_replacement="")
    lines = pc.binary_join_element_wise(lines, "\n", "")
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32, count=len(lines) + 1, offset=lines.offset * 4)
    return lines.buffers()[2].slice(int(offsets[0]), int(offsets[-1] - offsets[0]))


# --- the public entry point ----------------------------------------------------------------
