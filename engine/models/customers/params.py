"""Parameters of a customers run: plain values, stored with the run."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from engine.messages import msg
from engine.models.base import params_from_dict
from engine.store.errors import ProjectError


@dataclass
class CustomerParams:
    horizon_weeks: int = 4          # H: buy again = any order in the next H weeks
    eval_cuts: int = 2              # rolling evaluation cuts; each label window ends by the as-of
    eval_step_weeks: int = 2        # weeks between evaluation cuts
    train_cuts: int = 4             # earlier cuts whose futures train the learned model
    train_step_weeks: int = 1
    min_history_weeks: int = 4      # a cut needs this much history before it
    #: Rows (customer × cut) the learned model fits on, sampled beyond: its nine boosting fits
    #: (three per cut) grow with them, and 100k rows feed 22 features well.
    max_train_rows: int = 100_000
    #: Customers kept (a hash sample) at each backtest and training cut; the as-of date scores
    #: everyone. Bounds memory on a shop with a million customers (ten cuts of 50k rows, not of a
    #: million); an AUC on 50k customers is good to about ±0.003. Below it nothing is sampled.
    max_customers_per_cut: int = 50_000
    #: Customers (a seeded sample) each BG/NBD + Gamma-Gamma fit sees: seven population parameters
    #: are as sharp from 50k customers as from a million, and a fit costs ~1,000 likelihood passes.
    max_fit_customers: int = 50_000
    seed: int = 0

    @classmethod
    def from_dict(cls, values: dict[str, Any] | None) -> "CustomerParams":
        out = params_from_dict(cls, values, "customers")
        for name in ("horizon_weeks", "eval_cuts", "eval_step_weeks", "train_cuts", "train_step_weeks",
                     "min_history_weeks", "max_train_rows", "max_customers_per_cut", "max_fit_customers"):
            if getattr(out, name) < 1:
                raise ProjectError(msg("params.at_least_one", model="customers", name=name))
        return out

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
