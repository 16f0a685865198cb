"""Honest baselines computed beside every migration run, on the same samples and cuts.

Each baseline follows one small contract: ``partial_fit(samples)`` over the
training chunks, ``finish()``, then ``score(samples) -> [B, K]``. Fitted values
are plain numbers (``to_dict``), stored as JSON with the run.
"""

from importlib import import_module
from typing import Any

#: Classes imported on first use: the model card reads BASELINE_LABELS without loading scikit-learn.
_CLASSES = {
    "LogisticBaseline": "engine.models.baselines.logistic",
    "MarkovBaseline": "engine.models.baselines.markov",
    "OwnHistoryBaseline": "engine.models.baselines.own_history",
    "PopularityBaseline": "engine.models.baselines.popularity",
}

BASELINE_LABELS = {
    "popularity": "Popularity",
    "own_history": "Own frequency + recency",
    "markov": "Category transitions (Markov)",
    "logistic": "Logistic regression (recency/frequency)",
}


def __getattr__(name: str) -> Any:
    if name in _CLASSES:
        return getattr(import_module(_CLASSES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def make_baselines(seed: int = 0) -> dict:
    from engine.models.baselines.logistic import LogisticBaseline
    from engine.models.baselines.markov import MarkovBaseline
    from engine.models.baselines.own_history import OwnHistoryBaseline
    from engine.models.baselines.popularity import PopularityBaseline

    return {
        "popularity": PopularityBaseline(),
        "own_history": OwnHistoryBaseline(),
        "markov": MarkovBaseline(),
        "logistic": LogisticBaseline(random_state=seed),
    }


__all__ = ["BASELINE_LABELS", "LogisticBaseline", "MarkovBaseline", "OwnHistoryBaseline",
           "PopularityBaseline", "make_baselines"]
