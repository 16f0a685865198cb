-- Version 2: who ran a model run, so a run whose process is gone can be marked interrupted on open.
ALTER TABLE model_runs ADD COLUMN IF NOT EXISTS session_id TEXT;   -- one per open of the project
ALTER TABLE model_runs ADD COLUMN IF NOT EXISTS pid INTEGER;
ALTER TABLE model_runs ADD COLUMN IF NOT EXISTS host TEXT;
