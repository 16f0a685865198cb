"""Parameters of a transfer run: plain values, stored with the run (strict, like every model's)."""

from __future__ import annotations

from dataclasses import dataclass

from engine.messages import msg
from engine.models.base import params_from_dict
from engine.store.errors import ProjectError


@dataclass
class TransferParams:
    min_purchases: int = 3         # fewer purchases (orders) than this before as-of: a cold-start customer
    early_days: int = 42           # established customers are described as they were when new (before their
                                   # min_purchases-th order), at most their first weeks ...
    horizon_weeks: int = 4         # ... and labelled by what they entered in the weeks after
    n_neighbors: int = 50
    prior_weight: float = 5.0
    max_categories: int = 50
    max_reference: int = 50_000    # established customers compared against (a hash-ordered sample)
    eval_cuts: int = 2             # the verdict: at this many past cuts, horizon_weeks apart (0: none), the customers
                                   # new then, scored as they were and judged by what they bought next ...
    cut_customers: int = 20_000    # ... a hashed sample of at most this many a cut ...
    cut_min_buyers: int = 30       # ... a cut counting when at least this many of them bought in the horizon
    holdout: float = 0.2           # with no such cut (few new customers): a share of established customers kept
    holdout_groups: int = 3        # aside, in this many disjoint groups, each judged with the rest fitted
    keep_top: int = 20             # shift_scores keeps each customer's top N candidates ...
    score_floor: float = 0.10      # ... plus every pair scored at least this (as migration keeps)

    @classmethod
    def from_dict(cls, values: dict | None) -> "TransferParams":
        out = params_from_dict(cls, values, "transfer")
        if out.horizon_weeks < 1:
            raise ProjectError(msg("params.at_least_one", model="transfer", name="horizon_weeks"))
        if out.holdout_groups < 1:
            raise ProjectError(msg("params.at_least_one", model="transfer", name="holdout_groups"))
        if out.keep_top < 1:
            raise ProjectError(msg("params.at_least_one", model="transfer", name="keep_top"))
        return out
