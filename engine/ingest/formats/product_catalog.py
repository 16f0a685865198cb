"""A product list of any shop: items and their categories, no customers, no orders (H&M's articles.csv,
Olist's products, a spreadsheet of SKUs and their departments). Read as a catalog (:mod:`engine.ingest.catalog`):
it gives the items of events imported before or after it their category. Roles are guessed from the header's
words, as a generic table's are."""

from __future__ import annotations

from engine.ingest.header_words import guess_roles, normalise_header
from engine.ingest.mapping import Mapping

FORMAT = "product_catalog"
#: roles a product list has none of: a buyer, an order (a file of order lines without buyers waits for its orders'
#: file instead: engine.ingest.order_lines). Its stock or its sales (数量, 库存, 销售额) are no purchases.
_NOT_A_LIST = ("customer_id", "order_id")


def recognise(header: list[str], sample: list[list[str]]) -> Mapping | None:
    roles = guess_roles(header)
    if normalise_header(roles.get("customer_id", "")) == "name":
        # a ledger's bare Name is its customer; in a product list (WooCommerce's products) the product's own name
        roles["item_name"] = roles.pop("customer_id")
    if any(r in roles for r in _NOT_A_LIST) or not {"item_id", "category"} <= set(roles):
        return None
    keep = ("item_id", "item_name", "category", "category_path")
    return Mapping(format=FORMAT, columns={r: roles[r] for r in keep if r in roles})
