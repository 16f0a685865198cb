-- Interest decay results (owned by engine/models/decay).
CREATE TABLE IF NOT EXISTS decay_categories (
    run_id         INTEGER NOT NULL,
    category       TEXT NOT NULL,
    half_life_days DOUBLE NOT NULL,
    n_customers    BIGINT,
    n_events       BIGINT
);

CREATE TABLE IF NOT EXISTS decay_scores (
    run_id            INTEGER NOT NULL,
    customer_id       TEXT NOT NULL,
    category          TEXT NOT NULL,
    interest          DOUBLE NOT NULL,
    half_life_days    DOUBLE NOT NULL,
    lapse_probability DOUBLE,
    decay_point       TIMESTAMP
);
