-- Campaign lists (owned by engine/campaigns).
CREATE SEQUENCE IF NOT EXISTS campaign_id_seq START 1;

CREATE TABLE IF NOT EXISTS campaigns (
    campaign_id     INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    category        TEXT NOT NULL,
    run_id          INTEGER,                      -- the migration run whose shift scores built the list
    segments_run_id INTEGER,
    decay_run_id    INTEGER,
    transfer_run_id INTEGER,                      -- the transfer run that scored cold-start customers
    filters_json    TEXT NOT NULL DEFAULT '{}',   -- the builder's settings (engine.campaigns.spec)
    created_at      TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    campaign_date   TIMESTAMP NOT NULL,           -- shifts are counted after this
    horizon_weeks   INTEGER NOT NULL DEFAULT 4,   -- ... and within this many weeks
    n_target        BIGINT NOT NULL DEFAULT 0,
    n_control       BIGINT NOT NULL DEFAULT 0,
    expected_shifters DOUBLE,                     -- sum of the targets' scores
    status          TEXT NOT NULL DEFAULT 'active'   -- active, closed
);

CREATE TABLE IF NOT EXISTS campaign_members (
    campaign_id INTEGER NOT NULL,
    position    INTEGER NOT NULL,                 -- 1 = highest score; the export's row order
    customer_id TEXT NOT NULL,
    category    TEXT NOT NULL,
    score       DOUBLE,
    grp         TEXT NOT NULL,                    -- target or control
    reason      TEXT
);
