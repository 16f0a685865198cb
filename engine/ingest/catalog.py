"""Item catalogs: files that give items their categories without carrying events
(Shopify products export, RetailRocket item properties and category tree).

They fill ``item_catalog`` / ``category_tree`` (created here on first use) and the
category of events already imported; events imported later pick them up too.
"""

from __future__ import annotations

import duckdb

from engine.ingest.mapping import Mapping
from engine.ingest.parsing import id_expr, q, text_expr

DDL = """
CREATE TABLE IF NOT EXISTS item_catalog (
    item_id TEXT PRIMARY KEY, item_name TEXT, category TEXT, category_path TEXT, import_id INTEGER);
CREATE TABLE IF NOT EXISTS category_tree (category TEXT PRIMARY KEY, parent TEXT, import_id INTEGER);
"""


def ensure_tables(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute(DDL)


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
    elif mapping.format == "retailrocket_properties":
        # the latest categoryid of each item
        cur.execute(f"""
            INSERT OR REPLACE INTO item_catalog
            SELECT item, NULL, arg_max(val, t), NULL, ? FROM (
                SELECT {id_expr(q(c('item_id')))} AS item, {id_expr('value')} AS val,
                       TRY_CAST(timestamp AS BIGINT) AS t
                FROM {stage} WHERE lower(trim(property)) = 'categoryid')
            WHERE item IS NOT NULL GROUP BY item""", [import_id])
        loaded = cur.execute("SELECT count(*) FROM item_catalog WHERE import_id = ?", [import_id]).fetchall()[0][0]
    else:  # shopify_products: one row per variant; product fields only on the first row of a handle
        handle = q(c("order_id"))
        cat = q(c("category")) if c("category") else "NULL"
        path = q(c("category_path")) if c("category_path") else "NULL"
        cur.execute(f"""
            INSERT OR REPLACE INTO item_catalog
            SELECT item, any_value(name), any_value(cat), any_value(path), ? FROM (
                SELECT {id_expr(q(c('item_id')))} AS item,
                       max({text_expr(q(c('item_name')))}) OVER (PARTITION BY {handle}) AS name,
                       max({text_expr(cat)}) OVER (PARTITION BY {handle}) AS cat,
                       max({text_expr(path)}) OVER (PARTITION BY {handle}) AS path
                FROM {stage})
            WHERE item IS NOT NULL GROUP BY item""", [import_id])
        loaded = cur.execute("SELECT count(*) FROM item_catalog WHERE import_id = ?", [import_id]).fetchall()[0][0]
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
