"""The decay model's parameters (strict: unknown names and wrong kinds are refused)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from engine.messages import msg
from engine.models.base import params_from_dict
from engine.store.errors import ProjectError


@dataclass
class DecayParams:
    horizon_weeks: int = 4          # H: a lapse is no purchase in the next H weeks
    seed: int = 0
    #: Buyers sampled per category for the category's Hawkes fit (scoring uses every buyer).
    #: The fit's cost grows with the sample's events times their sequence lengths, so this
    #: bounds it whatever the shop's size; on the dev shop 500 gives the same lapse AUC as all.
    max_sequences: int = 500
    #: Categories fitted at most: each has its own Hawkes fit at every cut (2,756 categories took 99 s; a file
    #: imported with its 56,199 products as the category was still fitting after 15 minutes). Above it the model
    #: says so, with the limit, before it fits anything.
    max_categories: int = 5000
    init_half_life: float = 30.0    # days, where the optimiser starts
    eval_cuts: int = 2              # rolling evaluation origins of the out-of-sample verdict
    cut_step_weeks: int = 4         # weeks between consecutive evaluation (and training) origins
    train_cuts: int = 3             # origins stacked to train the learned candidates
    #: Pairs sampled (by customer) to train the learned candidates, bounding their cost whatever the
    #: shop's size. The dev file's 180k fit in it: at 100k, sampling alone cost 0.003-0.004 AUC there.
    max_train_rows: int = 250_000
    #: Pairs scored (a hash sample of customers) at each evaluation cut of the verdict; the shipped run
    #: scores every pair. An AUC over 250k pairs has a standard error near 0.001, below the spread
    #: between cuts; the dev file's ~190k pairs at a cut are all kept (its verdict is unchanged), a
    #: shop ten times its size scores an eighth of its pairs there instead of every one at both cuts.
    max_eval_pairs: int = 250_000

    @classmethod
    def from_dict(cls, values: dict[str, Any] | None) -> "DecayParams":
        params = params_from_dict(cls, values, "decay")
        for name in ("horizon_weeks", "max_sequences", "eval_cuts", "cut_step_weeks", "train_cuts",
                     "max_train_rows", "max_eval_pairs", "max_categories"):
            if getattr(params, name) < 1:
                raise ProjectError(msg("params.name_at_least_one", name=name))
        return params

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def horizon_days(self) -> float:
        return 7.0 * self.horizon_weeks
