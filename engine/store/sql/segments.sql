-- Segmentation results (owned by engine/models/segments).
-- One row per customer active in the run's window: their tier, interest cluster and the
-- figures the Segments page shows beside them (so member lists page without re-deriving).
CREATE TABLE IF NOT EXISTS segment_assignments (
    run_id       INTEGER NOT NULL,
    customer_id  TEXT NOT NULL,
    tier         TEXT NOT NULL,              -- light, medium, heavy
    cluster      INTEGER NOT NULL,
    engagement   DOUBLE,                     -- the score the tier cuts
    n_purchases  BIGINT,
    n_browse     BIGINT,
    spend        DOUBLE,
    recency_days DOUBLE,
    tenure_days  DOUBLE,
    last_ts      TIMESTAMP,
    category_mix TEXT                        -- "Dairy 40% · Bakery 25% · Coffee 10%"
);

CREATE TABLE IF NOT EXISTS segment_clusters (
    run_id        INTEGER NOT NULL,
    cluster       INTEGER NOT NULL,
    label         TEXT NOT NULL,
    size          BIGINT NOT NULL,
    profile_json  TEXT NOT NULL,             -- {category: share}
    centroid_json TEXT,                      -- {category: centre in clustering space}, to match the next run's clusters
    revenue_share DOUBLE
);

-- Tier of each customer one movement period before the run's as-of date, and now.
-- 'new' = no activity in the earlier window; 'lapsed' = none in the current one.
CREATE TABLE IF NOT EXISTS segment_movements (
    run_id      INTEGER NOT NULL,
    customer_id TEXT NOT NULL,
    tier_from   TEXT NOT NULL,
    tier_to     TEXT NOT NULL
);

-- Weekly activity of each tier's members before the as-of date: the trend on a tier card.
CREATE TABLE IF NOT EXISTS segment_tier_weeks (
    run_id     INTEGER NOT NULL,
    tier       TEXT NOT NULL,
    week_start DATE NOT NULL,
    buyers     BIGINT NOT NULL,
    revenue    DOUBLE NOT NULL
);
