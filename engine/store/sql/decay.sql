-- Interest decay results (owned by engine/models/decay).
-- Per category: the fitted Hawkes process (exponential kernel, gamma baselines)
-- and the strength of the per-customer shrinkage.
CREATE TABLE IF NOT EXISTS decay_categories (
    run_id         INTEGER NOT NULL,
    category       TEXT NOT NULL,
    half_life_days DOUBLE NOT NULL,        -- ln 2 / beta
    half_life_lo   DOUBLE,                 -- 95% interval of the half-life
    half_life_hi   DOUBLE,
    n_customers    BIGINT,                 -- buyers of the category before the as-of
    n_events       BIGINT,                 -- their purchase occasions
    beta           DOUBLE,                 -- kernel decay rate, per day
    branching      DOUBLE,                 -- alpha: purchases one purchase triggers
    mu_shape       DOUBLE,                 -- gamma prior of the background rates (shape)
    mu_rate        DOUBLE,                 -- ... and rate (days)
    kappa          DOUBLE,                 -- shrinkage strength, in pseudo-purchases
    log_likelihood DOUBLE
);

-- Per customer and category with any event before the as-of.
CREATE TABLE IF NOT EXISTS decay_scores (
    run_id            INTEGER NOT NULL,
    customer_id       TEXT NOT NULL,
    category          TEXT NOT NULL,
    interest          DOUBLE NOT NULL,     -- purchase-equivalents at the as-of
    half_life_days    DOUBLE NOT NULL,     -- the customer's own, shrunk to the category's
    lapse_probability DOUBLE,              -- no purchase in the next H weeks (NULL: never bought)
    decay_point       TIMESTAMP,           -- interest falls below stop_level
    last_purchase     TIMESTAMP,
    n_purchases       INTEGER,             -- purchase occasions before the as-of
    own_weight        DOUBLE,              -- weight of the customer's own decay vs the category's
    stop_level        DOUBLE               -- interest below which this customer stopped buying
);
