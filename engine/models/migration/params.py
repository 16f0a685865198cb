"""Parameters of a migration run: plain values, stored with the run."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from typing import Any

from engine.messages import msg
from engine.models.base import params_from_dict
from engine.store.errors import ProjectError


@dataclass
class MigrationParams:
    # -- the pair ladder (what ships): every category with enough buyers, rolling-origin backtest
    min_buyers: int = 20            # a category is scored when this many customers bought it before the cut
    # the categories of the history at most: the graph stage holds a dozen [K+1, K] arrays (transitions, co-purchase;
    # 0.76 GB at 2,757 categories, 1.5 GB at 4,000). A shop whose "categories" are its 56,199 products asked 23.5 GiB
    # for one of them and was killed by the system: now it is told why (engine/models/migration/service.py)
    max_categories: int = 4000
    eval_cuts: int = 2              # rolling evaluation cuts (H weeks apart) behind the verdict
    grid_step: int = 2              # weeks between the cuts features are built at
    # a cut needs this much history before it. 8 refused a three-month export and kept a five-month one's stackers
    # out; on the dev file from 2017-04-03, 4 gave every candidate a better AUC at both cuts (gbm .821/.805 ->
    # .823/.813, the stacker .826/.817: `main.py backtest --as-of 2017-07-31 --models migration --params
    # '{"min_history_weeks": 4}'`), and a 12-week shop ships .804 against popularity's .752 on the weeks after
    # (tests/bench/bench_short_exports.py). A shop of 30 weeks or more has the same cuts with either.
    min_history_weeks: int = 4
    # share of non-shifting training pairs kept (weighted back up): 0.05 halves the GBM's rows against 0.1
    negative_rate: float = 0.05
    # 80 rounds at lr 0.15 (not 200 at 0.06): 2.5x fewer trees to fit and to evaluate on every scored pair.
    # Early stopping at lr 0.1 cost 0.004 AUC on the dev file (0.763 -> 0.759); a fixed count does not.
    gbm_iterations: int = 80
    gbm_learning_rate: float = 0.15
    gbm_early_stopping: bool = False
    gbm_leaves: int = 31
    # the boosted stacker (what ships on the dev file)
    stacker_iterations: int = 75
    stacker_learning_rate: float = 0.1
    stacker_negative_rate: float = 0.25  # share of non-shifting pairs its fit keeps (weighted back up)
    knn_neighbours: int = 30
    knn_reference: int = 5000       # neighbours come from this many (hashed, so random) customers
    # -- bounded memory: pair features are read a chunk of customers at a time, never every customer's at once
    # thinned pairs a training cut keeps at most (a hashed sample of customers); the dev file's cuts keep 40.9-46.4k.
    # 50k (session 18, with pairs_read halved) cost the stacker 0.037 AUC at a wide 10^7 cut and logistic shipped
    # instead: tests/bench/results/migfast_s18.json
    max_train_pairs: int = 100_000
    # pairs a backtest cut is judged on at most (a hashed sample of customers); the boosted stacker is fitted on such a
    # sample too, and what it lacks first is shifters: wide 10^7's stacking cuts have ~1,000 in 1M pairs (long ~39,000).
    # Session 22 (3 seeds, judged on the same 1M sample): 500k cost the stacker 0.011 AUC and 0.026 NDCG@10 at wide's
    # latest origin (long: 0.003 NDCG@10), 300k 0.11 AUC there; 500k saved ~6 (wide) and ~19 (long) of the backtest's
    # 73-92 CPU s at 10^7, one run each: results/evalpairs_s22.json
    max_eval_pairs: int = 1_000_000
    score_chunk_pairs: int = 200_000    # pairs read and scored at a time (every customer is scored at the as-of date)
    keep_top: int = 20              # shift_scores keeps each customer's top N candidates ...
    score_floor: float = 0.10       # ... plus every pair scored at least this
    # -- the LSTM candidate (engine/models/migration/lstm_candidate.py)
    lstm: bool = True               # train the LSTM as a ladder candidate (and a stacker input)
    top_k: int = 1000               # categories modelled by name: above any shop's count, so every one is
    seq_weeks: int = 16             # weeks of history the LSTM reads
    history_weeks: int = 52         # weeks behind the per-category features
    horizon_weeks: int = 4          # H
    lookback: int = 8               # L
    train_cuts: int = 6             # training cuts (most recent first) behind each fit
    hidden: int = 32
    embedding: int = 8
    head: int = 16
    dropout: float = 0.1
    lr: float = 3e-3
    weight_decay: float = 1e-4
    repeat_weight: float = 0.0      # loss weight of non-candidate pairs (repeat purchases), 0 = shifts only
    batch_size: int = 256
    epochs: int = 3
    seed: int = 7
    threads: int = 0                # 0: all cores but one
    time_budget_s: float = 120.0    # each LSTM fit stops after the epoch that spends this
    chunk_customers: int = 1024     # customers read from DuckDB at a time
    # a random sample (hashed ids) of customers whose training cuts the LSTM reads
    max_train_customers: int = 600
    # samples are kept in memory up to this size, rebuilt beyond it. 384 held the dev file's 600 customers x 6 cuts,
    # but the backtest then peaked at 1,770 MB at long 10^7 (CLI) and ~2,090 MB in the window; 128: 1,546 MB (CLI),
    # for +1.7 CPU s of 46 on the dev file's backtest and +12 of 84 at long 10^7 (session 13, under load)
    cache_mb: int = 128

    @classmethod
    def from_dict(cls, values: dict[str, Any] | None) -> "MigrationParams":
        out = params_from_dict(cls, values, "migration")
        if out.horizon_weeks < 1 or out.lookback < 1 or out.seq_weeks < 1 or out.top_k < 2 or out.train_cuts < 1:
            raise ProjectError(msg("migration.bad_params"))
        return out

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def n_threads(self) -> int:
        return self.threads or max(1, (os.cpu_count() or 2) - 1)
