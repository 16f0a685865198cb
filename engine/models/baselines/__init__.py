"""Baselines of the shift ladder: the pair models (:mod:`pair_models`) and the per-category logistic
regression on sequence features that warm-starts the LSTM (:mod:`logistic`)."""

from engine.models.baselines.logistic import LogisticBaseline

__all__ = ["LogisticBaseline"]
