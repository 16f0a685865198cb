"""Format recognisers: each looks at a header (or, headerless, the shape of the rows)
and returns the :class:`~engine.ingest.mapping.Mapping` that reads the file, or None.

They are tried most specific first; ``generic`` guesses roles from column names.
Catalog formats (product exports, item properties, category trees) carry no events:
they give items their categories (see :mod:`engine.ingest.catalog`); nor does a list of customers, which gives them
their attributes (:mod:`engine.ingest.customer_list`).
"""

from __future__ import annotations

from typing import Callable

from engine.ingest import customer_list
from engine.ingest.catalog import recognise_export as _shiftwise_catalog
from engine.ingest.formats import ga4, generic, jdata, product_catalog, retailrocket, shopify, taobao, tmall, woocommerce
from engine.ingest.mapping import Mapping

Recogniser = Callable[[list[str], list[list[str]]], "Mapping | None"]

RECOGNISERS: tuple[tuple[str, Recogniser], ...] = (
    ("shiftwise_catalog", _shiftwise_catalog),
    ("taobao_userbehavior", taobao.recognise_userbehavior),
    ("tmall_log", tmall.recognise),
    ("jdata", jdata.recognise),
    ("retailrocket_events", retailrocket.recognise_events),
    ("retailrocket_properties", retailrocket.recognise_properties),
    ("retailrocket_category_tree", retailrocket.recognise_category_tree),
    ("shopify_orders", shopify.recognise_orders),
    ("shopify_products", shopify.recognise_products),
    ("woocommerce", woocommerce.recognise),
    ("taobao_seller", taobao.recognise_seller),
    ("taobao_order_lines", taobao.recognise_order_lines),
    ("ga4", ga4.recognise),
    ("generic", generic.recognise),
    (product_catalog.FORMAT, product_catalog.recognise),
    (customer_list.FORMAT, customer_list.recognise),
)
FORMAT_NAMES = tuple(name for name, _ in RECOGNISERS)
CATALOG_FORMATS = ("shiftwise_catalog", "shopify_products", "retailrocket_properties", "retailrocket_category_tree",
                   product_catalog.FORMAT)
#: Formats whose files carry no events: the catalogs, and lists of customers and what describes them.
NO_EVENT_FORMATS = CATALOG_FORMATS + (customer_list.FORMAT,)


def recognise(header: list[str], sample: list[list[str]], fmt: str | None = None) -> Mapping | None:
    """The first format that reads this file (or the named one); None if none does."""
    if fmt is not None and fmt not in FORMAT_NAMES:
        raise ValueError(f"unknown format {fmt!r}; known formats: {', '.join(FORMAT_NAMES)}")
    for name, rec in RECOGNISERS:
        if fmt is not None and name != fmt:
            continue
        mapping = rec(header, sample)
        if mapping is not None:
            return mapping
    return None
