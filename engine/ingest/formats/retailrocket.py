"""RetailRocket: events (unix ms), item properties (categoryid per item), category tree."""

from __future__ import annotations

from engine.ingest.formats._util import find, has_all
from engine.ingest.mapping import Mapping

EVENTS = {"view": "view", "addtocart": "cart", "transaction": "purchase"}


def recognise_events(header: list[str], sample: list[list[str]]) -> Mapping | None:
    if not has_all(header, "timestamp", "visitorid", "event", "itemid"):
        return None
    return Mapping(format="retailrocket_events",
                   columns={"customer_id": find(header, "visitorid"), "ts": find(header, "timestamp"),
                            "event_type": find(header, "event"), "item_id": find(header, "itemid"),
                            "order_id": find(header, "transactionid")},
                   event_type_values=dict(EVENTS), ts_format="unix_ms")


def recognise_properties(header: list[str], sample: list[list[str]]) -> Mapping | None:
    if not has_all(header, "itemid", "property", "value") or find(header, "visitorid"):
        return None
    return Mapping(format="retailrocket_properties",
                   columns={"item_id": find(header, "itemid"), "ts": find(header, "timestamp")},
                   ts_format="unix_ms")


def recognise_category_tree(header: list[str], sample: list[list[str]]) -> Mapping | None:
    if not has_all(header, "categoryid", "parentid") or len(header) != 2:
        return None
    return Mapping(format="retailrocket_category_tree",
                   columns={"category": find(header, "categoryid")})
