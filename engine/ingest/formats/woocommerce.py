"""WooCommerce order exports (the built-in and the common export plugins' layouts)."""

from __future__ import annotations

from engine.ingest.formats._util import find
from engine.ingest.header_words import guess_roles
from engine.ingest.mapping import Mapping

STATUS = {"completed": "purchase", "processing": "purchase", "on-hold": "purchase",
          "refunded": "refund", "cancelled": "skip", "failed": "skip", "pending": "skip",
          "wc-completed": "purchase", "wc-processing": "purchase", "wc-refunded": "refund",
          "wc-cancelled": "skip", "wc-failed": "skip", "wc-pending": "skip"}


def recognise(header: list[str], sample: list[list[str]]) -> Mapping | None:
    status = find(header, "Order Status", "Status")
    order = find(header, "Order ID", "Order Number", "order_id")
    # WooCommerce's billing fields by name: Lazada's export has a "Billing Name" and "Billing Address" too
    billing = find(header, "Billing Email Address", "Billing Email", "Billing First Name", "Billing Last Name")
    if not (status and order and billing):
        return None
    roles = guess_roles(header)
    roles.update({
        "order_id": order, "status": status,
        "ts": find(header, "Order Date", "Date Created", "order_date", "Paid Date") or roles.get("ts"),
        "customer_id": find(header, "Customer User ID", "Customer ID", "Billing Email Address",
                            "Billing Email", "Customer Email") or roles.get("customer_id"),
        "item_name": find(header, "Item Name", "Product Name") or roles.get("item_name"),
        "item_id": find(header, "SKU", "Product ID", "Item SKU") or roles.get("item_id"),
        "quantity": find(header, "Quantity", "Item Quantity", "Qty") or roles.get("quantity"),
        "amount": find(header, "Item Total", "Order Line Total", "Line Total") or roles.get("amount"),
        "region": find(header, "Billing State", "Billing Country") or roles.get("region"),
    })
    mapping = Mapping(format="woocommerce", columns=roles, status_values=dict(STATUS))
    return None if mapping.missing_required() else mapping
