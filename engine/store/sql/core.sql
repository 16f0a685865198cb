-- Core tables: the canonical events, customers' attributes, imports and rejects.
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE SEQUENCE IF NOT EXISTS import_id_seq START 1;

CREATE TABLE IF NOT EXISTS imports (
    import_id     INTEGER PRIMARY KEY,
    file_name     TEXT NOT NULL,
    file_path     TEXT,
    file_size     BIGINT,
    content_hash  TEXT NOT NULL,
    format        TEXT NOT NULL,
    mapping_json  TEXT,
    encoding      TEXT,
    rows_loaded   BIGINT NOT NULL DEFAULT 0,
    rows_rejected BIGINT NOT NULL DEFAULT 0,
    rows_duplicate BIGINT NOT NULL DEFAULT 0,
    imported_at   TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    duration_s    DOUBLE
);

CREATE TABLE IF NOT EXISTS rejected_rows (
    import_id INTEGER NOT NULL,
    line_no   BIGINT,
    reason    TEXT NOT NULL,
    raw       TEXT
);

CREATE TABLE IF NOT EXISTS events (
    customer_id   TEXT NOT NULL,
    ts            TIMESTAMP NOT NULL,
    event_type    TEXT NOT NULL,      -- view, cart, favourite, purchase, refund
    order_id      TEXT,
    item_id       TEXT,
    item_name     TEXT,
    category      TEXT,
    category_path TEXT,
    quantity      DOUBLE NOT NULL DEFAULT 1,
    amount        DOUBLE,
    import_id     INTEGER NOT NULL
);

-- One row per (customer, attribute, import): age band, gender, region, channel, member level...
-- Schema 5 adds ts, the time of the row each value came from; schema 6 replaces the table with a row per
-- (customer, import) and a column per attribute (v6_attributes_wide.sql). Readers of values take each
-- customer's value seen last through engine/features/current_attributes.py (a customer in two exports has two rows).
CREATE TABLE IF NOT EXISTS customer_attributes (
    customer_id TEXT NOT NULL,
    attribute   TEXT NOT NULL,
    value       TEXT,
    import_id   INTEGER NOT NULL
);

-- Remembered column mappings, keyed by a hash of the file's header.
CREATE TABLE IF NOT EXISTS saved_mappings (
    header_hash  TEXT PRIMARY KEY,
    format       TEXT NOT NULL,
    mapping_json TEXT NOT NULL,
    saved_at     TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

-- Every model run (segments, decay, migration, transfer, backtests).
CREATE SEQUENCE IF NOT EXISTS run_id_seq START 1;

CREATE TABLE IF NOT EXISTS model_runs (
    run_id           INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,          -- segments, decay, migration, transfer, backtest
    status           TEXT NOT NULL,          -- running, done, failed, cancelled, skipped, interrupted
    as_of            TIMESTAMP,
    params_json      TEXT NOT NULL DEFAULT '{}',
    metrics_json     TEXT NOT NULL DEFAULT '{}',
    data_fingerprint TEXT,
    started_at       TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    finished_at      TIMESTAMP,
    duration_s       DOUBLE,
    message          TEXT
);

-- Model weights and fitted parameters as bytes (safetensors), never pickles.
CREATE TABLE IF NOT EXISTS model_blobs (
    run_id INTEGER NOT NULL,
    name   TEXT NOT NULL,
    format TEXT NOT NULL,                    -- safetensors, json
    data   BLOB NOT NULL
);
