"""Tmall repeat-buyer user logs: action_type 0 click, 1 cart, 2 purchase, 3 favourite; time as mmdd."""

from __future__ import annotations

from engine.ingest.formats._util import find, has_all
from engine.ingest.mapping import Mapping

ACTIONS = {"0": "view", "1": "cart", "2": "purchase", "3": "favourite"}
#: The logs give month and day only; the challenge's data is from this year. Override with "year".
DEFAULT_YEAR = 2014


def recognise(header: list[str], sample: list[list[str]]) -> Mapping | None:
    if not has_all(header, "user_id", "action_type", "time_stamp"):
        return None
    return Mapping(
        format="tmall_log",
        columns={"customer_id": find(header, "user_id"), "item_id": find(header, "item_id"),
                 "category": find(header, "cat_id"), "event_type": find(header, "action_type"),
                 "ts": find(header, "time_stamp"), "age_band": find(header, "age_range"),
                 "gender": find(header, "gender")},
        event_type_values=dict(ACTIONS), ts_format="mmdd", year=DEFAULT_YEAR)
