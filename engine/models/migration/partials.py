"""What a migration run reports while it works (``progress(..., partial=...)``): the candidate
pairs once built, then each evaluation cut's AUC per candidate as the backtest scores it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping


@dataclass(frozen=True)
class PairsBuilt:
    categories: int
    candidate_pairs: int


@dataclass(frozen=True)
class CutScored:
    """One evaluation cut: AUC per candidate (the house model and the baselines), by candidate name."""

    auc: Mapping[str, float]
