"""Item catalogs: files that give items their categories without carrying events
(Shopify products export, RetailRocket item properties and category tree, and Shiftwise's
own catalog export edited by the merchandiser).

They fill ``item_catalog`` / ``category_tree`` and the category of events already
imported; events imported later pick them up too. Each catalog row has a ``source``:
'catalog' (imported) or 'derived' (groups made from names and baskets,
:mod:`engine.catalog.derive`). An imported row replaces a derived one, and the events
that carried the old category move with it.
"""

from __future__ import annotations

import duckdb

from engine.ingest.mapping import Mapping
from engine.ingest.parsing import id_expr, q, text_expr

DDL = """
CREATE TABLE IF NOT EXISTS item_catalog (
    item_id TEXT PRIMARY KEY, item_name TEXT, category TEXT, category_path TEXT, import_id INTEGER,
    source TEXT DEFAULT 'catalog');
CREATE TABLE IF NOT EXISTS category_tree (category TEXT PRIMARY KEY, parent TEXT, import_id INTEGER);
"""

#: The header of ``export PROJECT catalog``; a file with it imports back as a catalog.
EXPORT_COLUMNS = ("item_id", "item_name", "category", "source", "buyers")
NEW = "_catalog_new"


def ensure_tables(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute(DDL)


def recognise_export(header: list[str], sample: list[list[str]]) -> Mapping | None:
    """Shiftwise's catalog export (item_id, item_name, category, source, buyers), edited or not."""
    norm = [h.strip().strip("\ufeff").lower() for h in header]
    if not {"item_id", "category", "source"} <= set(norm) or "customer_id" in norm:
        return None
    col = {n: h for n, h in zip(norm, header)}
    return Mapping(format="shiftwise_catalog",
                   columns={"item_id": col["item_id"], "item_name": col.get("item_name"),
                            "category": col["category"]})


def load_catalog(cur: duckdb.DuckDBPyConnection, mapping: Mapping, stage: str, import_id: int) -> int:
    """Upsert the file's items or categories; returns the rows loaded."""
    ensure_tables(cur)
    c = mapping.column
    if mapping.format == "retailrocket_category_tree":
        cur.execute(f"""
            INSERT OR REPLACE INTO category_tree
            SELECT {id_expr('categoryid')}, {id_expr('parentid')}, ? FROM {stage}
            WHERE {id_expr('categoryid')} IS NOT NULL""", [import_id])
        loaded = cur.execute(f"SELECT count(*) FROM {stage} WHERE {id_expr('categoryid')} IS NOT NULL"
                             ).fetchall()[0][0]
        apply_catalog(cur)
        return int(loaded)
    if mapping.format == "retailrocket_properties":
        # the latest categoryid of each item
        rows = f"""
            SELECT item, NULL AS name, arg_max(val, t) AS cat, NULL AS path FROM (
                SELECT {id_expr(q(c('item_id')))} AS item, {id_expr('value')} AS val,
                       TRY_CAST(timestamp AS BIGINT) AS t
                FROM {stage} WHERE lower(trim(property)) = 'categoryid')
            WHERE item IS NOT NULL GROUP BY item"""
    elif mapping.format in ("shiftwise_catalog", "product_catalog"):
        # an edited export, a shop's product list: a row without a category changes nothing
        name = text_expr(q(c("item_name"))) if c("item_name") else "NULL"
        path = text_expr(q(c("category_path"))) if c("category_path") else "NULL"
        rows = f"""
            SELECT item, any_value(name) AS name, any_value(cat) AS cat, any_value(path) AS path FROM (
                SELECT {id_expr(q(c('item_id')))} AS item, {name} AS name, {text_expr(q(c('category')))} AS cat,
                       {path} AS path
                FROM {stage})
            WHERE item IS NOT NULL AND cat IS NOT NULL GROUP BY item"""
    else:  # shopify_products: one row per variant; product fields only on the first row of a handle
        handle = q(c("order_id"))
        cat = q(c("category")) if c("category") else "NULL"
        path = q(c("category_path")) if c("category_path") else "NULL"
        rows = f"""
            SELECT item, any_value(name) AS name, any_value(cat) AS cat, any_value(path) AS path FROM (
                SELECT {id_expr(q(c('item_id')))} AS item,
                       max({text_expr(q(c('item_name')))}) OVER (PARTITION BY {handle}) AS name,
                       max({text_expr(cat)}) OVER (PARTITION BY {handle}) AS cat,
                       max({text_expr(path)}) OVER (PARTITION BY {handle}) AS path
                FROM {stage})
            WHERE item IS NOT NULL GROUP BY item"""
    cur.execute(f"CREATE OR REPLACE TEMP TABLE {NEW} AS {rows}")
    # events whose category came from the row being replaced (a derived group, an older
    # catalog) take the new one; an edited export moves every event of its items
    edited = mapping.format == "shiftwise_catalog"
    from_old = "TRUE" if edited else "(e.category = o.category)"
    cur.execute(f"""
        UPDATE events e SET category = NULL, category_path = NULL
        FROM {NEW} n LEFT JOIN item_catalog o ON o.item_id = n.item
        WHERE e.item_id = n.item AND n.cat IS NOT NULL AND e.category IS DISTINCT FROM n.cat
          AND ({from_old} OR (o.source = 'derived' AND e.category = o.category))""")
    cur.execute(f"""
        INSERT OR REPLACE INTO item_catalog (item_id, item_name, category, category_path, import_id, source)
        SELECT item, name, cat, path, ?, 'catalog' FROM {NEW}""", [import_id])
    loaded = cur.execute(f"SELECT count(*) FROM {NEW}").fetchall()[0][0]
    cur.execute(f"DROP TABLE {NEW}")
    apply_catalog(cur)
    return int(loaded)


def apply_catalog(cur: duckdb.DuckDBPyConnection, import_id: int | None = None) -> None:
    """Give events without a category their item's category (and path from the tree)."""
    if not cur.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'item_catalog'"
                       ).fetchall()[0][0]:
        return
    only = "AND e.import_id = ?" if import_id is not None else ""
    params = [import_id] if import_id is not None else []
    cur.execute(f"""
        UPDATE events e SET category = c.category,
               category_path = coalesce(e.category_path, c.category_path)
        FROM item_catalog c
        WHERE e.item_id = c.item_id AND e.category IS NULL AND c.category IS NOT NULL {only}""", params)
    cur.execute(f"""
        UPDATE events e SET category_path = t.parent || ' > ' || e.category
        FROM category_tree t
        WHERE t.category = e.category AND t.parent IS NOT NULL AND e.category_path IS NULL {only}""", params)
