"""What a decay fit reports while it works (``progress(..., partial=DecayPartial)``): every
category fitted so far, so the half-life chart fills in live."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FittedCategory:
    category: str
    half_life_days: float
    half_life_lo: float
    half_life_hi: float
    branching: float
    n_customers: int


@dataclass(frozen=True)
class DecayPartial:
    fitted: tuple[FittedCategory, ...]   # in fitting order (largest category first)
    total: int                           # categories to fit in all
