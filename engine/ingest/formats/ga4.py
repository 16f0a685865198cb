"""A GA4 BigQuery export flattened to CSV or Parquet (items unnested one per row)."""

from __future__ import annotations

from engine.ingest.formats._util import find, has_all
from engine.ingest.mapping import Mapping

EVENTS = {"view_item": "view", "select_item": "view", "view_item_list": "skip",
          "add_to_cart": "cart", "add_to_wishlist": "favourite", "purchase": "purchase",
          "refund": "refund", "*": "skip"}


def recognise(header: list[str], sample: list[list[str]]) -> Mapping | None:
    if not has_all(header, "event_name", "event_timestamp"):
        return None
    customer = find(header, "user_id", "user_pseudo_id")
    # user_id is often empty (not logged in): the pseudo id identifies the browser
    if find(header, "user_pseudo_id") and sample:
        idx = header.index(customer) if customer in header else -1
        if idx >= 0 and sum(1 for r in sample if idx < len(r) and r[idx].strip()) < len(sample) / 2:
            customer = find(header, "user_pseudo_id")
    return Mapping(
        format="ga4", event_type_values=dict(EVENTS), ts_format="unix_us",
        columns={"customer_id": customer, "ts": find(header, "event_timestamp"),
                 "event_type": find(header, "event_name"),
                 "order_id": find(header, "ecommerce.transaction_id", "transaction_id"),
                 "item_id": find(header, "items.item_id", "item_id"),
                 "item_name": find(header, "items.item_name", "item_name"),
                 "category": find(header, "items.item_category", "item_category"),
                 "quantity": find(header, "items.quantity", "quantity"),
                 "amount": find(header, "items.item_revenue", "item_revenue"),
                 "unit_price": find(header, "items.price", "price"),
                 "region": find(header, "geo.region", "geo_region"),
                 "channel": find(header, "traffic_source.medium", "device.category", "device_category")})
