-- Customer attributes, a row per (customer, import) and a column per attribute role, each beside the
-- time of the row its value came from (NULL: no value; times are NULL for rows imported before
-- schema 5). One row per customer instead of one per value: the import writes a third of the rows.
-- Readers take each customer's values seen last through engine/features/current_attributes.py.
CREATE TABLE customer_attributes_v6 (
    customer_id     TEXT NOT NULL,
    import_id       INTEGER NOT NULL,
    age_band        TEXT,
    age_band_ts     TIMESTAMP,
    gender          TEXT,
    gender_ts       TIMESTAMP,
    region          TEXT,
    region_ts       TIMESTAMP,
    channel         TEXT,
    channel_ts      TIMESTAMP,
    member_level    TEXT,
    member_level_ts TIMESTAMP
);
-- an import wrote at most one row per customer and attribute; arg_max keeps the latest in any case
-- (a NULL key would be skipped: rows from before schema 5 have no time)
INSERT INTO customer_attributes_v6
SELECT customer_id, import_id,
       arg_max(value, coalesce(ts, '-infinity'::TIMESTAMP)) FILTER (WHERE attribute = 'age_band'), max(ts) FILTER (WHERE attribute = 'age_band'),
       arg_max(value, coalesce(ts, '-infinity'::TIMESTAMP)) FILTER (WHERE attribute = 'gender'), max(ts) FILTER (WHERE attribute = 'gender'),
       arg_max(value, coalesce(ts, '-infinity'::TIMESTAMP)) FILTER (WHERE attribute = 'region'), max(ts) FILTER (WHERE attribute = 'region'),
       arg_max(value, coalesce(ts, '-infinity'::TIMESTAMP)) FILTER (WHERE attribute = 'channel'), max(ts) FILTER (WHERE attribute = 'channel'),
       arg_max(value, coalesce(ts, '-infinity'::TIMESTAMP)) FILTER (WHERE attribute = 'member_level'),
       max(ts) FILTER (WHERE attribute = 'member_level')
FROM customer_attributes
WHERE value IS NOT NULL AND value <> ''
GROUP BY customer_id, import_id;
DROP TABLE customer_attributes;
ALTER TABLE customer_attributes_v6 RENAME TO customer_attributes;
