"""What every customer model predicts for each customer over the next H weeks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Scores:
    p_buy_again: np.ndarray
    expected_orders: np.ndarray
    expected_spend: np.ndarray


def next_order_weeks(p_buy_again: np.ndarray, horizon_weeks: float, cap_weeks: float = 52.0) -> np.ndarray:
    """Weeks until the next order is as likely as not, if the chance per week stays what it is over
    the horizon (a constant hazard); NaN when that is more than ``cap_weeks`` away."""
    p = np.clip(np.asarray(p_buy_again, np.float64), 0.0, 1.0 - 1e-9)
    with np.errstate(divide="ignore"):
        hazard = -np.log1p(-p) / horizon_weeks
        wait = np.log(2.0) / hazard
    return np.where(wait <= cap_weeks, wait, np.nan)
