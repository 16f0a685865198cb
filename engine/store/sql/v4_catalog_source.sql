-- Item catalog (before version 3, created on first use by engine/ingest/catalog.py).
-- source: 'catalog' (an imported catalog or an edited export) or 'derived' (groups made
-- from names and baskets, engine/catalog/derive.py); an imported row replaces a derived one.
CREATE TABLE IF NOT EXISTS item_catalog (
    item_id       TEXT PRIMARY KEY,
    item_name     TEXT,
    category      TEXT,
    category_path TEXT,
    import_id     INTEGER,
    source        TEXT DEFAULT 'catalog'
);
CREATE TABLE IF NOT EXISTS category_tree (category TEXT PRIMARY KEY, parent TEXT, import_id INTEGER);
