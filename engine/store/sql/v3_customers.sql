-- Customer-level predictions of a `customers` run: one row per customer who bought before the as-of.
CREATE TABLE IF NOT EXISTS customer_scores (
    run_id           INTEGER NOT NULL,
    customer_id      TEXT NOT NULL,
    orders           BIGINT NOT NULL,       -- orders before the as-of (order id, else purchase day)
    spend            DOUBLE NOT NULL,
    first_purchase   DATE NOT NULL,
    last_purchase    DATE NOT NULL,
    days_since       INTEGER NOT NULL,      -- as-of minus the last purchase day
    p_buy_again      DOUBLE NOT NULL,       -- any purchase in the next H weeks
    expected_orders  DOUBLE NOT NULL,       -- purchase days in the next H weeks
    expected_spend   DOUBLE NOT NULL,
    next_order_date  DATE,                  -- NULL: not expected within a year
    p_bgnbd          DOUBLE,                -- the BG/NBD baseline's p_buy_again, shown beside
    PRIMARY KEY (run_id, customer_id)
);
