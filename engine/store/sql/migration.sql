-- Interest migration results (owned by engine/models/migration and transfer).
-- One row per candidate pair (a category the customer did not buy in the last L weeks).
-- The evidence columns are what the reason text is composed from, kept as numbers for filtering.
CREATE TABLE IF NOT EXISTS shift_scores (
    run_id             INTEGER NOT NULL,
    customer_id        TEXT NOT NULL,
    category           TEXT NOT NULL,
    score              DOUBLE NOT NULL,
    rank               INTEGER NOT NULL,   -- 1 = the customer's most likely shift
    reason             TEXT,
    source             TEXT NOT NULL DEFAULT 'model',   -- model or transfer
    views_recent       INTEGER,            -- views/carts/favourites of the category in the last 3 weeks
    bought_before      DOUBLE,             -- units of the category bought in the feature history
    weeks_since_bought INTEGER,            -- NULL if never bought in the history
    from_category      TEXT,               -- the recently bought category that most points to this one
    from_buys          DOUBLE,             -- units of from_category bought in the last L weeks
    transition_lift    DOUBLE              -- P(enter category | bought from_category) / P(enter category)
);

CREATE TABLE IF NOT EXISTS training_history (
    run_id     INTEGER NOT NULL,
    epoch      INTEGER NOT NULL,
    train_loss DOUBLE,
    val_loss   DOUBLE,
    val_metric DOUBLE
);
