"""Shopify: the orders export (a row per line item, order fields on the first row only)
and the products export (which gives each SKU its product type)."""

from __future__ import annotations

from engine.ingest.formats._util import find, has_all
from engine.ingest.mapping import Mapping

STATUS = {"paid": "purchase", "partially_paid": "purchase", "partially_refunded": "purchase",
          "refunded": "refund", "voided": "skip", "pending": "skip", "authorized": "purchase"}


def recognise_orders(header: list[str], sample: list[list[str]]) -> Mapping | None:
    if not has_all(header, "Name", "Lineitem quantity", "Lineitem name"):
        return None
    return Mapping(
        format="shopify_orders", fill_by_order=True, status_values=dict(STATUS),
        columns={"customer_id": find(header, "Email", "Customer ID", "Billing Name"),
                 "ts": find(header, "Paid at", "Created at"), "order_id": find(header, "Name"),
                 "item_id": find(header, "Lineitem sku", "Lineitem name"),
                 "item_name": find(header, "Lineitem name"),
                 "quantity": find(header, "Lineitem quantity"),
                 "unit_price": find(header, "Lineitem price"), "currency": find(header, "Currency"),
                 "status": find(header, "Financial Status"),
                 "region": find(header, "Billing Province", "Shipping Province", "Billing Country"),
                 "channel": find(header, "Source")})


def recognise_products(header: list[str], sample: list[list[str]]) -> Mapping | None:
    if not has_all(header, "Handle", "Title") or not find(header, "Variant SKU"):
        return None
    return Mapping(format="shopify_products",
                   columns={"item_id": find(header, "Variant SKU"), "item_name": find(header, "Title"),
                            "category": find(header, "Type", "Product Type", "Product Category"),
                            "category_path": find(header, "Product Category"),
                            "order_id": find(header, "Handle")})
